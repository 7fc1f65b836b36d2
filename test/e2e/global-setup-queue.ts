// Jest runs one globalSetup per distinct file, so the queue-mode project needs its own entry point;
// the mode comes from the project's `globals.__RF_E2E_MODE`.
export { default } from './global-setup';
