import { median } from 'd3-array';
import { daysBetween } from '../format/dates.ts';
import type { Finding } from '../model.ts';
import type { Status } from '../schemas/findings.ts';

/**
 * Rectification follow-up: how many problems are closed, which are overdue, how long closing
 * took. "Overdue" is judged against a given day (the build date, fixed by REPORT_DATE for
 * reproducible builds), never against the clock.
 */

export interface Rectification {
  total: number;
  byStatus: Record<Status, number>;
  /** Closed / total; null when there is nothing to rectify. */
  closureRate: number | null;
  /** Past their due date and not closed on the given day, most overdue first. */
  overdue: Array<{ finding: Finding; daysOverdue: number }>;
  /** Days from the campaign to closing, for each closed problem with a completion date. */
  daysToClose: number[];
  medianDaysToClose: number | null;
}

export function rectificationOf(findings: Finding[], raisedOn: string, asOf: string): Rectification {
  const byStatus: Record<Status, number> = { open: 0, in_progress: 0, closed: 0 };
  const overdue: Rectification['overdue'] = [];
  const daysToClose: number[] = [];
  for (const finding of findings) {
    byStatus[finding.status]++;
    if (finding.status === 'closed') {
      if (finding.closedOn) daysToClose.push(daysBetween(raisedOn, finding.closedOn));
    } else if (finding.due && finding.due < asOf) {
      overdue.push({ finding, daysOverdue: daysBetween(finding.due, asOf) });
    }
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.finding.id.localeCompare(b.finding.id));
  return {
    total: findings.length,
    byStatus,
    closureRate: findings.length > 0 ? byStatus.closed / findings.length : null,
    overdue,
    daysToClose,
    medianDaysToClose: median(daysToClose) ?? null,
  };
}
