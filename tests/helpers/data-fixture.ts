import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { DataError, type DataIssue } from '../../src/lib/errors.ts';
import { loadSiteData, type LoadResult } from '../../src/lib/load/load-site-data.ts';
import { readSettings } from '../../src/lib/settings.ts';

/**
 * A small, valid project tree written to a temporary directory. Tests override single files
 * to make exactly one thing wrong (or one thing different) and load the result.
 */

export const CAMPAIGN = 'data/campaigns/c1';

/** Overdue and the news templates are judged on this day, whatever the calendar says. */
export const REPORT_DATE = '2026-11-24';

export const VALID_FILES: Record<string, string> = {
  'data/units.csv': 'id,name,sector\nu1,甲公司,水泥板块\nu2,乙公司,水泥板块\nu3,丙电站,水电板块\n',
  [`${CAMPAIGN}/campaign.yml`]: [
    'title: 测试检查',
    'date: 2025-09-17',
    'teams:',
    '  - id: t1',
    '    name: 第一组',
    '    leader: 张三',
    '    leaderUnit: u1',
    '    inspects: [u2, 丙电站]',
    'survey:',
    '  title: 培训调查',
    '  questions:',
    '    - id: useful',
    '      text: 培训是否实用？',
    '      options: [很实用, 一般, 不实用]',
    '      favorable: [很实用]',
    '',
  ].join('\n'),
  [`${CAMPAIGN}/findings.csv`]: [
    'id,unit,team,category,description,due,status,closed_on',
    'F1,u2,t1,执行不规范,纪要缺签字,2025-10-31,closed,2025-10-01',
    'F2,乙公司,第一组,执行不规范,素材不全,2025/11/30,整改中,',
    'F3,u3,,标准化建设不完善,无模板,2025年12月31日,,',
    '',
  ].join('\n'),
  [`${CAMPAIGN}/highlights.csv`]: 'id,unit,description\nH1,u3,班组指标分解到岗\n',
  [`${CAMPAIGN}/survey.csv`]: '序号,来自IP,1、培训是否实用？\n1,10.0.0.1,很实用\n2,10.0.0.2,一般\n3,10.0.0.3,很实用\n',
  'templates/news.md': '# {{ campaign.title }}\n\n共发现{{ findings.total }}个问题。\n',
};

export interface Fixture {
  root: string;
  load(): Promise<LoadResult>;
  /** Loads and returns the issues of the DataError it must throw. */
  loadErrors(): Promise<DataIssue[]>;
  /** Loads and returns every issue, errors and warnings, whether the data is accepted or not. */
  loadIssues(): Promise<DataIssue[]>;
  write(file: string, content: string | Uint8Array): void;
  remove(file: string): void;
  cleanup(): void;
}

/** The first issue of the DataError that `run` throws (a template's, say); none thrown fails the test. */
export function firstIssueOf(run: () => unknown): DataIssue | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error.issues[0];
    throw error;
  }
  throw new Error('expected a DataError');
}

/** `null` removes a file from the valid set. */
export function createFixture(overrides: Record<string, string | Uint8Array | null> = {}): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), 'inspection-report-'));
  const fixture: Fixture = {
    root,
    load: () => loadSiteData(readSettings({ REPORT_DATE }, { root })),
    async loadErrors() {
      try {
        await loadSiteData(readSettings({ REPORT_DATE }, { root }));
      } catch (error) {
        if (error instanceof DataError) return error.issues.filter((issue) => issue.severity === 'error');
        throw error;
      }
      throw new Error('expected the data to be rejected');
    },
    async loadIssues() {
      try {
        return (await loadSiteData(readSettings({ REPORT_DATE }, { root }))).warnings;
      } catch (error) {
        if (error instanceof DataError) return error.issues;
        throw error;
      }
    },
    write(file, content) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    },
    remove(file) {
      rmSync(path.join(root, file), { force: true });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [file, content] of Object.entries({ ...VALID_FILES, ...overrides })) {
    if (content !== null) fixture.write(file, content);
  }
  return fixture;
}

export function gb18030(text: string): Uint8Array {
  return iconv.encode(text, 'gb18030');
}

export function withBom(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** `file:line:column message` lines, for compact assertions. */
export function describeIssues(issues: DataIssue[]): string[] {
  // file:line:column as an editor reads it: the field's column in CSV, else the character.
  return issues.map((issue) => `${issue.file}:${issue.line ?? '-'}:${issue.column ?? issue.character ?? '-'} ${issue.message}`);
}
