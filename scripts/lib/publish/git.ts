import { spawnSync } from 'node:child_process';

/**
 * Git as the publisher needs it: which commit the data is. Run from a hook, the environment
 * carries GIT_DIR and friends pointing at the bare repository; they are dropped so that git
 * looks at the directory it is asked about.
 */

/** The environment without the variables a git hook sets for its own repository. */
export function withoutGitHookVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (key.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_SSH_COMMAND'].includes(key)) delete clean[key];
  }
  return clean;
}

/** The full hash of the commit checked out in the work tree holding `dir`; undefined outside git. */
export function headCommit(dir: string): string | undefined {
  const run = spawnSync('git', ['-C', dir, 'rev-parse', '--verify', '--quiet', 'HEAD'], { encoding: 'utf8', env: withoutGitHookVariables(process.env) });
  const hash = run.status === 0 ? run.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(hash) ? hash : undefined;
}
