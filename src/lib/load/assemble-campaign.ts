import type { RecordSet } from '../csv/read-records.ts';
import type { IssueList } from '../errors.ts';
import type { Campaign, Finding, Highlight, Located, NewsSource, SourceRows, Team, Unit } from '../model.ts';
import { yamlFieldName, type YamlFile } from '../yaml/read-yaml.ts';
import type { CampaignConfig } from '../schemas/campaign.ts';
import { didYouMean } from '../text/fuzzy.ts';
import { findingsTable, type FindingRow } from '../tables/findings.ts';
import { highlightsTable, type HighlightRow } from '../tables/highlights.ts';
import type { SurveyResult } from '../survey/tally-survey.ts';
import { reportDuplicates, reportLookAlikes } from './report-duplicates.ts';

/**
 * Joins a campaign's validated files into one Campaign and checks what no single file can:
 * that units exist, that teams follow the cross-check rule, that ids are unique.
 */

export interface CampaignFiles {
  id: string;
  config: YamlFile<CampaignConfig>;
  configFile: string;
  findings: RecordSet<FindingRow>;
  findingsFile: string;
  highlights: RecordSet<HighlightRow>;
  highlightsFile: string;
  survey: SurveyResult | null;
  news: NewsSource;
  sources: string[];
  /** units.csv, which a hint asks to add a new unit to. */
  unitsFile: string;
  rows: SourceRows;
}

/** Finds a unit by id or by name, as users write either in a cell. */
export function createUnitLookup(units: Unit[]): (reference: string) => Unit | undefined {
  const byReference = new Map<string, Unit>();
  for (const unit of units) byReference.set(unit.name, unit);
  for (const unit of units) byReference.set(unit.id, unit);
  return (reference) => byReference.get(reference.trim());
}

