/**
 * `npm run new-campaign -- <活动编码>`: starts a campaign folder under DATA_DIR/campaigns/:
 * campaign.yml (commented, categories, kind and teams copied from the latest campaign) and the
 * findings.xlsx and highlights.xlsx templates with their dropdowns (src/lib/xlsx/). The folder
 * is written whole under a temporary name and renamed into place. Exit 2 for a bad or taken id
 * or a bad setting, 1 when units.csv does not read.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { IssueList } from '../src/lib/errors.ts';
import { SLUG_EXPECTED, SLUG_PATTERN, slugProblem } from '../src/lib/schemas/fields.ts';
import { sourceName, type Settings } from '../src/lib/settings.ts';
import type { CampaignConfig } from '../src/lib/schemas/campaign.ts';
import { newCampaignYml } from '../src/lib/yaml/new-campaign-yml.ts';
import { dataReader, exists, failWith, freshTemplate, listsOf, readConfig, readUnits, TEMPLATES, writeAtomically } from './lib/campaign-templates.ts';
import { commandLine } from './lib/command-line.ts';
import { commandSettings } from './lib/settings.ts';

const parsed = commandLine(
  { allowPositionals: true, options: { help: { type: 'boolean' } } },
  {
    usage: '用法：npm run new-campaign -- <活动编码>，例如 npm run new-campaign -- 2026-06-cross-check',
    help: '在 DATA_DIR/campaigns/ 下新建一个检查活动目录：campaign.yml（带中文注释，问题类别、检查类型和检查组复制自最近一次活动）\n和带下拉列表的 findings.xlsx、highlights.xlsx 模板。活动编码只能用字母、数字、_ 和 -，不超过 64 个字符。',
  },
);
// Typed here so that a call ends the narrowing of what follows (TypeScript needs the annotation).
const usage: (reason: string) => never = parsed.usage;
const [id, ...rest] = parsed.positionals;
if (id === undefined) usage('请写出新活动的编码');
if (rest.length > 0) usage(`只能写一个活动编码（多了：${rest.join(' ')}）`);
if (!SLUG_PATTERN.test(id)) usage(`活动编码“${id}”${slugProblem(id)}：它会成为目录名和网址的一部分，应为${SLUG_EXPECTED}`);

const settings = commandSettings();
const campaignsDir = path.join(settings.dataDir, 'campaigns');
const target = path.join(campaignsDir, id);
if (await exists(target)) usage(`${sourceName(settings, target)} 已经存在：不会覆盖已有的活动（要更新它的模板，请运行 npm run templates -- --campaign ${id}）`);

const reader = dataReader(settings);
const units = await readUnits(settings, reader);
if (units === null) failWith(reader.issues, '单位名录有误，没有新建活动：请改正上面的错误后重试。');
const latest = await latestCampaign(settings);
// Today in TIME_ZONE, or the day REPORT_DATE fixes.
const today = settings.reportDate;
const yml = newCampaignYml({ today, latest, unitNames: units.map((unit) => unit.name) });
const lists = listsOf(units, latest?.config ?? { categories: undefined, teams: [] });

await mkdir(campaignsDir, { recursive: true });
const building = path.join(campaignsDir, `.${id}.${process.pid}.tmp`);
try {
  await mkdir(building);
  await writeAtomically(path.join(building, 'campaign.yml'), yml);
  for (const spec of TEMPLATES)
    await writeAtomically(path.join(building, `${spec.name}.xlsx`), await freshTemplate(spec, lists, spec.sheet, settings.siteTitle));
  if (await exists(target)) {
    await rm(building, { recursive: true, force: true });
    usage(`${sourceName(settings, target)} 刚刚被别人创建：不会覆盖已有的活动`);
  }
  await rename(building, target);
} finally {
  await rm(building, { recursive: true, force: true });
}

const shown = sourceName(settings, target);
console.log(`✔ 已新建检查活动 ${shown}/`);
console.log(`  campaign.yml      ${latest ? `问题类别、检查类型和检查组复制自 ${latest.id}` : '没有可参照的活动：请填写检查组和问题类别'}；标题和日期请修改`);
console.log(`  findings.xlsx     问题清单模板：被检单位 ${lists.units.length} 个、问题类别 ${lists.categories.length} 个的下拉列表`);
console.log(`  highlights.xlsx   亮点清单模板`);
console.log(`修改 campaign.yml 的类别或检查组、或 units.csv 变化后，运行 npm run templates -- --campaign ${id} 更新下拉列表（已填写的行会保留）。`);

/** The latest campaign by date (then folder name) whose campaign.yml reads; the others' problems are the check's to report. */
async function latestCampaign(current: Settings): Promise<{ id: string; config: CampaignConfig } | undefined> {
  const quiet = { ...dataReader(current), issues: new IssueList() };
  if (!(await exists(campaignsDir))) return undefined;
  const folders = await quiet.files.campaignFolders(campaignsDir);
  let best: { id: string; config: CampaignConfig } | undefined;
  for (const folder of folders) {
    if (!SLUG_PATTERN.test(folder.id)) continue;
    const config = await readConfig(current, { ...dataReader(current), issues: new IssueList() }, folder.dir);
    if (config && (!best || config.date > best.config.date || (config.date === best.config.date && folder.id > best.id))) best = { id: folder.id, config };
  }
  return best;
}
