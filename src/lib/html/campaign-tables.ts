import { html } from 'ghtml';
import type { Campaign, Finding, Highlight } from '../model.ts';
import type { MarkdownColumn } from '../schemas/campaign.ts';
import { layoutOf } from '../tables/define-table.ts';
import { highlightsTable as highlightsDefinition } from '../tables/highlights.ts';
import { cellOf, RENDERERS, type CellContext } from './cells.ts';
import type { PageFilter } from './finding-filters.ts';
import { findingsTable, type FindingsCampaign } from './findings-table.ts';
import { renderTable, type Column } from './table.ts';

/** The campaign report's lists beside the findings: overdue problems, highlights, and the teams. */

/** The overdue problems, most overdue first, each linked to its row in the findings table further down the report. */
export function overdueTable(
  overdue: ReadonlyArray<{ finding: Finding; daysOverdue: number }>,
  { campaign, unitName, filter }: { campaign: FindingsCampaign; unitName: (id: string) => string; filter?: PageFilter },
): string {
  return findingsTable({ view: 'overdue', caption: '逾期未整改的问题', entries: overdue, campaign, unitName, filter });
}

/** The highlights' columns on the report, from the declaration of highlights.csv (tables/highlights.ts). */
const HIGHLIGHT_LAYOUT = layoutOf(highlightsDefinition, 'report');

/** The report's highlights, a row each (`#highlight-H1`); on a phone a card each, headed by the id. */
export function highlightsTable(
  highlights: readonly Highlight[],
  { unitName, markdownColumns }: { unitName: (id: string) => string; markdownColumns: readonly MarkdownColumn[] },
): string {
  // campaign.yml's markdownColumns names findings' columns; a highlight's description follows the problems' one.
  const markdown = new Set<string>(markdownColumns);
  const context: CellContext = { names: { unit: unitName, team: (id) => id }, markdown: (key) => markdown.has(key) };
  const columns: Array<Column<Highlight>> = HIGHLIGHT_LAYOUT.map((shown) => ({
    header: shown.header,
    className: RENDERERS[shown.cell].className,
    role: shown.role,
    cell: (highlight) => cellOf(shown, highlight, undefined as never, context),
  }));
  return renderTable({ caption: '亮点清单', rows: highlights, columns, rowId: (highlight) => `highlight-${highlight.id}` });
}

type Team = Campaign['teams'][number];

/**
 * The inspection teams (检查组与检查对象): on a phone a card each, the team's name and its
 * problems as the heading, leader, the leader's unit and the units inspected as labelled lines.
 */
export function teamsTable(
  teams: readonly Team[],
  { unitName, findingsByUnit }: { unitName: (id: string) => string; findingsByUnit: Readonly<Record<string, number>> },
): string {
  const columns: Array<Column<Team>> = [
    { header: '检查组', rowHeader: true, role: 'badge', cell: (team) => html`${team.name}` },
    { header: '组长', role: 'detail', cell: (team) => html`${team.leader}${team.leaderTitle ? `（${team.leaderTitle}）` : ''}` },
    { header: '组长所在单位', role: 'detail', cell: (team) => html`${unitName(team.leaderUnit)}` },
    { header: '检查单位', role: 'detail', cell: (team) => html`${team.inspects.map(unitName).join('、')}` },
    {
      header: '发现问题',
      className: 'num',
      role: 'detail',
      cell: (team) => String(team.inspects.reduce((total, id) => total + (findingsByUnit[id] ?? 0), 0)),
    },
  ];
  return renderTable({ caption: '检查组与检查对象（检查组不检查组长所在单位）', rows: teams, columns });
}
