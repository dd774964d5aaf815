import { DATE_FORMS_TEXT } from '../format/dates.ts';
import { optionalDay, vocabularyOf } from '../schemas/fields.ts';
import { headerOf, type Column, type TableDefinition } from '../tables/define-table.ts';
import { findingsTable } from '../tables/findings.ts';
import { highlightsTable } from '../tables/highlights.ts';
import { DATE_FORMAT, displayWidth, TEXT_FORMAT } from './excel-formats.ts';

/**
 * What a template workbook holds (findings.xlsx, highlights.xlsx of `npm run new-campaign` and
 * `npm run templates`), worked out from the column declarations of src/lib/tables/ and nothing
 * else: each column's header, number format, width, dropdown or date validation, and the
 * explanation of the 填写说明 sheet. Pure: template-workbook.ts turns the plan into a workbook.
 */

/** The lists a dropdown can come from, besides a column's own vocabulary. */
export type ListSource = 'units' | 'categories' | 'teams';

/** The values of those lists for one campaign: names as the site prints them. */
export type TemplateLists = Readonly<Record<ListSource, readonly string[]>>;

export interface TemplateSpec {
  /** The data file: `<name>.xlsx` in the campaign's folder. */
  name: 'findings' | 'highlights';
  /** The data sheet's name, unless campaign.yml `sheets` names another. */
  sheet: string;
  table: Pick<TableDefinition<Record<string, Column>>, 'columns' | 'keys' | 'specs'>;
  /** The columns whose values come from the directory or campaign.yml. */
  lists: Readonly<Record<string, ListSource>>;
}

/**
 * The two templates. 被检单位 and 检查组 take a unit's or team's name (the reader takes its
 * code too); 问题类别 one of campaign.yml's categories, the ones the check holds findings to.
 * The highlights' 类别 is free text: campaign.yml's categories are the problems'.
 */
export const TEMPLATES: readonly TemplateSpec[] = [
  { name: 'findings', sheet: '问题清单', table: findingsTable, lists: { unit: 'units', team: 'teams', category: 'categories' } },
  { name: 'highlights', sheet: '亮点清单', table: highlightsTable, lists: { unit: 'units', team: 'teams' } },
];

export const INSTRUCTIONS_SHEET = '填写说明';
/** Where the dropdowns' values are: a hidden sheet, since a list written in the formula is limited to 255 characters. */
export const LISTS_SHEET = '下拉选项';

/** Rows 2 to this one are validated and formatted, or 1,000 below the last kept row if that is further. */
export const MIN_TEMPLATE_ROWS = 5_000;
export const SPARE_ROWS = 1_000;
/** The range a date cell must lie in: a typo in the year (2205, 1025) is refused by Excel. */
export const DATE_RANGE = { from: '2000-01-01', to: '2099-12-31' } as const;
const MAX_WIDTH = 50;

export type TemplateValidation =
  | {
      type: 'list';
      /** The values offered, in order. */
      values: readonly string[];
      /** Whether Excel refuses another value (stop) or only warns (a unit's code is accepted too). */
      strict: boolean;
    }
  | { type: 'date'; from: string; to: string };

export interface PlannedColumn {
  /** The declared column; undefined for a column kept from a workbook that no declaration knows. */
  key?: string;
  header: string;
  numFmt: string;
  width: number;
  required: boolean;
  validation?: TemplateValidation;
  /** The input message Excel shows on a selected cell (at most 255 characters). */
  prompt: string;
  /** The 填写说明 row: format, allowed values, the other headers the reader accepts. */
  format: string;
  allowed: string;
  otherHeaders: readonly string[];
}

/** The columns of one template, in the declaration's order. */
export function planTemplate(spec: TemplateSpec, lists: TemplateLists): PlannedColumn[] {
  return spec.table.keys.map((key) => {
    const column = spec.table.columns[key];
    if (column === undefined) throw new Error(`no column ${key}`); // never: keys are the columns' own
    const required = spec.table.specs.find((candidate) => candidate.key === key)?.required ?? false;
    return planColumn(key, column, required, spec.lists[key], lists);
  });
}

