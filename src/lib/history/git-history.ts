import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Status } from '../tables/findings.ts';
import { diffFindings, readFindingStatuses, type FindingsDiff } from './diff-findings.ts';

/**
 * When the data last changed and how a campaign's findings evolved, read from the git history
 * of the data directory at build time. This is the only module that runs git. A checkout
 * without git (an exported tarball, a machine without git installed) is normal: every function
 * then returns null instead of failing the build.
 *
 * The data is untrusted (anyone who may push data/ writes it), so git never discovers a
 * repository by itself: a folder under data/ holding HEAD, config, objects/ and refs/ looks
 * like a bare repository to git's discovery, and its config would run commands
 * (core.fsmonitor) at every build. findRepository() looks only for a `.git` entry, from the
 * data folder upwards, and every run names that repository and its work tree explicitly, with
 * settings that turn off everything in git that can run a command (see SAFE_GIT_CONFIG).
 * Output is read NUL-separated (-z) everywhere: names and subjects may hold any other byte.
 */

export interface DataCommit {
  hash: string;
  shortHash: string;
  /** Committer date, ISO 8601 with the committer's offset, e.g. 2025-10-15T09:30:00+08:00. */
  date: string;
  author: string;
  subject: string;
}

export interface FindingsChange extends FindingsDiff {
  commit: DataCommit;
  /** This version, or every earlier one within reach, could not be read: the lists are empty. */
  unreadable: boolean;
}

/** Output is buffered whole; a few hundred versions of a large findings.csv fit. */
const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * One commit's fields, each NUL-terminated, NUL-started: NUL cannot occur in a name or a
 * subject (any other byte can, U+001E included), and with -z the names that follow are
 * NUL-terminated and never empty, so an empty token always starts a commit (parseLogZ).
 */
const COMMIT_FIELDS = ['%H', '%h', '%cI', '%an', '%s'];
const COMMIT_FORMAT = `%x00${COMMIT_FIELDS.join('%x00')}`;

/**
 * Settings given on git's command line, which outrank every configuration file: nothing in a
 * repository's config (or in a work tree it reads) makes git run a command, page, or use a
 * repository it was not told to.
 */
export const SAFE_GIT_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.untrackedCache=false',
  'safe.bareRepository=explicit',
  'submodule.recurse=false',
  'diff.external=',
  'log.showSignature=false',
  'protocol.allow=never',
].flatMap((setting) => ['-c', setting]);

export interface GitRepository {
  /** The repository's git directory: `<top>/.git`, or where a `.git` file points. */
  gitDir: string;
  /** The top of its work tree. */
  top: string;
}

/**
 * The repository whose work tree holds `dir`: the nearest `.git` directory or `.git` file
 * (`gitdir: …`, a worktree or a submodule) in `dir` or above it. Bare repositories are never
 * found: nothing of the data is a repository unless a `.git` says so.
 */
