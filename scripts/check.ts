/**
 * Validates data/ without building the site: `npm run check` (`npm run -s check -- --format
 * json` for machines: npm's -s keeps its own banner off stdout, which is then JSON alone; or
 * `--output 文件` to write the report, text or JSON, to a file). Fast enough for a git
 * pre-commit hook; exits 1 when any file has an error, 2 for a bad option or setting.
 *
 * Each JSON issue has `file`, and where it has a place `line` (the 1-based TEXT line, as an
 * editor and the `file:line:col` prefix of the text format count), `row` (CSV files: the row as
 * Excel numbers it, header = row 1; it differs from `line` after a cell holding a line break),
 * `column` or `character`, then `field`, `message`, `expected` and `hint`.
 *
 * Whatever happens, `--format json` writes one JSON report `{ ok, errors, warnings }` (to
 * stdout, or to the `--output` file) and the text format prints no stack trace: a CI step or a
 * hook parses the output of a crash too. An unexpected failure (a bug, not a data problem)
 * becomes one error without a location, exit 1; DEBUG=1 adds its stack trace on stderr for
 * whoever fixes the bug. A bad option is one line of usage on stderr, exit 2 (and, asked for
 * JSON, a JSON report saying so).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataError, formatIssues, sortIssues, type DataIssue } from '../src/lib/errors.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { readSettings, SettingsError, type Settings } from '../src/lib/settings.ts';

const USAGE = '用法：npm run -s check -- [--format text|json] [--output 文件]';
const HELP = [
  USAGE,
  '',
  '检查 data/ 中的全部数据，不生成网站。没有错误时退出码为 0，数据有错误时为 1，选项或环境变量有误时为 2。',
  '',
  '  --format text|json  报告的格式：text（默认，中文）或 json（{ ok, errors, warnings }，供 CI 读取）',
  '  --output 文件       把报告（文字或 JSON）写入这个文件（相对路径从项目根目录算起），屏幕上只说明写到了哪里',
  '  --help              显示这段说明',
  '',
  '要在屏幕上得到纯 JSON，请加 npm 的 -s：npm run -s check -- --format json（否则 npm 会先输出两行自己的提示）。',
].join('\n');

/**
 * Until the arguments are read (and if reading them fails): whether they ask for JSON and for
 * a file, so that whatever stops the run is reported in the format and the place asked for.
 */
const rawArgs = process.argv.slice(2);
const rawValue = (name: string): string | undefined => {
  for (const [i, arg] of rawArgs.entries()) {
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
    const next = rawArgs[i + 1];
    if (arg === `--${name}` && next !== undefined && !next.startsWith('-')) return next;
  }
  return undefined;
};
let json = rawValue('format') === 'json';
/**
 * The file the report goes to (--output), absolute; undefined: stdout. A relative path is
 * relative to the project root, as every path of the settings (npm runs scripts there).
 */
const outputFile = (file: string | undefined) => (file === undefined || file === '' ? undefined : path.resolve(file));
let output = outputFile(rawValue('output'));
let reported = false;

/** A bad command line: one line of usage, in Chinese, exit 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Writes the one report of this run: to the --output file if there is one (stdout then says
 * where, or nothing for JSON; `alsoOnStderr`, a failure that stopped the check, is shown there
 * too), otherwise to stdout (or stderr for such a failure in text).
 */
function emit(text: string, { alsoOnStderr = false } = {}): void {
  if (reported) return;
  reported = true;
  if (output === undefined) {
    if (alsoOnStderr && !json) console.error(text);
    else console.log(text);
    return;
  }
  try {
    writeFileSync(output, `${text}\n`);
  } catch (error) {
    // Nothing is lost: the report goes to the screen instead, and the run fails.
    console.error(`✘ 无法写入报告文件 ${output}：${writeFailure(error)}；报告改为输出在下面。`);
    console.log(text);
    process.exitCode = 2;
    return;
  }
  if (alsoOnStderr && !json) console.error(text);
  else if (!json) console.log(`检查报告已写入 ${output}`);
}

/** Why a file could not be written, in Chinese where the reason is a common one. */
function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: '目录不存在',
    ENOTDIR: '路径中有一段不是目录',
    EISDIR: '这是一个目录',
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    EROFS: '文件系统只读',
    ENOSPC: '磁盘已满',
  };
  return (code && reasons[code]) ?? firstLine(error instanceof Error ? error.message : String(error));
}

const jsonReport = (errors: Array<Pick<DataIssue, 'severity' | 'message'> | DataIssue>, warnings: DataIssue[] = []) =>
  JSON.stringify({ ok: errors.length === 0, errors, warnings }, null, 2);

