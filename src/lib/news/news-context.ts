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
 *
 * The counts by category, unit and status of each have the keys of both (each campaign's own
 * include its declared categories and inspected units), 0 where a campaign has none: so
 * `previous.findings.byCategory["执行不规范"]` is 0, not an unknown placeholder, when the
 * previous campaign found no problem of a category the current one did, as the trend chart
 * draws it. The lists (`findings.categories`, `findings.units`) stay each campaign's own.
 */
export function newsContext(campaign: Campaign, units: Unit[], totals: CampaignTotals, previous: Compared | null = null) {
  const own = campaignContext(campaign, units, totals);
  const compared =
    previous && campaignContext(previous.campaign, units, { ...previous.totals, closedWithin: closedWithinOf(previous.campaign, totals.closedWithin.days) });
  if (!compared) return { ...own, previous: compared };
  return { ...own, findings: withKeysOf(own.findings, compared.findings), previous: { ...compared, findings: withKeysOf(compared.findings, own.findings) } };
}

/** The maps of counts a campaign's findings have, keyed by category, unit id and status. */
const COUNTS = ['byCategory', 'byUnit', 'byStatus'] as const;

/** `findings` with each map of counts holding the other campaign's keys too, at 0, after its own. */
function withKeysOf<T extends Record<(typeof COUNTS)[number], Record<string, number>>>(findings: T, other: T): T {
  const filled = { ...findings };
  for (const map of COUNTS) {
    const missing = Object.keys(other[map]).filter((key) => !Object.hasOwn(findings[map], key));
    filled[map] = { ...findings[map], ...Object.fromEntries(missing.map((key) => [key, 0])) };
  }
  return filled;
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