export function findRepository(dir: string): GitRepository | null {
  for (let current = realPath(dir); ;) {
    const dotGit = path.join(current, '.git');
    const entry = lstatOrNull(dotGit);
    if (entry?.isDirectory()) return { gitDir: dotGit, top: current };
    if (entry?.isFile()) {
      const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (target) return { gitDir: path.resolve(current, target), top: current };
    }
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

function lstatOrNull(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

/**
 * Whether `dir` is in a git work tree with its whole history: one call, so a build from a
 * tarball spawns no more. A shallow clone (CI's default `--depth`) has lost the commits that
 * last changed most files: git would credit them to the oldest commit it has.
 */
export function repositoryState(dir: string): 'none' | 'shallow' | 'complete' {
  return repository(dir).state;
}

/** repositoryState, and the absolute path of the work tree's top directory when there is one. */
export function repository(dir: string): { state: 'none' | 'shallow' | 'complete'; top: string | null } {
  const answers = git(dir, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository', '--show-toplevel'])?.toString('utf8').split('\n');
  if (answers?.[0]?.trim() !== 'true') return { state: 'none', top: null };
  return { state: answers[1]?.trim() === 'true' ? 'shallow' : 'complete', top: answers[2]?.trim() || null };
}

export interface WorkTreeStatus {
  /** No commit yet (a fresh `git init`): every file is uncommitted and `git log` would fail. */
  initial: boolean;
  /**
   * The files under the paths asked about that differ from the last commit: changed (staged
   * or not), deleted, or never committed. Relative to `root`, '/'-separated, sorted.
   */
  uncommitted: string[];
}

/**
 * Which of `paths` (files or directories, relative to `root`) have changes not yet committed,
 * from a single `git status` over all of them: one process per build, however many campaigns.
 * `top` is the work tree's top directory (see repository()), which git names files from.
 * Null when git fails, e.g. when a path lies outside the work tree.
 */
export function workTreeStatus(root: string, top: string, paths: string[]): WorkTreeStatus | null {
  if (paths.length === 0) return { initial: false, uncommitted: [] }; // No pathspec would mean the whole work tree.
  // Porcelain v2: stable, and says "(initial)" before the first commit; -z: names unquoted.
  const out = git(root, ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--no-renames', '--ignore-submodules', '--', ...paths]);
  if (!out) return null;
  let initial = false;
  const files = new Set<string>();
  // -z ends each entry with NUL; a name may contain spaces, so it is everything after the fields.
  const entries = out.toString('utf8').split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? '';
    if (entry.startsWith('# branch.oid ')) initial = entry.slice('# branch.oid '.length).trim() === '(initial)';
    const name = nameInStatus(entry);
    if (name !== null) files.add(relativeToRoot(root, top, name));
    // A rename (not listed with --no-renames, but should git list one) is followed by its old name.
    if (entry.startsWith('2 ')) i++;
  }
  return { initial, uncommitted: [...files].sort() };
}

/** Fields before the name: "1 XY sub mH mI mW hH hI <name>", "u XY sub m1 m2 m3 mW h1 h2 h3 <name>", "? <name>". */
const FIELDS_BEFORE_NAME: Record<string, number> = { '1': 8, '2': 9, u: 10, '?': 1 };

function nameInStatus(entry: string): string | null {
  const fields = FIELDS_BEFORE_NAME[entry.charAt(0)];
  if (fields === undefined || entry.charAt(1) !== ' ') return null; // headers ("# ...") and empty ends
  const parts = entry.split(' ');
  return parts.length > fields ? parts.slice(fields).join(' ') : null;
}

/** git names files from the top of the work tree; the build names them from the project root. */
function relativeToRoot(root: string, top: string, name: string): string {
  return path.relative(realPath(root), path.resolve(top, name)).split(path.sep).join('/');
}

/** `dir` as git sees it: git reports its top directory with symbolic links resolved. */
export function realPath(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** The full hash of the commit checked out in the work tree holding `dir`; null outside git. */
export function headCommit(dir: string): string | null {
  const hash = git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])?.toString('utf8').trim() ?? '';
  return /^[0-9a-f]{40,64}$/.test(hash) ? hash : null;
}

/** The last commit that touched any of `paths` (relative to `root`); null without git history. */
export function lastCommit(root: string, paths: string[]): DataCommit | null {
  if (paths.length === 0) return null; // No pathspec would mean the whole repository.
  const out = git(root, ['log', '-z', '--max-count=1', '--no-show-signature', `--format=${COMMIT_FORMAT}`, '--', ...paths]);
  return out ? (parseLogZ(out)[0]?.commit ?? null) : null;
}

/**
 * The last commit that touched each group of files (a campaign's sources, say), from a single
 * `git log` over all of them: one process per build however many campaigns there are.
 * Paths are relative to `root`; null without git history.
 */
export function lastCommits(root: string, groups: Map<string, string[]>): Map<string, DataCommit | null> | null {
  const paths = [...new Set([...groups.values()].flat())];
  const result = new Map<string, DataCommit | null>([...groups.keys()].map((key) => [key, null]));
  if (paths.length === 0) return result;
  const out = git(root, ['log', '-z', '--no-show-signature', '--no-renames', '--relative', '--name-only', `--format=${COMMIT_FORMAT}`, '--', ...paths]);
  if (!out) return null;
  // Commits come newest first: the first one naming a file is its last change.
  const lastChange = new Map<string, { commit: DataCommit; order: number }>();
  parseLogZ(out).forEach(({ commit, items }, order) => {
    for (const file of items) if (!lastChange.has(file)) lastChange.set(file, { commit, order });
  });
  for (const [key, files] of groups) {
    const newest = files.map((file) => lastChange.get(file)).reduce((a, b) => (b && (!a || b.order < a.order) ? b : a), undefined);
    result.set(key, newest?.commit ?? null);
  }
  return result;
}

/**
 * The commits that changed `findingsPath` (relative to `root`), newest first and at most
 * `limit`, each with what it changed in the findings compared with the version before it. A
 * commit that changed only other columns has empty lists. Null without git history.
 */
export function findingsHistory(root: string, findingsPath: string, limit = 300): FindingsChange[] | null {
  return findingsHistories(root, [findingsPath], limit)?.get(findingsPath) ?? null;
}

/**
 * findingsHistory for many files at once: one `git log` and one `git cat-file --batch` for
 * all of them, so a build with hundreds of campaigns starts two git processes, not hundreds.
 */
export function findingsHistories(root: string, findingsPaths: string[], limit = 300): Map<string, FindingsChange[]> | null {
  const histories = new Map<string, FindingsChange[]>(findingsPaths.map((file) => [file, []]));
  if (findingsPaths.length === 0) return histories;
  // --raw names the blob before and after each commit, so every version is compared with its
  // real parent, and the oldest listed commit's previous version is known without another call.
  const log = git(root, [
    'log',
    '-z',
    '--no-show-signature',
    '--no-color',
    '--no-renames',
    '--relative',
    '--raw',
    '--diff-merges=first-parent',
    `--format=${COMMIT_FORMAT}`,
    '--',
    ...findingsPaths,
  ]);
  if (!log) return null;
  const entriesByFile = new Map<string, LogEntry[]>();
  for (const entry of parseRawLog(log)) {
    const entries = entriesByFile.get(entry.file) ?? [];
    if (entries.length < limit) entries.push(entry);
    entriesByFile.set(entry.file, entries);
  }

  const entries = [...entriesByFile.values()].flat();
  const blobIds = [...new Set(entries.flatMap((entry) => [entry.before, entry.after]))].filter((id): id is string => id !== null);
  const contents = readBlobs(root, blobIds);
  const versions = new Map<string, Map<string, Status> | null>();
  blobIds.forEach((id, i) => {
    const bytes = contents[i];
    versions.set(id, bytes ? readFindingStatuses(bytes, 'findings.csv') : null);
  });
  // No blob: the file does not exist on that side of the commit, so it has no findings.
  const versionOf = (id: string | null) => (id === null ? new Map<string, Status>() : (versions.get(id) ?? null));

  for (const [file, fileEntries] of entriesByFile) {
    // Oldest first, so that a version following an unreadable one is compared with the last
    // readable one, and changes made across a broken commit are not lost.
    const changes: FindingsChange[] = new Array(fileEntries.length);
    let lastReadable: Map<string, Status> | null = null;
    for (let i = fileEntries.length - 1; i >= 0; i--) {
      const entry = fileEntries[i];
      if (entry === undefined) continue; // never: i is within fileEntries
      const { commit, before: beforeId, after: afterId } = entry;
      const before: Map<string, Status> | null = versionOf(beforeId) ?? lastReadable;
      const after = versionOf(afterId);
      lastReadable = after ?? before;
      changes[i] =
        before && after
          ? { commit, ...diffFindings(before, after), unreadable: false }
          : { commit, added: [], removed: [], statusChanges: [], unreadable: true };
    }
    histories.set(file, changes);
  }
  return histories;
}

interface LogEntry {
  commit: DataCommit;
  file: string;
  /** Abbreviated blob ids of the file before and after the commit; null where it does not exist. */
  before: string | null;
  after: string | null;
}

/**
 * `git log -z --format=COMMIT_FORMAT [--name-only | --raw]` as one record per commit: its fields
 * and the NUL-separated items after them (names, or raw status and name in turn). The stream is
 * `\0<fields, each \0-ended>` then, when the commit lists files, `\n<item>\0<item>\0…`.
 */
export function parseLogZ(out: Buffer): Array<{ commit: DataCommit; items: string[] }> {
  const tokens = out.toString('utf8').split('\0');
  const records: Array<{ commit: DataCommit; items: string[] }> = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] !== '') {
      i++; // never in git's output: skip to the next record's mark
      continue;
    }
    const fields = tokens.slice(i + 1, i + 1 + COMMIT_FIELDS.length);
    if (fields.length < COMMIT_FIELDS.length) break; // the empty token after the last NUL
    i += 1 + COMMIT_FIELDS.length;
    const items: string[] = [];
    if (tokens[i]?.startsWith('\n')) {
      items.push((tokens[i] ?? '').slice(1));
      for (i++; i < tokens.length && tokens[i] !== ''; i++) items.push(tokens[i] ?? '');
    }
    records.push({ commit: parseCommit(fields), items: items.filter((item) => item !== '') });
  }
  return records;
}

