import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Builds one release by running the project's own command, `node scripts/run.mjs pdf` (or
 * `build` without PDFs), with OUT_DIR set to the release directory: that command validates the
 * data, builds and prints into a staging directory and moves the finished site into place only
 * when everything succeeded, so a failed build leaves no release behind.
 */

export interface BuildReleaseOptions {
  /** The app's checkout: the commands run from there. */
  appRoot: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
  pdf: boolean;
  /** The live release: unchanged PDFs are taken from it (`--reuse-from`). */
  reuseFrom?: string;
}

export interface BuildReleaseResult {
  ok: boolean;
  /** What the command wrote on stderr: the data errors, or why the build failed. */
  errors: string;
}

export async function buildRelease({ appRoot, outDir, env, pdf, reuseFrom }: BuildReleaseOptions): Promise<BuildReleaseResult> {
  const command = pdf ? 'pdf' : 'build';
  const reuse = pdf && reuseFrom ? ['--reuse-from', reuseFrom] : [];
  const run = await runCommand(appRoot, [command, ...reuse], { ...env, OUT_DIR: outDir });
  return { ok: run.code === 0, errors: run.stderr.trim() };
}

/** Runs `node scripts/run.mjs …`, passing its output through (to the log) and keeping stderr. */
function runCommand(appRoot: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(appRoot, 'scripts', 'run.mjs'), ...args], { cwd: appRoot, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      process.stderr.write(chunk);
      stderr += chunk;
    });
    // Stopping the publisher stops the build too (it would otherwise go on writing into
    // releases/ after the lock is gone); the publisher then records the failure and unlocks.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ code, stderr: signal ? `${stderr}\n生成过程被中止（${signal}）。` : stderr });
    });
  });
}
