import { createTransport } from './transport';

/**
 * The transport n8n's nodes use: one per n8n process, made with the default tuning. One, because a
 * vendor's published limit is paced per credential across every execution the process runs (see
 * `RateLimiter`); a transport per node or per execution would each pace alone.
 */
export const processTransport = createTransport();
