import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

/**
 * A campaign shaped unlike the samples, to stress what is drawn and printed: 9 units with long
 * names, 10 categories, 110 problems in one unit, a cell with line breaks, 12 single-choice
 * questions, a multiple-choice question and a groupBy question with 8 options. Deterministic:
 * every figure below can be recomputed by hand from the loops that write it.
 */

export const LAYOUT_CAMPAIGN = 'layout-stress';
/**
 * A second campaign of another shape in the same data tree: 2 units whose names run to 30
 * characters, 12 categories with long names, 1 problem (overdue), 2 highlights, no survey.
 */
export const FEW_CAMPAIGN = 'layout-few';
export const FEW_UNITS = [
  ['w1', '西北新能源投资开发有限责任公司光伏发电项目运维检修与安全生产管理中心'],
  ['w2', '集团公司人力资源部绩效考核与薪酬福利管理处（干部人事档案管理中心）'],
] as const;
export const FEW_CATEGORIES = Array.from({ length: 12 }, (_, i) => `第${i + 1}类：年度绩效考核结果运用与薪酬分配挂钩机制执行不到位的情形之${i + 1}`);
export const LAYOUT_REPORT_DATE = '2026-11-24';

export const LONG_UNITS = [
  ['u1', '陕西金龙水泥有限责任公司第二生产基地'],
  ['u2', '竹溪瑞城建材集团有限公司综合管理中心'],
  ['u3', '千山湖梯级水电开发有限公司白河水电站'],
  ['u4', '集团物资供应与招标采购管理中心'],
  ['u5', '集团销售公司西北区域营销服务部'],
  ['u6', '集团财务共享服务中心核算二部'],
  ['u7', '陕西金龙水泥有限责任公司矿山分公司'],
  ['u8', '千山湖梯级水电开发有限公司检修分公司'],
  ['u9', '竹溪瑞城建材集团有限公司物流运输部'],
] as const;

export const CATEGORIES = Array.from({ length: 10 }, (_, i) => `第${i + 1}类：指标设定与权重分配不合理的情形${i + 1}`);

/** Problems per inspected unit (u2…u9); u3 has 110. */
export const FINDINGS_PER_UNIT: Record<string, number> = { u2: 8, u3: 110, u4: 6, u5: 5, u6: 7, u7: 4, u8: 9, u9: 3 };

const OPTIONS = ['非常满意', '比较满意', '一般', '不太满意', '很不满意'];
export const QUESTIONS = Array.from({ length: 12 }, (_, q) => ({
  id: `q${q + 1}`,
  text: `第${q + 1}项：您对本次检查中“${['指标', '权重', '素材', '反馈', '申诉', '流程'][q % 6]}”环节的安排和改进建议是否满意`,
}));
export const TOPICS = ['指标设计与权重分配', '定性考核素材收集', '绩效面谈与结果反馈', '绩效申诉处理', '绩效数据统计分析'];
const GROUPS = LONG_UNITS.slice(1).map(([, name]) => name); // 8 options
export const RESPONDENTS = 40;

/** Answer of respondent r to single-choice question q: a fixed pattern over the five options. */
export function answerOf(r: number, q: number): string {
  return OPTIONS[(r * 7 + q * 3) % OPTIONS.length] ?? '一般';
}

/** Topics chosen by respondent r: topic t when (r + t) % 3 !== 0 or t === 0 and r is even. */
export function topicsOf(r: number): string[] {
  return TOPICS.filter((_, t) => (r + t) % 3 !== 0 || (t === 0 && r % 2 === 0));
}

