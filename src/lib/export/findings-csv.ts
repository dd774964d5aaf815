import Papa from 'papaparse';
import type { Campaign, Unit } from '../model.ts';
import { SEVERITY_LABELS, STATUS_LABELS } from '../schemas/findings.ts';

/**
 * The rectification ledger (整改台账) as a CSV download that opens cleanly in Excel: UTF-8 with
 * a BOM, Chinese headers, CRLF. Cells come from other people's CSV files, so any cell that
 * Excel would read as a formula (= + - @, tab, CR) is neutralised by papaparse's
 * escapeFormulae, which prefixes it with an apostrophe.
 */

const HEADERS = ['编号', '被检单位', '检查组', '问题类别', '严重程度', '问题描述', '检查资料', '整改建议', '整改责任人', '整改期限', '整改状态', '完成日期'];

export function findingsCsv(campaign: Campaign, units: Unit[], unitId?: string): string {
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const teamName = new Map(campaign.teams.map((team) => [team.id, team.name]));
  const rows = campaign.findings
    .filter((finding) => unitId === undefined || finding.unit === unitId)
    .map((finding) => [
      finding.id,
      unitName.get(finding.unit) ?? finding.unit,
      finding.team ? (teamName.get(finding.team) ?? finding.team) : '',
      finding.category,
      finding.severity ? SEVERITY_LABELS[finding.severity] : '',
      finding.description,
      finding.material ?? '',
      finding.suggestion ?? '',
      finding.owner ?? '',
      finding.due ?? '',
      STATUS_LABELS[finding.status],
      finding.closedOn ?? '',
    ]);
  return `\uFEFF${Papa.unparse({ fields: HEADERS, data: rows }, { escapeFormulae: true, newline: '\r\n' })}\r\n`;
}
