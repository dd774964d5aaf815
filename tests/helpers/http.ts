import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * GET and HEAD for tests, each on a connection of its own (node:http without an agent, with
 * `Connection: close`). `fetch` keeps connections alive and reuses them; a server closes an idle
 * one when it likes (nginx after keepalive_timeout, or sooner on a loaded machine), and a
 * request sent down it fails with `SocketError: other side closed`. A fresh connection per
 * request cannot be stale; and should a connection still be reset, the request is idempotent and
 * sent once more. Returns a WHATWG Response like `fetch`, its body decoded as `fetch` decodes it
 * (gzip, br, deflate), redirects not followed.
 */

export interface GetOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** A server that accepts the connection but does not answer for this long is an error. */
  idleTimeoutMs?: number;
}

/** The errors of a connection closed under a request: safe to send a GET or HEAD again. */
const RETRIABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export async function httpGet(url: string | URL, options: GetOptions = {}): Promise<Response> {
  try {
    return await once(url, options);
  } catch (error) {
    if (!RETRIABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    return once(url, options);
  }
}

function once(url: string | URL, { method = 'GET', headers = {}, idleTimeoutMs = 120_000 }: GetOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const status = res.statusCode ?? 0;
          const headerList: Array<[string, string]> = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headerList.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          const noBody = method === 'HEAD' || status === 204 || status === 304;
          const body = noBody ? null : new Uint8Array(decode(Buffer.concat(chunks), res.headers['content-encoding']));
          resolve(new Response(body, { status, statusText: res.statusMessage, headers: headerList }));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer for ${idleTimeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      return inflateSync(body);
    default:
      return body;
  }
}
