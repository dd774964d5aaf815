/**
 * `npm run publish`: builds the site (and its PDFs) into a new release under a web root and
 * switches the served site to it in one step; keeps the last few releases for rollback.
 *
 *   npm run publish -- --to <web-root> [--keep N] [--no-pdf] [--pushed-by <name>] [--wait <seconds>]
 *   npm run publish -- --to <web-root> --rollback [<release>]
 *   npm run publish -- --to <web-root> --list
 *   npm run publish -- --to <web-root> --record-rejection <file> --commit <hash> [--pushed-by <name>]
 *       (the pre-receive hook: puts a rejected push and its errors on the status page)
 *
 * Runs on one web root are serialised by a lock; a failed build or check changes nothing that
 * is served, says why on stderr and on the status page, and exits 1. See docs/publishing.md.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { headCommit } from '../src/lib/history/git-history.ts';
import { buildRelease } from './lib/publish/build-release.ts';
import { dataFingerprint, readReleaseInfo, writeReleaseInfo } from './lib/publish/data-fingerprint.ts';
import { precompress } from './lib/publish/compress.ts';
import { acquireLock } from './lib/publish/lock.ts';
import { parseReleaseName, releaseName } from './lib/publish/release-name.ts';
import {
  liveRelease,
  listReleases,
  previousRelease,
  releaseDir,
  releaseFigures,
  releasesDir,
  releasesToRemove,
  removeIncomplete,
  removeRelease,
  switchCurrent,
} from './lib/publish/releases.ts';
import { formatTimeIn, isStale, readStatus, writeStatus, type Outcome, type Status } from './lib/publish/status.ts';
import { commandSettings } from './lib/settings.ts';

const USAGE = `用法：
  npm run publish -- --to <网站根目录> [--keep <保留版本数>] [--no-pdf] [--pushed-by <推送人>] [--wait <秒>]
  npm run publish -- --to <网站根目录> --rollback [<版本>]
  npm run publish -- --to <网站根目录> --list`;
const DEFAULT_KEEP = 5;
/** Printing the PDFs of the large scale takes minutes: a second run waits that long for the first. */
const DEFAULT_WAIT_SECONDS = 30 * 60;
/** The status page shows the end of a long error output: the first errors are repeated there. */
const MAX_STATUS_LINES = 200;

interface Options {
  webRoot: string;
  keep: number;
  pdf: boolean;
  pushedBy?: string;
  waitMs: number;
  mode: { kind: 'publish' } | { kind: 'rollback'; release?: string } | { kind: 'list' } | { kind: 'reject'; file: string; commit: string };
}

function usageError(message: string): never {
  console.error(`参数有误：${message}\n${USAGE}`);
  process.exit(2);
}

function commandOptions(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        to: { type: 'string' },
        keep: { type: 'string' },
        'no-pdf': { type: 'boolean' },
        'pushed-by': { type: 'string' },
        wait: { type: 'string' },
        rollback: { type: 'boolean' },
        list: { type: 'boolean' },
        'record-rejection': { type: 'string' },
        commit: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (!values.to) usageError('缺少 --to <网站根目录>');
  const modes = [values.rollback, values.list, values['record-rejection'] !== undefined].filter(Boolean).length;
  if (modes > 1) usageError('--rollback、--list 只能选一个');
  if (positionals.length > (values.rollback ? 1 : 0)) usageError(`多余的参数：${positionals.join(' ')}`);
  const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) usageError(`--keep 应为不小于 1 的整数（现在是“${values.keep}”）`);
  const wait = values.wait === undefined ? DEFAULT_WAIT_SECONDS : Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0) usageError(`--wait 应为秒数（现在是“${values.wait}”）`);
  let mode: Options['mode'] = { kind: 'publish' };
  if (values.rollback) mode = { kind: 'rollback', ...(positionals[0] ? { release: positionals[0] } : {}) };
  else if (values.list) mode = { kind: 'list' };
  else if (values['record-rejection'] !== undefined) {
    if (!values.commit) usageError('--record-rejection 需要 --commit <提交>');
    mode = { kind: 'reject', file: values['record-rejection'], commit: values.commit };
  }
  return {
    webRoot: path.resolve(values.to),
    keep,
    pdf: !values['no-pdf'],
    ...(values['pushed-by'] ? { pushedBy: values['pushed-by'] } : {}),
    waitMs: wait * 1000,
    mode,
  };
}

const settings = commandSettings();
const options = commandOptions();
const { webRoot } = options;

