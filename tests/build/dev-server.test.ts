import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, userEnvironment } from '../helpers/build-site.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';
import { httpGet } from '../helpers/http.ts';
import { start, type Started } from '../helpers/processes.ts';

/**
 * `npm run dev` is how staff preview data before committing it: the content loader and the
 * pages must work without the build script handing them the data.
 *
 * No step races a clock of its own: the server is waited for until it answers (or exits), an
 * edit until it shows; the hook's and the tests' time-outs (vitest.config.ts) bound a hang.
 */

let fixture: Fixture;
let server: Started | undefined;
let origin: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function get(pathname: string): Promise<{ status: number; text: string }> {
  // A connection per request: Vite may close an idle kept-alive one under a reused fetch.
  const response = await httpGet(new URL(pathname, origin));
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  fixture = createFixture();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const dev = start(path.join(PROJECT_ROOT, 'node_modules/.bin/astro'), ['dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: PROJECT_ROOT,
    env: { ...userEnvironment(), DATA_DIR: path.join(fixture.root, 'data'), REPORT_DATE: '2026-11-24', ASTRO_TELEMETRY_DISABLED: '1' },
  });
  server = dev;
  for (;;) {
    try {
      if ((await get('/')).status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (dev.child.exitCode !== null) throw new Error(`astro dev did not start:\n${dev.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

afterAll(async () => {
  try {
    // SIGTERM, then SIGKILL of astro and its children after the grace period.
    await server?.stop();
  } finally {
    fixture?.cleanup();
  }
});

describe('astro dev', () => {
  it('serves the overview and a campaign report from the data', async () => {
    const home = await get('/');
    expect(home.text).toContain('测试检查');
    const report = await get(`/campaigns/${path.basename(CAMPAIGN)}/`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('纪要缺签字');
  });

  it('serves the downloads a report links to', async () => {
    const csv = await get(`/campaigns/${path.basename(CAMPAIGN)}/findings.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('纪要缺签字');
    const summary = await get(`/campaigns/${path.basename(CAMPAIGN)}/summary.json`);
    expect(JSON.parse(summary.text).findings.total).toBeGreaterThan(0);
  });

  it('serves every download the report and a unit notice link to, workbooks as workbooks', async () => {
    const report = await get(`/campaigns/${path.basename(CAMPAIGN)}/`);
    const unitLink = /href="([^"]*\/units\/[^"/]+\/)"/.exec(report.text)?.[1];
    expect(unitLink).toBeDefined();
    const notice = await get(unitLink ?? '');
    const links = [report.text, notice.text].flatMap((html) => [...html.matchAll(/href="([^"]+\.(?:csv|xlsx|json|css))"/g)].map((match) => match[1] ?? ''));
    const files = [...new Set(links)];
    // The campaign's CSV, workbook, overdue list and summary, the unit's CSV and workbook, the status stylesheet.
    expect(files.filter((file) => file.endsWith('.xlsx')).length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const response = await httpGet(new URL(file, origin));
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).not.toContain('text/html');
      const bytes = Buffer.from(await response.arrayBuffer());
      // A workbook is a zip archive.
      if (file.endsWith('.xlsx')) expect(bytes.subarray(0, 2).toString('latin1'), file).toBe('PK');
    }
  });

  it('follows an edit to a data file in the configured DATA_DIR', async () => {
    const file = path.join(fixture.root, CAMPAIGN, 'findings.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('纪要缺签字', '纪要缺少主持人签字'));
    let report: string;
    for (;;) {
      report = (await get(`/campaigns/${path.basename(CAMPAIGN)}/`)).text;
      if (report.includes('纪要缺少主持人签字')) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(report).toContain('纪要缺少主持人签字');
    expect(report).not.toContain('纪要缺签字');
  });
});
