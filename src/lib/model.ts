import type { ChartRequest } from './news/news-engine.ts';
import type { MarkdownColumn } from './schemas/campaign.ts';
import type { FindingRow, Severity, Status } from './tables/findings.ts';
import type { HighlightRow } from './tables/highlights.ts';
import type { Unit } from './tables/units.ts';
import type { SurveyResult } from './survey/tally-survey.ts';

/**
 * A campaign as the pages see it: validated, with every unit and team reference resolved to
 * an id, and the survey already tallied (raw answers are never kept).
 */

export type { Unit, Status, Severity, SurveyResult };

export interface Team {
  id: string;
  name: string;
  leader: string;
  leaderTitle?: string;
  leaderUnit: string;
  inspects: string[];
  members: string[];
}

/** A row of a data file where it was read: the 1-based line, so a reader can find the source row. */
export type Located<Row> = { line: number } & Row;

/** A problem, as findings.csv defines it (tables/findings.ts), its unit and team resolved to ids. */
export type Finding = Located<FindingRow>;

/** A highlight, as highlights.csv defines it, its unit and team resolved to ids. */
export type Highlight = Located<HighlightRow>;

export interface NewsSource {
  /** Project-relative path of the Markdown template, for error messages. */
  file: string;
  source: string;
}

export interface Campaign {
  id: string;
  title: string;
  date: string;
  place?: string;
  host?: { name: string; title?: string };
  kind: string;
  /** Id of the campaign its article compares with (campaign.yml), checked to exist. */
  compareWith?: string;
  scope: { period?: string; materials: string[] };
  /** Columns of findings.csv and highlights.csv whose cells are Markdown (campaign.yml). */
  markdownColumns: MarkdownColumn[];
  /** Categories in display order: as declared, else in order of first appearance. */
  categories: string[];
  teams: Team[];
  /** Units inspected by any team, in the teams' order. */
  inspectedUnits: string[];
  findings: Finding[];
  highlights: Highlight[];
  survey: SurveyResult | null;
  news: NewsSource;
  /** Project-relative paths of the files the campaign was built from. */
  sources: string[];
  /** Data rows read from each CSV file, so the figures can be checked to account for all of them. */
  rows: SourceRows;
}

export interface SourceRows {
  findings: number;
  highlights: number;
  responses: number;
}

export interface SiteData {
  units: Unit[];
  /** Newest first. */
  campaigns: Campaign[];
  /** Each campaign's news template as the sandbox filled it, for each edition (try-articles.ts). */
  articles: SiteArticles;
}

/** One site, two editions: the web's figures as of the report day, the PDFs' as of each campaign's print day. */
export type Edition = 'web' | 'print';

/** A campaign's template as the sandbox filled it for one edition: what its news page renders. */
export interface FilledArticle {
  /** The day the campaign's figures were counted to (asOfDay in site.ts must agree). */
  asOf: string;
  /** The filled Markdown, each `{% chart %}` written as its token. */
  text: string;
  charts: ChartRequest[];
}

/** Every campaign's filled article, by edition and campaign id. */
export type SiteArticles = Record<Edition, Record<string, FilledArticle>>;
