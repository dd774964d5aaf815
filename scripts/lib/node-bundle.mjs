import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry and the project's modules it imports into one ES module that plain
 * Node runs; packages stay imports, resolved from node_modules as usual. One set of options for
 * every bundle the project makes — the commands (scripts/run.mjs), the downloads' worker
 * threads, and the tests that run a module the way a command does — so they never drift apart.
 *
 * @param {string} entry the .ts file to start from
 * @param {string} outfile where the bundle goes
 * @param {{ sourcemap?: boolean }} [options] `sourcemap`: stack traces name the TypeScript files and lines
 */
export async function bundleForNode(entry, outfile, { sourcemap = false } = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    ...(sourcemap ? { sourcemap: 'inline' } : {}),
  });
}
