/**
 * Runs one of the TypeScript scripts in scripts/: `node scripts/run.mjs build [arguments…]`.
 *
 * The script is bundled with esbuild (Astro's own compiler, already installed) into one
 * JavaScript file and imported by plain Node. A loader hook such as tsx would sit between Node
 * and every one of the thousands of imports an Astro build makes: run that way, a build took
 * about 3 s and 300 MB more on the sample data, and 11 s and 600 MB more at group scale.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleForNode } from './lib/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
if (!name || !/^[\w-]+$/.test(name)) {
  console.error('usage: node scripts/run.mjs <script name in scripts/, e.g. build> [arguments…]');
  process.exit(2);
}

const entry = path.join(root, 'scripts', `${name}.ts`);
// One bundle per process: concurrent runs (a test suite building several sites) never share one.
const cacheDir = path.join(root, 'node_modules', '.cache', 'inspection-report');
const bundle = path.join(cacheDir, `${name}.${process.pid}.mjs`);
removeDeadBundles();
// On every way out, process.exit() included.
process.on('exit', () => rmSync(bundle, { force: true }));
await bundleForNode(entry, bundle, { sourcemap: true });
process.setSourceMapsEnabled(true);
// The script reads its own arguments, as if Node had started it directly.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundle).href);

/**
 * A killed run never reaches its exit handler: its bundle stays. Removes the bundles of pids
 * that no longer run; another run's, still running, is left alone.
 */
function removeDeadBundles() {
  let names;
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const file of names) {
    const pid = Number(/^[\w-]+\.(\d+)\.mjs$/.exec(file)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidIsAlive(pid)) rmSync(path.join(cacheDir, file), { force: true });
  }
}

/** Whether a process with this pid exists (one of another user's answers EPERM: it does). */
function pidIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error?.code === 'EPERM';
  }
}
