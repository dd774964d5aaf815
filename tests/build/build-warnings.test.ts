import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { CAMPAIGN, createFixture } from '../helpers/data-fixture.ts';

/** A warning is said once: `npm run build` used to print each one twice. */

const fixture = createFixture({ [`${CAMPAIGN}/highlights.csv`]: 'id,unit,description,备注\nH1,u3,班组指标分解到岗,内部\n' });
const out = mkdtempSync(path.join(tmpdir(), 'inspection-warnings-'));
afterAll(() => {
  fixture.cleanup();
  rmSync(out, { recursive: true, force: true });
});

it('npm run build prints each data warning once, and still builds', async () => {
  const run = await buildSite({ OUT_DIR: path.join(out, 'dist'), DATA_DIR: path.join(fixture.root, 'data'), REPORT_DATE: '2026-11-24' });
  expect(run.status, run.output).toBe(0);
  expect(run.output.split('未知的列“备注”').length - 1).toBe(1);
});