/** One entry per file a commit changed: `:100644 100644 <before> <after> M` then `<path>`. */
function parseRawLog(out: Buffer): LogEntry[] {
  return parseLogZ(out).flatMap(({ commit, items }) => {
    const entries: LogEntry[] = [];
    for (let i = 0; i + 1 < items.length; i += 2) {
      const status = items[i] ?? '';
      if (!status.startsWith(':')) continue;
      // All zeros where the file does not exist on that side.
      const [, , before, after] = status.split(' ');
      entries.push({ commit, file: items[i + 1] ?? '', before: blobOrNull(before), after: blobOrNull(after) });
    }
    return entries;
  });
}

function blobOrNull(id: string | undefined): string | null {
  return id === undefined || /^0+$/.test(id) ? null : id;
}

/** Control characters in a name or a subject (a pusher writes them) are shown as spaces. */
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');

function parseCommit([hash = '', shortHash = '', date = '', author = '', subject = '']: string[]): DataCommit {
  return { hash, shortHash, date, author: printable(author), subject: printable(subject) };
}

/**
 * The contents of each blob, in the order asked, through one `git cat-file --batch` process;
 * null for a blob git cannot provide (or for all of them when the batch fails).
 */
function readBlobs(root: string, ids: string[]): Array<Uint8Array | null> {
  if (ids.length === 0) return [];
  const out = git(root, ['cat-file', '--batch'], `${ids.join('\n')}\n`);
  const contents: Array<Uint8Array | null> = [];
  // Each answer is "<sha> <type> <size>\n<content>\n", or "<id> missing\n" with no content;
  // answers come in the order asked, which matters because abbreviated ids come back in full.
  let offset = 0;
  while (out && contents.length < ids.length) {
    const end = out.indexOf(0x0a, offset);
    if (end === -1) break;
    const [, type, size] = out.toString('utf8', offset, end).split(' ');
    offset = end + 1;
    if (size === undefined) {
      contents.push(null);
      continue;
    }
    const length = Number(size);
    contents.push(type === 'blob' ? out.subarray(offset, offset + length) : null);
    offset += length + 1;
  }
  return contents;
}

