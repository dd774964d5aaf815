/**
 * Writes a synthetic but valid data tree (the README's 数据格式) for benchmarks at group scale
 * (command line: scripts/generate-data.ts). The same seed always gives the same files.
 * Campaigns alternate Chinese and English headers, unit references by name and by id, and the
 * accepted date forms, so that a benchmark also exercises every path of the loader.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { stringify } from 'yaml';

export interface GenerateOptions {
  out: string;
  campaigns: number;
  units: number;
  /** Total over all campaigns. */
  findings: number;
  /** Total survey responses over the campaigns that have a survey. */
  responses: number;
  seed?: number;
}

export interface GenerateSummary {
  units: number;
  campaigns: number;
  findings: number;
  highlights: number;
  surveys: number;
  responses: number;
}

// ---- Seeded randomness (mulberry32): Math.random would make runs incomparable. ----

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  /** Favours the first items, as real answers favour the first (best) options. */
  pickSkewed<T>(items: readonly T[], skew = 2): T {
    const item = items[Math.floor(this.next() ** skew * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = copy[i];
      const b = copy[j];
      if (a === undefined || b === undefined) continue; // never: 0 <= j <= i < copy.length
      [copy[i], copy[j]] = [b, a];
    }
    return copy;
  }

  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }
}

// ---- Phrase lists: plausible Chinese text without shipping real records. ----

const PLACES = [
  ['陕西', 'sx'],
  ['竹溪', 'zx'],
  ['千山湖', 'qsh'],
  ['汉中', 'hz'],
  ['安康', 'ak'],
  ['宝鸡', 'bj'],
  ['商洛', 'sl'],
  ['十堰', 'sy'],
  ['襄阳', 'xy'],
  ['宜昌', 'yc'],
  ['恩施', 'es'],
  ['延安', 'ya'],
  ['榆林', 'yl'],
  ['渭南', 'wn'],
  ['铜川', 'tc'],
  ['咸阳', 'xiy'],
] as const;
const UNIT_KINDS = [
  { name: '水泥公司', code: 'sn', sector: '水泥板块' },
  { name: '建材公司', code: 'jc', sector: '水泥板块' },
  { name: '水电站', code: 'sdz', sector: '水电板块' },
  { name: '新能源公司', code: 'xny', sector: '新能源板块' },
  { name: '矿业公司', code: 'ky', sector: '矿业板块' },
  { name: '物流公司', code: 'wl', sector: '垂管部门' },
] as const;
const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '小菊',
  '立新',
  '德明',
  '永强',
  '建华',
  '海燕',
];
const LEADER_TITLES = ['主任', '副主任', '部长', '副部长', '经理', '副经理', '总监'];
const OWNER_ROLES = ['绩效专员', '综合办主任', '部门部长', '副站长', '绩效管理员', '人力资源主管'];
const DEPARTMENTS = ['生产部', '设备部', '质控处', '综合办', '财务部', '销售部', '安环部', '运维班组', '人力资源部', '采购部'];
const DOCUMENTS = ['个人绩效方案', '组织绩效方案', '月度绩效会议纪要', '定性考核素材', '绩效考核台账', '绩效面谈记录', '考核结果汇总表'];
const MATERIALS = ['组织与个人绩效方案及执行情况', '月度绩效会议纪要', '定性考核素材', '绩效考核台账', '绩效面谈记录'];
const CATEGORIES = ['方案与实际结合不紧密', '执行不规范', '标准化建设不完善'] as const;
const PROBLEMS: Record<(typeof CATEGORIES)[number], string[]> = {
  方案与实际结合不紧密: [
    '安全指标权重偏低，与岗位职责中安全管理占比明显不符',
    '沿用上年指标，未体现本年度技改项目的进度要求',
    '指标多为定性描述，缺少可量化的考核标准',
    '未区分汛期与非汛期，季节性任务未纳入指标',
    '产量指标权重过高，设备消缺和安全生产指标权重偏低',
  ],
  执行不规范: [
    '未记录扣分人员的申诉及反馈情况，考核结果未经本人确认',
    '考核结果未在规定时间内反馈至各部门',
    '缺少参会人员签到记录，会议召开情况无法核实',
    '扣分未附值班日志、缺陷记录等佐证，存在凭印象打分现象',
    '未按“月度面谈”要求开展绩效沟通',
  ],
  标准化建设不完善: [
    '未制定统一模板，各部门格式、要素不一',
    '考核台账未按月归档，查阅追溯困难',
    '评分标准未形成书面制度，依赖个人经验',
    '绩效面谈记录要素不全，缺少改进计划',
    '考核流程缺少节点时限要求',
  ],
};
const SUGGESTIONS: Record<(typeof CATEGORIES)[number], string[]> = {
  方案与实际结合不紧密: [
    '结合岗位说明书重新测算指标权重，安全类指标权重不低于15%',
    '增设重点项目节点完成率指标，按月分解里程碑',
    '补充合格率、及时率等量化指标，定性指标明确评分档次',
  ],
  执行不规范: [
    '补齐申诉受理及反馈记录，今后纪要须附签字确认单',
    '明确考核结果反馈时限为次月10日前，由综合办跟踪督办',
    '扣分事项须附原始记录，无佐证材料的一律不得扣分',
  ],
  标准化建设不完善: [
    '制定统一的会议纪要模板，明确议程、指标完成、扣分及整改等要素',
    '建立“事实+证据+评分”记录格式，按月归档',
    '将评分标准汇编成册，经职代会审议后发布',
  ],
};
const HIGHLIGHT_CATEGORIES = ['自评机制', '部门与个人贯通', '数字化考核', '绩效面谈', '激励兑现'];
const HIGHLIGHTS = [
  '推行员工月度绩效自评，自评结果与部门考评对照复核后再定分，绩效申诉明显减少',
  '将部门组织绩效指标逐级分解到班组和岗位，实现目标层层传递',
  '上线绩效考核信息系统，考核数据自动汇总，结果当月可查',
  '建立季度绩效面谈制度，面谈记录附改进计划并跟踪落实',
  '考核结果与评优、晋升直接挂钩，激励兑现及时透明',
];
const CAMPAIGN_KINDS = [
  { kind: '交叉检查', slug: 'cross-check', title: '绩效交叉检查' },
  { kind: '绩效检查', slug: 'performance', title: '绩效检查' },
  { kind: '专项检查', slug: 'special', title: '绩效专项检查' },
] as const;
const COMMENTS = ['希望多讲案例', '建议增加互动环节', '内容很实用', '希望提供课件', '(空)', ''];

