import { html } from 'ghtml';
import { formatPercent } from '../format/numbers.ts';
import type { DisclosedGroup } from '../survey/disclosable-groups.ts';
import type { QuestionResult } from '../survey/tally-survey.ts';

/**
 * The survey's favourable shares per group ("按…分组的好评率"), laid out so that it fits a phone
 * and an A4 page whatever the number of questions and groups.
 *
 * A table is as wide as its columns, and a column of percentages cannot shrink below its
 * figures. So the longer of the two lists runs down the page: groups are rows when there are
 * at least as many groups as questions, and questions are rows (groups as columns) when
 * questions outnumber groups. When even the shorter list has more than `maxColumns` entries,
 * the columns are split over several tables of balanced width, each repeating the row
 * headers: on paper nothing is left to a scroll box that print cannot scroll.
 */

export interface SurveyGroupsOptions {
  /** The grouping question's text, e.g. "您所在的单位". */
  groupLabel: string;
  /** The most figure columns one table may have (the 答卷数 column counts as one). */
  maxColumns?: number;
}

/** Five columns of "100.00%" beside a wrapped row header fit A4 at 9.5 pt and most of a 375 px phone. */
export const MAX_SURVEY_GROUP_COLUMNS = 5;

/** `items` split into the fewest runs of at most `size`, as even in length as possible. */
export function balancedChunks<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / Math.max(1, size));
  const length = Math.ceil(items.length / count);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += length) chunks.push(items.slice(start, start + length));
  return chunks;
}

/** True when the table is drawn with questions as rows and groups as columns. */
export function transposesSurveyGroups(questions: number, groups: number): boolean {
  return questions > groups;
}

/**
 * A figure's cell. On a phone the table becomes cards (global.css, `table.cards`): the row's
 * header is the card's heading (`data-role="badge"`), each figure a line labelled with its
 * column's header (`data-role="detail"`, `data-label`), as table.ts renders declared roles.
 */
function figureCell(text: string | number, label: string): string {
  return html`<td class="num" data-role="detail" data-label="${label}">${text}</td>`;
}

function shareCell(group: DisclosedGroup, question: QuestionResult, label: string): string {
  const result = group.questions.find((q) => q.id === question.id);
  return figureCell(result && result.answered > 0 ? formatPercent(result.favorableCount / result.answered, 2) : '—', label);
}

/** A group's name as a column's label on a card: with the groups merged into it. */
function groupLabelOf(group: DisclosedGroup): string {
  return group.merged ? `${group.name}（含 ${group.merged.join('、')}）` : group.name;
}

function groupName(group: DisclosedGroup): string {
  return html`${group.name}` + (group.merged ? html`<div class="note">含 ${group.merged.join('、')}</div>` : '');
}

function wrapped(caption: string, table: string): string {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}">` + table + '</div>';
}

function transposedTable(caption: string, questions: readonly QuestionResult[], groups: readonly DisclosedGroup[]): string {
  return (
    html`<table class="survey-groups survey-groups-transposed cards"><caption class="visually-hidden">${caption}</caption>` +
    '<thead><tr><th scope="col">题目</th>' +
    groups.map((group) => `<th scope="col" class="num">${groupName(group)}</th>`).join('') +
    '</tr></thead><tbody><tr><th scope="row" data-role="badge">答卷数</th>' +
    groups.map((group) => figureCell(group.respondents, groupLabelOf(group))).join('') +
    '</tr>' +
    questions
      .map(
        (question) =>
          html`<tr><th scope="row" data-role="badge">${question.text}</th>` +
          groups.map((group) => shareCell(group, question, groupLabelOf(group))).join('') +
          '</tr>',
      )
      .join('') +
    '</tbody></table>'
  );
}

function groupRowsTable(caption: string, groupLabel: string, questions: readonly QuestionResult[], groups: readonly DisclosedGroup[]): string {
  return (
    html`<table class="survey-groups cards"><caption class="visually-hidden">${caption}</caption>` +
    html`<thead><tr><th scope="col">${groupLabel}</th><th scope="col" class="num">答卷数</th>` +
    questions.map((question) => html`<th scope="col" class="num">${question.text}</th>`).join('') +
    '</tr></thead><tbody>' +
    groups
      .map(
        (group) =>
          `<tr><th scope="row" data-role="badge">${groupName(group)}</th>` +
          figureCell(group.respondents, '答卷数') +
          questions.map((question) => shareCell(group, question, question.text)).join('') +
          '</tr>',
      )
      .join('') +
    '</tbody></table>'
  );
}

/** One or more tables, each in its own scroll box (for a phone too narrow even for one part). */
export function surveyGroupsTables(
  questions: readonly QuestionResult[],
  groups: readonly DisclosedGroup[],
  { groupLabel, maxColumns = MAX_SURVEY_GROUP_COLUMNS }: SurveyGroupsOptions,
): string {
  const title = `按“${groupLabel}”分组的好评率`;
  const captionOf = (part: number, parts: number) => (parts === 1 ? title : `${title}（${part + 1}/${parts}）`);
  if (transposesSurveyGroups(questions.length, groups.length)) {
    const parts = balancedChunks(groups, maxColumns);
    return parts.map((part, i) => wrapped(captionOf(i, parts.length), transposedTable(captionOf(i, parts.length), questions, part))).join('');
  }
  // The 答卷数 column is repeated in every part, beside at least one question.
  const parts = questions.length === 0 ? [[]] : balancedChunks(questions, Math.max(1, maxColumns - 1));
  return parts.map((part, i) => wrapped(captionOf(i, parts.length), groupRowsTable(captionOf(i, parts.length), groupLabel, part, groups))).join('');
}
