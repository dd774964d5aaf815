import path from 'node:path';
import { z } from 'zod/v4';
import { parseDay } from './format/dates.ts';
import { DEFAULT_MIN_GROUP_SIZE } from './schemas/campaign.ts';

/**
 * The build server's settings, read from the environment once per command and validated
 * here, so that a mistyped value is reported in words before anything is built. Every other
 * module receives a Settings object; none reads process.env.
 */

export interface Settings {
  /** The project root: relative paths in settings and messages are relative to it. */
  root: string;
  /** Absolute path of the data directory (DATA_DIR). */
  dataDir: string;
  /**
   * The data directory as the user gave DATA_DIR (absolute, or relative to the working
   * directory), '/'-separated: messages name files from it, so each can be pasted into a shell.
   */
  dataDirShown: string;
  /** When this command started (ISO 8601): the web edition's footer says it unless REPORT_DATE is fixed. */
  startedAt: string;
  /** Absolute path of the default templates (templates/). */
  templatesDir: string;
  /** Absolute path of the published site (OUT_DIR). */
  outDir: string;
  /** The site's sub-path on the intranet, with slashes at both ends: `/reports/` (BASE_PATH). */
  basePath: string;
  /** The organisation's time zone, in which "today" is reckoned (TIME_ZONE). */
  timeZone: string;
  /** The day overdue problems are judged on, as an ISO day in that time zone (REPORT_DATE). */
  reportDate: string;
  /**
   * Whether REPORT_DATE was set: then every page and PDF is as of that day. Otherwise the web
   * pages are as of today and each campaign's PDFs as of its last data commit (print-day.ts).
   */
  reportDateFixed: boolean;
  /** The Chromium or Chrome that prints PDFs and takes screenshots (CHROMIUM_PATH). */
  chromiumPath: string;
  /**
   * The privacy floor of survey breakdowns (MIN_GROUP_SIZE): groups with fewer answers are
   * never shown on their own. campaign.yml may raise it, never lower it; only the build server
   * can, because whoever edits data/ is not the one who answers for the respondents' privacy.
   */
  minGroupSize: number;
  /**
   * How many documents `npm run pdf` prints at once (PDF_CONCURRENCY); undefined: as many as
   * the machine has cores, at most MAX_AUTO_PDF_CONCURRENCY. `npm run pdf -- --jobs N` overrides it.
   */
  pdfConcurrency: number | undefined;
  /** The organisation's name for the site, on every page, PDF and the status page (SITE_TITLE). */
  siteTitle: string;
  /** How much Astro itself says while building (ASTRO_LOG_LEVEL); undefined: one line. */
  astroLogLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent' | undefined;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The settings' defaults, as the README documents them. */
export const SETTING_DEFAULTS = {
  DATA_DIR: 'data',
  OUT_DIR: 'dist',
  BASE_PATH: '/',
  TIME_ZONE: DEFAULT_TIME_ZONE,
  CHROMIUM_PATH: '/usr/bin/chromium',
  MIN_GROUP_SIZE: DEFAULT_MIN_GROUP_SIZE,
  SITE_TITLE: '绩效检查报告',
} as const;

/** The most documents PDF_CONCURRENCY (or --jobs) may print at once: each is a Chromium tab. */
export const MAX_PDF_CONCURRENCY = 16;

/** PDF_CONCURRENCY's or --jobs's value, if it is a whole number from 1 to MAX_PDF_CONCURRENCY. */
export function parseConcurrency(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= MAX_PDF_CONCURRENCY ? value : undefined;
}

/** Below this a group is one or two people: no setting may publish that. */
export const LOWEST_MIN_GROUP_SIZE = 2;

/** One or more settings have values that cannot work; the message lists every one of them. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const directory = (name: 'DATA_DIR' | 'OUT_DIR') =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine((value) => !value.includes('\0'), `${name} 含有不允许的字符`)
      .default(SETTING_DEFAULTS[name]),
  );

/**
 * Every environment variable the commands read: its schema, and what the README's 环境变量
 * table says of it (a test holds the two together). The parser, its messages and the README
 * all come from here; nothing else reads process.env for a setting.
 */
export interface SettingDeclaration {
  /** What it does, in Chinese, as the README's table says it. */
  description: string;
  /** The default, as the README's table says it. */
  defaultText: string;
  schema: z.ZodType;
}

const declare = (description: string, defaultText: string, schema: z.ZodType): SettingDeclaration => ({ description, defaultText, schema });

const SCHEMAS = {
  DATA_DIR: directory('DATA_DIR'),
  OUT_DIR: directory('OUT_DIR'),
  BASE_PATH: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(SETTING_DEFAULTS.BASE_PATH)
      .refine((value) => value.startsWith('/'), { error: (issue) => `BASE_PATH 应以 / 开头，例如 /reports/（现在是“${String(issue.input)}”）` })
      .refine((value) => !/[\s?#\\]|\/\.\.?(?:\/|$)/.test(value), {
        error: (issue) => `BASE_PATH 只能是网址中的路径，不能含空格、?、#、\\ 或 ..（现在是“${String(issue.input)}”）`,
      }),
  ),
  TIME_ZONE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(SETTING_DEFAULTS.TIME_ZONE)
      .refine(isTimeZone, { error: (issue) => `TIME_ZONE 不是已知的时区：“${String(issue.input)}”，应为 Asia/Shanghai 这样的 IANA 时区名` }),
  ),
  REPORT_DATE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine((value) => parseDay(value) !== null, {
        error: (issue) => `REPORT_DATE 不是日期：“${String(issue.input)}”，应写成 2026-11-24、2026/11/24 或 2026年11月24日`,
      })
      .optional(),
  ),
  CHROMIUM_PATH: z.preprocess(blankAsUnset, z.string().default(SETTING_DEFAULTS.CHROMIUM_PATH)),
  MIN_GROUP_SIZE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine((value) => /^\s*\d+\s*$/.test(value) && Number(value) >= LOWEST_MIN_GROUP_SIZE, {
        error: (issue) => `MIN_GROUP_SIZE 应为不小于 ${LOWEST_MIN_GROUP_SIZE} 的整数（现在是“${String(issue.input)}”）`,
      })
      .transform(Number)
      .default(SETTING_DEFAULTS.MIN_GROUP_SIZE),
  ),
  PDF_CONCURRENCY: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine((value) => parseConcurrency(value) !== undefined, {
        error: (issue) => `PDF_CONCURRENCY 应为 1 到 ${MAX_PDF_CONCURRENCY} 之间的整数（现在是“${String(issue.input)}”）`,
      })
      .transform(Number)
      .optional(),
  ),
  SITE_TITLE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .default(SETTING_DEFAULTS.SITE_TITLE)
      .refine((value) => [...value].length <= 30 && !/[\u0000-\u001f\u007f<>]/.test(value), {
        error: (issue) => `SITE_TITLE 应为不超过 30 个字的一行文字，不含 < > 和控制字符（现在是“${String(issue.input)}”）`,
      })
      .transform((value) => value.trim()),
  ),
  ASTRO_LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z
      .enum(['debug', 'info', 'warn', 'error', 'silent'], {
        error: (issue) => `ASTRO_LOG_LEVEL 应为 info、debug、warn、error 或 silent（现在是“${String(issue.input)}”）`,
      })
      .optional(),
  ),
};

