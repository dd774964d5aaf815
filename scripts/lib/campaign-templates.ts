import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { decodeText } from '../../src/lib/csv/decode-text.ts';
import { parseCsv, type CsvTable } from '../../src/lib/csv/parse-csv.ts';
import { readRecords } from '../../src/lib/csv/read-records.ts';
import { formatIssues, IssueList } from '../../src/lib/errors.ts';
import { dataFiles, type DataFiles } from '../../src/lib/load/data-files.ts';
import { campaignSchemaFor, type CampaignConfig } from '../../src/lib/schemas/campaign.ts';
import { sourceName, type Settings } from '../../src/lib/settings.ts';
import { unitsTable, type Unit } from '../../src/lib/tables/units.ts';
import { INSTRUCTIONS_SHEET, LISTS_SHEET, planTemplate, TEMPLATES, type TemplateLists, type TemplateSpec } from '../../src/lib/xlsx/template-plan.ts';
import { keepRows } from '../../src/lib/xlsx/template-rows.ts';
import { templateWorkbook } from '../../src/lib/xlsx/template-workbook.ts';
import { readSheet } from '../../src/lib/xlsx/read-sheet.ts';
import { readYaml } from '../../src/lib/yaml/read-yaml.ts';

/**
 * The file side of the templates (npm run new-campaign, npm run templates): reads units.csv
 * (or units.xlsx) and campaign.yml as the check does, writes each template to a temporary file
 * renamed over the old one, and refuses to rewrite a workbook it cannot carry over whole.
 */

/** The data directory's reader, its issues naming files as the user gave DATA_DIR. */
export function dataReader(settings: Settings): { files: DataFiles; issues: IssueList; relative: (file: string) => string } {
  const issues = new IssueList((file) => sourceName(settings, file));
  const relative = (file: string) => path.relative(settings.root, file).split(path.sep).join('/');
  return { files: dataFiles(settings.dataDir, issues, relative, (file) => sourceName(settings, file)), issues, relative };
}

/** Stops the command with its data problems listed, exit 1. */
export function failWith(issues: IssueList, what: string): never {
  console.error(`${formatIssues(issues.errors)}\n✘ ${what}`);
  process.exit(1);
}

export async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** The unit directory, read and validated as the check reads it; null with the errors recorded. */
export async function readUnits(settings: Settings, reader: ReturnType<typeof dataReader>): Promise<Unit[] | null> {
  const { files, issues, relative } = reader;
  const [csv, xlsx] = ['units.csv', 'units.xlsx'].map((name) => path.join(settings.dataDir, name)) as [string, string];
  const file = (await exists(xlsx)) && !(await exists(csv)) ? xlsx : csv;
  if (!(await exists(file))) {
    issues.error(relative(csv), { message: '找不到单位名录 units.csv', hint: '格式见 README 的“数据格式”一节。' });
    return null;
  }
  const bytes = await files.read(file, settings.dataDir);
  if (bytes === null) return null;
  let table: CsvTable | null;
  if (file.endsWith('.xlsx')) {
    table = await readSheet(bytes, relative(file), issues);
  } else {
    const text = decodeText(bytes, relative(file), issues)?.text;
    table = text === undefined ? null : parseCsv(text, relative(file), issues);
  }
  const set = table && readRecords(table, relative(file), unitsTable, issues);
  if (!set || issues.errors.length > 0) return null;
  return set.records.map((record) => record.value);
}

/** A campaign's campaign.yml, validated as the check does; null with the errors recorded. */
export async function readConfig(settings: Settings, reader: ReturnType<typeof dataReader>, dir: string): Promise<CampaignConfig | null> {
  const file = path.join(dir, 'campaign.yml');
  if (!(await exists(file))) {
    reader.issues.error(reader.relative(file), { message: '缺少文件 campaign.yml' });
    return null;
  }
  const bytes = await reader.files.read(file, settings.dataDir);
  const text = bytes && decodeText(bytes, reader.relative(file), reader.issues)?.text;
  if (text === undefined || text === null) return null;
  return readYaml(text, reader.relative(file), campaignSchemaFor({ minGroupSize: settings.minGroupSize }), reader.issues)?.value ?? null;
}

/** The dropdowns' values for a campaign: unit names from the directory, categories and team names from its campaign.yml. */
export function listsOf(units: readonly Unit[], config: Pick<CampaignConfig, 'categories' | 'teams'>): TemplateLists {
  return { units: units.map((unit) => unit.name), categories: config.categories ?? [], teams: config.teams.map((team) => team.name) };
}

/** A template with no rows yet. */
export function freshTemplate(spec: TemplateSpec, lists: TemplateLists, sheet: string, creator: string): Promise<Uint8Array> {
  return templateWorkbook({ spec, sheet, columns: planTemplate(spec, lists), creator });
}

export interface Rewritten {
  bytes: Uint8Array;
  rows: number;
  unknownHeaders: string[];
}

/**
 * The template rewritten around the rows of the workbook there now; null, with the reason
 * recorded, when that workbook cannot be carried over whole (it does not read, or it has a
 * sheet of its own that a rewrite would drop).
 */
export async function rewriteTemplate(
  spec: TemplateSpec,
  lists: TemplateLists,
  file: string,
  configuredSheet: string | undefined,
  reader: ReturnType<typeof dataReader>,
  settings: Settings,
): Promise<Rewritten | null> {
  const { files, issues, relative } = reader;
  const bytes = await files.read(file, settings.dataDir);
  if (bytes === null) return null;
  const before = issues.errors.length;
  const table = await readSheet(bytes, relative(file), issues, { sheet: configuredSheet });
  if (!table || issues.errors.length > before) return null;
  const names = await sheetNames(bytes);
  const sheet = configuredSheet ?? names[0] ?? spec.sheet;
  const others = names.filter((name) => name !== sheet && name !== INSTRUCTIONS_SHEET && name !== LISTS_SHEET);
  if (others.length > 0) {
    issues.error(relative(file), {
      message: `工作簿中有模板以外的工作表：${others.map((name) => `“${name}”`).join('、')}；重新生成模板会丢失它们，所以没有改动这个文件`,
      hint: '请把这些工作表移到另一个文件（或删除）后再运行 npm run templates。',
    });
    return null;
  }
  const columns = planTemplate(spec, lists);
  const kept = keepRows(table, spec, columns);
  return {
    bytes: await templateWorkbook({ spec, sheet, columns, kept, creator: settings.siteTitle }),
    rows: kept.rows.length,
    unknownHeaders: kept.unknownHeaders,
  };
}

/** The names of a workbook's sheets, in order, from its workbook.xml (bounded: the reader has already read the file). */
async function sheetNames(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const part = zip.file(/^\/?xl\/workbook\.xml$/)[0];
  const xml = part ? await part.async('string') : '';
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((match) => unescapeXml(match[1] ?? ''));
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (name.startsWith('#')) return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return named[name.toLowerCase()] ?? entity;
  });
}

/** Writes a file whole or not at all: a temporary file beside it, renamed over it. */
export async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

export { TEMPLATES };
