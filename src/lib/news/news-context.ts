import type { Campaign, Unit } from '../model.ts';
import { closedWithinOf, type CampaignTotals } from '../summary/campaign-figures.ts';
import { previousCampaign } from '../summary/previous-campaign.ts';
import { rectificationFigures } from '../summary/summary-json.ts';

/** A campaign compared with, and its figures. */
export interface Compared {
  campaign: Campaign;
  totals: CampaignTotals;
}

/**
 * The variables a news.md template can use: the campaign's, and `previous` with the same
 * figures of the campaign it is compared with (null when there is none). The previous
 * campaign's `rectification.closedWithin` is counted over the current one's window, so the two
 * compare at equal age.
 */
export function newsContext(campaign: Campaign, units: Unit[], totals: CampaignTotals, previous: Compared | null = null) {
  return {
    ...campaignContext(campaign, units, totals),
    previous:
      previous &&
      campaignContext(previous.campaign, units, { ...previous.totals, closedWithin: closedWithinOf(previous.campaign, totals.closedWithin.days) }),
  };
}

/** The context of a campaign's article among all campaigns: `previous` chosen by previous-campaign.ts. */
export function articleContext(campaign: Campaign, campaigns: readonly Campaign[], units: Unit[], totalsOf: (campaign: Campaign) => CampaignTotals) {
  const previous = previousCampaign(campaign, campaigns);
  return newsContext(campaign, units, totalsOf(campaign), previous && { campaign: previous, totals: totalsOf(previous) });
}

/**
 * One campaign's variables. Lists become arrays of objects so that Liquid's `map` and `join`
 * can write them (`{{ team.inspects | map: "name" | join: "、" }}`); survey questions are keyed
 * by their id.
 */
function campaignContext(campaign: Campaign, units: Unit[], { asOf, summary, rectification, closedWithin }: CampaignTotals) {
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
    rectification: { ...rectificationFigures({ asOf, rectification }), closedWithin },
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
