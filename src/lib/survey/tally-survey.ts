import { group } from 'd3-array';
import type { CsvTable } from '../csv/parse-csv.ts';
import { checkRowWidth } from '../csv/read-records.ts';
import type { IssueList } from '../errors.ts';
import type { QuestionConfig, SurveyConfig } from '../schemas/campaign.ts';
import { identityNamedBy, PRIVACY_HINT } from './identity.ts';

/**
 * Tallies a raw survey export (问卷星 and the like) against the questions declared in
 * campaign.yml. Only the declared questions' columns are read: the export's other columns
 * (序号, 提交答卷时间, 来自IP, names, free text...) never leave this module, and nothing of a
 * header but the question's id and declared text does. A declared question whose column
 * identifies respondents (a name, a number, free text) is refused, see checkPrivacy.
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

/**
 * A question refused as "nearly all distinct": at least this many respondents answered it…
 * (below that, a few different answers prove nothing), and…
 */
export const DISTINCT_MIN_ANSWERED = 10;
/**
 * …its distinct answers are at least this share of them: one answer per person is a name, a
 * number or free text, not a choice. 0.9 leaves room for a handful of blanks-by-another-name
 * and duplicates (two people typing 同上) without letting an identifier through; a real choice
 * question has far fewer options than respondents. For a multiple-choice question the count
 * is of options chosen by one respondent only, since shared options combine into many sets.
 */
export const DISTINCT_SHARE = 0.9;

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

export function tallySurvey(table: CsvTable, file: string, config: SurveyConfig, issues: IssueList): SurveyResult | null {
  const columns = matchQuestionColumns(table, file, config.questions, issues);
  if (!columns) return null;
  if (!checkPrivacy(table, file, config, columns, issues)) return null;

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
      const choices =
        question.type === 'multiple'
          ? cell
              .split(MULTIPLE_SEPARATOR)
              .map((c) => c.trim())
              .filter(Boolean)
          : [cell];
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

/**
 * Refuses declared questions whose column identifies respondents: a header naming an identity
 * (姓名, 手机, 来自IP…), or answers that are nearly all different (see DISTINCT_SHARE). Both are
 * errors at the column's header, also (and said so) when the question is the groupBy one.
 */
function checkPrivacy(table: CsvTable, file: string, config: SurveyConfig, columns: number[], issues: IssueList): boolean {
  let ok = true;
  const { cells, line } = table.header;
  config.questions.forEach((question, q) => {
    const index = columns[q];
    if (index === undefined) return;
    const header = cells[index] ?? '';
    const role = question.id === config.groupBy ? '问卷题目和分组依据（groupBy）' : '问卷题目';
    const place = { line, column: index + 1, field: header };
    const identity = identityNamedBy(questionTextOf(header)) ?? identityNamedBy(header);
    if (identity) {
      issues.error(file, {
        ...place,
        message: `“${header}”一列是答卷人的身份信息（${identity}），不能作为${role}（题目“${question.id}”）统计和发布`,
        hint: PRIVACY_HINT,
      });
      ok = false;
      return;
    }
    const distinct = distinctAnswers(table, index, question.type);
    if (distinct.answered >= DISTINCT_MIN_ANSWERED && distinct.distinct / distinct.answered >= DISTINCT_SHARE) {
      issues.error(file, {
        ...place,
        message:
          `“${header}”一列的答案几乎各不相同（${distinct.answered} 人作答，${distinct.distinct} 种${question.type === 'multiple' ? '只有一人选择的选项' : '不同答案'}），` +
          `像是姓名、编号或自由填写的文字，不能作为${role}（题目“${question.id}”）统计和发布`,
        expected: `选择题：${DISTINCT_MIN_ANSWERED} 人以上作答时，不同答案少于作答人数的 ${Math.round(DISTINCT_SHARE * 100)}%`,
        hint: PRIVACY_HINT,
      });
      ok = false;
    }
  });
  return ok;
}

/**
 * How many respondents answered a column and how many different answers they gave; for a
 * multiple-choice question, how many options only one respondent chose.
 */
function distinctAnswers(table: CsvTable, index: number, type: QuestionConfig['type']): { answered: number; distinct: number } {
  let answered = 0;
  const chosenBy = new Map<string, number>();
  for (const record of table.records) {
    const cell = (record.cells[index] ?? '').trim();
    if (NO_ANSWER.has(cell)) continue;
    answered++;
    const choices =
      type === 'multiple'
        ? new Set(
            cell
              .split(MULTIPLE_SEPARATOR)
              .map((c) => c.trim())
              .filter(Boolean),
          )
        : [cell];
    for (const choice of choices) chosenBy.set(choice, (chosenBy.get(choice) ?? 0) + 1);
  }
  const distinct = type === 'multiple' ? [...chosenBy.values()].filter((count) => count === 1).length : chosenBy.size;
  return { answered, distinct };
}

/** The column index of each question, matched by id or by text; null when one is missing. */
function matchQuestionColumns(table: CsvTable, file: string, questions: QuestionConfig[], issues: IssueList): number[] | null {
  const { cells, line } = table.header;
  const found: Array<number | undefined> = questions.map(() => undefined);
  cells.forEach((header, index) => {
    const text = questionTextOf(header);
    const q = questions.findIndex((question) => header === question.id || text === questionTextOf(question.text));
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
