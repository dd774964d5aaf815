import path from 'node:path';
import { decodeText } from '../csv/decode-text.ts';
import { parseCsv, type CsvTable } from '../csv/parse-csv.ts';
import { readRecords } from '../csv/read-records.ts';
import { IssueList, type DataIssue } from '../errors.ts';
import type { Campaign, SiteData } from '../model.ts';
import { readProvenance } from '../history/provenance.ts';
import { tryArticles } from '../news/try-articles.ts';
import { printDays } from '../print/print-day.ts';
import { readYaml } from '../yaml/read-yaml.ts';
import { campaignSchemaFor } from '../schemas/campaign.ts';
import { SLUG_EXPECTED, SLUG_PATTERN, slugProblem } from '../schemas/fields.ts';
import { didYouMean } from '../text/fuzzy.ts';
import { sourceName, type Settings } from '../settings.ts';
import { findingsTable } from '../tables/findings.ts';
import { highlightsTable } from '../tables/highlights.ts';
import { unitsTable, type Unit } from '../tables/units.ts';
import { tallySurvey } from '../survey/tally-survey.ts';
import { readSheet } from '../xlsx/read-sheet.ts';
import { assembleCampaign } from './assemble-campaign.ts';
import { dataFiles } from './data-files.ts';
import { checkPlausibility } from './plausibility.ts';
import { reportDuplicates, reportLookAlikes } from './report-duplicates.ts';

/**
 * The one module that reads the data files: loads `data/` and the default templates,
 * validates everything, and either returns the site's data or throws a DataError listing
 * every problem of every file.
 */

/**
 * Where the data is, the days its figures are judged on (the news templates are filled with
 * them: the report day, and the print days that REPORT_DATE and TIME_ZONE decide), and the
 * survey privacy floor.
 */
export type LoadOptions = Pick<Settings, 'root' | 'dataDir' | 'templatesDir' | 'reportDate' | 'reportDateFixed' | 'timeZone' | 'minGroupSize'> &
  Partial<Pick<Settings, 'dataDirShown'>>;

export interface LoadResult {
  data: SiteData;
  warnings: DataIssue[];
}

