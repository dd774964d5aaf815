import { NEWS_CHARTS, NEWS_CHARTS_WITH_ARGUMENT } from '../charts/registry.ts';

/**
 * The charts a news template can place with `{% chart "<name>" %}` (README, news.md): the
 * registry's news charts (charts/registry.ts), as plain data, because the template engine needs
 * them in the sandbox's child process too (template-sandbox.ts), where the chart builders do not run.
 */
export const CHART_NAMES: { all: readonly string[]; withArgument: readonly string[] } = {
  all: NEWS_CHARTS,
  /** `{% chart "survey_question", "practical" %}`: the question's id. */
  withArgument: NEWS_CHARTS_WITH_ARGUMENT,
};
