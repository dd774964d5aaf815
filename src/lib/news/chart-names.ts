/**
 * The charts a news template can place with `{% chart "<name>" %}` (README, news.md), the
 * report's charts plus the trend: a constant of its own, because the template engine needs it
 * in the sandbox's child process too (template-sandbox.ts), where the chart builders do not run.
 */
export const CHART_NAMES = {
  all: ['findings_by_category', 'findings_by_unit', 'rectification_by_unit', 'survey_favorable', 'survey_question', 'trend'],
  /** `{% chart "survey_question", "practical" %}`: the question's id. */
  withArgument: ['survey_question'],
} as const;
