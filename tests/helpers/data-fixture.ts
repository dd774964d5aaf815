import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * The valid tree itself is the golden case tests/fixtures/minimal/ (its expected figures are
 * checked there): read once, as text, by path relative to the project root.
 */
const MINIMAL = path.resolve(import.meta.dirname, '../fixtures/minimal');
export const VALID_FILES: Record<string, string> = Object.fromEntries(
  ['data', 'templates'].flatMap((top) =>
    readdirSync(path.join(MINIMAL, top), { recursive: true, encoding: 'utf8' })
      .map((relative) => path.join(top, relative))
      .filter((file) => statSync(path.join(MINIMAL, file)).isFile())
      .map((file) => [file.split(path.sep).join('/'), readFileSync(path.join(MINIMAL, file), 'utf8')]),
  ),
);

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
