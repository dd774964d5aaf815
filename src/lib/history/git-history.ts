import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Status } from '../tables/findings.ts';
import { diffFindings, readFindingStatuses, type FindingsDiff } from './diff-findings.ts';

/**
 * When the data last changed and how a campaign's findings evolved, read from the git history
 * of the data directory at build time. This is the only module that runs git. A checkout
 * without git (an exported tarball, a machine without git installed) is normal: every function
 * then returns null instead of failing the build.
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

/** Fields separated by NUL, which cannot occur in a commit's name or subject. */
const COMMIT_FORMAT = ['%H', '%h', '%cI', '%an', '%s'].join('%x00');

/** Starts each commit's block in `git log --raw` output. */
const RECORD_MARK = '\x1e';

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
  const out = git(root, ['log', '--max-count=1', '--no-show-signature', `--format=${COMMIT_FORMAT}`, '--', ...paths]);
  const line = out?.toString('utf8').split('\n')[0];
  return line ? parseCommit(line) : null;
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
  const out = git(root, ['log', '--no-show-signature', '--no-renames', '--relative', '--name-only', `--format=${RECORD_MARK}${COMMIT_FORMAT}`, '--', ...paths]);
  if (!out) return null;
  // Commits come newest first: the first one naming a file is its last change.
  const lastChange = new Map<string, { commit: DataCommit; order: number }>();
  out
    .toString('utf8')
    .split(RECORD_MARK)
    .slice(1)
    .forEach((block, order) => {
      const [header = '', ...files] = block.split('\n');
      const commit = parseCommit(header);
      for (const file of files) if (file && !lastChange.has(file)) lastChange.set(file, { commit, order });
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
    '--no-show-signature',
    '--no-color',
    '--no-renames',
    '--relative',
    '--raw',
    '--diff-merges=first-parent',
    `--format=${RECORD_MARK}${COMMIT_FORMAT}`,
    '--',
    ...findingsPaths,
  ]);
  if (!log) return null;
  const entriesByFile = new Map<string, LogEntry[]>();
  for (const entry of parseLog(log.toString('utf8'))) {
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

/** One entry per file a commit changed: `:100644 100644 <before> <after> M\t<path>`. */
function parseLog(text: string): LogEntry[] {
  return text
    .split(RECORD_MARK)
    .slice(1)
    .flatMap((block) => {
      const [header = '', ...lines] = block.split('\n');
      const commit = parseCommit(header);
      return lines
        .filter((line) => line.startsWith(':'))
        .map((line) => {
          const [status = '', file = ''] = line.split('\t');
          // All zeros where the file does not exist on that side.
          const [, , before, after] = status.split(' ');
          return { commit, file, before: blobOrNull(before), after: blobOrNull(after) };
        });
    });
}

function blobOrNull(id: string | undefined): string | null {
  return id === undefined || /^0+$/.test(id) ? null : id;
}

function parseCommit(line: string): DataCommit {
  const [hash = '', shortHash = '', date = '', author = '', subject = ''] = line.split('\0');
  return { hash, shortHash, date, author, subject };
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

/** Runs git in `root`; its stdout, or null when git is missing or fails (e.g. not a work tree). */
function git(root: string, args: string[], input?: string): Buffer | null {
  const result = spawnSync('git', args, {
    cwd: root,
    env: withoutHookVariables(process.env),
    input,
    maxBuffer: MAX_BUFFER,
    stdio: ['pipe', 'pipe', 'ignore'],
    windowsHide: true,
  });
  return result.error || result.status !== 0 ? null : result.stdout;
}

/**
 * Lets `cwd` choose the repository even when run from a git hook, which exports GIT_DIR and,
 * in pre-receive, GIT_OBJECT_DIRECTORY, GIT_QUARANTINE_PATH and the like for its own repository.
 * The variables that only configure git are kept.
 */
function withoutHookVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (key.startsWith('GIT_') && !['GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_SSH_COMMAND'].includes(key)) delete clean[key];
  }
  return clean;
}
