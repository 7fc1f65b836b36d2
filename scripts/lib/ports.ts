import net from 'node:net';

/** Asks the OS for a free loopback port. */
export async function getFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** True when something already listens on the port (gives up after 2 s: a filtered port is not in use). */
export async function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
