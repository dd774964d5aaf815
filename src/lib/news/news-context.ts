import type { Campaign, Unit } from '../model.ts';
import type { CampaignTotals } from '../summary/campaign-figures.ts';
import { rectificationFigures } from '../summary/summary-json.ts';

/**
 * The variables a news.md template can use. Lists become arrays of objects so that Liquid's
 * `map` and `join` can write them (`{{ team.inspects | map: "name" | join: "、" }}`); survey
 * questions are keyed by their id.
 */
export function newsContext(campaign: Campaign, units: Unit[], { asOf, summary, rectification }: CampaignTotals) {
  const unitById = new Map(units.map((unit) => [unit.id, unit]));
  const unit = (id: string) => unitById.get(id) ?? { id, name: id, sector: '' };
  return {
    campaign: {
      id: campaign.id,
      title: campaign.title,
      date: campaign.date,
      place: campaign.place ?? '',
      kind: campaign.kind,
      host: campaign.host ?? { name: '', title: '' },
      scope: { period: campaign.scope.period ?? '', materials: campaign.scope.materials },
      categories: campaign.categories,
      teams: campaign.teams.map((team) => ({
        ...team,
        leaderTitle: team.leaderTitle ?? '',
        leaderUnit: unit(team.leaderUnit),
        inspects: team.inspects.map(unit),
      })),
      inspectedUnits: campaign.inspectedUnits.map(unit),
    },
    findings: {
      ...summary.findings,
      categories: Object.entries(summary.findings.byCategory).map(([name, count]) => ({ name, count })),
      units: Object.entries(summary.findings.byUnit).map(([id, count]) => ({ ...unit(id), count })),
    },
    rectification: rectificationFigures({ asOf, rectification }),
    highlights: {
      total: summary.highlights.total,
      items: campaign.highlights.map((highlight) => ({ ...highlight, unit: unit(highlight.unit) })),
    },
    survey: campaign.survey && {
      title: campaign.survey.title,
      trainer: campaign.survey.trainer ?? '',
      respondents: campaign.survey.respondents,
      questions: Object.fromEntries(campaign.survey.questions.map((question) => [question.id, question])),
    },
  };
}

export type NewsContext = ReturnType<typeof newsContext>;
