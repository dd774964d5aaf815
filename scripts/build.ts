/**
 * `npm run build`: validates data/, builds the site, and publishes it to dist/ only when the
 * whole build succeeded. A failed build leaves the last good dist/ exactly as it was.
 */
import { displayPath } from '../src/lib/settings.ts';
import { atomicBuild } from './lib/atomic-build.ts';
import { commandSettings } from './lib/settings.ts';

const settings = commandSettings();
if (await atomicBuild({ settings })) {
  console.log(`✔ 网站已生成：${displayPath(settings, settings.outDir)}/`);
} else {
  process.exitCode = 1;
}