export function writeLayoutFixture(root: string): string {
  const dataDir = path.join(root, 'data');
  const dir = path.join(dataDir, 'campaigns', LAYOUT_CAMPAIGN);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dataDir, 'units.csv'),
    Papa.unparse({ fields: ['id', 'name', 'sector'], data: [...LONG_UNITS, ...FEW_UNITS].map(([id, name]) => [id, name, '水泥板块']) }),
  );
  writeFewCampaign(path.join(dataDir, 'campaigns', FEW_CAMPAIGN));

  const yaml = [
    'title: 集团二〇二六年度绩效管理交叉检查暨整改落实情况专项督导活动',
    'date: 2026-06-15',
    'place: 陕西金龙水泥有限责任公司第二生产基地综合楼三楼会议室',
    'categories:',
    ...CATEGORIES.map((category) => `  - '${category}'`),
    'teams:',
    '  - { id: t1, name: 第一检查组, leader: 王小菊, leaderUnit: u1, inspects: [u2, u3, u4, u5] }',
    '  - { id: t2, name: 第二检查组, leader: 姚辉, leaderUnit: u2, inspects: [u6, u7, u8, u9] }',
    'survey:',
    '  title: 检查工作满意度调查',
    '  groupBy: unit',
    '  questions:',
    ...QUESTIONS.flatMap((question) => [
      `    - id: ${question.id}`,
      `      text: '${question.text}'`,
      `      options: [${OPTIONS.join(', ')}]`,
      '      favorable: [非常满意, 比较满意]',
    ]),
    '    - id: topics',
    '      text: 今后检查应重点关注哪些方面',
    '      type: multiple',
    `      options: [${TOPICS.join(', ')}]`,
    '    - id: unit',
    '      text: 您所在的单位',
    `      options: [${GROUPS.join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'campaign.yml'), yaml);

  const findings: string[][] = [];
  let n = 0;
  for (const [unit, count] of Object.entries(FINDINGS_PER_UNIT)) {
    for (let i = 0; i < count; i++, n++) {
      const status = n % 3 === 0 ? '已整改' : n % 3 === 1 ? '整改中' : '未整改';
      const description =
        n === 0
          ? '第一行：方案未经职代会审议\n第二行：考核结果未公示\n第三行：申诉渠道不畅'
          : `问题${n + 1}：月度绩效会议纪要中未记录${unit}扣分人员的申诉及反馈情况`;
      findings.push([
        `F${String(n + 1).padStart(3, '0')}`,
        unit,
        CATEGORIES[n % CATEGORIES.length] ?? '',
        description,
        '补齐申诉受理及反馈记录，今后纪要须附扣分人员签字确认单',
        '李娟（绩效专员）',
        '2026-08-31',
        status,
        status === '已整改' ? '2026-07-20' : '',
      ]);
    }
  }
  writeFileSync(
    path.join(dir, 'findings.csv'),
    Papa.unparse({ fields: ['id', 'unit', 'category', 'description', 'suggestion', 'owner', 'due', 'status', 'closed_on'], data: findings }),
  );
  writeFileSync(path.join(dir, 'highlights.csv'), 'id,unit,description\nH1,u3,推行员工月度绩效自评，绩效申诉和争议明显减少\n');

  const survey = Array.from({ length: RESPONDENTS }, (_, r) => [
    ...QUESTIONS.map((_, q) => answerOf(r, q)),
    topicsOf(r).join('┋'),
    GROUPS[r % GROUPS.length] ?? '',
  ]);
  writeFileSync(
    path.join(dir, 'survey.csv'),
    Papa.unparse({ fields: [...QUESTIONS.map((question) => question.text), '今后检查应重点关注哪些方面', '您所在的单位'], data: survey }),
  );
  return dataDir;
}

/** The second campaign (FEW_CAMPAIGN): few rows, long names, many categories. */
function writeFewCampaign(dir: string) {
  mkdirSync(dir, { recursive: true });
  const [[inspected, longest], [leaderUnit]] = FEW_UNITS;
  writeFileSync(
    path.join(dir, 'campaign.yml'),
    [
      'title: 新能源板块绩效考核结果运用及薪酬分配挂钩情况专项检查',
      'date: 2026-09-20',
      'categories:',
      ...FEW_CATEGORIES.map((category) => `  - '${category}'`),
      'teams:',
      `  - { id: t1, name: 新能源板块专项检查第一组, leader: 欧阳明月, leaderTitle: 人力资源部副部长, leaderUnit: ${leaderUnit}, inspects: [${inspected}] }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'findings.csv'),
    Papa.unparse({
      fields: ['id', 'unit', 'category', 'description', 'suggestion', 'owner', 'due', 'status'],
      data: [
        [
          'F1',
          inspected,
          FEW_CATEGORIES[11] ?? '',
          `${longest}二〇二五年度绩效考核结果未与年度薪酬分配、岗位调整和评先评优挂钩，考核结果运用流于形式`,
          '制定考核结果运用办法，明确考核等级与绩效工资系数、岗位调整的对应关系，并于下一考核周期落实',
          '欧阳明月（人力资源部副部长）',
          '2026-10-31',
          '未整改',
        ],
      ],
    }),
  );
  writeFileSync(
    path.join(dir, 'highlights.csv'),
    Papa.unparse({
      fields: ['id', 'unit', 'category', 'description'],
      data: [
        ['H1', inspected, FEW_CATEGORIES[0] ?? '', '建立绩效考核结果月度公示和季度复核制度，员工对考核结果的认可度明显提高'],
        ['H2', leaderUnit, '', '绩效档案电子化管理，考核记录可追溯'],
      ],
    }),
  );
}
