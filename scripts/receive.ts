/**
 * The pre-receive hook's judgement of a push (deploy/hooks/pre-receive runs it, with the ref
 * updates on stdin, as git gives them: `<old> <new> <ref>` a line). For the published branch:
 *
 *   1. only maintainers may delete it or rewrite its history (a push that is not a fast-forward);
 *   2. only maintainers may change files outside data/ and templates/, judged over every path
 *      the push changes (pushed-repository.ts: merges and renames included);
 *   3. the pushed tree's data and templates, as git stores them, must pass the trusted app's
 *      `npm run check`.
 *
 * A rejection's full messages go to the pusher's terminal (stderr, which git relays) and to the
 * hook's log; the status page gets where and what kind (rejection.ts), never a cell's value.
 * Exits 1 when any update is rejected, which refuses the whole push.
 *
 *   node scripts/run.mjs receive --git-dir <bare repo> --pushed-by <name> [--branch main]
 *     [--maintainers "alice bob"] [--web-root <dir>] [--log-dir <dir>]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatIssues, type DataIssue } from '../src/lib/errors.ts';
import { safeGitEnvironment } from '../src/lib/history/git-history.ts';
import { PushedRepository, ZERO_ID } from './lib/publish/pushed-repository.ts';
import { publicIssueLines } from './lib/publish/rejection.ts';

/** The trusted app: the hook runs this script from its checkout (scripts/run.mjs bundles it elsewhere). */
const APP_ROOT = process.cwd();
/** The folders a push by anyone may change; the data check reads them. */
const DATA_FOLDERS = ['data', 'templates'];

const { values } = parseArgs({
  options: {
    'git-dir': { type: 'string' },
    branch: { type: 'string', default: 'main' },
    maintainers: { type: 'string', default: '' },
    'pushed-by': { type: 'string' },
    'web-root': { type: 'string' },
    'log-dir': { type: 'string' },
  },
  strict: true,
});
if (!values['git-dir'] || !values['pushed-by']) {
  console.error(
    '用法：node scripts/run.mjs receive --git-dir <裸仓库> --pushed-by <推送人> [--branch main] [--maintainers "甲 乙"] [--web-root <目录>] [--log-dir <目录>]',
  );
  process.exit(2);
}
const repo = new PushedRepository(values['git-dir']);
const branchRef = `refs/heads/${values.branch}`;
const pusher = values['pushed-by'];
const maintainers = values.maintainers.split(/\s+/).filter(Boolean);
const isMaintainer = maintainers.includes(pusher);
const maintainerNames = maintainers.join('、') || '无';

interface Rejection {
  commit: string;
  /** For the pusher and the log: every message in full. */
  full: string;
  /** For the status page: no value of a cell, no text of the pusher's. */
  public: string[];
}

/** Runs the trusted app's data check on an exported tree; its JSON report. */
function runCheck(dataDir: string): Promise<{ ok: boolean; errors: DataIssue[]; warnings: DataIssue[] }> {
  return new Promise((resolve, reject) => {
    // The app's own git commands must never see this hook's repository or quarantine.
    const env: NodeJS.ProcessEnv = { ...safeGitEnvironment(process.env), DATA_DIR: dataDir };
    const child = spawn(process.execPath, [path.join(APP_ROOT, 'scripts', 'run.mjs'), 'check', '--format', 'json'], {
      cwd: APP_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`数据检查没有给出结果：${err.trim().split('\n').slice(-3).join(' ') || '（没有输出）'}`));
      }
    });
  });
}

