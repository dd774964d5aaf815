import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { SAFE_GIT_CONFIG, safeGitEnvironment } from '../../../src/lib/history/git-history.ts';

/**
 * What the pre-receive hook asks of the bare repository a push arrives in: which paths the push
 * changes, whether it rewrites history, and the pushed tree as git stores it. Everything pushed
 * is untrusted: git runs on the repository named explicitly, with SAFE_GIT_CONFIG, its output is
 * read NUL-separated, and no attribute (.gitattributes export-ignore, eol, filters) applies,
 * because nothing here checks files out: blobs are written as stored.
 */

export const ZERO_ID = /^0+$/;

/** The variables git sets in a pre-receive hook through which it reads the pushed objects (the quarantine). */
const QUARANTINE_VARIABLES = ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH'];

const MAX_BUFFER = 1024 * 1024 * 1024;

export class PushedRepository {
  readonly #gitDir: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor(gitDir: string, env: NodeJS.ProcessEnv = process.env) {
    this.#gitDir = gitDir;
    const quarantine = Object.fromEntries(QUARANTINE_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
    this.#env = { ...safeGitEnvironment(env), ...quarantine };
  }

  /** git's stdout; throws with git's message when it fails (a push the hook cannot judge is refused). */
  run(args: string[], input?: string): Buffer {
    const result = spawnSync('git', [`--git-dir=${this.#gitDir}`, '--no-pager', ...SAFE_GIT_CONFIG, '-c', 'diff.renames=false', ...args], {
      cwd: this.#gitDir,
      env: this.#env,
      input,
      maxBuffer: MAX_BUFFER,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`git ${args[0]} 失败：${result.stderr.toString('utf8').trim()}`);
    return result.stdout;
  }

  config(key: string): string | undefined {
    const result = spawnSync('git', [`--git-dir=${this.#gitDir}`, ...SAFE_GIT_CONFIG, 'config', '--get', key], { env: this.#env, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.replace(/\n$/, '') : undefined;
  }

  /** Whether `old` is an ancestor of `next`: a fast-forward, which rewrites no history. */
  isFastForward(old: string, next: string): boolean {
    const result = spawnSync('git', [`--git-dir=${this.#gitDir}`, ...SAFE_GIT_CONFIG, 'merge-base', '--is-ancestor', old, next], { env: this.#env });
    if (result.status === 0) return true;
    if (result.status === 1) return false;
    throw new Error(`git merge-base 失败：${result.stderr.toString('utf8').trim()}`);
  }

  /**
   * Every path the push of `old`..`next` changes: in the end result and in any of its commits.
   * A commit is compared with its parent without rename detection (a rename is a deletion and an
   * addition, both paths counted); a merge with each parent, counting the paths that differ from
   * all of them, which is what the merge itself changed (a path equal to one parent's comes from
   * that parent, whose own commits are judged too, or were accepted before). A new branch
   * changes every path of its tree.
   */
  changedPaths(old: string, next: string): string[] {
    if (ZERO_ID.test(old)) return this.#names(['ls-tree', '-r', '-z', '--name-only', '--full-tree', next]);
    const changed = new Set(this.#diff(old, next));
    const lines = this.run(['rev-list', '--parents', `${old}..${next}`])
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    for (const line of lines) {
      const [commit = '', ...parents] = line.split(' ');
      if (parents.length === 0) {
        for (const name of this.#names(['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit])) changed.add(name);
        continue;
      }
      const [first = [], ...others] = parents.map((parent) => this.#diff(parent, commit));
      const inEvery = others.reduce((common, paths) => {
        const set = new Set(paths);
        return common.filter((name) => set.has(name));
      }, first);
      for (const name of inEvery) changed.add(name);
    }
    return [...changed].sort();
  }

  #diff(from: string, to: string): string[] {
    return this.#names(['diff-tree', '-r', '-z', '--no-renames', '--name-only', '--no-commit-id', from, to]);
  }

  #names(args: string[]): string[] {
    return this.run(args).toString('utf8').split('\0').filter(Boolean);
  }

  /**
   * Writes the files of `commit` under `folders` (e.g. data, templates) into `dest`, byte for
   * byte as git stores them: regular files, and links as links (the data check then judges where
   * they lead). Returns what cannot be written: a submodule, or a name git itself would refuse to
   * check out (`..`, `.git`), which a push can carry when the server does not fsck what it receives.
   */
  exportTree(commit: string, folders: string[], dest: string): string[] {
    const problems: string[] = [];
    const entries = this.run(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...folders])
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => {
        const tab = entry.indexOf('\t');
        const [mode = '', type = '', id = ''] = entry.slice(0, tab).split(' ');
        return { mode, type, id, name: entry.slice(tab + 1) };
      });
    const writable = entries.filter(({ mode, type, name }) => {
      if (!safeName(name)) problems.push(`${JSON.stringify(name)}：git 不允许检出这样的路径（含 .. 或 .git）`);
      else if (type !== 'blob') problems.push(`${name}：是子模块（${mode}），数据中不能有子模块`);
      else return true;
      return false;
    });
    const contents = this.#blobs(writable.map(({ id }) => id));
    writable.forEach(({ mode, name }, i) => {
      const file = path.join(dest, ...name.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      const bytes = contents[i] ?? Buffer.alloc(0);
      if (mode === '120000') symlinkSync(bytes.toString('utf8'), file);
      else writeFileSync(file, bytes, { mode: 0o644 });
    });
    return problems;
  }

  /**
   * A work tree of `commit` in `dest` with the push's history, for the data check: a repository of
   * its own that borrows this one's objects (and the quarantined ones, by `objects/info/alternates`),
   * its files written as stored (exportTree) and its index read from the commit, so `git status` is
   * clean. The check then knows each campaign's last commit, hence the print day its PDFs are as of,
   * as the publish will. Returns exportTree's problems.
   */
  checkOut(commit: string, folders: string[], dest: string): string[] {
    const gitDir = path.join(dest, '.git');
    const clean = safeGitEnvironment(process.env);
    const local = (args: string[]) => {
      const result = spawnSync('git', [`--git-dir=${gitDir}`, `--work-tree=${dest}`, ...SAFE_GIT_CONFIG, ...args], {
        cwd: dest,
        env: clean,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (result.status !== 0) throw new Error(`git ${args[0]} 失败：${result.stderr.toString('utf8').trim()}`);
    };
    mkdirSync(dest, { recursive: true });
    const init = spawnSync('git', [...SAFE_GIT_CONFIG, '-c', 'init.templateDir=', 'init', '--quiet', dest], {
      env: clean,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (init.status !== 0) throw new Error(`git init 失败：${init.stderr.toString('utf8').trim()}`);
    const stores = [
      this.#env.GIT_OBJECT_DIRECTORY,
      ...(this.#env.GIT_ALTERNATE_OBJECT_DIRECTORIES ?? '').split(path.delimiter),
      path.join(this.#gitDir, 'objects'),
    ]
      .filter((dir): dir is string => Boolean(dir))
      .map((dir) => realpathSync(path.resolve(this.#gitDir, dir)));
    writeFileSync(path.join(gitDir, 'objects', 'info', 'alternates'), `${[...new Set(stores)].join('\n')}\n`);
    local(['update-ref', 'HEAD', commit]);
    const problems = this.exportTree(commit, folders, dest);
    local(['read-tree', commit]);
    local(['update-index', '-q', '--refresh']);
    return problems;
  }

  /** The contents of blobs, in the order asked, from one `git cat-file --batch`. */
  #blobs(ids: string[]): Buffer[] {
    if (ids.length === 0) return [];
    const out = this.run(['cat-file', '--batch'], `${ids.join('\n')}\n`);
    const contents: Buffer[] = [];
    let offset = 0;
    while (contents.length < ids.length) {
      const end = out.indexOf(0x0a, offset);
      if (end === -1) throw new Error('git cat-file 的输出不完整');
      const [, , size] = out.toString('utf8', offset, end).split(' ');
      if (size === undefined) throw new Error(`git 找不到对象 ${ids[contents.length]}`);
      offset = end + 1;
      contents.push(out.subarray(offset, offset + Number(size)));
      offset += Number(size) + 1;
    }
    return contents;
  }
}

/** A path git would check out: no empty, `.` or `..` part, and no `.git` in any letter case. */
export function safeName(name: string): boolean {
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part.toLowerCase() !== '.git' && !part.includes('\\'));
}
