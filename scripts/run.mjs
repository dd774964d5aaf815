/**
 * Runs one of the TypeScript scripts in scripts/: `node scripts/run.mjs build [arguments…]`.
 *
 * The script is bundled with esbuild (Astro's own compiler, already installed) into one
 * JavaScript file and imported by plain Node. A loader hook such as tsx would sit between Node
 * and every one of the thousands of imports an Astro build makes: run that way, a build took
 * about 3 s and 300 MB more on the sample data, and 11 s and 600 MB more at group scale.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
if (!name || !/^[\w-]+$/.test(name)) {
  console.error('usage: node scripts/run.mjs <script name in scripts/, e.g. build> [arguments…]');
  process.exit(2);
}

const entry = path.join(root, 'scripts', `${name}.ts`);
// One bundle per process: concurrent runs (a test suite building several sites) never share one.
const bundle = path.join(root, 'node_modules', '.cache', 'inspection-report', `${name}.${process.pid}.mjs`);
// On every way out, process.exit() included.
process.on('exit', () => rmSync(bundle, { force: true }));
await build({
  entryPoints: [entry],
  outfile: bundle,
  bundle: true,
  // Packages stay imports: Node resolves them from the project's node_modules as usual.
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Stack traces name the TypeScript files and lines.
  sourcemap: 'inline',
});
process.setSourceMapsEnabled(true);
// The script reads its own arguments, as if Node had started it directly.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundle).href);