async function judge(old: string, next: string): Promise<Rejection | null> {
  const commit = ZERO_ID.test(next) ? old : next;
  if (ZERO_ID.test(next)) {
    if (isMaintainer) return null;
    const text = `✘ 推送被拒绝：只有维护者（${maintainerNames}）可以删除 ${values.branch} 分支。`;
    return { commit, full: text, public: [`删除 ${values.branch} 分支：只有维护者可以删除`] };
  }
  if (!ZERO_ID.test(old) && !isMaintainer && !repo.isFastForward(old, next)) {
    const text = `✘ 推送被拒绝：这次推送会改写 ${values.branch} 分支已有的历史（强制推送），只有维护者（${maintainerNames}）可以这样做。\n  请先 git pull（合并或变基到最新的 ${values.branch}）再推送。`;
    return { commit, full: text, public: [`强制推送（改写 ${values.branch} 的历史）：只有维护者可以这样做`] };
  }

  const outside = repo.changedPaths(old, next).filter((name) => !DATA_FOLDERS.some((folder) => name.startsWith(`${folder}/`)));
  if (outside.length > 0 && !isMaintainer) {
    const text = `✘ 推送被拒绝：只有维护者（${maintainerNames}）可以修改 ${DATA_FOLDERS.map((folder) => `${folder}/`).join(' 和 ')} 以外的文件。\n  推送人：${pusher}\n  修改了：\n${outside.map((name) => `    ${name}`).join('\n')}`;
    return { commit, full: text, public: [`修改了 data/ 和 templates/ 以外的 ${outside.length} 个文件：只有维护者可以修改`] };
  }

  const work = mkdtempSync(path.join(tmpdir(), 'inspection-receive-'));
  try {
    const problems = repo.checkOut(next, DATA_FOLDERS, work);
    if (problems.length > 0) {
      const text = `✘ 推送被拒绝：提交 ${next.slice(0, 7)} 中有 git 不应检出的内容：\n${problems.map((problem) => `  ${problem}`).join('\n')}`;
      return { commit, full: text, public: [`提交中有 ${problems.length} 个不允许的路径（子模块、.git 或 ..）`] };
    }
    const report = await runCheck(path.join(work, 'data'));
    if (report.ok) return null;
    const issues = [...report.errors, ...report.warnings].map((issue) => asPushed(issue, work));
    const text = `${formatIssues(issues)}\n✘ 推送被拒绝（提交 ${next.slice(0, 7)}）：数据检查未通过，${report.errors.length} 处错误，线上网站保持不变。`;
    return {
      commit,
      full: text,
      public: [
        `数据检查未通过：${report.errors.length} 处错误${report.warnings.length ? `，${report.warnings.length} 条警告` : ''}。`,
        ...publicIssueLines(issues),
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * An issue of the exported tree named as the pusher knows it in git: `data/…`, not the
 * temporary folder the check read (DATA_DIR names files as given, an absolute path here).
 */
function asPushed(issue: DataIssue, work: string): DataIssue {
  const rename = (text: string | undefined) => text?.split(`${work}${path.sep}`).join('');
  return {
    ...issue,
    file: rename(issue.file) ?? issue.file,
    message: rename(issue.message) ?? issue.message,
    ...(issue.expected ? { expected: rename(issue.expected) } : {}),
    ...(issue.hint ? { hint: rename(issue.hint) } : {}),
  };
}

/** Puts a rejection on the status page through the publisher (which holds the web root's lock). */
function recordOnStatusPage(webRoot: string, rejection: Rejection): Promise<boolean> {
  const work = mkdtempSync(path.join(tmpdir(), 'inspection-rejection-'));
  const file = path.join(work, 'rejection.txt');
  writeFileSync(file, `${rejection.public.join('\n')}\n完整的错误说明已显示在推送人的终端上，并记在服务器的 pre-receive 日志中。\n`);
  const args = ['publish', '--to', webRoot, '--record-rejection', file, '--commit', rejection.commit, '--pushed-by', pusher, '--wait', '30'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(APP_ROOT, 'scripts', 'run.mjs'), ...args], {
      cwd: APP_ROOT,
      env: safeGitEnvironment(process.env),
      stdio: 'ignore',
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => {
      rmSync(work, { recursive: true, force: true });
      resolve(code === 0);
    });
  });
}

function log(rejection: Rejection): void {
  if (!values['log-dir']) return;
  try {
    mkdirSync(values['log-dir'], { recursive: true });
    appendFileSync(path.join(values['log-dir'], 'pre-receive.log'), `${new Date().toISOString()} 拒绝 ${rejection.commit}（${pusher}）：\n${rejection.full}\n`);
  } catch (error) {
    console.error(`⚠ 未能写入日志：${error instanceof Error ? error.message : String(error)}`);
  }
}

const updates = (
  await new Promise<string>((resolve) => {
    let text = '';
    process.stdin
      .setEncoding('utf8')
      .on('data', (chunk: string) => (text += chunk))
      .on('end', () => resolve(text));
  })
)
  .split('\n')
  .map((line) => line.trim().split(' '))
  .filter((parts): parts is [string, string, string] => parts.length === 3 && /^[0-9a-f]+$/.test(parts[0] ?? '') && /^[0-9a-f]+$/.test(parts[1] ?? ''));

let rejected = false;
for (const [old, next, ref] of updates) {
  if (ref !== branchRef) continue;
  let rejection: Rejection | null;
  try {
    rejection = await judge(old, next);
  } catch (error) {
    // A push the hook cannot judge is refused: accepting it would publish what nobody checked.
    const reason = error instanceof Error ? error.message : String(error);
    rejection = {
      commit: ZERO_ID.test(next) ? old : next,
      full: `✘ 推送被拒绝：服务器未能检查这次推送（${reason}）。请联系维护者。`,
      public: ['服务器未能检查这次推送（原因见服务器日志）'],
    };
  }
  if (!rejection) continue;
  rejected = true;
  console.error(rejection.full);
  log(rejection);
  if (values['web-root'] && !(await recordOnStatusPage(values['web-root'], rejection))) console.error('⚠ 未能把这次拒绝写入状态页。');
}
process.exitCode = rejected ? 1 : 0;
