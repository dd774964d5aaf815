import { describe, expect, it } from 'vitest';
import { dataFolderName, dayIn, pageSourceName, readSettings, SettingsError, sourceName, sourcesLine } from '../../src/lib/settings.ts';

const root = '/srv/reports';

describe('readSettings', () => {
  it('gives the documented defaults, paths resolved against the project root', () => {
    const settings = readSettings({}, { root, now: new Date('2026-11-24T03:00:00Z') });
    expect(settings).toEqual({
      root,
      dataDir: '/srv/reports/data',
      dataDirShown: 'data',
      startedAt: '2026-11-24T03:00:00.000Z',
      templatesDir: '/srv/reports/templates',
      outDir: '/srv/reports/dist',
      basePath: '/',
      timeZone: 'Asia/Shanghai',
      reportDate: '2026-11-24',
      reportDateFixed: false,
      chromiumPath: '/usr/bin/chromium',
      minGroupSize: 5,
      pdfConcurrency: undefined,
      siteTitle: '绩效检查报告',
      astroLogLevel: undefined,
    });
  });

  it('reads PDF_CONCURRENCY, a whole number from 1 to 16; unset or blank means one per core', () => {
    expect(readSettings({ PDF_CONCURRENCY: ' 3 ' }, { root }).pdfConcurrency).toBe(3);
    expect(readSettings({ PDF_CONCURRENCY: '1' }, { root }).pdfConcurrency).toBe(1);
    expect(readSettings({ PDF_CONCURRENCY: '16' }, { root }).pdfConcurrency).toBe(16);
    expect(readSettings({ PDF_CONCURRENCY: '' }, { root }).pdfConcurrency).toBeUndefined();
    expect(readSettings({}, { root }).pdfConcurrency).toBeUndefined();
    for (const bad of ['0', '17', '-1', '2.5', '四', 'auto']) {
      expect(() => readSettings({ PDF_CONCURRENCY: bad }, { root })).toThrow(`PDF_CONCURRENCY 应为 1 到 16 之间的整数（现在是“${bad}”）`);
    }
  });

  it('reads the privacy floor MIN_GROUP_SIZE, never below 2', () => {
    expect(readSettings({ MIN_GROUP_SIZE: ' 3 ' }, { root }).minGroupSize).toBe(3);
    expect(readSettings({ MIN_GROUP_SIZE: '10' }, { root }).minGroupSize).toBe(10);
    expect(readSettings({ MIN_GROUP_SIZE: '' }, { root }).minGroupSize).toBe(5);
    for (const bad of ['1', '0', '-3', '2.5', '五']) {
      expect(() => readSettings({ MIN_GROUP_SIZE: bad }, { root })).toThrow(`MIN_GROUP_SIZE 应为不小于 2 的整数（现在是“${bad}”）`);
    }
  });

  it.each([
    // 23:30 UTC is 07:30 the next morning in Beijing: the office's day has already turned.
    ['2026-11-24T23:30:00Z', 'Asia/Shanghai', '2026-11-25'],
    ['2026-11-24T15:59:59Z', 'Asia/Shanghai', '2026-11-24'],
    ['2026-11-24T16:00:00Z', 'Asia/Shanghai', '2026-11-25'],
    ['2026-11-24T23:30:00Z', 'UTC', '2026-11-24'],
    ['2026-11-25T03:00:00Z', 'America/New_York', '2026-11-24'],
  ])('at %s the report day in %s is %s', (moment, zone, day) => {
    expect(readSettings({ TIME_ZONE: zone }, { root, now: new Date(moment) }).reportDate).toBe(day);
    expect(dayIn(zone, new Date(moment))).toBe(day);
  });

  it.each([
    ['2026-11-24', '2026-11-24'],
    ['2026/3/5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
  ])('reads REPORT_DATE %s as %s, whatever the clock says', (text, day) => {
    const settings = readSettings({ REPORT_DATE: text }, { root, now: new Date('2030-01-01T00:00:00Z') });
    expect(settings.reportDate).toBe(day);
    expect(settings.reportDateFixed).toBe(true);
  });

  it('adds the trailing slash to BASE_PATH and treats blank values as unset', () => {
    const settings = readSettings({ BASE_PATH: '/reports', DATA_DIR: ' ', OUT_DIR: '/var/www/site' }, { root });
    expect(settings.basePath).toBe('/reports/');
    expect(settings.dataDir).toBe('/srv/reports/data');
    expect(settings.outDir).toBe('/var/www/site');
  });

  it('names every bad value at once, in Chinese', () => {
    const read = () => readSettings({ BASE_PATH: 'reports', REPORT_DATE: '2026-13-01', TIME_ZONE: 'Asia/Beijing' }, { root });
    expect(read).toThrow(SettingsError);
    expect(read).toThrowErrorMatchingInlineSnapshot(`
      [SettingsError: 设置有误：
        BASE_PATH 应以 / 开头，例如 /reports/（现在是“reports”）
        TIME_ZONE 不是已知的时区：“Asia/Beijing”，应为 Asia/Shanghai 这样的 IANA 时区名
        REPORT_DATE 不是日期：“2026-13-01”，应写成 2026-11-24、2026/11/24 或 2026年11月24日]
    `);
  });

  it.each(['/a b/', '/reports/../etc/', '/r?x=1'])('refuses BASE_PATH %s', (base) => {
    expect(() => readSettings({ BASE_PATH: base }, { root })).toThrow('BASE_PATH 只能是网址中的路径');
  });
});

describe('sourceName, as messages name files', () => {
  it('names data from DATA_DIR as the user gave it, so that each name can be pasted into a shell', () => {
    const at = (DATA_DIR: string) => readSettings({ DATA_DIR }, { root: '/srv/reports' });
    expect(sourceName(at('data'), 'data/campaigns/c1/findings.csv')).toBe('data/campaigns/c1/findings.csv');
    expect(sourceName(at('./data/'), '/srv/reports/data')).toBe('data');
    expect(sourceName(at('/home/li/mydata'), '/home/li/mydata/campaigns/c1/findings.csv')).toBe('/home/li/mydata/campaigns/c1/findings.csv');
    expect(sourceName(at('../data-bad'), '../data-bad/units.csv')).toBe('../data-bad/units.csv');
    expect(sourceName(at('../data-bad'), 'templates/news.md')).toBe('templates/news.md');
  });
});

describe('pageSourceName and sourcesLine, as pages name their sources', () => {
  it('names data files from the data folder, never by a temporary path that changes every publish', () => {
    const settings = readSettings({ DATA_DIR: '/tmp/publish-8f3k/repo/data' }, { root: '/srv/app' });
    expect(pageSourceName(settings, '../../tmp/publish-8f3k/repo/data/campaigns/c1/findings.csv')).toBe('campaigns/c1/findings.csv');
    expect(
      sourcesLine(settings, [
        '../../tmp/publish-8f3k/repo/data/campaigns/c1/campaign.yml',
        '../../tmp/publish-8f3k/repo/data/campaigns/c1/findings.csv',
        'templates/news.md',
      ]),
    ).toBe('数据目录 data/ 中的 campaigns/c1/campaign.yml、campaigns/c1/findings.csv；模板 templates/news.md');
    expect(sourcesLine(settings, ['../../tmp/publish-8f3k/repo/data'])).toBe('数据目录 data/');
    expect(dataFolderName(readSettings({ DATA_DIR: '/home/li/mydata' }, { root: '/srv/app' }))).toBe('mydata');
  });
});
