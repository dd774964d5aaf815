/**
 * `npm run build`: validates data/, builds the site, and publishes it to dist/ only when the
 * whole build succeeded. A failed build leaves the last good dist/ exactly as it was.
 */
import path from 'node:path';
import { atomicBuild } from './lib/atomic-build.ts';

const root = process.cwd();
const target = path.resolve(root, process.env.OUT_DIR ?? 'dist');
if (await atomicBuild({ root, target, dataDir: process.env.DATA_DIR })) {
  console.log(`✔ 网站已生成：${path.relative(root, target) || target}/`);
} else {
  process.exitCode = 1;
}
