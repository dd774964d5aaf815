import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleForNode } from '../../scripts/lib/node-bundle.mjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  identity,
  leftoverPath,
  listLeftovers,
  nodeFs,
  swapIn,
  swapSteps,
  recoverLeftovers,
  targetOutcome,
  type SwapFs,
} from '../../scripts/lib/directory-swap.ts';
import { buildSite, PROJECT_ROOT, treeDigest } from '../helpers/build-site.ts';
import { run, start, type Started } from '../helpers/processes.ts';

/**
 * Replacing dist/ is three renames (scripts/lib/directory-swap.ts, swapSteps). A kill between
 * any two must leave something the next run turns back into a complete dist/, and whatever dead
 * runs left (beside dist/, in .staging/, in the bundle cache) must go, never what a live run uses.
 *
 * A kill is simulated by running the real publishing steps up to a point and stopping there,
 * under the pid of a process that has exited: the disk is then exactly as a SIGKILL at that point
 * leaves it (each step is one rename, which a kill cannot cut in half).
 */

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'inspection-publish-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const children: Started[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.stop()));
});

/** The pid of a process that has already exited. (Pids are reused, but not within a test.) */
function deadPid(): number {
  const { pid } = spawnSync('true');
  if (pid === undefined) throw new Error('could not start `true`');
  return pid;
}

/** The pid of a process that runs until the test ends. */
function livePid(): number {
  const child = start('sleep', ['600']);
  children.push(child);
  if (child.pid < 0) throw new Error('could not start `sleep`');
  return child.pid;
}

/** A fresh project root with a dist/ in it. */
function project(): { root: string; target: string } {
  const root = mkdtempSync(path.join(work, 'project-'));
  return { root, target: path.join(root, 'dist') };
}

/** A small complete site: an index.html naming it, and a file in a sub-directory. */
function site(dir: string, name: string): string {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), `<h1>${name}</h1>`);
  writeFileSync(path.join(dir, 'assets', 'site.css'), `/* ${name} */`);
  return dir;
}

/** Which site a directory holds, or why none. */
function siteIn(dir: string): string {
  if (!existsSync(dir)) return '(missing)';
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return '(incomplete)';
  const name = /<h1>(.*)<\/h1>/.exec(readFileSync(index, 'utf8'))?.[1] ?? '(unknown)';
  return existsSync(path.join(dir, 'assets', 'site.css')) ? name : `${name} (incomplete)`;
}

/** A build's finished staging directory, where atomicBuild leaves it: <root>/.staging/<pid>/site. */
function staged(root: string, pid: number, name: string): string {
  return site(path.join(root, '.staging', String(pid), 'site'), name);
}