type SettingName = keyof typeof SCHEMAS;

/** The table, in the README's order. */
export const SETTINGS: Record<SettingName, SettingDeclaration> = {
  SITE_TITLE: declare('网站名称：每个页面、PDF 和发布状态页上显示的名称', `\`${SETTING_DEFAULTS.SITE_TITLE}\``, SCHEMAS.SITE_TITLE),
  BASE_PATH: declare('网站在内网上的子路径，例如 `/reports/`；所有链接都会带上它', `\`${SETTING_DEFAULTS.BASE_PATH}\``, SCHEMAS.BASE_PATH),
  OUT_DIR: declare('输出目录', `\`${SETTING_DEFAULTS.OUT_DIR}\``, SCHEMAS.OUT_DIR),
  DATA_DIR: declare('数据目录（绝对路径，或相对于运行命令的目录）；错误信息按这里的写法给出文件路径', `\`${SETTING_DEFAULTS.DATA_DIR}\``, SCHEMAS.DATA_DIR),
  CHROMIUM_PATH: declare('Chromium/Chrome 可执行文件', `\`${SETTING_DEFAULTS.CHROMIUM_PATH}\``, SCHEMAS.CHROMIUM_PATH),
  TIME_ZONE: declare(
    '单位所在的时区，用来确定“今天”是哪一天（服务器用 UTC 时钟也不影响）；页脚和发布状态页的时间也按它显示',
    `\`${SETTING_DEFAULTS.TIME_ZONE}\``,
    SCHEMAS.TIME_ZONE,
  ),
  REPORT_DATE: declare(
    '判断“逾期”的日期，例如 `2026-11-24`；固定它可使每次生成的结果完全相同，PDF 也按这一天计算（见“PDF 的日期”）',
    '生成当天（按 `TIME_ZONE` 的日期）',
    SCHEMAS.REPORT_DATE,
  ),
  PDF_CONCURRENCY: declare(`\`npm run pdf\` 同时打印的份数（1–${MAX_PDF_CONCURRENCY}）`, '每个 CPU 核一份，最多 4 份', SCHEMAS.PDF_CONCURRENCY),
  ASTRO_LOG_LEVEL: declare(
    '设为 `info` 时显示 Astro 逐页的生成记录（英文），`debug` 更详细；平时只显示一行“已生成 N 个页面”',
    '不显示',
    SCHEMAS.ASTRO_LOG_LEVEL,
  ),
  MIN_GROUP_SIZE: declare(
    `问卷分组展示的隐私下限：答卷少于这么多份的分组不单独展示。campaign.yml 只能提高它，不能降低；只有构建服务器能降低，且不能低于 ${LOWEST_MIN_GROUP_SIZE}`,
    `\`${SETTING_DEFAULTS.MIN_GROUP_SIZE}\``,
    SCHEMAS.MIN_GROUP_SIZE,
  ),
};

