import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReleaseName, releaseName, sortReleases, type ReleaseName } from '../../scripts/lib/publish/release-name.ts';
import { listReleases, liveRelease, previousRelease, releasesToRemove, removeIncomplete, switchCurrent } from '../../scripts/lib/publish/releases.ts';
import { isStale } from '../../scripts/lib/publish/status.ts';

const HASH = '84d00978414ed0c0ac27247a11ec72be595f6008';

describe('release names', () => {
  it('are the UTC second and the short commit, and parse back', () => {
    const name = releaseName(HASH, new Date('2026-11-24T17:32:05.678Z'));
    expect(name).toBe('20261124T173205Z-84d0097');
    expect(parseReleaseName(name)).toEqual({ name, time: new Date('2026-11-24T17:32:05Z'), commit: '84d0097' });
    expect(releaseName(undefined, new Date('2026-11-24T17:32:05Z'))).toBe('20261124T173205Z-nogit');
  });

  it('sort by time, and a second release of the same second after the first', () => {
    const at = new Date('2026-11-24T17:32:05Z');
    const names = [releaseName(HASH, at, 9), releaseName(HASH, at), releaseName(HASH, new Date('2025-01-01T00:00:00Z')), releaseName(HASH, at, 1)];
    expect(sortReleases(names)).toEqual(['20250101T000000Z-84d0097', '20261124T173205Z-84d0097', '20261124T173205Z-84d0097-2', '20261124T173205Z-84d0097-10']);
  });

  it('of another commit in the same second sort after the first by their counter', () => {
    const at = new Date('2026-11-24T17:32:05Z');
    const first = releaseName('ffffffffff', at);
    const second = releaseName('0000000000', at, 1);
    expect(sortReleases([second, first])).toEqual([first, second]);
  });

  it('are told apart from what a build leaves in releases/', () => {
    for (const name of ['20261124T173205Z-84d0097.incoming-123', 'current', '.lock', '20261324T173205Z-84d0097', '20261124T173205Z-XYZ']) {
      expect(parseReleaseName(name), name).toBeUndefined();
    }
  });
});

const releases = (...stamps: string[]): ReleaseName[] => stamps.map((stamp) => parseReleaseName(`2026112${stamp}T000000Z-84d0097`) as ReleaseName);
const names = (list: ReleaseName[]) => list.map((release) => release.name.slice(7, 8));

describe('retention', () => {
  const all = releases('1', '2', '3', '4', '5', '6', '7');

  it('keeps the newest N', () => {
    expect(names(releasesToRemove(all, all[6]?.name, 5))).toEqual(['1', '2']);
    expect(names(releasesToRemove(all, all[6]?.name, 1))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('never removes the live release, nor the one a rollback goes back to', () => {
    // After rolling back to 2: 2 is live and 1 is where the next rollback goes.
    expect(names(releasesToRemove(all, all[1]?.name, 2))).toEqual(['3', '4', '5']);
    expect(previousRelease(all, all[1]?.name)?.name).toBe(all[0]?.name);
    expect(previousRelease(all, all[0]?.name)).toBeUndefined();
  });
});

describe('the web root on disk', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const release = (name: string, complete = true) => {
    mkdirSync(path.join(root, 'releases', name), { recursive: true });
    if (complete) writeFileSync(path.join(root, 'releases', name, 'index.html'), name);
  };

  it('switches current with a relative link, and lists only complete releases', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'publish-releases-'));
    release('20261121T000000Z-84d0097');
    release('20261122T000000Z-84d0097');
    release('20261123T000000Z-84d0097', false);
    release('20261122T000000Z-84d0097.incoming-99999999');
    await switchCurrent(root, '20261121T000000Z-84d0097');
    expect(readlinkSync(path.join(root, 'current'))).toBe(path.join('releases', '20261121T000000Z-84d0097'));
    await switchCurrent(root, '20261122T000000Z-84d0097');
    expect(await liveRelease(root)).toBe('20261122T000000Z-84d0097');
    expect((await listReleases(root)).map((r) => r.name)).toEqual(['20261121T000000Z-84d0097', '20261122T000000Z-84d0097']);
    expect((await removeIncomplete(root)).sort()).toEqual(['20261122T000000Z-84d0097.incoming-99999999', '20261123T000000Z-84d0097']);
  });
});

describe('staleness', () => {
  const live = { release: '20261122T000000Z-84d0097', commit: '84d0097', builtAt: '2026-11-22T00:00:00Z' };
  it('is a live release built from another commit than the newest', () => {
    expect(isStale(live, { commit: HASH, at: '' })).toBe(false);
    expect(isStale(live, { commit: 'bc9fc4c9', at: '' })).toBe(true);
    expect(isStale(null, { commit: HASH, at: '' })).toBe(false);
    expect(isStale(live, null)).toBe(false);
  });
});
