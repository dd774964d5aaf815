import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { regularFileSize } from '../../scripts/lib/pdf/site-pdfs.ts';
import { listReleases, liveRelease, releasesToRemove, removeIncomplete, removeRelease } from '../../scripts/lib/publish/releases.ts';
import { publicIssueLines } from '../../scripts/lib/publish/rejection.ts';

/**
 * Issue 20, items 7 and 9: the publisher trusts nothing it finds in the web root (anyone who
 * can write there, or a bug, may have planted links), and the public status page never quotes
 * what a push wrote.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temporary = (prefix: string) => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
};

function webRootWith(...releaseNames: string[]) {
  const webRoot = temporary('web-root-');
  for (const name of releaseNames) {
    mkdirSync(path.join(webRoot, 'releases', name), { recursive: true });
    writeFileSync(path.join(webRoot, 'releases', name, 'index.html'), '<h1>site</h1>');
  }
  return webRoot;
}

describe('releases are real directories inside releases/', () => {
  it('a release-named link to a folder outside is not a release, and retention removes the link, never the folder’s files', async () => {
    const webRoot = webRootWith('20261101T000000Z-aaaaaaa', '20261102T000000Z-bbbbbbb');
    const victim = temporary('victim-');
    writeFileSync(path.join(victim, 'index.html'), 'precious');
    symlinkSync(victim, path.join(webRoot, 'releases', '20261001T000000Z-ccccccc'));
    symlinkSync('releases/20261102T000000Z-bbbbbbb', path.join(webRoot, 'current'));
    expect((await listReleases(webRoot)).map((release) => release.name)).toEqual(['20261101T000000Z-aaaaaaa', '20261102T000000Z-bbbbbbb']);
    expect(await removeIncomplete(webRoot)).toEqual(['20261001T000000Z-ccccccc']);
    expect(existsSync(path.join(victim, 'index.html'))).toBe(true);
    expect(readdirSync(path.join(webRoot, 'releases')).sort()).toEqual(['20261101T000000Z-aaaaaaa', '20261102T000000Z-bbbbbbb']);
  });

  it('removing a release that is a link removes the link alone', async () => {
    const webRoot = webRootWith();
    const victim = temporary('victim-');
    writeFileSync(path.join(victim, 'index.html'), 'precious');
    mkdirSync(path.join(webRoot, 'releases'), { recursive: true });
    symlinkSync(victim, path.join(webRoot, 'releases', '20261001T000000Z-ccccccc'));
    await removeRelease(webRoot, '20261001T000000Z-ccccccc');
    expect(existsSync(path.join(victim, 'index.html'))).toBe(true);
    expect(existsSync(path.join(webRoot, 'releases', '20261001T000000Z-ccccccc'))).toBe(false);
  });

  it('`current` counts as live only when it points to releases/<a real release directory>', async () => {
    const webRoot = webRootWith('20261101T000000Z-aaaaaaa');
    const elsewhere = temporary('elsewhere-');
    mkdirSync(path.join(elsewhere, '20261101T000000Z-aaaaaaa'));
    symlinkSync(path.join(elsewhere, '20261101T000000Z-aaaaaaa'), path.join(webRoot, 'current'));
    expect(await liveRelease(webRoot)).toBeUndefined();
    rmSync(path.join(webRoot, 'current'));
    symlinkSync('releases/20261101T000000Z-aaaaaaa', path.join(webRoot, 'current'));
    expect(await liveRelease(webRoot)).toBe('20261101T000000Z-aaaaaaa');
    // With no live release known, retention still keeps the newest `keep`.
    expect(releasesToRemove(await listReleases(webRoot), undefined, 1)).toEqual([]);
  });
});

describe('PDFs are reused only as regular files inside the live release', () => {
  it('a link planted in place of a PDF, or in place of its folder, is not reusable', async () => {
    const site = temporary('site-');
    const secret = temporary('secret-');
    writeFileSync(path.join(secret, 'shadow.pdf'), 'root:x:0:0');
    mkdirSync(path.join(site, 'pdf', 'c1'), { recursive: true });
    writeFileSync(path.join(site, 'pdf', 'c1', 'report.pdf'), '%PDF-1.7 real');
    symlinkSync(path.join(secret, 'shadow.pdf'), path.join(site, 'pdf', 'c1', 'notices.pdf'));
    symlinkSync(secret, path.join(site, 'pdf', 'c2'));
    expect(await regularFileSize(site, 'pdf/c1/report.pdf')).toBe(13);
    expect(await regularFileSize(site, 'pdf/c1/notices.pdf')).toBeUndefined();
    expect(await regularFileSize(site, 'pdf/c2/shadow.pdf')).toBeUndefined();
    expect(await regularFileSize(site, 'pdf/../../etc/passwd.pdf')).toBeUndefined();
  });
});

describe('the status page never quotes a pushed cell', () => {
  it('keeps where and what kind, and drops every value, header and file name the pusher wrote', () => {
    const lines = publicIssueLines([
      {
        severity: 'error',
        file: 'data/campaigns/c1/survey.csv',
        line: 7,
        row: 7,
        column: 5,
        field: '其他意见：张三 13800138000',
        message: '“张三 13800138000”不是选项之一',
        expected: '很实用、一般',
      },
      { severity: 'error', file: 'data/campaigns/c1/findings.csv', line: 3, row: 3, column: 10, field: '整改期限', message: '“下周三找李四”不是日期' },
      { severity: 'warning', file: 'data/campaigns/请致电 13800138000/campaign.yml', line: 2, field: 'teams[0].leader', message: '“王五”不在名录中' },
    ]);
    expect(lines).toEqual([
      'data/campaigns/c1/survey.csv 第 7 行，第 5 列（E 列）：错误',
      'data/campaigns/c1/findings.csv 第 3 行，第 10 列（J 列，整改期限）：错误',
      '（文件名含特殊字符，见推送人终端） 第 2 行，字段 teams[0].leader：警告',
    ]);
    for (const secret of ['张三', '13800138000', '李四', '王五', '很实用']) expect(lines.join('\n')).not.toContain(secret);
  });
});
