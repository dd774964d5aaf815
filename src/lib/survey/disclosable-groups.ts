import { sum } from 'd3-array';
import { favorableShareOf, type QuestionResult, type SurveyGroup, type SurveyResult } from './tally-survey.ts';

/**
 * Which group breakdowns of a survey may be published without singling anyone out.
 *
 * A group smaller than the minimum is never shown on its own. Hiding it is not enough when the
 * overall figures are published too: one hidden group's answers would be the total minus the
 * shown groups. So hidden groups are merged into one "其他" row, and while that row is still
 * smaller than the minimum the smallest shown groups join it (complementary suppression, as
 * statistical offices do). When even all groups together are too few, no breakdown is shown.
 */

export interface DisclosedGroup {
  name: string;
  respondents: number;
  questions: QuestionResult[];
  /** Names of the groups merged into this row, when it is the "其他" row. */
  merged?: string[];
}

const OTHER_GROUP = '其他';

export function disclosableGroups(survey: SurveyResult): DisclosedGroup[] {
  const minimum = survey.minGroupSize;
  const bySize = [...survey.groups].sort((a, b) => a.respondents - b.respondents);
  const hidden = bySize.filter((group) => group.respondents < minimum);
  if (hidden.length === 0) return survey.groups;

  const shown = bySize.filter((group) => group.respondents >= minimum);
  while (sum(hidden, (group) => group.respondents) < minimum) {
    const smallest = shown.shift();
    if (smallest === undefined) break;
    hidden.push(smallest);
  }
  if (sum(hidden, (group) => group.respondents) < minimum) return [];

  const visible = survey.groups.filter((group) => !hidden.includes(group));
  return [...visible, mergeGroups(hidden)];
}

function mergeGroups(groups: SurveyGroup[]): DisclosedGroup {
  const [first] = groups;
  const questions = (first?.questions ?? []).map((question, q) => {
    // Every group has the survey's questions, in order: the filter only drops what cannot be there.
    const parts = groups.map((group) => group.questions[q]).filter((part) => part !== undefined);
    const counts = Object.fromEntries(question.options.map((option) => [option, sum(parts, (part) => part.counts[option] ?? 0)]));
    const answered = sum(parts, (part) => part.answered);
    const favorableCount = sum(parts, (part) => part.favorableCount);
    return {
      ...question,
      counts,
      answered,
      unanswered: sum(parts, (part) => part.unanswered),
      favorableCount,
      favorableShare: favorableShareOf(question, favorableCount, answered),
    };
  });
  return {
    name: OTHER_GROUP,
    respondents: sum(groups, (group) => group.respondents),
    questions,
    merged: groups.map((group) => group.name),
  };
}
