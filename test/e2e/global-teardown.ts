export default async function globalTeardown(): Promise<void> {
	await (globalThis as { __rfE2eStop?: () => Promise<void> }).__rfE2eStop?.();
}