export async function loadSiteData({
  root,
  dataDir,
  dataDirShown,
  templatesDir,
  reportDate,
  reportDateFixed,
  timeZone,
  minGroupSize,
}: LoadOptions): Promise<LoadResult> {
  // Files are named from DATA_DIR as the user gave it, so that each can be pasted into a shell
  // (the publishing hooks rename their temporary checkout back to data/… for the pusher).
  const named = (file: string) =>
    sourceName({ root, dataDir, dataDirShown: dataDirShown ?? (path.relative(root, dataDir).split(path.sep).join('/') || '.') }, file);
  const issues = new IssueList(named);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const files = dataFiles(dataDir, issues, relative, named);

  /** A file's text; `within` is the directory it must really be in (a link elsewhere is refused). */
  async function readText(file: string, within = dataDir): Promise<string | null> {
    const bytes = await files.read(file, within);
    return bytes && (decodeText(bytes, relative(file), issues)?.text ?? null);
  }

  async function readTable(file: string, sheet?: string): Promise<CsvTable | null> {
    let table: CsvTable | null;
    if (file.endsWith('.xlsx')) {
      const bytes = await files.read(file, dataDir);
      table = bytes && (await readSheet(bytes, relative(file), issues, { sheet }));
    } else {
      const text = await readText(file);
      if (text === null) return null;
      table = parseCsv(text, relative(file), issues);
    }
    if (table && table.records.length === 0) {
      issues.warn(relative(file), { line: table.header.line, message: '只有表头，没有数据行' });
    }
    return table;
  }

  /**
   * The data file `<name>.csv` or `<name>.xlsx` in `dir`: the one present (the CSV's name when
   * neither is), null with an error when both are, since which one counts would be a guess.
   */
  async function tableFile(dir: string, name: string): Promise<string | null> {
    const [csv, xlsx] = [path.join(dir, `${name}.csv`), path.join(dir, `${name}.xlsx`)];
    const [hasCsv, hasXlsx] = await Promise.all([files.exists(csv), files.exists(xlsx)]);
    if (hasCsv && hasXlsx) {
      issues.error(relative(xlsx), {
        message: `${name}.csv 和 ${name}.xlsx 同时存在，不知道以哪一个为准`,
        hint: `请只保留其中一个（删除另一个后重新提交）。`,
      });
      return null;
    }
    return hasXlsx ? xlsx : csv;
  }

  const unitsChoice = await tableFile(dataDir, 'units');
  const unitsFile = unitsChoice ?? path.join(dataDir, 'units.csv');
  let units: Unit[] = [];
  if (unitsChoice === null) {
    // Both units.csv and units.xlsx: tableFile said so.
  } else if (!(await files.exists(unitsFile))) {
    issues.error(relative(unitsFile), { message: '找不到单位名录 units.csv', hint: '格式见 README 的“数据格式”一节。' });
  } else {
    const table = await readTable(unitsFile);
    const set = table && readRecords(table, relative(unitsFile), unitsTable, issues);
    units = set?.records.map((record) => record.value) ?? [];
    for (const [key, label] of [
      ['id', '单位编码'],
      ['name', '单位名称'],
    ] as const) {
      const entries = set?.records.map(({ line, value }) => ({ id: value[key], line, column: set.columnOf(key) }));
      reportDuplicates(entries ?? [], relative(unitsFile), label, issues);
    }
    const names = set?.records.map(({ line, value }) => ({ name: value.name, line, column: set.columnOf('name') }));
    reportLookAlikes(names ?? [], relative(unitsFile), '单位名称', issues);
  }

  const campaignsPath = path.join(dataDir, 'campaigns');
  const folders = (await files.exists(campaignsPath)) ? await files.campaignFolders(campaignsPath) : [];
  if (folders.length === 0) {
    issues.warn(relative(campaignsPath), { message: `没有任何检查活动（${named(campaignsPath)}/ 下没有目录）` });
  }
  const defaultNewsFile = path.join(templatesDir, 'news.md');
  /** Each `compareWith` of campaign.yml where it is written, checked once every campaign is known. */
  const comparisons: Array<{ id: string; target: string; file: string; line?: number; column?: number }> = [];

  const loaded = await Promise.all(
    folders.map(async ({ id, dir }): Promise<Campaign | null> => {
      if (!SLUG_PATTERN.test(id)) {
        issues.error(relative(dir), { message: `活动目录名“${id}”${slugProblem(id)}（它会成为网址和文件名的一部分）`, expected: SLUG_EXPECTED });
        return null;
      }
      const file = (name: string) => path.join(dir, name);
      const [findingsPath, highlightsPath, surveyPath] = await Promise.all(['findings', 'highlights', 'survey'].map((name) => tableFile(dir, name)));
      if (!findingsPath || !highlightsPath || !surveyPath) return null;
      const required = ['campaign.yml', path.basename(findingsPath), path.basename(highlightsPath)];
      const present = await Promise.all(required.map((name) => files.exists(file(name))));
      const missing = required.filter((_name, i) => !present[i]);
      for (const name of missing) {
        issues.error(relative(file(name)), {
          message: `缺少文件 ${name}`,
          hint: '每个检查活动目录都需要 campaign.yml、findings.csv（或 findings.xlsx）和 highlights.csv（或 highlights.xlsx）。',
        });
      }
      if (missing.length > 0) return null;

      const configText = await readText(file('campaign.yml'));
      const config = configText === null ? null : readYaml(configText, relative(file('campaign.yml')), campaignSchemaFor({ minGroupSize }), issues);
      if (config?.value.compareWith !== undefined) {
        comparisons.push({ id, target: config.value.compareWith, file: relative(file('campaign.yml')), ...config.locate(['compareWith']) });
      }
      const sheets = config?.value.sheets ?? {};
      const findingsCsv = await readTable(findingsPath, sheets.findings);
      const findings = findingsCsv && readRecords(findingsCsv, relative(findingsPath), findingsTable, issues);
      const highlightsCsv = await readTable(highlightsPath, sheets.highlights);
      const highlights = highlightsCsv && readRecords(highlightsCsv, relative(highlightsPath), highlightsTable, issues);

      const hasSurvey = await files.exists(surveyPath);
      let survey = null;
      let surveyRows = 0;
      if (hasSurvey && config && !config.value.survey) {
        issues.error(relative(surveyPath), {
          message: '有问卷数据，但 campaign.yml 没有声明问卷题目（survey）',
          hint: '在 campaign.yml 中加入 survey.questions，写明题目、选项和计入好评的选项。',
        });
      } else if (hasSurvey && config?.value.survey) {
        const surveyTable = await readTable(surveyPath, sheets.survey);
        surveyRows = surveyTable?.records.length ?? 0;
        survey = surveyTable && tallySurvey(surveyTable, relative(surveyPath), config.value.survey, issues);
      }

      const newsFile = (await files.exists(file('news.md'))) ? file('news.md') : defaultNewsFile;
      const newsSource = await readText(newsFile, newsFile === defaultNewsFile ? templatesDir : dataDir);
      if (!config || !findingsCsv || !findings || !highlightsCsv || !highlights) return null;
      // A survey or a news template that failed does not stop the checks across the other
      // files (units, teams, categories, dates): every problem is reported in one run.
      const complete = newsSource !== null && !(hasSurvey && !survey);

      const sources = [file('campaign.yml'), findingsPath, highlightsPath];
      if (hasSurvey) sources.push(surveyPath);
      if (newsFile !== defaultNewsFile) sources.push(newsFile);
      const campaign = assembleCampaign(
        {
          id,
          config,
          configFile: relative(file('campaign.yml')),
          findings,
          findingsFile: relative(findingsPath),
          highlights,
          highlightsFile: relative(highlightsPath),
          survey,
          news: { file: relative(newsFile), source: newsSource ?? '' },
          sources: sources.map(relative),
          unitsFile,
          rows: { findings: findingsCsv.records.length, highlights: highlightsCsv.records.length, responses: surveyRows },
        },
        units,
        issues,
      );
      // Dates that cannot be true on the report day: before any figure (days to close) uses them.
      checkPlausibility(campaign, { file: relative(findingsPath), columnOf: findings.columnOf, reportDate }, issues);
      return complete ? campaign : null;
    }),
  );
  // After the files are read, so that a link they name is reported once, by the reader.
  await files.checkTree();
  issues.throwIfErrors();

  const campaigns = loaded.filter((campaign): campaign is Campaign => campaign !== null);
  const ids = campaigns.map((campaign) => campaign.id);
  for (const { id, target, file, line, column } of comparisons) {
    const others = ids.filter((other) => other !== id);
    if (others.includes(target)) continue;
    issues.error(file, {
      line,
      column,
      field: 'compareWith',
      message: target === id ? 'compareWith 不能是本次活动自己' : `compareWith 指向的检查活动“${target}”不存在`,
      expected:
        others.length > 0
          ? `${named(campaignsPath)}/ 下其他活动的目录名：${others.join('、')}`
          : `${named(campaignsPath)}/ 下其他活动的目录名（现在没有其他活动）`,
      hint: didYouMean(target, others) ?? '不写 compareWith 时，新闻稿与同类型（kind）中最近一次更早的活动比较。',
    });
  }
  issues.throwIfErrors();
  // Every article is filled here, in a child process killed when it runs too long or big, for
  // both editions: the web's figures as of the report day, the PDFs' as of each campaign's print
  // day (print-day.ts; git knows it, unless REPORT_DATE fixes it). A template that fails in
  // either fails the check, not the build or the PDFs; the pages only render what was filled.
  const printed = reportDateFixed ? null : printDays(campaigns, readProvenance(root, dataDir, campaigns), { reportDate, reportDateFixed, timeZone });
  const trial = await tryArticles(campaigns, units, { web: () => reportDate, print: (campaign) => printed?.[campaign.id]?.day ?? reportDate });
  issues.issues.push(...trial.issues);
  issues.throwIfErrors();
  campaigns.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
  return { data: { units, campaigns, articles: trial.articles }, warnings: issues.warnings };
}
