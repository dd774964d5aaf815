import { campaignLabel } from '../format/campaign-label.ts';
import type { Campaign, Finding, Highlight, Unit } from '../model.ts';
import type { CellKind, Column, NameLookup } from '../tables/define-table.ts';
import { findingPagePath } from '../report-pages.ts';
import { findingsTable, STATUS } from '../tables/findings.ts';
import { highlightsTable } from '../tables/highlights.ts';

/**
 * What the site search finds: one record per problem, highlight, unit and campaign, built from
 * the validated data rather than from the pages, so that only chosen text is indexed. Nothing of
 * a survey is ever read here: not its answers, not its questions (respondent data stays out of
 * the index by construction, not by a rule about markup).
 *
 * A problem's and a highlight's text follows from its table's column definitions: every column
 * whose cell is text people wrote (codes, text, Markdown, names, and the unit's and team's names
 * for their ids) is searched; dates and coded words (状态, 严重程度) are not. A column added to
 * findings.csv is therefore searched as soon as it is declared.
 */

export type SearchKind = 'finding' | 'highlight' | 'unit' | 'campaign';

/** What a result shows, as Pagefind's record metadata (all strings). */
export interface SearchMeta {
  /** The record's heading: the problem's or highlight's id, the unit's name, the campaign's label. */
  title: string;
  /** 问题, 亮点, 单位 or 检查活动. */
  kind: string;
  /** The unit's name (problems and highlights). */
  unit?: string;
  /** The campaign's label, `2025-09 集团绩效交叉检查活动` (problems and highlights). */
  campaign?: string;
  /** The problem's rectification status, in words. */
  status?: string;
  /** The start of the problem's or highlight's description, shown beside its id. */
  summary?: string;
}

export interface SearchRecord {
  kind: SearchKind;
  /** The page the record is on, as a site path without the base: `campaigns/<id>/`. */
  page: string;
  /** The id of the record's element on that page (its table row), when it has one. */
  anchor?: string;
  /** Words at the start of the record's text on the page, for a link to a page without its anchor (a text fragment). */
  quote?: string;
  /** The searched text, one field a line. */
  content: string;
  meta: SearchMeta;
}

export const KIND_LABELS: Readonly<Record<SearchKind, string>> = { finding: '问题', highlight: '亮点', unit: '单位', campaign: '检查活动' };

/** Cells whose words a reader may type to find the row. */
const SEARCHED_CELLS: ReadonlySet<CellKind> = new Set(['code', 'text', 'markdown', 'person', 'unit', 'team']);

export interface SearchData {
  units: readonly Unit[];
  campaigns: readonly Campaign[];
}

/** Every record of the site, in a fixed order: campaigns (newest first) with their problems and highlights, then units. */
export function searchRecords({ units, campaigns }: SearchData): SearchRecord[] {
  const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
  const unitName = (id: string) => unitNames.get(id) ?? id;
  const records: SearchRecord[] = [];
  for (const campaign of campaigns) {
    const teamNames = new Map(campaign.teams.map((team) => [team.id, team.name]));
    const names: NameLookup = { unit: unitName, team: (id) => teamNames.get(id) ?? id };
    const page = `campaigns/${campaign.id}/`;
    const label = campaignLabel(campaign);
    records.push(campaignRecord(campaign, unitName));
    for (const finding of campaign.findings) {
      records.push({
        kind: 'finding',
        page: findingPagePath(campaign, finding),
        anchor: `finding-${finding.id}`,
        content: rowText(findingsTable.columns, finding, names),
        meta: {
          title: finding.id,
          kind: KIND_LABELS.finding,
          summary: summaryOf(finding.description),
          unit: unitName(finding.unit),
          campaign: label,
          status: STATUS.labels[finding.status],
        },
      });
    }
    for (const highlight of campaign.highlights) {
      records.push({
        kind: 'highlight',
        page,
        anchor: `highlight-${highlight.id}`,
        quote: leadingWords(highlight.description),
        content: rowText(highlightsTable.columns, highlight, names),
        meta: { title: highlight.id, kind: KIND_LABELS.highlight, summary: summaryOf(highlight.description), unit: unitName(highlight.unit), campaign: label },
      });
    }
  }
  for (const unit of units) {
    records.push({
      kind: 'unit',
      page: `units/${unit.id}/`,
      content: lines([unit.name, unit.id, unit.sector]),
      meta: { title: unit.name, kind: KIND_LABELS.unit },
    });
  }
  return records;
}

