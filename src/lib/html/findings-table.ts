import type { Campaign, Finding } from '../model.ts';
import { layoutOf, PAGE_VIEWS, type NameLookup, type PageView } from '../tables/define-table.ts';
import { findingsTable as findingsDefinition, type FindingFacts } from '../tables/findings.ts';
import { cellOf, RENDERERS, type CellContext } from './cells.ts';
import type { PageFilter } from './finding-filters.ts';
import { renderTable, type Column } from './table.ts';

/**
 * Every table of problems on the site — the campaign report's and the unit notice's findings,
 * the report's overdue list, a unit page's open and repeated problems — laid out from the
 * declaration of findings.csv (tables/findings.ts): which columns a view shows, their headers,
 * how each cell is rendered, what is a note in another column's cell, each cell's role on a
 * narrow screen (`data-role`), what the filter and sort script reads (finding-filters.ts). A column
 * added there reaches these tables without a change here.
 */

/** A problem as a table shows it: its row, and what the view knows about it (FindingFacts). */
export type FindingEntry = FindingFacts & { finding: Finding };

/** What a table needs from a problem's campaign: which columns are Markdown, and its teams' names. */
export type FindingsCampaign = Pick<Campaign, 'markdownColumns' | 'teams'>;

export interface FindingsTableProps<Entry extends FindingEntry = FindingEntry> {
  view: PageView;
  caption: string;
  entries: readonly Entry[];
  /** The campaign of the problems, or of each problem where a table lists several campaigns. */
  campaign: FindingsCampaign | ((entry: Entry) => FindingsCampaign);
  unitName: (id: string) => string;
  /** The page's filter, when its tables of problems filter and sort (finding-filters.ts). */
  filter?: PageFilter;
}

/** How each view's table is framed: its class, whether its caption shows, and how rows are linked. */
const FRAMES: Readonly<Record<PageView, { className?: string; hiddenCaption: boolean; rowIds?: boolean; linkIds?: boolean }>> = {
  // Rows have ids (#finding-F12) for the overdue list to link to; a campaign's ids are unique.
  report: { className: 'findings', hiddenCaption: true, rowIds: true },
  notice: { className: 'findings', hiddenCaption: true, rowIds: true },
  unitOpen: { hiddenCaption: true },
  unitRepeats: { hiddenCaption: true },
  overdue: { hiddenCaption: false, linkIds: true },
};

const LAYOUTS = new Map(PAGE_VIEWS.map((view) => [view, layoutOf(findingsDefinition, view)]));

const rowIdOf = (finding: Pick<Finding, 'id'>) => `finding-${finding.id}`;

export function findingsTable<Entry extends FindingEntry>({ view, caption, entries, campaign, unitName, filter }: FindingsTableProps<Entry>): string {
  const frame = FRAMES[view];
  const href = frame.linkIds ? (id: string) => `#${rowIdOf({ id })}` : undefined;
  const contexts = new Map<FindingsCampaign, CellContext>();
  const contextOf = (entry: Entry): CellContext => {
    const source = typeof campaign === 'function' ? campaign(entry) : campaign;
    let context = contexts.get(source);
    if (!context) {
      context = cellContext(source, unitName, href);
      contexts.set(source, context);
    }
    return context;
  };
  const columns: Array<Column<Entry>> = (LAYOUTS.get(view) ?? []).map((shown) => ({
    header: shown.header,
    className: RENDERERS[shown.cell].className,
    role: shown.role,
    sortKey: filter && shown.sort !== 'none' ? shown.key : undefined,
    cell: (entry) => cellOf(shown, entry.finding, entry, contextOf(entry)),
  }));
  // What the filter and sort script reads.
  const data = filter?.table(view);
  return renderTable({
    caption,
    hiddenCaption: frame.hiddenCaption,
    className: frame.className,
    columns,
    rows: entries,
    rowId: frame.rowIds ? (entry) => rowIdOf(entry.finding) : undefined,
    attributes: data?.table,
    rowAttributes: data?.row,
  });
}

function cellContext(campaign: FindingsCampaign, unitName: (id: string) => string, href: CellContext['href']): CellContext {
  const teams = new Map(campaign.teams.map((team) => [team.id, team.name]));
  const names: NameLookup = { unit: unitName, team: (id) => teams.get(id) ?? id };
  const markdown = new Set<string>(campaign.markdownColumns);
  return { names, markdown: (key) => markdown.has(key), href };
}

/** Overdue problems and how many days each is past its due date, keyed by the problem itself. */
export type OverdueDays = ReadonlyMap<Finding, number>;

/** The lookup for `findingEntries`, from a rectification's (or a unit history's) overdue list: made once per page. */
export function overdueDaysOf(overdue: ReadonlyArray<{ finding: Finding; daysOverdue: number }>): OverdueDays {
  return new Map(overdue.map(({ finding, daysOverdue }) => [finding, daysOverdue]));
}

/** Problems as entries of a table, each with its days past due when it is overdue (the core's figures). */
export function findingEntries(findings: readonly Finding[], overdueDays: OverdueDays = new Map()): FindingEntry[] {
  return findings.map((finding) => ({ finding, daysOverdue: overdueDays.get(finding) }));
}