export function assembleCampaign(files: CampaignFiles, units: Unit[], issues: IssueList): Campaign {
  const findUnit = createUnitLookup(units);
  const config = files.config.value;
  const unitsExpected = `units.csv 中的单位编码或名称：${units.map((unit) => `${unit.id}（${unit.name}）`).join('、')}`;
  const unitReferences = units.flatMap((unit) => [unit.id, unit.name]);
  // Thousands of rows may name the same unknown unit: each spelling is compared once.
  const unitSuggestions = new Map<string, string | undefined>();
  /** "您是不是想写“乙公司”？" for a misspelt unit, then what else there is to say. */
  const unitHint = (reference: string, otherwise?: string) => {
    const key = reference.trim();
    if (!unitSuggestions.has(key)) unitSuggestions.set(key, didYouMean(key, unitReferences));
    return [unitSuggestions.get(key), otherwise].filter(Boolean).join('') || undefined;
  };

  const teams: Team[] = config.teams.map((team, t) => {
    const locateTeam = (key: string, index?: number) => files.config.locate(index === undefined ? ['teams', t, key] : ['teams', t, key, index]);
    const leaderUnit = findUnit(team.leaderUnit);
    if (!leaderUnit) {
      issues.error(files.configFile, {
        ...locateTeam('leaderUnit'),
        field: yamlFieldName(['teams', t, 'leaderUnit']),
        message: `未知的单位“${team.leaderUnit}”`,
        expected: unitsExpected,
        hint: unitHint(team.leaderUnit),
      });
    }
    const inspects: string[] = [];
    team.inspects.forEach((reference, index) => {
      const unit = findUnit(reference);
      if (!unit) {
        issues.error(files.configFile, {
          ...locateTeam('inspects', index),
          field: yamlFieldName(['teams', t, 'inspects', index]),
          message: `未知的单位“${reference}”`,
          expected: unitsExpected,
          hint: unitHint(reference),
        });
      } else if (unit.id === leaderUnit?.id) {
        issues.error(files.configFile, {
          ...locateTeam('inspects', index),
          field: yamlFieldName(['teams', t, 'inspects', index]),
          message: `${team.name}的组长${team.leader}来自${unit.name}，不能检查本单位`,
          expected: '交叉检查：检查组不检查组长所在单位',
        });
      } else {
        inspects.push(unit.id);
      }
    });
    return { ...team, leaderUnit: leaderUnit?.id ?? team.leaderUnit, inspects };
  });
  reportDuplicates(
    config.teams.map((team, t) => ({ id: team.id, ...files.config.locate(['teams', t, 'id']) })),
    files.configFile,
    '检查组编码',
    issues,
  );

  const findTeam = (reference: string) => teams.find((team) => team.id === reference || team.name === reference);
  const teamReferences = teams.flatMap((team) => [team.id, team.name]);
  const teamSuggestions = new Map<string, string | undefined>();
  const teamHint = (reference: string) => {
    if (!teamSuggestions.has(reference)) teamSuggestions.set(reference, didYouMean(reference, teamReferences));
    return teamSuggestions.get(reference);
  };
  const teamsExpected = `campaign.yml 中的检查组：${teams.map((team) => `${team.id}（${team.name}）`).join('、')}`;

  /** Resolves the unit and team cells shared by findings and highlights. */
  function resolveParties(row: { unit?: string; team?: string }, line: number, set: RecordSet<unknown>, file: string): { unit?: string; team?: string } {
    if (row.unit === undefined) return {};
    const unit = findUnit(row.unit);
    if (!unit) {
      issues.error(file, {
        line,
        column: set.columnOf('unit'),
        field: '被检单位',
        message: `未知的单位“${row.unit}”`,
        expected: unitsExpected,
        hint: unitHint(row.unit, `新单位请先加入 ${issues.name(files.unitsFile)}。`),
      });
    }
    if (row.team === undefined) return { unit: unit?.id };
    const team = findTeam(row.team);
    if (!team) {
      issues.error(file, {
        line,
        column: set.columnOf('team'),
        field: '检查组',
        message: `未知的检查组“${row.team}”`,
        expected: teamsExpected,
        hint: teamHint(row.team),
      });
    } else if (unit && !team.inspects.includes(unit.id)) {
      issues.error(file, {
        line,
        column: set.columnOf('team'),
        field: '检查组',
        message: `${team.name}不负责检查${unit.name}`,
        expected: `${team.name}检查的单位：${team.inspects.map((id) => findUnit(id)?.name ?? id).join('、')}`,
      });
    }
    return { unit: unit?.id, team: team?.id };
  }

  const declaredCategories = config.categories;
  const categorySuggestions = new Map<string, string | undefined>();
  const categoryHint = (category: string) => {
    if (!categorySuggestions.has(category)) categorySuggestions.set(category, didYouMean(category, declaredCategories ?? []));
    return categorySuggestions.get(category);
  };
  function checkCategory(category: string | undefined, line: number): void {
    if (!declaredCategories || category === undefined || declaredCategories.includes(category)) return;
    issues.error(files.findingsFile, {
      line,
      column: files.findings.columnOf('category'),
      field: '问题类别',
      message: `未知的问题类别“${category}”`,
      expected: declaredCategories.join('、'),
      hint: `${categoryHint(category) ?? ''}类别在 campaign.yml 的 categories 中声明。`,
    });
  }

  const findings: Finding[] = files.findings.records.map(({ line, value }) => {
    const parties = resolveParties(value, line, files.findings, files.findingsFile);
    checkCategory(value.category, line);
    const finding = located(findingsTable.keys, line, value);
    finding.unit = parties.unit ?? value.unit;
    finding.team = parties.team ?? value.team;
    return finding;
  });
  for (const { line, value } of files.findings.rejected) {
    resolveParties(value, line, files.findings, files.findingsFile);
    checkCategory(value.category, line);
  }
  reportDuplicates(allRows(files.findings), files.findingsFile, '问题编号', issues);
  if (!declaredCategories) {
    // Undeclared categories are whatever the cells say: one invisible character makes a new one.
    const firstUse = new Map<string, number>();
    for (const { line, value } of files.findings.records) if (!firstUse.has(value.category)) firstUse.set(value.category, line);
    const column = files.findings.columnOf('category');
    reportLookAlikes(
      [...firstUse].map(([name, line]) => ({ name, line, column })),
      files.findingsFile,
      '问题类别',
      issues,
    );
  }

  const highlights: Highlight[] = files.highlights.records.map(({ line, value }) => {
    const parties = resolveParties(value, line, files.highlights, files.highlightsFile);
    const highlight = located(highlightsTable.keys, line, value);
    highlight.unit = parties.unit ?? value.unit;
    highlight.team = parties.team ?? value.team;
    return highlight;
  });
  for (const { line, value } of files.highlights.rejected) resolveParties(value, line, files.highlights, files.highlightsFile);
  reportDuplicates(allRows(files.highlights), files.highlightsFile, '亮点编号', issues);

  return {
    id: files.id,
    title: config.title,
    date: config.date,
    place: config.place,
    host: config.host,
    kind: config.kind,
    compareWith: config.compareWith,
    scope: config.scope,
    markdownColumns: config.markdownColumns,
    categories: declaredCategories ?? [...new Set(findings.map((finding) => finding.category))],
    teams,
    inspectedUnits: [...new Set(teams.flatMap((team) => team.inspects))],
    findings,
    highlights,
    survey: files.survey,
    news: files.news,
    sources: files.sources,
    rows: files.rows,
  };
}

/**
 * A validated row with its line, every column written out in the table's order, present or
 * not: all rows of a file then share one shape, which keeps tens of thousands of them
 * compact and fast to read.
 */
function located<Row extends object>(keys: ReadonlyArray<keyof Row & string>, line: number, value: Row): Located<Row> {
  const record: Record<string, unknown> = { line };
  for (const key of keys) record[key] = value[key];
  return record as Located<Row>; // Every key of Row was just assigned.
}

/** Ids of valid and rejected rows alike, in file order, for the duplicate check. */
function allRows(set: RecordSet<{ id: string }>): Array<{ id: string; line: number; column?: number }> {
  const column = set.columnOf('id');
  const rows = set.records.map(({ line, value }) => ({ id: value.id, line, column }));
  if (set.rejected.length === 0) return rows; // records are already in file order
  for (const { line, value } of set.rejected) if (value.id !== undefined) rows.push({ id: value.id, line, column });
  return rows.sort((a, b) => a.line - b.line);
}