const environmentSchema = z.object(SCHEMAS);

/** The README's 环境变量 table, as the declarations say it. */
export function settingsTableMarkdown(): string {
  const rows = Object.entries(SETTINGS).map(([name, { description, defaultText }]) => `| \`${name}\` | ${description} | ${defaultText} |`);
  return ['| 变量 | 作用 | 默认值 |', '| --- | --- | --- |', ...rows].join('\n');
}

export interface ReadSettingsOptions {
  /** The project root; the current directory by default. */
  root?: string;
  /** The moment "today" is taken from, when REPORT_DATE is not set. */
  now?: Date;
}

/** Reads and validates the settings; throws a SettingsError naming every bad value. */
export function readSettings(environment: Record<string, string | undefined>, { root = process.cwd(), now = new Date() }: ReadSettingsOptions = {}): Settings {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new SettingsError(`设置有误：\n${parsed.error.issues.map((issue) => `  ${issue.message}`).join('\n')}`);
  }
  const values = parsed.data;
  return {
    root,
    dataDir: path.resolve(root, values.DATA_DIR),
    dataDirShown: shownPath(values.DATA_DIR),
    startedAt: now.toISOString(),
    templatesDir: path.resolve(root, 'templates'),
    outDir: path.resolve(root, values.OUT_DIR),
    basePath: values.BASE_PATH.endsWith('/') ? values.BASE_PATH : `${values.BASE_PATH}/`,
    timeZone: values.TIME_ZONE,
    reportDate: values.REPORT_DATE === undefined ? dayIn(values.TIME_ZONE, now) : (parseDay(values.REPORT_DATE) ?? values.REPORT_DATE),
    reportDateFixed: values.REPORT_DATE !== undefined,
    chromiumPath: values.CHROMIUM_PATH,
    minGroupSize: values.MIN_GROUP_SIZE,
    pdfConcurrency: values.PDF_CONCURRENCY,
    siteTitle: values.SITE_TITLE,
    astroLogLevel: values.ASTRO_LOG_LEVEL,
  };
}

