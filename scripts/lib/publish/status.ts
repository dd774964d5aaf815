import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TIME_ZONE } from '../../../src/lib/settings.ts';

/**
 * The status page: clerks do not read hook output, so the web root carries the outcome of the
 * last publish, rollback or rejected push as `status/status.json`, `status/index.html` and
 * `status/status.css`. nginx serves that directory at `<BASE_PATH>status/`; every page of the
 * site links the stylesheet, which shows the footer's "not the newest data" link only while the
 * live release is not the newest accepted commit. No JavaScript: the page is plain HTML.
 */

export const STATUS_DIR = 'status';

export type Action = 'publish' | 'rollback' | 'rejected';

export interface Outcome {
  action: Action;
  ok: boolean;
  /** ISO time. */
  at: string;
  /** The commit published or rejected (full hash when known). */
  commit?: string;
  pushedBy?: string;
  release?: string;
  /** In Chinese: what went wrong, or what was done. */
  messages: string[];
}

export interface Status {
  updatedAt: string;
  /** BASE_PATH of the live site: rollbacks and rejections, run without it, link back with it. */
  basePath?: string;
  /** SITE_TITLE and TIME_ZONE of the live site, kept for the same reason. */
  siteTitle?: string;
  timeZone?: string;
  live: { release: string; commit: string; builtAt: string } | null;
  /** The newest commit accepted on the published branch (or published by hand). */
  newest: { commit: string; pushedBy?: string; at: string } | null;
  /** True when the live release is not built from the newest commit. */
  stale: boolean;
  last: Outcome | null;
}

export const emptyStatus = (): Status => ({ updatedAt: new Date(0).toISOString(), live: null, newest: null, stale: false, last: null });

export const statusDir = (webRoot: string) => path.join(webRoot, STATUS_DIR);

export async function readStatus(webRoot: string): Promise<Status> {
  const text = await readFile(path.join(statusDir(webRoot), 'status.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return emptyStatus();
  try {
    return { ...emptyStatus(), ...(JSON.parse(text) as Partial<Status>) };
  } catch {
    return emptyStatus(); // A damaged file is rewritten whole by this run.
  }
}

/** Whether the live release is built from another commit than the newest one. */
export function isStale(live: Status['live'], newest: Status['newest']): boolean {
  if (!live || !newest) return false;
  return live.commit === '' || !newest.commit.startsWith(live.commit);
}

/** How the status page is shown: the live site's sub-path, name and time zone. */
export interface StatusLook {
  basePath: string;
  siteTitle: string;
  timeZone: string;
}

/** Writes the three files, each by rename, so a reader never sees half of one. */
export async function writeStatus(webRoot: string, status: Status, look: StatusLook): Promise<void> {
  const dir = statusDir(webRoot);
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['status.json', `${JSON.stringify(status, null, 2)}\n`],
    ['index.html', statusPage(status, look)],
    // Higher specificity than the site's own `.stale-release { display: none }`.
    ['status.css', status.stale ? 'footer .stale-release { display: inline; }\n' : '/* 线上网站是最新的数据 */\n'],
    ['404.html', notFoundPage(look)],
  ];
  for (const [name, content] of files) {
    const temporary = path.join(dir, `.${name}.${process.pid}`);
    await writeFile(temporary, content);
    await rename(temporary, path.join(dir, name));
  }
}

const ACTION_WORDS: Record<Action, [string, string]> = {
  publish: ['发布成功', '发布失败'],
  rollback: ['已回退', '回退失败'],
  rejected: ['推送被拒绝', '推送被拒绝'],
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const shortHash = (hash: string | undefined) => (hash ? hash.slice(0, 7) : '—');

/** A moment as the office reads it, in its time zone (TIME_ZONE; Beijing time by default). */
export function formatTimeIn(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${parts}（${timeZone === DEFAULT_TIME_ZONE ? '北京时间' : timeZone}）`;
}

function page(title: string, body: string, siteTitle: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · ${escape(siteTitle)}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #1f2328; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 0.3rem 0.8rem 0.3rem 0; vertical-align: top; }
.ok { color: #1a7f37; } .failed { color: #a4262c; } pre { white-space: pre-wrap; background: #f6f8fa; padding: 0.75rem; overflow-wrap: anywhere; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function statusPage(status: Status, { basePath, siteTitle, timeZone }: StatusLook): string {
  const { last, live, newest } = status;
  const formatTime = (iso: string) => formatTimeIn(iso, timeZone);
  const rows: Array<[string, string]> = [];
  if (last) {
    const [success, failure] = ACTION_WORDS[last.action];
    rows.push(['最近一次操作', `<strong class="${last.ok ? 'ok' : 'failed'}">${last.ok ? success : failure}</strong>`]);
    rows.push(['时间', escape(formatTime(last.at))]);
    rows.push(['提交', `<code>${escape(shortHash(last.commit))}</code>`]);
    rows.push(['推送人', escape(last.pushedBy ?? '—')]);
  }
  rows.push([
    '线上版本',
    live
      ? `<code>${escape(live.release)}</code>（数据提交 <code>${escape(live.commit || '未知')}</code>，生成于 ${escape(formatTime(live.builtAt))}）`
      : '尚未发布',
  ]);
  rows.push([
    '最新提交',
    newest ? `<code>${escape(shortHash(newest.commit))}</code>（${escape(newest.pushedBy ?? '—')}，${escape(formatTime(newest.at))}）` : '—',
  ]);
  const verdict = status.stale
    ? `<p class="failed"><strong>线上网站不是最新提交的数据</strong>：${
        last && !last.ok ? '最近一次操作失败，原因见下面；改正后重新提交即可。' : '线上版本是回退或手动发布的较早版本。'
      }</p>`
    : live
      ? '<p class="ok">线上网站是最新提交的数据。</p>'
      : '';
  const messages = last && last.messages.length > 0 ? `<h2>${last.ok ? '说明' : '原因'}</h2>\n<pre>${escape(last.messages.join('\n'))}</pre>` : '';
  return page(
    '发布状态',
    `<h1>${escape(siteTitle)} · 发布状态</h1>
${verdict}
<table>
${rows.map(([label, value]) => `<tr><th scope="row">${label}</th><td>${value}</td></tr>`).join('\n')}
</table>
${messages}
<p><a href="${escape(basePath)}">返回网站首页</a> · <a href="status.json">status.json</a></p>`,
    siteTitle,
  );
}

function notFoundPage({ basePath, siteTitle }: StatusLook): string {
  return page(
    '页面不存在',
    `<h1>页面不存在</h1>\n<p>这个地址没有页面：可能是链接有误，或者对应的检查活动已改名或删除。</p>\n<p><a href="${escape(basePath)}">返回网站首页</a></p>`,
    siteTitle,
  );
}
