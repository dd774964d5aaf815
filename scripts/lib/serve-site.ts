import { createServer } from 'node:net';
import { preview } from 'astro';

/** Serves a built site with Astro's own preview server (it honours `base`); returns its URL. */
export async function serveSite(root: string, outDir: string, base = '/') {
  const port = await freePort();
  const server = await preview({ root, outDir, base, logLevel: 'error', server: { host: '127.0.0.1', port } });
  return { url: `http://127.0.0.1:${port}${base}`, close: () => server.stop() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