/** The calendar day of a moment in a time zone, as an ISO day: what a clock on the office wall says. */
export function dayIn(timeZone: string, moment: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A path for messages: relative to the project root when inside it. */
export function displayPath(settings: Pick<Settings, 'root'>, file: string): string {
  const relative = path.relative(settings.root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/') || '.';
}

/** A path as the user wrote it, tidied: '/'-separated, no `./` or trailing slash. */
function shownPath(written: string): string {
  const normalized = path.normalize(written).split(path.sep).join('/');
  return normalized === '/' ? normalized : normalized.replace(/\/+$/, '') || '.';
}

/**
 * A file as messages name it, so that it can be pasted into a shell where the command ran: a data
 * file from DATA_DIR as the user gave it (`data/campaigns/c1/findings.csv`,
 * `/srv/mydata/campaigns/…`, `../data-bad/…`), another file from the project root when inside it,
 * else absolute.
 */
export function sourceName(settings: Pick<Settings, 'root' | 'dataDir' | 'dataDirShown'>, file: string): string {
  const absolute = path.resolve(settings.root, file);
  const inData = within(settings.dataDir, absolute);
  if (inData !== null) return inData === '.' ? settings.dataDirShown : settings.dataDirShown === '.' ? inData : `${settings.dataDirShown}/${inData}`;
  return within(settings.root, absolute) ?? absolute;
}

/**
 * A file as pages name it: a data file relative to the data folder (its folder is named once,
 * by dataFolderName), another from the project root. Never a path of the build machine: the
 * publishing hooks check data out into a temporary folder, and a temporary path would make every
 * publish print every PDF again, since a PDF's page names its sources.
 */
export function pageSourceName(settings: Pick<Settings, 'root' | 'dataDir'>, file: string): string {
  const absolute = path.resolve(settings.root, file);
  return within(settings.dataDir, absolute) ?? within(settings.root, absolute) ?? path.basename(absolute);
}

/** The data folder as pages name it: its own name (`data`), the same wherever it is checked out. */
export function dataFolderName(settings: Pick<Settings, 'dataDir'>): string {
  return path.basename(settings.dataDir);
}

/**
 * A page's 数据来源 line: its data files named once from the data folder
 * (`数据目录 data/ 中的 campaigns/c1/campaign.yml、…`, or the folder alone for pages built from
 * all of it), the app's own files (the default news template) after them.
 */
export function sourcesLine(settings: Pick<Settings, 'root' | 'dataDir'>, sources: readonly string[]): string {
  const dataFiles: string[] = [];
  const appFiles: string[] = [];
  for (const source of sources) {
    const absolute = path.resolve(settings.root, source);
    const inData = within(settings.dataDir, absolute);
    if (inData !== null) dataFiles.push(inData);
    else appFiles.push(pageSourceName(settings, source));
  }
  const folder = `数据目录 ${dataFolderName(settings)}/`;
  return [dataFiles.length === 0 ? '' : dataFiles.includes('.') ? folder : `${folder} 中的 ${dataFiles.join('、')}`, ...appFiles.map((file) => `模板 ${file}`)]
    .filter(Boolean)
    .join('；');
}

/** `file` relative to `dir`, '/'-separated ('.' for `dir` itself); null when outside it. */
function within(dir: string, absolute: string): string | null {
  const relative = path.relative(dir, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? null : relative.split(path.sep).join('/') || '.';
}
