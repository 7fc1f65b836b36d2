export default async function globalTeardown(): Promise<void> {
	const steps = (globalThis as { __rfE2eTeardown?: Array<() => Promise<void>> }).__rfE2eTeardown ?? [];
	for (const step of steps) await step().catch(() => undefined);
}