/**
 * Runs git on the repository holding `root`, named explicitly with its work tree and with
 * SAFE_GIT_CONFIG, from `root` (paths are relative to it); its stdout, or null when git is
 * missing or fails, or `root` is in no repository.
 */
function git(root: string, args: string[], input?: string): Buffer | null {
  const repo = findRepository(root);
  if (!repo) return null;
  const result = spawnSync('git', [`--git-dir=${repo.gitDir}`, `--work-tree=${repo.top}`, '--no-pager', ...SAFE_GIT_CONFIG, ...args], {
    cwd: root,
    env: safeGitEnvironment(process.env),
    input,
    maxBuffer: MAX_BUFFER,
    stdio: ['pipe', 'pipe', 'ignore'],
    windowsHide: true,
  });
  return result.error || result.status !== 0 ? null : result.stdout;
}

/**
 * The environment git runs in: none of a hook's GIT_ variables (GIT_DIR, GIT_QUARANTINE_PATH…,
 * which name the hook's own repository, and GIT_CONFIG_COUNT/KEY/VALUE, GIT_EXTERNAL_DIFF and
 * the like, which can run commands), only those that choose the administrator's configuration
 * files; no prompt, no optional lock (a status never rewrites the index of the data).
 */
export function safeGitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (key.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM'].includes(key)) delete clean[key];
  }
  return { ...clean, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_ATTR_NOSYSTEM: '1' };
}
