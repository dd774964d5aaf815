import { chmodSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, userEnvironment } from './build-site.ts';
import { run as runProcess, runQuick } from './processes.ts';

/**
 * The intranet's publishing set-up as deploy/ describes it, in a temporary folder: a bare
 * repository with deploy/hooks/ installed and this checkout as its trusted app, a web root, and
 * a work tree holding the sample data with the bare repository as its origin. Used by the
 * publishing test and the insider's attacks on it.
 *
 * Every command runs through tests/helpers/processes.ts: a push (whose hooks build the site)
 * asynchronously and stopped with its children if the test ends first, a local git command
 * killed after QUICK_MS.
 */

export interface Run {
  status: number | null;
  output: string;
}

export interface PublishRepository {
  tmp: string;
  webRoot: string;
  bare: string;
  work: string;
  /** A local git command (milliseconds; not a push, which runs the hooks): its stdout and stderr. */
  git(cwd: string, ...args: string[]): string;
  /** A command to its end, asynchronously, with the publishing environment and `env` over it. */
  run(command: string, args: string[], cwd: string, env?: Record<string, string>): Promise<Run>;
  /** `git add --all` and a commit in the work tree: the new commit. */
  commitAll(message: string): string;
  /** What the bare repository's main is. */
  published(): string;
}

export interface PublishRepositoryOptions {
  /** The folder's name starts so. */
  prefix: string;
  base: string;
  /** The bare repository's `inspection.*` settings besides app, webRoot and hooksPath. */
  config?: Array<[string, string]>;
  /** Lines of `inspection.env`. */
  env?: string[];
}

/** The environment of a user's shell, without a hook's GIT_ variables, npm's or a forge's user. */
export function publishEnvironment(base: string): NodeJS.ProcessEnv {
  const env = userEnvironment();
  for (const key of Object.keys(env)) if (key.startsWith('GIT_') || key.startsWith('npm_') || key.startsWith('GL_')) delete env[key];
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', REPORT_DATE: '2026-11-24', BASE_PATH: base };
}

export function createPublishRepository({ prefix, base, config = [], env = [] }: PublishRepositoryOptions): PublishRepository {
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(tmp, 0o755); // nginx's workers run as another user
  const environment = publishEnvironment(base);
  const git = (cwd: string, ...args: string[]) => {
    const result = runQuick('git', ['-c', 'user.name=测试', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      env: environment,
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stdout}${result.stderr}`);
    return `${result.stdout}${result.stderr}`.trim();
  };
  const repository: PublishRepository = {
    tmp,
    webRoot: path.join(tmp, 'web'),
    bare: path.join(tmp, 'reports.git'),
    work: path.join(tmp, 'work'),
    git,
    async run(command, args, cwd, extra = {}) {
      const result = await runProcess(command, args, { cwd, env: { ...environment, ...extra } });
      return { status: result.status, output: result.output };
    },
    commitAll(message) {
      git(repository.work, 'add', '--all');
      git(repository.work, 'commit', '-q', '--allow-empty-message', '-m', message);
      return git(repository.work, 'rev-parse', 'HEAD');
    },
    published: () => git(repository.bare, 'rev-parse', 'main'),
  };
  const { bare, work, webRoot } = repository;
  git(tmp, 'init', '-q', '--bare', '-b', 'main', bare);
  for (const [key, value] of [
    ['core.hooksPath', path.join(PROJECT_ROOT, 'deploy', 'hooks')],
    ['inspection.app', PROJECT_ROOT],
    ['inspection.webRoot', webRoot],
    ...config,
  ])
    git(bare, 'config', key as string, value as string);
  for (const line of [`BASE_PATH=${base}`, ...env]) git(bare, 'config', '--add', 'inspection.env', line);
  git(tmp, 'init', '-q', '-b', 'main', work);
  cpSync(path.join(PROJECT_ROOT, 'data'), path.join(work, 'data'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'templates'), path.join(work, 'templates'), { recursive: true });
  git(work, 'remote', 'add', 'origin', bare);
  return repository;
}