interface Question {
  id: string;
  text: string;
  type?: 'multiple';
  options: string[];
  favorable: string[];
}

/** Ids are shared across campaigns, so campaigns can be compared question by question. */
const QUESTIONS: Question[] = [
  { id: 'practical', text: '您认为本次培训内容是否实用？', options: ['非常实用', '比较实用', '一般', '不实用'], favorable: ['非常实用'] },
  { id: 'apply', text: '您是否愿意将所学知识应用到实际工作中？', options: ['愿意', '视情况而定', '不愿意'], favorable: ['愿意'] },
  {
    id: 'helpful',
    text: '本次培训对您的工作是否有帮助？',
    options: ['非常有帮助', '有较大帮助', '有一定帮助', '帮助不大'],
    favorable: ['非常有帮助', '有较大帮助'],
  },
  { id: 'clarity', text: '您认为本次培训内容是否易于理解？', options: ['非常易理解', '较易理解', '一般', '较难理解'], favorable: ['非常易理解', '较易理解'] },
  { id: 'topics', text: '您希望今后的培训增加哪些内容？', type: 'multiple', options: ['指标设计', '考核执行', '绩效面谈', '结果应用'], favorable: [] },
];

const FIRST_DAY = Date.UTC(2018, 0, 1);
const DAY_MS = 86_400_000;
const CAMPAIGN_DAYS = 8 * 365;

// ---- The plan: every id and reference decided before any text is written. ----

interface Unit {
  id: string;
  name: string;
  sector: string;
}

interface Team {
  id: string;
  name: string;
  leader: string;
  leaderTitle: string;
  leaderUnit: Unit;
  inspects: Unit[];
  members: string[];
}

interface CampaignPlan {
  id: string;
  date: string;
  kind: (typeof CAMPAIGN_KINDS)[number];
  teams: Team[];
  findings: number;
  highlights: number;
  survey: Question[] | null;
  responses: number;
  /** English headers and codes (open, high…) instead of Chinese ones. */
  english: boolean;
  /** Cells name units and teams by name rather than by id. */
  byName: boolean;
}

