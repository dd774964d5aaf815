import type { Campaign, Finding } from '../model.ts';
import type { CampaignFigures } from './campaign-figures.ts';
import type { UnitFigures } from './summarize-unit.ts';

/**
 * Figures across campaigns, for the dashboard and the unit pages. Everything is computed in
 * one pass over all campaigns; pages then look their part up, so no page scans every
 * campaign again (that is what makes large static builds slow).
 */

export interface CampaignTrend {
  id: string;
  title: string;
  date: string;
  findings: number;
  byCategory: Record<string, number>;
  highlights: number;
  closed: number;
  closureRate: number | null;
  overdue: number;
  /** Favourable share per survey question id. */
  shares: Record<string, number | null>;
  /** Per question id with a favourable share: favourable answers and answers, to sum over periods. */
  answers: Record<string, { favorable: number; answered: number }>;
}

export interface Trends {
  /** Oldest first, as a trend reads. */
  campaigns: CampaignTrend[];
  /** Every category met, in order of first appearance. */
  categories: string[];
  /** Survey questions asked (same id) in at least two campaigns. */
  sharedQuestions: Array<{ id: string; text: string }>;
}

function chronological(campaigns: Campaign[]): Campaign[] {
  return [...campaigns].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** `figuresOf` gives each campaign's figures, computed once (campaign-figures.ts). */
export function campaignTrends(campaigns: Campaign[], figuresOf: (campaign: Campaign) => CampaignFigures): Trends {
  const categories = new Set<string>();
  const questions = new Map<string, { text: string; campaigns: number }>();
  const rows = chronological(campaigns).map((campaign): CampaignTrend => {
    const byCategory: Record<string, number> = {};
    for (const category of campaign.categories) categories.add(category);
    for (const finding of campaign.findings) {
      categories.add(finding.category);
      byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    }
    const shares: Record<string, number | null> = {};
    const answers: CampaignTrend['answers'] = {};
    for (const question of campaign.survey?.questions ?? []) {
      shares[question.id] = question.favorableShare;
      if (question.favorableShare !== null) answers[question.id] = { favorable: question.favorableCount, answered: question.answered };
      const seen = questions.get(question.id);
      questions.set(question.id, { text: seen?.text ?? question.text, campaigns: (seen?.campaigns ?? 0) + 1 });
    }
    const { rectification } = figuresOf(campaign);
    return {
      id: campaign.id,
      title: campaign.title,
      date: campaign.date,
      findings: campaign.findings.length,
      byCategory,
      highlights: campaign.highlights.length,
      closed: rectification.byStatus.closed,
      closureRate: rectification.closureRate,
      overdue: rectification.overdue.length,
      shares,
      answers,
    };
  });
  const sharedQuestions = [...questions]
    .filter(([id, seen]) => seen.campaigns >= 2 && rows.some((row) => row.shares[id] != null))
    .map(([id, seen]) => ({ id, text: seen.text }));
  return { campaigns: rows, categories: [...categories], sharedQuestions };
}

/** A unit in one campaign: its rows and rectification figures, as its notice shows them. */
export interface UnitCampaign extends Pick<UnitFigures, 'findings' | 'highlights' | 'rectification'> {
  campaign: Pick<Campaign, 'id' | 'title' | 'date' | 'kind'>;
}

export interface RecurringFinding {
  finding: Finding;
  campaign: UnitCampaign['campaign'];
  /** How many earlier campaigns found a problem of the same category in the unit. */
  timesBefore: number;
  /** The most recent of those campaigns. */
  lastSeen: UnitCampaign['campaign'];
}

export interface UnitHistory {
  unitId: string;
  /** Oldest first; only campaigns in which the unit was inspected or had findings. */
  campaigns: UnitCampaign[];
  recurring: RecurringFinding[];
  /** Not closed, with the campaign they come from. */
  open: Array<{ finding: Finding; campaign: UnitCampaign['campaign'] }>;
  overdue: Array<{ finding: Finding; campaign: UnitCampaign['campaign']; daysOverdue: number }>;
}

/** Every unit's history, in one pass over all campaigns and their figures (campaign-figures.ts). */
export function unitHistories(campaigns: Campaign[], figuresOf: (campaign: Campaign) => CampaignFigures): Map<string, UnitHistory> {
  const histories = new Map<string, UnitHistory>();
  /** Per unit, the campaigns in which each category was found, oldest first (appended, never copied). */
  const categoriesSeen = new Map<string, Map<string, Array<UnitCampaign['campaign']>>>();
  const historyOf = (unitId: string) => {
    let history = histories.get(unitId);
    if (!history) {
      history = { unitId, campaigns: [], recurring: [], open: [], overdue: [] };
      histories.set(unitId, history);
    }
    return history;
  };

  for (const campaign of chronological(campaigns)) {
    const header = { id: campaign.id, title: campaign.title, date: campaign.date, kind: campaign.kind };
    for (const [unitId, { findings, highlights, rectification }] of figuresOf(campaign).units) {
      const entry: UnitCampaign = { campaign: header, findings, highlights, rectification };
      const history = historyOf(unitId);
      const seen = categoriesSeen.get(unitId) ?? new Map<string, Array<UnitCampaign['campaign']>>();
      categoriesSeen.set(unitId, seen);
      for (const finding of entry.findings) {
        if (finding.status !== 'closed') history.open.push({ finding, campaign: header });
        const before = earlierThan(seen.get(finding.category) ?? [], campaign.date);
        if (before) history.recurring.push({ finding, campaign: header, ...before });
      }
      for (const category of new Set(entry.findings.map((finding) => finding.category))) {
        const campaignsWithCategory = seen.get(category);
        if (campaignsWithCategory) campaignsWithCategory.push(header);
        else seen.set(category, [header]);
      }
      for (const { finding, daysOverdue } of rectification.overdue) history.overdue.push({ finding, campaign: header, daysOverdue });
      history.campaigns.push(entry);
    }
  }
  for (const history of histories.values()) history.overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  return histories;
}

/**
 * Of campaigns in date order, how many were held before a day, and the last of them. They are
 * a prefix: campaigns on the same day (met last) are not "earlier".
 */
function earlierThan(campaigns: Array<UnitCampaign['campaign']>, day: string): { timesBefore: number; lastSeen: UnitCampaign['campaign'] } | null {
  let count = campaigns.length;
  let lastSeen = campaigns[count - 1];
  while (lastSeen && lastSeen.date >= day) {
    count--;
    lastSeen = campaigns[count - 1];
  }
  return lastSeen ? { timesBefore: count, lastSeen } : null;
}

/** A campaign of a unit's history summarised in a row: what is still open in it and what recurred. */
export interface OlderCampaign {
  campaign: UnitCampaign['campaign'];
  open: number;
  overdue: number;
  recurring: number;
}

/**
 * A unit's history with its open and recurring problems listed in full for its `recent` latest
 * campaigns only, the older campaigns as a row each (their unit notices list them). At group
 * scale a unit inspected in thirty campaigns has a thousand open problems: a page of several
 * megabytes nobody scrolls, where the row and its link read at once.
 */
export function recentHistory(history: UnitHistory, recent = 3): { history: UnitHistory; older: OlderCampaign[] } {
  const recentIds = new Set((recent > 0 ? history.campaigns.slice(-recent) : []).map((entry) => entry.campaign.id));
  const isRecent = (entry: { campaign: { id: string } }) => recentIds.has(entry.campaign.id);
  const older = history.campaigns
    .filter((entry) => !isRecent(entry))
    .map(({ campaign }): OlderCampaign => ({ campaign, open: 0, overdue: 0, recurring: 0 }))
    .reverse();
  const olderById = new Map(older.map((row) => [row.campaign.id, row]));
  const count = (entries: Array<{ campaign: { id: string } }>, field: 'open' | 'overdue' | 'recurring') => {
    for (const entry of entries) {
      const row = olderById.get(entry.campaign.id);
      if (row) row[field]++;
    }
  };
  count(history.open, 'open');
  count(history.overdue, 'overdue');
  count(history.recurring, 'recurring');
  return {
    history: { ...history, open: history.open.filter(isRecent), overdue: history.overdue.filter(isRecent), recurring: history.recurring.filter(isRecent) },
    older: older.filter((row) => row.open + row.recurring > 0),
  };
}