/** A campaign: its title, kind, place and scope, and the people named in campaign.yml (host, leaders, members). */
function campaignRecord(campaign: Campaign, unitName: (id: string) => string): SearchRecord {
  const { host, scope } = campaign;
  return {
    kind: 'campaign',
    page: `campaigns/${campaign.id}/`,
    content: lines([
      campaign.title,
      campaign.id,
      campaign.kind,
      campaign.place,
      host && `${host.title ?? ''}${host.name}`,
      scope.period,
      ...scope.materials,
      ...campaign.teams.flatMap((team) => [
        team.name,
        `${team.leader}${team.leaderTitle ? `（${team.leaderTitle}）` : ''}`,
        unitName(team.leaderUnit),
        ...team.members,
      ]),
    ]),
    meta: { title: campaignLabel(campaign), kind: KIND_LABELS.campaign },
  };
}

type AnyColumns = Readonly<Record<string, Column>>;

/**
 * A row's searched text: each column whose cell is text people wrote, in the definition's order,
 * ids read as names. A column shown on no page (only in downloads) is searched when it is text.
 */
export function rowText(columns: AnyColumns, row: Finding | Highlight, names: NameLookup): string {
  const cells = row as unknown as Readonly<Record<string, unknown>>;
  const texts: string[] = [];
  for (const [key, column] of Object.entries(columns)) {
    const value = cells[key];
    if (typeof value !== 'string' || value === '') continue;
    const cell = column.page?.cell;
    if (cell !== undefined && !SEARCHED_CELLS.has(cell)) continue;
    texts.push(column.display ? column.display(value as never, names) : value);
  }
  return lines(texts);
}

function lines(texts: ReadonlyArray<string | undefined>): string {
  return texts.filter((text): text is string => typeof text === 'string' && text.trim() !== '').join('\n');
}

/** Up to 40 characters of a text's first line, with an ellipsis when there is more. */
export function summaryOf(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  const characters = [...line];
  return characters.length > 40 || line !== text.trim() ? `${characters.slice(0, 40).join('')}…` : line;
}

/**
 * The first words of a text as a page shows them, for a text fragment: up to 20 characters,
 * stopping before Markdown syntax (which the page renders, so it is not in the page's text) and
 * at the end of the first line. Undefined when fewer than 4 characters would be left.
 */
export function leadingWords(text: string): string | undefined {
  const plain = /^[^*_`[\]<>!#\\\n\r|~]*/.exec(text.trim())?.[0].trim() ?? '';
  const words = [...plain].slice(0, 20).join('');
  return [...words].length >= 4 ? words : undefined;
}

/**
 * The link of a record, relative to the site's base: the page, then the record's row when the
 * page has that id, else a text fragment at the record's first words (Chromium, Safari and
 * Firefox scroll to it and mark it), else the page alone.
 */
export function recordUrl(record: Pick<SearchRecord, 'page' | 'anchor' | 'quote'>, idsOnPage: ReadonlySet<string>): string {
  if (record.anchor !== undefined && idsOnPage.has(record.anchor)) return `${record.page}#${encodeURIComponent(record.anchor)}`;
  if (record.quote !== undefined) return `${record.page}#:~:text=${encodeURIComponent(record.quote).replaceAll('-', '%2D')}`;
  return record.page;
}

/** The ids of the elements of an HTML page (as attribute values: entities decoded). */
export function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const match of html.matchAll(/\sid="([^"]*)"/g)) ids.add(decodeAttribute(match[1] ?? ''));
  return ids;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return NAMED[name.toLowerCase()] ?? entity;
  });
}