function makeUnits(count: number, rng: Random): Unit[] {
  const combos = rng.shuffle(PLACES.flatMap((place) => UNIT_KINDS.map((kind) => ({ place, kind }))));
  return Array.from({ length: count }, (_, i) => {
    const combo = combos[i % combos.length];
    if (combo === undefined) throw new Error('no places or unit kinds to combine');
    const { place, kind } = combo;
    const round = Math.floor(i / combos.length);
    // Past the list of combinations, branches keep names and ids unique.
    const branch = round === 0 ? '' : `第${round + 1}分公司`;
    return {
      id: `${place[1]}-${kind.code}${round === 0 ? '' : `-${round + 1}`}`,
      name: `${place[0]}${kind.name}${branch}`,
      sector: kind.sector,
    };
  });
}

function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

/** Splits the inspected units over the teams; each leader comes from a unit their team does not inspect. */
function makeTeams(units: Unit[], rng: Random): Team[] {
  const inspectedCount = rng.int(Math.min(3, units.length - 1), Math.min(16, units.length - 1));
  const inspected = rng.sample(units, inspectedCount);
  const teamCount = Math.min(rng.int(1, 4), inspected.length);
  const groups: Unit[][] = Array.from({ length: teamCount }, () => []);
  inspected.forEach((unit, i) => groups[i < teamCount ? i : rng.int(0, teamCount - 1)]?.push(unit));
  const outsiders = units.filter((unit) => !inspected.includes(unit));
  return groups.map((inspects, t) => {
    // A cross-check: leaders usually come from a unit another team inspects.
    const others = inspected.filter((unit) => !inspects.includes(unit));
    // outsiders is never empty: at most all units but one are inspected.
    const candidates = others.length > 0 && rng.chance(0.8) ? others : outsiders;
    return {
      id: `team${t + 1}`,
      name: `第${CHINESE_NUMBERS[t]}检查组`,
      leader: personName(rng),
      leaderTitle: rng.pick(LEADER_TITLES),
      leaderUnit: rng.pick(candidates),
      inspects,
      members: [personName(rng), personName(rng)],
    };
  });
}

/** Splits a total over weighted slots, exactly; every slot gets one first when the total allows. */
function distribute(total: number, weights: number[]): number[] {
  const floor = total >= weights.length ? 1 : 0;
  const rest = total - floor * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((weight) => (rest * weight) / sum);
  const counts = shares.map((share) => floor + Math.floor(share));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byFraction = shares.map((share, i) => ({ i, fraction: share - Math.floor(share) })).sort((a, b) => b.fraction - a.fraction);
  for (const { i } of byFraction) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return isoDay(Date.parse(day) + days * DAY_MS);
}

function planCampaigns(options: GenerateOptions, units: Unit[], rng: Random): CampaignPlan[] {
  const dates = Array.from({ length: options.campaigns }, () => isoDay(FIRST_DAY + rng.int(0, CAMPAIGN_DAYS) * DAY_MS)).sort();
  const findings = distribute(
    options.findings,
    dates.map(() => 0.3 + rng.next() * 1.4),
  );
  // About 60% of campaigns ran a survey: at least one when there are responses, and no more
  // surveys than responses, so that no survey.csv is empty.
  const withSurvey = dates.map((_, i) => options.responses > 0 && (i === 0 || rng.chance(0.6)));
  const surveyIndexes = withSurvey.flatMap((has, i) => (has ? [i] : [])).slice(0, options.responses);
  const responses = distribute(
    options.responses,
    surveyIndexes.map(() => 0.3 + rng.next() * 1.4),
  );
  return dates.map((date, i) => {
    const kind = rng.pick(CAMPAIGN_KINDS);
    const s = surveyIndexes.indexOf(i);
    const teams = makeTeams(units, rng);
    return {
      id: `${date.slice(0, 7)}-${kind.slug}-${String(i + 1).padStart(3, '0')}`,
      date,
      kind,
      teams,
      findings: findings[i] ?? 0,
      highlights: rng.int(1, Math.min(6, 2 * teams.flatMap((team) => team.inspects).length)),
      survey: s === -1 ? null : QUESTIONS.filter((_, q) => q < 3 || rng.chance(0.5)).slice(0, rng.int(3, 4)),
      responses: s === -1 ? 0 : (responses[s] ?? 0),
      english: rng.chance(0.5),
      byName: rng.chance(0.5),
    };
  });
}

// ---- Files ----

const DATE_FORMS = [
  (day: string) => day,
  (day: string) => day.replaceAll('-', '/'),
  (day: string) => `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`,
];

function writtenDate(day: string, rng: Random): string {
  return rng.pick(DATE_FORMS)(day);
}

/** Writes a CSV with Chinese or English headers; Chinese ones sometimes carry Excel's BOM. */
function csv(columns: Array<[english: string, chinese: string]>, rows: string[][], english: boolean, rng: Random): string {
  const text = Papa.unparse({ fields: columns.map(([en, zh]) => (english ? en : zh)), data: rows });
  return !english && rng.chance(0.5) ? `\uFEFF${text}` : text;
}