/** Runs the first `count` publishing steps and stops, as a kill right after them would. */
async function killedAfter(count: number, staging: string, target: string, pid: number): Promise<void> {
  for (const step of swapSteps(staging, target, { pid }).slice(0, count)) await step();
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('a run killed while replacing dist/', () => {
  it.each([
    [0, 'before the first rename', 'old'],
    [1, 'after the new site was moved beside dist/', 'old'],
    [2, 'between the renames, with no dist/ at all', 'old'],
    [3, 'after the new site took its place', 'new'],
  ])('a run killed after step %i (%s) leaves dist/ restorable: the next run ends with a complete dist/ and no leftovers', async (count, _when, expected) => {
    const { root, target } = project();
    site(target, 'old');
    const pid = deadPid();
    const staging = staged(root, pid, 'new');
    await killedAfter(count, staging, target, pid);
    if (count === 2) expect(siteIn(target)).toBe('(missing)');

    const recovery = await recoverLeftovers(target, root);

    expect(siteIn(target)).toBe(expected);
    if (count === 2) expect(recovery.restoredFrom).toBe(leftoverPath(target, 'previous', pid));
    expect(recovery.failed).toEqual([]);
    expect(await listLeftovers(target)).toEqual([]);
    expect(existsSync(path.join(root, '.staging', String(pid)))).toBe(false);
  });

  it('a first build killed between the renames leaves its finished site, which the next run puts in place', async () => {
    const { root, target } = project();
    const pid = deadPid();
    await killedAfter(2, staged(root, pid, 'first'), target, pid);
    expect(siteIn(target)).toBe('(missing)');

    const recovery = await recoverLeftovers(target, root);

    expect(recovery.restoredFrom).toBe(leftoverPath(target, 'incoming', pid));
    expect(siteIn(target)).toBe('first');
    expect(await listLeftovers(target)).toEqual([]);
  });

  it('a run killed while removing the old site or copying across file systems leaves nothing that passes for a site', async () => {
    const { root, target } = project();
    const pid = deadPid();
    // Removal deletes index.html first; a copy is made under another name, then renamed.
    const halfRemoved = site(leftoverPath(target, 'previous', pid), 'old');
    rmSync(path.join(halfRemoved, 'index.html'));
    site(leftoverPath(target, 'copying', pid), 'half-copied');
    rmSync(path.join(leftoverPath(target, 'copying', pid), 'assets'), { recursive: true });

    // Even with dist/ gone (deleted by hand), neither becomes dist/.
    const recovery = await recoverLeftovers(target, root);

    expect(recovery.restoredFrom).toBeUndefined();
    expect(siteIn(target)).toBe('(missing)');
    expect(await listLeftovers(target)).toEqual([]);
  });

  it('of several sites left by dead runs, the newest complete one becomes dist/', async () => {
    const { root, target } = project();
    const [older, newer, broken] = [deadPid(), deadPid(), deadPid()];
    site(leftoverPath(target, 'previous', older), 'older');
    site(leftoverPath(target, 'previous', newer), 'newer');
    site(leftoverPath(target, 'previous', broken), 'broken');
    rmSync(path.join(leftoverPath(target, 'previous', broken), 'index.html'));
    utimesSync(path.join(leftoverPath(target, 'previous', older), 'index.html'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    site(leftoverPath(target, 'incoming', older), 'unpublished');

    const recovery = await recoverLeftovers(target, root);

    expect(recovery.restoredFrom).toBe(leftoverPath(target, 'previous', newer));
    expect(siteIn(target)).toBe('newer');
    expect(await listLeftovers(target)).toEqual([]);
  });
});

describe('leftovers of killed runs', () => {
  it('leftovers of dead runs are removed, a live run’s are kept', async () => {
    const { root, target } = project();
    site(target, 'current');
    const dead = deadPid();
    const live = livePid();
    for (const pid of [dead, live, process.pid]) {
      site(leftoverPath(target, 'incoming', pid), `incoming ${pid}`);
      site(leftoverPath(target, 'previous', pid), `previous ${pid}`);
      // The integration's snapshot lives in the build's cacheDir, inside its work directory.
      mkdirSync(path.join(root, '.staging', String(pid), 'cache', 'inspection-report'), { recursive: true });
      writeFileSync(path.join(root, '.staging', String(pid), 'cache', 'inspection-report', `site-${pid}.json`), '{}');
    }

    const recovery = await recoverLeftovers(target, root);

    expect(recovery.failed).toEqual([]);
    expect((await listLeftovers(target)).map(({ pid }) => pid).sort()).toEqual([live, live, process.pid, process.pid].sort());
    expect(existsSync(path.join(root, '.staging', String(dead)))).toBe(false);
    expect(existsSync(path.join(root, '.staging', String(live)))).toBe(true);
    expect(existsSync(path.join(root, '.staging', String(process.pid)))).toBe(true);
    expect(siteIn(target)).toBe('current');
  });

  it('a live run between its renames is left alone: its dist/ is not restored under it', async () => {
    const { root, target } = project();
    const live = livePid();
    site(leftoverPath(target, 'previous', live), 'old');
    site(leftoverPath(target, 'incoming', live), 'new');

    const recovery = await recoverLeftovers(target, root);

    expect(recovery.restoredFrom).toBeUndefined();
    expect(siteIn(target)).toBe('(missing)');
    expect(await listLeftovers(target)).toHaveLength(2);
  });

  it('scripts/run.mjs removes the bundles of dead runs and keeps a live run’s', async () => {
    const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'inspection-report');
    mkdirSync(cache, { recursive: true });
    const dead = path.join(cache, `build.${deadPid()}.mjs`);
    const live = path.join(cache, `build.${livePid()}.mjs`);
    writeFileSync(dead, '');
    writeFileSync(live, '');
    try {
      // An unknown script: run.mjs cleans up, then fails to bundle it, which is quick.
      await run(process.execPath, ['scripts/run.mjs', 'no-such-script'], { cwd: PROJECT_ROOT });
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(dead, { force: true });
      rmSync(live, { force: true });
    }
  });
});

describe('publishing into a new place', () => {
  it('creates the folders above an OUT_DIR that does not exist yet', async () => {
    const { root } = project();
    const target = path.join(root, 'srv', 'www', 'reports');
    const pid = deadPid();
    await swapIn(staged(root, pid, 'new'), target, { pid });
    expect(siteIn(target)).toBe('new');
    expect(await listLeftovers(target)).toEqual([]);
  });
});

describe('when dist/ cannot be replaced', () => {
  /** The file-system calls, with rename failing where `fails` says. */
  function failingRename(fails: (from: string, to: string) => boolean): SwapFs {
    return { ...nodeFs, rename: async (from, to) => (fails(from, to) ? Promise.reject(errno('EACCES')) : nodeFs.rename(from, to)) };
  }

  it.each([
    ['the new site cannot be moved beside dist/ (a read-only parent directory)', (from: string) => from.endsWith('site')],
    ['dist/ cannot be set aside', (from: string) => path.basename(from) === 'dist'],
    ['the new site cannot take dist/’s place', (from: string, to: string) => from.includes('.incoming-') && path.basename(to) === 'dist'],
  ])('the message tells the truth when %s: dist/ is put back and said to be unchanged', async (_name, fails) => {
    // Simulated: tests run as root, whom a read-only directory does not stop; the failure is
    // the EACCES a non-root user gets (the real one is tested below).
    const { root, target } = project();
    site(target, 'old');
    const pid = deadPid();
    const before = await identity(target);

    await expect(swapIn(staged(root, pid, 'new'), target, { pid, fs: failingRename(fails) })).rejects.toThrow('EACCES');

    expect(siteIn(target)).toBe('old');
    expect(await listLeftovers(target)).toEqual([]);
    expect(await targetOutcome(target, before, root, pid)).toBe('原有的 dist/ 保持不变。');
  });

  it('the message tells the truth when the old site cannot be put back either: dist/ is missing, and the next run restores it', async () => {
    const { root, target } = project();
    site(target, 'old');
    const pid = deadPid();
    const before = await identity(target);
    // Every rename into dist/ fails: the new site's, and the old one's on the way back.
    const fs = failingRename((_from, to) => path.basename(to) === 'dist');

    await expect(swapIn(staged(root, pid, 'new'), target, { pid, fs })).rejects.toThrow('EACCES');

    expect(await targetOutcome(target, before, root, pid)).toBe(`dist/ 现已不存在：原有网站在 dist.previous-${pid}/，下次运行时会自动恢复。`);
    expect((await recoverLeftovers(target, root)).restoredFrom).toBe(leftoverPath(target, 'previous', pid));
    expect(siteIn(target)).toBe('old');
  });

  it('the message does not call dist/ unchanged when something else replaced it', async () => {
    const { root, target } = project();
    site(target, 'old');
    const before = await identity(target);
    renameSync(target, path.join(root, 'elsewhere'));
    site(target, 'other');
    expect(await targetOutcome(target, before, root)).toBe('dist/ 在本次运行期间已被其他进程改动。');
    expect(await targetOutcome(path.join(root, 'never-built'), undefined, root)).toBe('');
  });

  it('an old site that cannot be removed does not undo the publication: the new site is in place and the leftover reported', async () => {
    // Simulated: a set-aside site this user may not delete (say, owned by another user).
    const { root, target } = project();
    site(target, 'old');
    const pid = deadPid();
    const previous = leftoverPath(target, 'previous', pid);
    const fs: SwapFs = { ...nodeFs, rm: async (file) => (file.startsWith(previous) ? Promise.reject(errno('EACCES')) : nodeFs.rm(file)) };

    const result = await swapIn(staged(root, pid, 'new'), target, { pid, fs });

    expect(siteIn(target)).toBe('new');
    expect(result.leftover?.path).toBe(previous);
  });

  it('with real permissions, as a user who is not root: a read-only dist/ is replaced and removed, a read-only parent leaves dist/ unchanged and says so', async () => {
    // Root ignores permissions, so this runs the real swapIn() in a process of user nobody.
    const asRoot = process.getuid?.() === 0;
    const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'inspection-report');
    const bundle = path.join(cache, `atomic-publish-test.${process.pid}.mjs`);
    await bundleForNode(path.join(PROJECT_ROOT, 'scripts', 'lib', 'directory-swap.ts'), bundle);
    const dir = mkdtempSync(path.join(work, 'permissions-'));
    if (asRoot) {
      chmodSync(work, 0o711);
      chownSync(dir, 65534, 65534);
    }
    const script = `
      import { mkdirSync, writeFileSync, chmodSync, readFileSync, existsSync, readdirSync } from 'node:fs';
      import path from 'node:path';
      const { swapIn, identity, targetOutcome } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const dir = ${JSON.stringify(dir)};
      const site = (at, name) => { mkdirSync(at, { recursive: true }); writeFileSync(path.join(at, 'index.html'), name); };
      const result = {};

      // A read-only dist/: renaming it needs write permission on its parent only.
      const a = path.join(dir, 'a');
      site(path.join(a, 'dist'), 'old');
      site(path.join(a, 'staging'), 'new');
      chmodSync(path.join(a, 'dist'), 0o555);
      result.readOnlyDist = await swapIn(path.join(a, 'staging'), path.join(a, 'dist')).then(
        (published) => ({ published: true, leftover: published.leftover?.path ?? null }), (error) => ({ published: false, error: error.code }));
      result.readOnlyDist.index = readFileSync(path.join(a, 'dist', 'index.html'), 'utf8');
      result.readOnlyDist.entries = readdirSync(a).sort();

      // A read-only parent directory: nothing can be renamed in it.
      const b = path.join(dir, 'b');
      site(path.join(b, 'dist'), 'old');
      site(path.join(dir, 'staging-b'), 'new');
      chmodSync(b, 0o555);
      const before = await identity(path.join(b, 'dist'));
      result.readOnlyParent = await swapIn(path.join(dir, 'staging-b'), path.join(b, 'dist')).then(() => ({ published: true }), (error) => ({ published: false, error: error.code }));
      result.readOnlyParent.index = readFileSync(path.join(b, 'dist', 'index.html'), 'utf8');
      result.readOnlyParent.message = await targetOutcome(path.join(b, 'dist'), before, b);
      chmodSync(b, 0o755);
      console.log(JSON.stringify(result));
    `;
    try {
      const asNobody = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: PROJECT_ROOT,
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(asNobody.stderr).toBe('');
      expect(JSON.parse(asNobody.stdout)).toEqual({
        readOnlyDist: { published: true, leftover: null, index: 'new', entries: ['dist'] },
        readOnlyParent: { published: false, error: 'EACCES', index: 'old', message: '原有的 dist/ 保持不变。' },
      });
    } finally {
      rmSync(bundle, { force: true });
      chmodSync(dir, 0o700);
    }
  });
});

describe('the build', () => {
  /** What a run killed between the renames leaves beside OUT_DIR and in the project. */
  function plantKilledRun(outDir: string, pid: number): string[] {
    const previous = site(leftoverPath(outDir, 'previous', pid), 'old');
    site(leftoverPath(outDir, 'incoming', pid), 'unpublished');
    const work = path.join(PROJECT_ROOT, '.staging', String(pid));
    mkdirSync(path.join(work, 'cache', 'inspection-report'), { recursive: true });
    writeFileSync(path.join(work, 'cache', 'inspection-report', `site-${pid}.json`), '{}');
    const bundle = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'inspection-report', `build.${pid}.mjs`);
    mkdirSync(path.dirname(bundle), { recursive: true });
    writeFileSync(bundle, '');
    return [previous, leftoverPath(outDir, 'incoming', pid), work, bundle];
  }

  it('after a run killed between the renames, the next build restores dist/, removes every leftover, and publishes a complete site', async () => {
    const outDir = path.join(mkdtempSync(path.join(work, 'e2e-')), 'dist');
    const planted = plantKilledRun(outDir, deadPid());

    const run = await buildSite({ OUT_DIR: outDir, REPORT_DATE: '2026-11-24' });

    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('已从');
    for (const file of planted) expect(existsSync(file), file).toBe(false);
    expect(existsSync(path.join(outDir, 'index.html'))).toBe(true);
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).not.toContain('<h1>old</h1>');
  });

  it('after a run killed between the renames, a build that fails on bad data still leaves dist/ restored and says it is unchanged', async () => {
    const base = mkdtempSync(path.join(work, 'e2e-'));
    const outDir = path.join(base, 'dist');
    const pid = deadPid();
    plantKilledRun(outDir, pid);
    const digest = treeDigest(leftoverPath(outDir, 'previous', pid));
    const dataDir = path.join(base, 'data');
    cpSync(path.join(PROJECT_ROOT, 'data'), dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'units.csv'), '');

    const run = await buildSite({ OUT_DIR: outDir, DATA_DIR: dataDir });

    expect(run.status).toBe(1);
    expect(run.output).toContain('保持不变');
    expect(treeDigest(outDir)).toBe(digest);
    expect(existsSync(leftoverPath(outDir, 'incoming', pid))).toBe(false);
  });

  it('the message tells the truth when dist cannot be replaced: a real build whose rename fails leaves dist/ unchanged and says so', async () => {
    // A real failure as root: the name dist.incoming-<pid> is too long for the file system
    // (ENAMETOOLONG), though dist's own name is not.
    const outDir = path.join(mkdtempSync(path.join(work, 'e2e-')), 'd'.repeat(245));
    site(outDir, 'old');
    const digest = treeDigest(outDir);

    const run = await buildSite({ OUT_DIR: outDir, REPORT_DATE: '2026-11-24' });

    expect(run.status).toBe(1);
    expect(run.output).toContain('ENAMETOOLONG');
    expect(run.output).toContain(`原有的 ${outDir}/ 保持不变。`);
    expect(treeDigest(outDir)).toBe(digest);
  });
});
