/**
 * Validates data/ without building the site: `npm run check` (add `-- --format json` for
 * machines). Fast enough for a git pre-commit hook; exits 1 when any file has an error.
 */
import { parseArgs } from 'node:util';
import { DataError, formatIssues, sortIssues, type DataIssue } from '../src/lib/errors.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { commandSettings } from './lib/settings.ts';

const { values } = parseArgs({ options: { format: { type: 'string', default: 'text' } } });
const json = values.format === 'json';
const started = performance.now();

let issues: DataIssue[];
let summary = '';
try {
  const { data, warnings } = await loadSiteData(commandSettings());
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
if (json) {
  console.log(JSON.stringify({ ok: errors.length === 0, errors, warnings }, null, 2));
} else {
  if (issues.length > 0) console.log(formatIssues([...errors, ...warnings]));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    errors.length === 0
      ? `✔ 数据检查通过（${seconds} 秒）：${summary}${warnings.length ? `；${warnings.length} 条警告` : ''}`
      : `✘ 数据检查未通过：${errors.length} 处错误${warnings.length ? `，${warnings.length} 条警告` : ''}。请按上面的提示修改后再提交。`,
  );
}
process.exitCode = errors.length === 0 ? 0 : 1;
