import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './processes.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export interface BuildRun {
  status: number | null;
  output: string;
}

/**
 * Runs `npm run build`'s script as a user would, with its environment overrides. Asynchronous
 * (tests/helpers/processes.ts says why), and stopped with its Astro workers if the test ends first.
 */
export async function buildSite(env: { OUT_DIR: string; BASE_PATH?: string; DATA_DIR?: string; REPORT_DATE?: string }): Promise<BuildRun> {
  const build = await run(process.execPath, ['scripts/run.mjs', 'build'], {
    cwd: PROJECT_ROOT,
    env: { ...userEnvironment(), ...env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return { status: build.status, output: `${build.stdout}\n${build.stderr}` };
}

/** The environment a user's shell would have: without what Vitest adds (BASE_URL, MODE, NODE_ENV…). */
export function userEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  return env;
}

/** Every file under a directory, relative, with forward slashes. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** A digest of every file's path and bytes: equal digests mean byte-for-byte equal trees. */
export function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}
