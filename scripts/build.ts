/**
 * `npm run build`: validates data/, builds the site, and publishes it to dist/ only when the
 * whole build succeeded. A failed build leaves the last good dist/ exactly as it was. The PDFs
 * of the published site (`npm run pdf`) that are still current are kept, with their links;
 * those whose page changed or vanished are dropped.
 *
 *   npm run build -- --reuse-from <dir>   keep the current PDFs of that site instead (a release)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { displayPath } from '../src/lib/settings.ts';
import { atomicBuild } from './lib/atomic-build.ts';
import { pdfStage } from './lib/pdf/site-pdfs.ts';
import { commandSettings } from './lib/settings.ts';

const settings = commandSettings();
const reuseFrom = reuseFromOption() ?? settings.outDir;
const stage = pdfStage({ settings, reuseFrom, printable: () => false, force: false, concurrency: 1 });
if (await atomicBuild({ settings, ...stage })) {
  console.log(`✔ 网站已生成：${displayPath(settings, settings.outDir)}/`);
} else {
  process.exitCode = 1;
}

function reuseFromOption(): string | undefined {
  try {
    const { values } = parseArgs({ options: { 'reuse-from': { type: 'string' } }, strict: true, allowPositionals: false });
    return values['reuse-from'] === undefined ? undefined : path.resolve(values['reuse-from']);
  } catch (error) {
    console.error(`参数有误：${error instanceof Error ? error.message : String(error)}\n用法：npm run build -- [--reuse-from <已发布的网站目录>]`);
    process.exit(2);
  }
}
