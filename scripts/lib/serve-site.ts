import { createServer } from 'node:http';
import sirv from 'sirv';

/**
 * Serves a built site on localhost under its base path, as the intranet's web server does,
 * so that browser tests and screenshots see exactly the published files.
 */
export async function serveSite(outDir: string, base = '/') {
  const files = sirv(outDir, { dev: true, etag: false });
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (!url.startsWith(base)) {
      response.writeHead(404).end();
      return;
    }
    request.url = `/${url.slice(base.length)}`;
    files(request, response, () => {
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  // A string is a pipe or socket path; null, a server not listening. Neither after listen(0, host).
  if (address === null || typeof address === 'string') throw new Error(`the site server has no port: ${address}`);
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
