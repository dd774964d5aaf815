import { median } from 'd3-array';
import { daysBetween } from '../format/dates.ts';
import type { Finding } from '../model.ts';
import { STATUS, type Status } from '../tables/findings.ts';

/**
 * Rectification follow-up: how many problems are closed and verified, which are overdue, how
 * long closing took. "Overdue" is judged against a given day (the report day, see
 * settings.ts), never against the clock. This is the one place where problems are counted
 * by status.
 */

export interface Rectification {
  total: number;
  byStatus: Record<Status, number>;
  /** Closed / total; null when there is nothing to rectify. */
  closureRate: number | null;
  /** Closed problems whose rectification was checked (a verification date, 复查销号). */
  verified: number;
  /** Past their due date and not closed on the given day, most overdue first. */
  overdue: Array<{ finding: Finding; daysOverdue: number }>;
  /** Days from the campaign to closing, for each closed problem with a completion date. */
  daysToClose: number[];
  medianDaysToClose: number | null;
}

export function rectificationOf(findings: readonly Finding[], raisedOn: string, asOf: string): Rectification {
  const byStatus = Object.fromEntries(STATUS.codes.map((code) => [code, 0])) as Record<Status, number>; // fromEntries widens keys; every code is listed
  const overdue: Rectification['overdue'] = [];
  const daysToClose: number[] = [];
  let verified = 0;
  for (const finding of findings) {
    byStatus[finding.status]++;
    if (finding.status === 'closed') {
      if (finding.closedOn) daysToClose.push(daysBetween(raisedOn, finding.closedOn));
      if (finding.verifiedOn) verified++;
    } else if (finding.due && finding.due < asOf) {
      overdue.push({ finding, daysOverdue: daysBetween(finding.due, asOf) });
    }
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.finding.id.localeCompare(b.finding.id));
  return {
    total: findings.length,
    byStatus,
    closureRate: findings.length > 0 ? byStatus.closed / findings.length : null,
    verified,
    overdue,
    daysToClose,
    medianDaysToClose: median(daysToClose) ?? null,
  };
}

/**
 * Problems closed within `days` of the campaign, from their completion dates: a closure rate
 * at a fixed age, so that campaigns of different ages compare fairly (today's closure rate of
 * an older campaign has simply had longer to grow). A problem closed without a completion date
 * is not counted: when it was closed is unknown.
 */
export interface ClosedWithin {
  days: number;
  closed: number;
  /** closed / total; null when there is nothing to rectify. */
  rate: number | null;
}

export function closedWithin(findings: readonly Finding[], raisedOn: string, days: number): ClosedWithin {
  let closed = 0;
  for (const finding of findings) {
    if (finding.status === 'closed' && finding.closedOn && daysBetween(raisedOn, finding.closedOn) <= days) closed++;
  }
  return { days, closed, rate: findings.length > 0 ? closed / findings.length : null };
}
