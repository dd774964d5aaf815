import type { IssueList } from '../errors.ts';
import type { Campaign, Finding } from '../model.ts';
import { headerOf } from '../tables/define-table.ts';
import { findingsTable } from '../tables/findings.ts';

/**
 * Dates that each pass validation but cannot all be true together. A problem cannot have been
 * completed or verified after the report day: that is an error, and it must be, because such a
 * date would otherwise count in the days to close. A due date or a completion date before the
 * inspection that found the problem is odd but possible (a problem known earlier, a date
 * typed in the wrong year), so it is a warning to look at.
 *
 * Dates here are ISO days (`2026-11-24`): the schemas normalise every accepted form, so
 * comparing the strings compares the days.
 */

export interface PlausibilityContext {
  /** Project-relative path of the campaign's findings.csv. */
  file: string;
  /** 1-based column of a findings.csv column in this file (RecordSet.columnOf). */
  columnOf(key: string): number | undefined;
  /** The report day ("today", REPORT_DATE), an ISO day. */
  reportDate: string;
}

type DateKey = 'due' | 'closedOn' | 'verifiedOn';

/** The Chinese header of a findings.csv column, as the other findings.csv messages name it. */
function label(key: DateKey): string {
  return headerOf(findingsTable.columns[key]);
}

export function checkPlausibility(campaign: Campaign, { file, columnOf, reportDate }: PlausibilityContext, issues: IssueList): void {
  const at = (finding: Finding, key: DateKey) => ({ line: finding.line, column: columnOf(key), field: label(key) });
  const inspected = campaign.date;

  for (const finding of campaign.findings) {
    for (const key of ['closedOn', 'verifiedOn'] as const) {
      const day = finding[key];
      if (day === undefined || day <= reportDate) continue;
      issues.error(file, {
        ...at(finding, key),
        message: `${label(key)} ${day} 晚于今天（${reportDate}）`,
        expected: `不晚于今天（${reportDate}）的日期`,
        hint:
          key === 'closedOn'
            ? '尚未完成的整改请把整改状态改为“整改中”并清空完成日期；日期写错的（如年份）请更正。“今天”指报告日期（REPORT_DATE，未设置时为当天）。'
            : '尚未验证的请清空验证日期和验证人；日期写错的（如年份）请更正。“今天”指报告日期（REPORT_DATE，未设置时为当天）。',
      });
    }
    if (finding.due !== undefined && finding.due < inspected) {
      issues.warn(file, {
        ...at(finding, 'due'),
        message: `${label('due')} ${finding.due} 早于检查日期（${inspected}）`,
        expected: `不早于检查日期（${inspected}）的日期`,
        hint: '整改期限通常在检查之后：请核对日期是否写错（如年份），检查日期见 campaign.yml 的 date。',
      });
    }
    if (finding.closedOn !== undefined && finding.closedOn < inspected) {
      issues.warn(file, {
        ...at(finding, 'closedOn'),
        message: `${label('closedOn')} ${finding.closedOn} 早于检查日期（${inspected}）`,
        expected: `不早于检查日期（${inspected}）的日期`,
        hint: '问题在检查时才发现，整改通常在检查之后完成：请核对日期是否写错（如年份），检查日期见 campaign.yml 的 date。',
      });
    }
  }
}
