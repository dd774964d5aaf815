/**
 * `npm run templates [-- --campaign <活动编码>]`: rewrites the findings.xlsx and highlights.xlsx
 * templates of existing campaigns after units.csv or campaign.yml's categories or teams change,
 * keeping every row and column already typed (src/lib/xlsx/template-rows.ts). Each file is
 * written to a temporary file renamed over the old one; a workbook that cannot be carried over
 * whole (it does not read, or has sheets of its own) is left as it is, with the reason. Without
 * --campaign: every campaign that has an .xlsx findings or highlights file. A campaign whose
 * data is a CSV file keeps it: no workbook is written beside it (both would be an error).
 * Exit 1 when a file was refused or the data does not read, 2 for a bad option or setting.
 */
import path from 'node:path';
import { SLUG_PATTERN } from '../src/lib/schemas/fields.ts';
import { sourceName } from '../src/lib/settings.ts';
import { formatIssues } from '../src/lib/errors.ts';
import {
  dataReader,
  exists,
  failWith,
  freshTemplate,
  listsOf,
  readConfig,
  readUnits,
  rewriteTemplate,
  TEMPLATES,
  writeAtomically,
} from './lib/campaign-templates.ts';
import { commandLine } from './lib/command-line.ts';
import { commandSettings } from './lib/settings.ts';

const parsed = commandLine(
  { options: { campaign: { type: 'string', multiple: true }, help: { type: 'boolean' } } },
  {
    usage: '用法：npm run templates [-- --campaign <活动编码>]（可重复 --campaign；不写时更新所有使用 .xlsx 的活动）',
    help: '按当前的 units.csv 和 campaign.yml（categories、teams）重新生成 findings.xlsx 和 highlights.xlsx 模板的下拉列表和填写说明，\n已填写的行和列全部保留（不认识的列原样放在最后）。用 CSV 的活动不会生成工作簿。',
  },
);
// Typed here so that a call ends the narrowing of what follows (TypeScript needs the annotation).
const usage: (reason: string) => never = parsed.usage;

const settings = commandSettings();
const campaignsDir = path.join(settings.dataDir, 'campaigns');
const reader = dataReader(settings);
const { issues } = reader;

let ids = parsed.values.campaign ?? [];
for (const id of ids) {
  if (!SLUG_PATTERN.test(id)) usage(`“${id}”不是活动编码`);
  if (!(await exists(path.join(campaignsDir, id, 'campaign.yml'))))
    usage(`没有这个检查活动：${sourceName(settings, path.join(campaignsDir, id))}/campaign.yml 不存在`);
}
if (ids.length === 0) {
  const folders = (await exists(campaignsDir)) ? await reader.files.campaignFolders(campaignsDir) : [];
  const withWorkbooks = await Promise.all(
    folders.map(
      async ({ id, dir }) => SLUG_PATTERN.test(id) && (await Promise.all(TEMPLATES.map((spec) => exists(path.join(dir, `${spec.name}.xlsx`))))).some(Boolean),
    ),
  );
  ids = folders.filter((_folder, index) => withWorkbooks[index]).map((folder) => folder.id);
  if (ids.length === 0) {
    console.log(
      `没有使用 .xlsx 模板的检查活动（${sourceName(settings, campaignsDir)}/ 下各活动都用 CSV）。要为某个活动生成模板：npm run templates -- --campaign <活动编码>`,
    );
    process.exit(0);
  }
}

const units = await readUnits(settings, reader);
if (units === null) failWith(issues, '单位名录有误，没有更新任何模板：请改正上面的错误后重试。');

let refused = 0;
for (const id of ids) {
  const dir = path.join(campaignsDir, id);
  const config = await readConfig(settings, reader, dir);
  if (config === null) {
    refused++;
    continue;
  }
  const lists = listsOf(units, config);
  for (const spec of TEMPLATES) {
    const file = path.join(dir, `${spec.name}.xlsx`);
    const shown = sourceName(settings, file);
    if (await exists(path.join(dir, `${spec.name}.csv`))) {
      console.log(`- ${shown}：这个活动用 ${spec.name}.csv，不生成工作簿`);
      continue;
    }
    const configured = config.sheets?.[spec.name];
    if (!(await exists(file))) {
      await writeAtomically(file, await freshTemplate(spec, lists, configured ?? spec.sheet, settings.siteTitle));
      console.log(`✔ ${shown}：新建模板`);
      continue;
    }
    const rewritten = await rewriteTemplate(spec, lists, file, configured, reader, settings);
    if (rewritten === null) {
      refused++;
      continue;
    }
    await writeAtomically(file, rewritten.bytes);
    const extra = rewritten.unknownHeaders.length
      ? `；不是本表的列 ${rewritten.unknownHeaders.map((header) => `“${header}”`).join('、')} 原样保留在最后（网站不读取，检查会给出提示）`
      : '';
    console.log(`✔ ${shown}：已更新下拉列表，保留已填写的 ${rewritten.rows} 行${extra}`);
  }
}
// Formula cells read by their cached values, and the like: what the rewrite wrote as values.
if (issues.warnings.length > 0) console.log(formatIssues(issues.warnings));
if (refused > 0 || issues.errors.length > 0) failWith(issues, '上面的文件没有改动：请按提示处理后重新运行 npm run templates。');
