/** Stops every stack the global setups started (single mode, queue mode or both), also after a failure. */
export default async function globalTeardown(): Promise<void> {
	const stops = (globalThis as { __rfE2eStops?: Array<() => Promise<void>> }).__rfE2eStops ?? [];
	for (const stop of stops.splice(0))
		await stop().catch((error: Error) => console.error(`[e2e] teardown: ${error.message}`));
}
