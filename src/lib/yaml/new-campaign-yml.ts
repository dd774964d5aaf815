import { parse, stringify } from 'yaml';
import type { CampaignConfig, TeamConfig } from '../schemas/campaign.ts';
import { MARKDOWN_COLUMNS } from '../tables/findings.ts';

/**
 * The campaign.yml `npm run new-campaign` writes: every field README documents, each with a
 * comment in Chinese, the optional ones commented out. The categories (and the kind, teams and
 * Markdown columns, as a start) are copied from the latest campaign, so that the findings
 * template's dropdown and the check hold findings to the same categories. Valid as written:
 * a campaign made from it and its templates checks clean before anything is edited.
 */

export interface NewCampaignInput {
  /** The day it is written, as an ISO day: the campaign's date until edited. */
  today: string;
  /** The latest campaign by date, if any: its folder and its campaign.yml as read. */
  latest?: { id: string; config: CampaignConfig };
  /** The directory's unit names: the placeholder team's when there is no campaign to copy from. */
  unitNames: readonly string[];
}

export function newCampaignYml({ today, latest, unitNames }: NewCampaignInput): string {
  const from = latest ? `（复制自 ${latest.id}）` : '';
  const config = latest?.config;
  const categories = config?.categories ?? [];
  const teams: TeamConfig[] = config?.teams ?? [placeholderTeam(unitNames)];
  const lines = [
    '# 检查活动信息（由 npm run new-campaign 生成）：请逐项修改后提交。',
    '# 以 # 开头的是说明或可选项，去掉行首的 # 即可启用；写法见 README 的“campaign.yml — 活动信息”一节。',
    '# 类别或单位有变化时，运行 npm run templates -- --campaign <活动编码> 更新 findings.xlsx 和 highlights.xlsx 的下拉列表。',
    '',
    `title: ${scalar('请填写检查活动名称')}  # 必填：报告和新闻稿的标题`,
    `date: ${today}  # 必填：检查日期，如 2025-09-17`,
    '# place: 检查地点',
    `kind: ${scalar(config?.kind ?? '绩效检查')}  # 检查类型（默认“绩效检查”）；新闻稿与同一类型中最近一次更早的活动比较${from}`,
    `# compareWith: ${latest?.id ?? '活动目录名'}  # 可选：新闻稿改与这次活动比较（活动的目录名）`,
    '# host:  # 可选：主持人',
    '#   name: 姓名',
    '#   title: 职务',
    '# scope:  # 可选：检查范围',
    '#   period: 2025年4-8月  # 检查的资料期间',
    '#   materials: [月度绩效会议纪要, 定性考核素材]  # 检查的资料',
  ];
  if (categories.length > 0) {
    lines.push(`categories:  # 问题类别及显示顺序：findings.xlsx 的“问题类别”下拉列表就是这些，问题只能用其中之一${from}`);
    for (const category of categories) lines.push(`  - ${scalar(category)}`);
  } else {
    lines.push('# categories:  # 可选：问题类别及显示顺序；写了就只能用这些类别，findings.xlsx 的“问题类别”也会有下拉列表', '#   - 执行不规范');
  }
  lines.push(`teams:  # 必填，至少一个检查组${from ? `${from}，请按本次的分组修改` : ''}`);
  for (const team of teams) lines.push(...teamLines(team));
  lines.push(
    '# survey:  # 有 survey.csv（或 survey.xlsx）时必填：问卷题目',
    '#   title: 问卷标题',
    `#   date: ${today}`,
    '#   trainer: 培训讲师',
    '#   minGroupSize: 5  # 少于这么多人的分组不单独展示，默认 5，不能更低',
    '#   groupBy: unit  # 可选：按这道单选题的答案分组',
    '#   questions:',
    '#     - id: practical  # 题目编码：字母、数字、_、-',
    '#       text: 您认为本次培训内容是否实用？',
    '#       type: single  # single 单选（默认）或 multiple 多选',
    '#       options: [非常实用, 比较实用, 一般, 不实用]',
    '#       favorable: [非常实用]  # 计入“好评率”的选项',
  );
  const markdown = config?.markdownColumns ?? [];
  const markdownNote = `# 可选：这些列按 Markdown 显示，可用 ${MARKDOWN_COLUMNS.join('、')}`;
  lines.push(markdown.length > 0 ? `markdownColumns: [${markdown.join(', ')}]  ${markdownNote}${from}` : `# markdownColumns: [suggestion]  ${markdownNote}`);
  lines.push('# sheets:  # 可选：各工作簿要读取的工作表（不写时读第一个工作表）', '#   findings: 问题清单', '#   highlights: 亮点清单', '');
  return lines.join('\n');
}

function teamLines(team: TeamConfig): string[] {
  const lines = [`  - id: ${scalar(team.id)}  # 检查组编码：字母、数字、_、-`, `    name: ${scalar(team.name)}`, `    leader: ${scalar(team.leader)}  # 组长`];
  if (team.leaderTitle !== undefined) lines.push(`    leaderTitle: ${scalar(team.leaderTitle)}`);
  lines.push(`    leaderUnit: ${scalar(team.leaderUnit)}  # 组长所在单位（编码或名称）：本组不检查这个单位`);
  lines.push(`    inspects: [${team.inspects.map(scalar).join(', ')}]  # 本组检查的单位（编码或名称）`);
  if (team.members.length > 0) lines.push(`    members: [${team.members.map(scalar).join(', ')}]`);
  return lines;
}

function placeholderTeam(unitNames: readonly string[]): TeamConfig {
  const [leaderUnit = '组长所在单位', ...others] = unitNames;
  return { id: 'team1', name: '第一检查组', leader: '请填写组长姓名', leaderUnit, inspects: others.length > 0 ? others : ['被检单位'], members: [] };
}

/**
 * A text as a YAML scalar that reads back as the same text inside a flow list too: plain when
 * it can be, double-quoted otherwise (a colon, a comma, a leading dash, a date, a number).
 */
export function scalar(text: string): string {
  const plain = stringify(text, { lineWidth: 0 }).trimEnd();
  const safe = !plain.includes('\n') && !/[,[\]{}#]/.test(plain) && parse(plain) === text;
  return safe ? plain : JSON.stringify(text);
}