function campaignYaml(plan: CampaignPlan, rng: Random): string {
  const ref = (unit: Unit) => (plan.byName ? unit.name : unit.id);
  const year = plan.date.slice(0, 4);
  const month = Number(plan.date.slice(5, 7));
  const [firstTeam] = plan.teams;
  if (firstTeam === undefined) throw new Error(`campaign ${plan.id} has no team`); // never: --units is at least 2
  const config = {
    title: `${year}年${month}月集团${plan.kind.title}`,
    date: plan.date,
    place: `${firstTeam.leaderUnit.name}会议室`,
    kind: plan.kind.kind,
    host: { name: personName(rng), title: '综合管理中心主任' },
    scope: { period: `${year}年1-${month}月`, materials: rng.sample(MATERIALS, rng.int(2, 3)) },
    // Some campaigns let the categories follow the findings, as the README allows.
    ...(rng.chance(0.7) ? { categories: [...CATEGORIES] } : {}),
    teams: plan.teams.map((team) => ({
      id: team.id,
      name: team.name,
      leader: team.leader,
      leaderTitle: team.leaderTitle,
      leaderUnit: ref(team.leaderUnit),
      inspects: team.inspects.map(ref),
      members: team.members,
    })),
    ...(plan.survey ? { survey: surveyConfig(plan, plan.survey, rng) } : {}),
  };
  return stringify(config);
}

function surveyConfig(plan: CampaignPlan, questions: Question[], rng: Random) {
  return {
    title: '绩效改进专项培训满意度调查',
    date: plan.date,
    trainer: personName(rng),
    minGroupSize: 5,
    questions: questions.map(({ id, text, type, options, favorable }) => ({ id, text, ...(type ? { type } : {}), options, favorable })),
  };
}

const FINDING_COLUMNS: Array<[string, string]> = [
  ['id', '编号'],
  ['unit', '被检单位'],
  ['team', '检查组'],
  ['category', '问题类别'],
  ['severity', '严重程度'],
  ['description', '问题描述'],
  ['material', '检查资料'],
  ['suggestion', '整改建议'],
  ['owner', '整改责任人'],
  ['due', '整改期限'],
  ['status', '整改状态'],
  ['closed_on', '完成日期'],
];
const SEVERITIES = { chinese: ['一般', '较重', '严重'], english: ['low', 'medium', 'high'] };
const STATUSES = { chinese: ['已整改', '整改中', '未整改'], english: ['closed', 'in_progress', 'open'] };

function findingsCsv(plan: CampaignPlan, rng: Random): string {
  const units = plan.teams.flatMap((team) => team.inspects.map((unit) => ({ unit, team })));
  const words = plan.english ? 'english' : 'chinese';
  const width = Math.max(3, String(plan.findings).length);
  const rows = Array.from({ length: plan.findings }, (_, i) => {
    const { unit, team } = rng.pickSkewed(units, 1.5);
    const category = rng.pick(CATEGORIES);
    // Findings concern the months the campaign's scope covers.
    const month = rng.int(1, Number(plan.date.slice(5, 7)));
    const document = rng.pick(DOCUMENTS);
    const status = rng.pickSkewed(STATUSES[words], 1.4);
    const closed = status === STATUSES[words][0];
    return [
      `F${String(i + 1).padStart(width, '0')}`,
      plan.byName ? unit.name : unit.id,
      rng.chance(0.1) ? '' : plan.byName ? team.name : team.id,
      category,
      rng.chance(0.05) ? '' : rng.pickSkewed(SEVERITIES[words], 2),
      `${month}月${rng.pick(DEPARTMENTS)}${document}中${rng.pick(PROBLEMS[category])}`,
      // An occasional comma and quotes make the writer quote cells, as Excel does.
      rng.chance(0.05) ? `${document}, 附件"签到表"` : `${plan.date.slice(0, 4)}年${month}月${document}`,
      // A rare line break inside a cell, as Alt+Enter in Excel makes.
      rng.chance(0.01) ? `${rng.pick(SUGGESTIONS[category])}\n附整改方案` : rng.pick(SUGGESTIONS[category]),
      `${personName(rng)}（${rng.pick(OWNER_ROLES)}）`,
      rng.chance(0.05) ? '' : writtenDate(addDays(plan.date, rng.int(15, 120)), rng),
      // A blank status means open, as the README allows.
      status === STATUSES[words][2] && rng.chance(0.3) ? '' : status,
      closed ? writtenDate(addDays(plan.date, rng.int(0, 150)), rng) : '',
    ];
  });
  return csv(FINDING_COLUMNS, rows, plan.english, rng);
}

