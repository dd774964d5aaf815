import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataFingerprint, readReleaseInfo, writeReleaseInfo } from '../../scripts/lib/publish/data-fingerprint.ts';

/** Issue 22: releases built from data outside git are told apart by what they were built from. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataFolder(files: Record<string, string>, mtime = new Date('2026-11-20T08:00:00Z')): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
    utimesSync(path.join(dir, file), mtime, mtime);
  }
  return dir;
}

describe('dataFingerprint', () => {
  it('is the same for the same content wherever it lies, and differs when one byte or one name does', async () => {
    const files = { 'units.csv': 'id,name\nu1,甲\n', 'campaigns/c1/findings.csv': 'id\nF1\n' };
    const a = await dataFingerprint(dataFolder(files));
    const b = await dataFingerprint(dataFolder(files, new Date('2026-11-21T08:00:00Z')));
    expect(a.hash).toBe(b.hash);
    expect(a.files).toBe(2);
    expect([a.modified, b.modified]).toEqual(['2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z']);
    expect((await dataFingerprint(dataFolder({ ...files, 'units.csv': 'id,name\nu1,乙\n' }))).hash).not.toBe(a.hash);
    expect((await dataFingerprint(dataFolder({ 'units.csv': files['units.csv'], 'campaigns/c2/findings.csv': 'id\nF1\n' }))).hash).not.toBe(a.hash);
  });

  it('is kept beside a release and read back; a release without one reads as unknown', async () => {
    const release = dataFolder({ 'index.html': '<h1>site</h1>' });
    expect(await readReleaseInfo(release)).toBeUndefined();
    const fingerprint = await dataFingerprint(dataFolder({ 'units.csv': 'id\n' }));
    await writeReleaseInfo(release, fingerprint);
    expect(await readReleaseInfo(release)).toEqual(fingerprint);
  });
});
