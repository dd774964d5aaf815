import Papa from 'papaparse';
import type { Campaign, Unit } from '../model.ts';
import { exportRows } from '../tables/define-table.ts';
import { findingsTable } from '../tables/findings.ts';

/**
 * The rectification ledger (整改台账) as a CSV download that opens cleanly in Excel: UTF-8 with
 * a BOM, the Chinese headers and words of findings.csv, CRLF. Cells come from other people's
 * CSV files, so any cell that Excel would read as a formula (= + - @, tab, CR) is neutralised
 * by papaparse's escapeFormulae, which prefixes it with an apostrophe.
 */
export function findingsCsv(campaign: Campaign, units: readonly Unit[], unitId?: string): string {
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const teamName = new Map(campaign.teams.map((team) => [team.id, team.name]));
  const findings = unitId === undefined ? campaign.findings : campaign.findings.filter((finding) => finding.unit === unitId);
  const table = exportRows(findingsTable, findings, {
    unit: (id) => unitName.get(id) ?? id,
    team: (id) => teamName.get(id) ?? id,
  });
  return `\uFEFF${Papa.unparse(table, { escapeFormulae: true, newline: '\r\n' })}\r\n`;
}