function planColumn(key: string, column: Column, required: boolean, source: ListSource | undefined, lists: TemplateLists): PlannedColumn {
  const header = headerOf(column);
  const otherHeaders = column.headers.filter((other) => other !== header);
  const vocabulary = vocabularyOf(column.schema);
  const markdown = column.page?.cell === 'markdown';
  const blank = column.schema.safeParse(undefined);
  const fallback = blank.success && blank.data !== undefined ? `；不填时视为“${shown(column, blank.data)}”` : '';
  let validation: TemplateValidation | undefined;
  let format: string;
  let allowed = '';
  if (column.schema === optionalDay) {
    validation = { type: 'date', ...DATE_RANGE };
    format = `日期，单元格格式为 ${DATE_FORMAT}（也可写成文字 ${DATE_FORMS_TEXT}）`;
    allowed = `${DATE_RANGE.from} 至 ${DATE_RANGE.to} 之间的日期`;
  } else if (vocabulary) {
    const values = vocabulary.codes.map((code) => vocabulary.labels[code] ?? code);
    validation = { type: 'list', values, strict: true };
    format = `从下拉列表中选择${fallback}`;
    allowed = `${values.join('、')}（也可写 ${vocabulary.codes.join('、')}）`;
  } else if (source !== undefined) {
    const values = lists[source];
    const what = LIST_WORDS[source];
    if (values.length > 0) {
      validation = { type: 'list', values, strict: source === 'categories' };
      format = `从下拉列表中选择${what.item}${what.alsoCode ? '（也可写编码）' : ''}`;
      allowed = values.join('、');
    } else {
      format = `文字（${what.none}）`;
    }
  } else {
    format = markdown ? '文字，可用 Markdown（须在 campaign.yml 的 markdownColumns 中列出，否则按原文显示）' : '文字';
  }
  const values = validation?.type === 'list' ? validation.values : [];
  const width = Math.min(MAX_WIDTH, Math.max(displayWidth(header), column.schema === optionalDay ? 10 : 8, markdown ? 30 : 0, ...values.map(displayWidth)) + 2);
  // The dropdown shows its values; the message says what the cell is.
  const prompt = truncate(`${required ? '必填。' : ''}${format}`, 255);
  return {
    key,
    header,
    numFmt: column.schema === optionalDay ? DATE_FORMAT : TEXT_FORMAT,
    width,
    required,
    validation,
    prompt,
    format,
    allowed,
    otherHeaders,
  };
}

const LIST_WORDS: Record<ListSource, { item: string; alsoCode: boolean; none: string }> = {
  units: { item: '单位名称', alsoCode: true, none: 'units.csv 中没有单位' },
  teams: { item: '检查组名称', alsoCode: true, none: 'campaign.yml 中没有检查组' },
  categories: { item: '问题类别（campaign.yml 的 categories）', alsoCode: false, none: 'campaign.yml 没有声明 categories，可填写任意类别' },
};

function shown(column: Column, value: unknown): string {
  return column.display ? column.display(value as never, { unit: (id) => id, team: (id) => id }) : String(value);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** A column kept from an existing workbook that no declaration knows: its header and cells as they are, as text. */
export function keptColumn(header: string): PlannedColumn {
  return {
    header,
    numFmt: TEXT_FORMAT,
    width: Math.min(MAX_WIDTH, Math.max(displayWidth(header), 8) + 2),
    required: false,
    prompt: '',
    format: '不是本表的列：原样保留，网站不读取',
    allowed: '',
    otherHeaders: [],
  };
}

/** The last row validated and formatted, given how many data rows the template already holds. */
export function lastTemplateRow(rows: number): number {
  return Math.max(MIN_TEMPLATE_ROWS, rows + SPARE_ROWS) + 1;
}

/** The header of the 填写说明 sheet's table of columns. */
export const INSTRUCTIONS_HEADER = ['列（表头）', '必填', '格式', '可填写的值', '也可用的表头'] as const;

/** The 填写说明 sheet: a few lines on the sheet as a whole, then one row per column. */
export function instructionRows(spec: TemplateSpec, sheet: string, columns: readonly PlannedColumn[]): string[][] {
  return [
    [`“${sheet}”工作表的填写说明`],
    [`第 1 行是表头，请不要修改或删除；从第 2 行起每行一条记录。不要合并单元格、隐藏有内容的行或插入第二个表头。`],
    [`带下拉箭头的列请从列表中选择；日期列请填日期。保存为 .xlsx 后以 ${spec.name}.xlsx 提交（同一目录中不要再放 ${spec.name}.csv）。`],
    [`单位或类别有变化时运行 npm run templates 重新生成本模板，已填写的行会保留。`],
    [],
    [...INSTRUCTIONS_HEADER],
    ...columns.map((column) => [column.header, column.required ? '是' : '', column.format, column.allowed, column.otherHeaders.join('、')]),
  ];
}
