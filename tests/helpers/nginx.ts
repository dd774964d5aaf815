import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from './build-site.ts';
import { httpGet } from './http.ts';
import { start } from './processes.ts';

export const NGINX = '/usr/sbin/nginx';
export const hasNginx = existsSync(NGINX);
/** Debian's libnginx-mod-http-brotli-static, which serves the publisher's .br files. */
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
export const hasBrotli = existsSync(BROTLI_MODULE);

/** The site template's placeholders (deploy/nginx/inspection-report.conf). */
const TEMPLATE_WEB_ROOT = '/srv/inspection-web';
const TEMPLATE_BASE = '/reports/';

export interface Nginx {
  url: string;
  /** The server block as generated from the template. */
  siteConfig: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's nginx in the foreground with deploy/nginx/inspection-report.conf, its
 * placeholders replaced, on a free loopback port; every path it writes (pid, logs, temp files) is
 * under `dir`.
 */
export async function startNginx({ dir, webRoot, base }: { dir: string; webRoot: string; base: string }): Promise<Nginx> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const template = readFileSync(path.join(PROJECT_ROOT, 'deploy/nginx/inspection-report.conf'), 'utf8');
  const siteConfig = template
    .replaceAll(TEMPLATE_WEB_ROOT, webRoot)
    .replaceAll(TEMPLATE_BASE.slice(0, -1), base.slice(0, -1))
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${port};`)
    // With the module installed, the template's own instruction: uncomment brotli_static.
    .replace(/^(\s*)# brotli_static on;/m, hasBrotli ? '$1brotli_static on;' : '$&');
  if (siteConfig === template || !siteConfig.includes(`127.0.0.1:${port}`)) throw new Error('the nginx template has changed: its placeholders were not found');
  writeFileSync(path.join(dir, 'site.conf'), siteConfig);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${hasBrotli ? `load_module ${BROTLI_MODULE};\n` : ''}daemon off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log ${path.join(dir, 'access.log')};
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${path.join(dir, 'site.conf')};
}
`,
  );
  const nginx = start(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers; no deadline of its own (the hook's time-out is the bound): a loaded
  // machine may take long to start it, and one that exits is reported at once.
  for (;;) {
    if (nginx.child.exitCode !== null) throw new Error(`nginx exited with ${nginx.child.exitCode}: ${readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
    if (
      await httpGet(url).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    siteConfig,
    // SIGQUIT: nginx's graceful shutdown; its master and workers are killed if it takes longer.
    stop: () => nginx.stop({ signal: 'SIGQUIT' }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
