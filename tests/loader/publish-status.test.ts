import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompress } from '../../scripts/lib/publish/compress.ts';
import { emptyStatus, readStatus, statusPage, writeStatus, type Status } from '../../scripts/lib/publish/status.ts';

const LOOK = { basePath: '/reports/', siteTitle: '绩效检查报告', timeZone: 'Asia/Shanghai' };

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('precompression', () => {
  it('writes .gz and .br beside text files that decompress to the original, and leaves PDFs alone', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'publish-compress-'));
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    const html = '<p>整改完成率</p>\n'.repeat(200);
    writeFileSync(path.join(dir, 'a', 'b', 'index.html'), html);
    writeFileSync(path.join(dir, 'a', 'findings.CSV'), '\uFEFF编号,单位\n');
    writeFileSync(path.join(dir, 'report.pdf'), '%PDF-1.7');
    const result = await precompress(dir);
    expect(result.files).toBe(2);
    expect(gunzipSync(readFileSync(path.join(dir, 'a', 'b', 'index.html.gz'))).toString()).toBe(html);
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'a', 'b', 'index.html.br'))).toString()).toBe(html);
    expect(existsSync(path.join(dir, 'a', 'findings.CSV.gz'))).toBe(true);
    expect(existsSync(path.join(dir, 'report.pdf.gz'))).toBe(false);
    expect(result.gzipBytes).toBeLessThan(result.bytes);
  });
});

describe('the status page', () => {
  const status: Status = {
    ...emptyStatus(),
    live: { release: '20261122T000000Z-84d0097', commit: '84d0097', builtAt: '2026-11-22T00:00:00Z' },
    newest: { commit: 'bc9fc4c9aaaa', pushedBy: 'bob', at: '2026-11-24T07:00:00Z' },
    stale: true,
    last: {
      action: 'publish',
      ok: false,
      at: '2026-11-24T07:00:00Z',
      commit: 'bc9fc4c9aaaa',
      pushedBy: '<bob>',
      messages: ['data/units.csv:1:1 错误：缺少必填列 <sector>'],
    },
  };

  it('tells the outcome in Chinese, in Beijing time, with every value escaped', () => {
    const html = statusPage(status, LOOK);
    expect(html).toContain('<strong class="failed">发布失败</strong>');
    expect(html).toContain('线上网站不是最新提交的数据</strong>：最近一次操作失败，原因见下面');
    expect(html).toContain('2026/11/24 15:00:00（北京时间）');
    expect(html).toContain('&#60;bob&#62;');
    expect(html).toContain('缺少必填列 &#60;sector&#62;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<a href="/reports/">返回网站首页</a>');
  });

  it('writes the page, the JSON and a stylesheet that shows the stale link only when stale', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'publish-status-'));
    await writeStatus(dir, status, LOOK);
    expect(readFileSync(path.join(dir, 'status', 'status.css'), 'utf8')).toBe('footer .stale-release { display: inline; }\n');
    expect(await readStatus(dir)).toEqual(status);
    await writeStatus(dir, { ...status, stale: false }, LOOK);
    expect(readFileSync(path.join(dir, 'status', 'status.css'), 'utf8')).not.toContain('display');
    expect(readFileSync(path.join(dir, 'status', '404.html'), 'utf8')).toContain('页面不存在');
  });
});

describe('the status page speaks for the organisation', () => {
  it('shows SITE_TITLE (escaped) and times in TIME_ZONE', () => {
    const status: Status = { ...emptyStatus(), last: { action: 'publish', ok: true, at: '2026-11-24T16:30:00Z', messages: [] } };
    const html = statusPage(status, { basePath: '/r/', siteTitle: '某水泥集团 & 电力', timeZone: 'UTC' });
    expect(html).toContain('<title>发布状态 · 某水泥集团 &#38; 电力</title>');
    expect(html).toContain('2026/11/24 16:30:00（UTC）');
    expect(statusPage(status, LOOK)).toContain('2026/11/25 00:30:00（北京时间）');
  });
});