const HIGHLIGHT_COLUMNS: Array<[string, string]> = [
  ['id', '编号'],
  ['unit', '被检单位'],
  ['team', '检查组'],
  ['category', '类别'],
  ['description', '亮点描述'],
];

function highlightsCsv(plan: CampaignPlan, rng: Random): string {
  const rows = Array.from({ length: plan.highlights }, (_, i) => {
    const team = rng.pick(plan.teams);
    const unit = rng.pick(team.inspects);
    return [
      `H${String(i + 1).padStart(2, '0')}`,
      plan.byName ? unit.name : unit.id,
      plan.byName ? team.name : team.id,
      rng.chance(0.2) ? '' : rng.pick(HIGHLIGHT_CATEGORIES),
      rng.pick(HIGHLIGHTS),
    ];
  });
  return csv(HIGHLIGHT_COLUMNS, rows, plan.english, rng);
}

/** A raw export: 问卷星-style numbered question headers or bare ids, among columns the loader ignores. */
function surveyCsv(plan: CampaignPlan, questions: Question[], rng: Random): string {
  const wjx = !plan.english;
  const questionHeaders = questions.map((question, q) => (wjx ? `${q + 1}、${question.text}${question.type === 'multiple' ? '(多选题)' : ''}` : question.id));
  const fields = wjx
    ? ['序号', '提交答卷时间', '来源', ...questionHeaders, `${questions.length + 1}、您对今后培训的意见和建议`]
    : ['respondent', 'submitted_at', ...questionHeaders, 'comment'];
  const start = Date.parse(`${plan.date}T16:00:00Z`);
  const rows = Array.from({ length: plan.responses }, (_, i) => {
    const submitted = new Date(start + i * 7000).toISOString().replace('T', ' ').slice(0, 19).replaceAll('-', '/');
    const answers = questions.map((question) => answer(question, rng));
    const comment = rng.pick(COMMENTS);
    return wjx ? [String(i + 1), submitted, rng.pick(['微信', '手机提交', '链接']), ...answers, comment] : [String(i + 1), submitted, ...answers, comment];
  });
  return Papa.unparse({ fields, data: rows });
}

function answer(question: Question, rng: Random): string {
  if (rng.chance(0.03)) return '(跳过)';
  if (question.type !== 'multiple') return rng.pickSkewed(question.options, 2);
  const chosen = question.options.filter(() => rng.chance(0.4));
  return (chosen.length > 0 ? chosen : [rng.pick(question.options)]).join('┋');
}

async function writeCampaign(dataDir: string, plan: CampaignPlan, rng: Random): Promise<void> {
  const dir = path.join(dataDir, 'campaigns', plan.id);
  const files: Array<[string, string]> = [
    ['campaign.yml', campaignYaml(plan, rng)],
    ['findings.csv', findingsCsv(plan, rng)],
    ['highlights.csv', highlightsCsv(plan, rng)],
  ];
  if (plan.survey) files.push(['survey.csv', surveyCsv(plan, plan.survey, rng)]);
  await mkdir(dir, { recursive: true });
  await Promise.all(files.map(([name, text]) => writeFile(path.join(dir, name), text)));
}

export async function generateData(options: GenerateOptions): Promise<GenerateSummary> {
  if (options.units < 2) throw new Error('--units must be at least 2: a team never inspects its leader’s unit');
  if (options.campaigns < 1) throw new Error('--campaigns must be at least 1');
  const rng = new Random(options.seed ?? 42);
  const units = makeUnits(options.units, rng);
  const plans = planCampaigns(options, units, rng);
  await mkdir(options.out, { recursive: true });
  const unitRows = units.map((unit) => [unit.id, unit.name, unit.sector]);
  await writeFile(path.join(options.out, 'units.csv'), Papa.unparse({ fields: ['单位编码', '单位名称', '板块'], data: unitRows }));
  for (const plan of plans) await writeCampaign(options.out, plan, rng);
  return {
    units: units.length,
    campaigns: plans.length,
    findings: plans.reduce((n, plan) => n + plan.findings, 0),
    highlights: plans.reduce((n, plan) => n + plan.highlights, 0),
    surveys: plans.filter((plan) => plan.survey).length,
    responses: plans.reduce((n, plan) => n + plan.responses, 0),
  };
}