/** The report of a check that ran, as JSON or as text. */
function report(errors: DataIssue[], warnings: DataIssue[], summary: string, started: number): void {
  if (json) {
    emit(jsonReport(errors, warnings));
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const verdict =
    errors.length === 0
      ? `✔ 数据检查通过（${seconds} 秒）：${summary}${warnings.length ? `；${warnings.length} 条警告` : ''}`
      : `✘ 数据检查未通过：${errors.length} 处错误${warnings.length ? `，${warnings.length} 条警告` : ''}。请按上面的提示修改后再提交。`;
  emit(errors.length + warnings.length > 0 ? `${formatIssues([...errors, ...warnings])}\n${verdict}` : verdict);
}

/** A failure that is not a data problem: one line in Chinese (JSON: one error), never a stack. */
function crash(error: unknown, exitCode = 1): void {
  if (error instanceof UsageError) {
    usageError(error.message);
    return;
  }
  if (process.env.DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  const reason = firstLine(error instanceof Error ? error.message : String(error));
  if (json) emit(jsonReport([{ severity: 'error', message: `检查意外中止：${reason}` }]));
  else emit(`✘ 检查意外中止：${reason}${process.env.DEBUG ? '' : '（设置 DEBUG=1 可显示详细的出错位置）'}`, { alsoOnStderr: true });
  process.exitCode = exitCode;
}

/** One line on stderr, whatever the format; asked for JSON, a JSON report as well (stdout or --output). */
function usageError(reason: string): void {
  const line = `✘ ${reason}。${USAGE}（--help 显示说明）`;
  if (json) {
    console.error(line);
    emit(jsonReport([{ severity: 'error', message: line.slice(2) }]));
  } else {
    emit(line, { alsoOnStderr: true });
  }
  process.exitCode = 2;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? '未知错误';

// Errors thrown outside the awaited chain (a worker's, a timer's) end the run the same way.
process.on('uncaughtException', (error) => {
  crash(error);
  process.exit();
});
process.on('unhandledRejection', (error) => {
  crash(error);
  process.exit();
});

/** The options, read strictly; anything else is a UsageError naming it in Chinese. */
function readOptions(): { format: 'text' | 'json'; output?: string; help: boolean } {
  const { tokens } = parseArgs({
    args: rawArgs,
    options: { format: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let format: string | undefined;
  let file: string | undefined;
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`多余的参数“${token.value}”`);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} 不带值`);
      help = true;
    } else if (token.name === 'format' || token.name === 'output') {
      // `--output --format` would take "--format" as the file name: a forgotten value.
      if (token.value === undefined || token.value === '' || (token.inlineValue === false && token.value.startsWith('-'))) {
        throw new UsageError(`${token.rawName} 后面缺少${token.name === 'format' ? '格式（text 或 json）' : '文件名'}`);
      }
      if (token.name === 'format') {
        if (format !== undefined) throw new UsageError('--format 只能给一次');
        format = token.value;
      } else {
        if (file !== undefined) throw new UsageError('--output 只能给一次');
        file = token.value;
      }
    } else {
      throw new UsageError(`未知的选项 ${token.rawName}`);
    }
  }
  if (format !== undefined && format !== 'text' && format !== 'json') throw new UsageError(`--format 只能是 text 或 json（现在是“${format}”）`);
  return { format: format === 'json' ? 'json' : 'text', output: file, help };
}

async function main(): Promise<void> {
  const options = readOptions();
  json = options.format === 'json';
  if (options.help) {
    console.log(HELP);
    return;
  }
  output = outputFile(options.output);
  const started = performance.now();

  let settings: Settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    if (json) {
      emit(
        jsonReport(
          error.message
            .split('\n')
            .slice(1)
            .map((line) => ({ severity: 'error', message: line.trim() })),
        ),
      );
    } else {
      emit(`${error.message}\n✘ 请改正上面的环境变量后重试（说明见 README 的“环境变量”一节）。`, { alsoOnStderr: true });
    }
    process.exitCode = 2;
    return;
  }

  let issues: DataIssue[];
  let summary = '';
  try {
    const { data, warnings } = await loadSiteData(settings);
    issues = sortIssues(warnings);
    const findings = data.campaigns.reduce((n, campaign) => n + campaign.findings.length, 0);
    const highlights = data.campaigns.reduce((n, campaign) => n + campaign.highlights.length, 0);
    const respondents = data.campaigns.reduce((n, campaign) => n + (campaign.survey?.respondents ?? 0), 0);
    summary = `${data.units.length} 个单位，${data.campaigns.length} 次检查活动，${findings} 个问题，${highlights} 个亮点，${respondents} 份问卷`;
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    issues = error.issues;
  }

  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  // A report that could not be written has set exit code 2 already.
  process.exitCode = errors.length === 0 ? 0 : 1;
  report(errors, warnings, summary, started);
}

try {
  await main();
} catch (error) {
  crash(error);
}
