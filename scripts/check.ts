/**
 * Validates data/ without building the site: `npm run check` (add `-- --format json` for
 * machines). Fast enough for a git pre-commit hook; exits 1 when any file has an error.
 *
 * Each JSON issue has `file`, and where it has a place `line` (the 1-based TEXT line, as an
 * editor and the `file:line:col` prefix of the text format count), `row` (CSV files: the row as
 * Excel numbers it, header = row 1; it differs from `line` after a cell holding a line break),
 * `column` or `character`, then `field`, `message`, `expected` and `hint`.
 *
 * Whatever happens, `--format json` prints one JSON report `{ ok, errors, warnings }` and the
 * text format prints no stack trace: a CI step or a hook parses the output of a crash too. An
 * unexpected failure (a bug, not a data problem) becomes one error without a location, exit 1;
 * DEBUG=1 adds its stack trace on stderr for whoever fixes the bug.
 */
import { parseArgs } from 'node:util';
import { DataError, formatIssues, sortIssues, type DataIssue } from '../src/lib/errors.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { readSettings, SettingsError, type Settings } from '../src/lib/settings.ts';

let json = process.argv.includes('json') || process.argv.some((arg) => arg === '--format=json');
let reported = false;

/** The one report of this run, as JSON or as text. */
function report(errors: DataIssue[], warnings: DataIssue[], summary: string, started: number): void {
  if (reported) return;
  reported = true;
  if (json) {
    console.log(JSON.stringify({ ok: errors.length === 0, errors, warnings }, null, 2));
    return;
  }
  if (errors.length + warnings.length > 0) console.log(formatIssues([...errors, ...warnings]));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    errors.length === 0
      ? `✔ 数据检查通过（${seconds} 秒）：${summary}${warnings.length ? `；${warnings.length} 条警告` : ''}`
      : `✘ 数据检查未通过：${errors.length} 处错误${warnings.length ? `，${warnings.length} 条警告` : ''}。请按上面的提示修改后再提交。`,
  );
}

/** A failure that is not a data problem: one line in Chinese (JSON: one error), never a stack. */
function crash(error: unknown, exitCode = 1): void {
  if (process.env.DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  const reason = error instanceof Error ? error.message : String(error);
  if (json) {
    if (!reported) {
      reported = true;
      const message = `检查意外中止：${firstLine(reason)}`;
      console.log(JSON.stringify({ ok: false, errors: [{ severity: 'error', message }], warnings: [] }, null, 2));
    }
  } else {
    console.error(`✘ 检查意外中止：${firstLine(reason)}${process.env.DEBUG ? '' : '（设置 DEBUG=1 可显示详细的出错位置）'}`);
  }
  process.exitCode = exitCode;
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '未知错误';

// Errors thrown outside the awaited chain (a worker's, a timer's) end the run the same way.
process.on('uncaughtException', (error) => {
  crash(error);
  process.exit();
});
process.on('unhandledRejection', (error) => {
  crash(error);
  process.exit();
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { format: { type: 'string', default: 'text' } } });
  json = values.format === 'json';
  const started = performance.now();

  let settings: Settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    if (json) {
      const errors = error.message.split('\n').slice(1).map((line) => ({ severity: 'error', message: line.trim() }));
      reported = true;
      console.log(JSON.stringify({ ok: false, errors, warnings: [] }, null, 2));
    } else {
      console.error(`${error.message}\n✘ 请改正上面的环境变量后重试（说明见 README 的“环境变量”一节）。`);
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
  report(errors, warnings, summary, started);
  process.exitCode = errors.length === 0 ? 0 : 1;
}

try {
  await main();
} catch (error) {
  crash(error);
}
