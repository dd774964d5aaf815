import { group } from 'd3-array';
import type { CsvTable } from '../csv/parse-csv.ts';
import { checkRowWidth } from '../csv/read-records.ts';
import type { IssueList } from '../errors.ts';
import type { QuestionConfig, SurveyConfig } from '../schemas/campaign.ts';

/**
 * Tallies a raw survey export (问卷星 and the like) against the questions declared in
 * campaign.yml. Only the declared questions' columns are read: the export's other columns
 * (序号, 提交答卷时间, 来自IP, names, free text...) never leave this module.
 */

export interface QuestionResult {
  id: string;
  text: string;
  type: QuestionConfig['type'];
  options: string[];
  favorable: string[];
  /** Respondents per option, in the declared option order. */
  counts: Record<string, number>;
  answered: number;
  unanswered: number;
  /** Respondents who chose at least one favourable option. */
  favorableCount: number;
  /** favorableCount / answered, or null when nobody answered or no option is favourable. */
  favorableShare: number | null;
}

export interface SurveyResult {
  title: string;
  date?: string;
  trainer?: string;
  respondents: number;
  questions: QuestionResult[];
  /** The question whose answer splits respondents into groups (e.g. their unit), if any. */
  groupBy?: string;
  /** Groups smaller than this are never shown on their own (see disclosable-groups.ts). */
  minGroupSize: number;
  /** Per-group tallies, in the groupBy question's option order; never published unfiltered. */
  groups: SurveyGroup[];
}

export interface SurveyGroup {
  name: string;
  respondents: number;
  questions: QuestionResult[];
}

/** Cells that mean "no answer" in common exports. */
const NO_ANSWER = new Set(['', '(跳过)', '（跳过）', '(空)', '（空）', 'N/A']);
/** 问卷星 joins the choices of a multiple-choice answer with ┋. */
const MULTIPLE_SEPARATOR = /[┋|；;]/;

/** `3、您认为…？` and `Q3. 您认为…?` both name the question `您认为…`. */
export function questionTextOf(header: string): string {
  return header
    .trim()
    .replace(/^(?:Q|第)?\s*\d+\s*(?:[、.．:：)）]|题)\s*/i, '')
    .replace(/[（(](?:单选题|多选题|单选|多选)[)）]\s*$/, '')
    .replace(/[?？]\s*$/, '')
    .trim();
}

export function tallySurvey(
  table: CsvTable,
  file: string,
  config: SurveyConfig,
  issues: IssueList,
): SurveyResult | null {
  const columns = matchQuestionColumns(table, file, config.questions, issues);
  if (!columns) return null;

  const width = table.header.cells.length;
  const answers: Answers[] = [];
  let ok = true;
  for (const record of table.records) {
    if (!checkRowWidth(record.cells, width, record.line, file, issues)) {
      ok = false;
      continue;
    }
    const row = config.questions.map((question, q) => {
      const index = columns[q];
      if (index === undefined) throw new Error(`no column for question ${question.id}`); // never: matchQuestionColumns found one per question
      const cell = (record.cells[index] ?? '').trim();
      if (NO_ANSWER.has(cell)) return null;
      const choices = question.type === 'multiple' ? cell.split(MULTIPLE_SEPARATOR).map((c) => c.trim()).filter(Boolean) : [cell];
      const unknown = choices.filter((choice) => !question.options.includes(choice));
      if (unknown.length > 0) {
        issues.error(file, {
          line: record.line,
          column: index + 1,
          field: table.header.cells[index],
          message: `“${unknown.join('、')}”不是题目“${question.id}”的选项`,
          expected: question.options.join('、'),
          hint: '请在 campaign.yml 中补充该选项，或更正答卷。',
        });
        ok = false;
      }
      return [...new Set(choices)];
    });
    answers.push(row);
  }
  if (!ok) return null;

  const groupIndex = config.groupBy === undefined ? -1 : config.questions.findIndex((question) => question.id === config.groupBy);
  const groups: SurveyGroup[] = [];
  if (groupIndex !== -1) {
    const byGroup = group(answers, (row) => row[groupIndex]?.[0] ?? NO_GROUP);
    const order = [...(config.questions[groupIndex]?.options ?? []), NO_GROUP];
    for (const name of order) {
      const rows = byGroup.get(name);
      if (rows) groups.push({ name, respondents: rows.length, questions: tallyQuestions(config.questions, rows) });
    }
  }

  return {
    title: config.title,
    date: config.date,
    trainer: config.trainer,
    respondents: answers.length,
    questions: tallyQuestions(config.questions, answers),
    groupBy: groupIndex === -1 ? undefined : config.groupBy,
    minGroupSize: config.minGroupSize,
    groups,
  };
}

/** The chosen options of each declared question, null when unanswered. */
type Answers = Array<string[] | null>;

const NO_GROUP = '未作答';

function tallyQuestions(questions: QuestionConfig[], answers: Answers[]): QuestionResult[] {
  return questions.map((question, q) => {
    const counts: Record<string, number> = Object.fromEntries(question.options.map((option) => [option, 0]));
    let answered = 0;
    let favorableCount = 0;
    for (const row of answers) {
      const choices = row[q];
      if (!choices) continue;
      answered++;
      for (const choice of choices) counts[choice] = (counts[choice] ?? 0) + 1;
      if (choices.some((choice) => question.favorable.includes(choice))) favorableCount++;
    }
    return {
      id: question.id,
      text: question.text,
      type: question.type,
      options: question.options,
      favorable: question.favorable,
      counts,
      answered,
      unanswered: answers.length - answered,
      favorableCount,
      favorableShare: favorableShareOf(question, favorableCount, answered),
    };
  });
}

/** The headline share of a question, or null when nobody answered or no option is favourable. */
export function favorableShareOf(question: { favorable: string[] }, favorableCount: number, answered: number): number | null {
  return answered > 0 && question.favorable.length > 0 ? favorableCount / answered : null;
}

/** The column index of each question, matched by id or by text; null when one is missing. */
function matchQuestionColumns(
  table: CsvTable,
  file: string,
  questions: QuestionConfig[],
  issues: IssueList,
): number[] | null {
  const { cells, line } = table.header;
  const found: Array<number | undefined> = questions.map(() => undefined);
  cells.forEach((header, index) => {
    const text = questionTextOf(header);
    const q = questions.findIndex(
      (question) => header === question.id || text === questionTextOf(question.text),
    );
    if (q === -1) return;
    const earlier = found[q];
    if (earlier !== undefined) {
      issues.error(file, {
        line,
        column: index + 1,
        field: header,
        message: `题目“${questions[q]?.id}”对应了两列（第 ${earlier + 1} 列和第 ${index + 1} 列）`,
        expected: '每道题只有一列',
      });
      return;
    }
    found[q] = index;
  });
  let ok = issues.errors.every((issue) => issue.file !== file);
  questions.forEach((question, q) => {
    if (found[q] === undefined) {
      issues.error(file, {
        line,
        message: `找不到题目“${question.id}”（${question.text}）的列`,
        expected: `表头中有“${question.id}”或题目原文（可带“1、”这样的题号）`,
        hint: '请核对 campaign.yml 中的题目文字与问卷导出的表头是否一致。',
      });
      ok = false;
    }
  });
  // When ok, every question has its column: the filter drops nothing but narrows the type.
  return ok ? found.filter((index) => index !== undefined) : null;
}