/** Runs `work` holding the web root's lock; says so when another run holds it. */
async function locked<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(releasesDir(webRoot), { recursive: true });
  const release = await acquireLock(webRoot, {
    timeoutMs: options.waitMs,
    onWait: (holder) => console.log(`另一个发布进程（pid ${holder}）正在运行，等它结束后再继续（最多等 ${Math.round(options.waitMs / 1000)} 秒）……`),
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Writes the status page, with `live` and `stale` recomputed from the disk. */
async function recordStatus(change: (status: Status) => void): Promise<void> {
  const status = await readStatus(webRoot);
  change(status);
  const live = await liveRelease(webRoot);
  const parsed = live ? parseReleaseName(live) : undefined;
  if (parsed && status.live?.release !== parsed.name)
    status.live = { release: parsed.name, commit: parsed.commit === 'nogit' ? '' : parsed.commit, builtAt: parsed.time.toISOString() };
  if (!parsed) status.live = null;
  status.stale = isStale(status.live, status.newest);
  status.updatedAt = new Date().toISOString();
  // A publish sets how the site looks; a rollback or a rejection (run without the settings) keeps it.
  if (options.mode.kind === 'publish' || !status.basePath) status.basePath = settings.basePath;
  if (options.mode.kind === 'publish' || !status.siteTitle) status.siteTitle = settings.siteTitle;
  if (options.mode.kind === 'publish' || !status.timeZone) status.timeZone = settings.timeZone;
  await writeStatus(webRoot, status, { basePath: status.basePath, siteTitle: status.siteTitle, timeZone: status.timeZone });
}

/** The lines of a command's error output worth showing on the status page (no colour codes). */
function statusLines(text: string): string[] {
  const lines = text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return lines.length > MAX_STATUS_LINES ? [...lines.slice(0, MAX_STATUS_LINES), `……（另有 ${lines.length - MAX_STATUS_LINES} 行，见发布日志）`] : lines;
}

async function publishRelease(): Promise<boolean> {
  const commit = headCommit(settings.dataDir) ?? undefined;
  return locked(async () => {
    // Taken under the lock: a run that waited is named after the one it waited for.
    const started = new Date();
    const base: Omit<Outcome, 'ok' | 'messages'> = {
      action: 'publish',
      at: started.toISOString(),
      ...(commit ? { commit } : {}),
      ...(options.pushedBy ? { pushedBy: options.pushedBy } : {}),
    };
    const recorded = await readStatus(webRoot);
    // A site built for another sub-path than the one nginx serves would have every link broken.
    if (recorded.basePath && recorded.basePath !== settings.basePath && (await liveRelease(webRoot))) {
      console.error(
        `✘ 本次的 BASE_PATH（${settings.basePath}）与线上网站的（${recorded.basePath}）不同，未发布：请设置 BASE_PATH=${recorded.basePath} 后重试。` +
          `\n  确需更换子路径时，先改好 nginx 配置，再删除 ${path.join(webRoot, 'status', 'status.json')}。`,
      );
      return false;
    }
    // A publish for a push (--pushed-by: the hooks, CI) makes its commit the newest one, known
    // now: should the build fail, the status page says the site is behind. A publish by hand
    // (possibly of older data) does not, unless nothing was recorded yet.
    const previousNewest = recorded.newest;
    const newest: Status['newest'] =
      commit && (options.pushedBy || !previousNewest)
        ? { commit, at: started.toISOString(), ...(options.pushedBy ? { pushedBy: options.pushedBy } : {}) }
        : previousNewest;
    // Releases of the same second (of any commit) are counted, so that names sort in build order.
    const sameSecond = (await readdir(releasesDir(webRoot))).filter((entry) => entry.startsWith(releaseName(commit, started).slice(0, 16))).length;
    const name = releaseName(commit, started, sameSecond);
    const live = await liveRelease(webRoot);
    // Recorded before the build: a publish killed half-way (kill -9, a reboot) leaves the
    // pages marked stale, as one that failed does.
    if (newest !== previousNewest) await recordStatus((status) => void (status.newest = newest));
    console.log(`发布 ${name}（数据目录 ${settings.dataDir}${commit ? `，提交 ${commit.slice(0, 7)}` : '，不在 git 仓库中'}）……`);

    const fail = async (messages: string[]) => {
      await removeRelease(webRoot, name);
      await recordStatus((status) => {
        status.newest = newest;
        status.last = { ...base, ok: false, messages };
      });
      const still = live ? `线上网站保持为 ${live}。` : '线上还没有网站。';
      console.error(`✘ 发布失败，${still}原因见上面的输出和 ${path.join(webRoot, 'status', 'index.html')}。`);
      return false;
    };

    const built = await buildRelease({
      appRoot: settings.root,
      outDir: releaseDir(webRoot, name),
      env: process.env,
      pdf: options.pdf,
      ...(live ? { reuseFrom: releaseDir(webRoot, live) } : {}),
    });
    if (!built.ok) return fail(statusLines(built.errors || '生成网站的命令失败，没有输出原因。'));
    try {
      await writeReleaseInfo(releaseDir(webRoot, name), await dataFingerprint(settings.dataDir));
      const { files, bytes, gzipBytes } = await precompress(releaseDir(webRoot, name));
      console.log(`已预压缩 ${files} 个文本文件（${(bytes / 1e6).toFixed(1)} MB → gzip ${(gzipBytes / 1e6).toFixed(1)} MB）。`);
      await switchCurrent(webRoot, name);
    } catch (error) {
      return fail([`发布的最后一步失败：${error instanceof Error ? error.message : String(error)}`]);
    }
    await recordStatus((status) => {
      status.newest = newest;
      status.last = { ...base, ok: true, release: name, messages: [] };
    });
    console.log(`✔ 已发布 ${name}，线上网站现在是这个版本。`);
    await retain();
    return true;
  });
}

/** Removes the releases beyond --keep (never the live one or the one a rollback goes back to). */
async function retain(): Promise<void> {
  const leftovers = await removeIncomplete(webRoot);
  if (leftovers.length > 0) console.log(`已删除未完成的发布留下的：${leftovers.join('、')}`);
  const releases = await listReleases(webRoot);
  for (const release of releasesToRemove(releases, await liveRelease(webRoot), options.keep)) {
    await removeRelease(webRoot, release.name);
    console.log(`已删除旧版本 ${release.name}（保留最近 ${options.keep} 个）。`);
  }
}

async function rollback(wanted: string | undefined): Promise<boolean> {
  return locked(async () => {
    const releases = await listReleases(webRoot);
    const live = await liveRelease(webRoot);
    const target = wanted ? releases.find((release) => release.name === wanted) : previousRelease(releases, live);
    if (!target) {
      const known = releases.map((release) => release.name).join('、') || '（没有）';
      console.error(
        wanted ? `✘ 没有版本 ${wanted}。已有的版本：${known}` : `✘ 线上版本 ${live ?? '（没有）'} 之前没有更早的版本可以回退。已有的版本：${known}`,
      );
      return false;
    }
    await switchCurrent(webRoot, target.name);
    await recordStatus((status) => {
      status.last = {
        action: 'rollback',
        ok: true,
        at: new Date().toISOString(),
        release: target.name,
        commit: target.commit,
        messages: [`从 ${live ?? '（没有）'} 回退到 ${target.name}。`],
      };
    });
    console.log(`✔ 已回退：线上网站现在是 ${target.name}（原来是 ${live ?? '（没有）'}）。`);
    return true;
  });
}

async function list(): Promise<boolean> {
  const releases = await listReleases(webRoot);
  const live = await liveRelease(webRoot);
  if (releases.length === 0) {
    console.log(`${webRoot} 中还没有发布过的版本。`);
    return true;
  }
  // Without git every release is …-nogit: the data's fingerprint and modification time tell them apart.
  console.log('版本\t数据提交\t数据指纹\t数据修改时间\t生成时间\t检查活动\t问题\t亮点');
  for (const release of [...releases].reverse()) {
    const figures = await releaseFigures(webRoot, release.name);
    const data = await readReleaseInfo(releaseDir(webRoot, release.name));
    const cells = [
      release.name,
      release.commit,
      data ? data.hash.slice(0, 12) : '—',
      data?.modified ? formatTimeIn(data.modified, settings.timeZone) : '—',
      formatTimeIn(release.time.toISOString(), settings.timeZone),
      ...(figures ? [figures.campaigns, figures.findings, figures.highlights].map(String) : ['—', '—', '—']),
    ];
    console.log(`${cells.join('\t')}${release.name === live ? '\t← 线上' : ''}`);
  }
  return true;
}

async function recordRejection(file: string, commit: string): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  return locked(async () => {
    await recordStatus((status) => {
      status.last = {
        action: 'rejected',
        ok: false,
        at: new Date().toISOString(),
        commit,
        ...(options.pushedBy ? { pushedBy: options.pushedBy } : {}),
        messages: statusLines(text),
      };
    });
    return true;
  });
}

let ok: boolean;
try {
  const { mode } = options;
  if (mode.kind === 'rollback') ok = await rollback(mode.release);
  else if (mode.kind === 'list') ok = await list();
  else if (mode.kind === 'reject') ok = await recordRejection(mode.file, mode.commit);
  else ok = await publishRelease();
} catch (error) {
  console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
  ok = false;
}
process.exitCode = ok ? 0 : 1;
