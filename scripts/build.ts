/**
 * `npm run build`: validates data/, builds the site into a staging directory, and only when
 * the whole build succeeded swaps it in for dist/. A failed build leaves the last good dist/
 * exactly as it was.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { DataError, formatIssues } from '../src/lib/errors.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';

const root = process.cwd();
const target = path.resolve(root, process.env.OUT_DIR ?? 'dist');
const staging = `${target}.staging-${process.pid}`;
const previous = `${target}.previous-${process.pid}`;
const kept = existsSync(target) ? `原有的 ${path.relative(root, target)}/ 保持不变。` : '';

try {
  // Validate first: data errors are reported plainly, without a build log around them.
  const { warnings } = await loadSiteData({ root, dataDir: process.env.DATA_DIR });
  if (warnings.length > 0) console.warn(formatIssues(warnings));
  await build({ root, outDir: staging, logLevel: process.env.ASTRO_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  if (!existsSync(path.join(staging, 'index.html'))) throw new Error(`the build wrote no index.html into ${staging}`);
  if (existsSync(target)) await rename(target, previous);
  await rename(staging, target);
  await rm(previous, { recursive: true, force: true });
  console.log(`✔ 网站已生成：${path.relative(root, target)}/`);
} catch (error) {
  await rm(staging, { recursive: true, force: true });
  if (error instanceof DataError) {
    console.error(`${error.message}\n✘ 数据有误，未生成网站。${kept}`);
  } else {
    console.error(error);
    console.error(`✘ 生成失败。${kept}`);
  }
  process.exitCode = 1;
}
