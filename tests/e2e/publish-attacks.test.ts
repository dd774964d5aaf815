import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { httpGet } from '../helpers/http.ts';
import { hasNginx, startNginx, type Nginx } from '../helpers/nginx.ts';
import { runQuick } from '../helpers/processes.ts';
import { createPublishRepository, publishEnvironment, type PublishRepository } from '../helpers/publish-repository.ts';

/**
 * Issue 20, tried as a malicious insider would: someone who may push data/ and templates/ to
 * the intranet's bare repository (deploy/hooks/ installed, this checkout the trusted app), but
 * who is not a maintainer. Each test is an attack that once worked; it fails if the hole reopens.
 */

if (!hasNginx && process.env.CI) throw new Error('CI needs nginx at /usr/sbin/nginx (apt-get install nginx)');

const BASE = '/reports/';
const CAMPAIGN = '2026-03-monthly-check';
const FINDINGS = `data/campaigns/${CAMPAIGN}/findings.csv`;

/** One GET on a connection of its own (tests/helpers/http.ts), its headers as a record. */
async function get(url: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const response = await httpGet(url);
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

describe.skipIf(!hasNginx)('an insider who may only push data cannot subvert publishing', () => {
  let repository: PublishRepository;
  let tmp: string;
  let webRoot: string;
  let bare: string;
  let work: string;
  let marker: string;
  let nginx: Nginx | undefined;
  const git = (cwd: string, ...args: string[]) => repository.git(cwd, ...args);

  /** Pushes the work tree's HEAD to main as `user`, authenticated by gitolite (GL_USER) or GitLab (GL_USERNAME). */
  // REPORT_DATE is the server's (inspection.env), never the pusher's: blank here, as no one pushing sets it.
  const push = (user: string, variable = 'GL_USER', ...flags: string[]) =>
    repository.run('git', ['push', ...flags, 'origin', 'HEAD:main'], work, { [variable]: user, REPORT_DATE: '' });
  const commitAll = (message: string) => repository.commitAll(message);
  const published = () => repository.published();
  const statusJson = () => JSON.parse(readFileSync(path.join(webRoot, 'status', 'status.json'), 'utf8'));
  const statusText = () =>
    `${readFileSync(path.join(webRoot, 'status', 'status.json'), 'utf8')}${readFileSync(path.join(webRoot, 'status', 'index.html'), 'utf8')}`;
  /** Puts the work tree back on the published main, whatever a test left. */
  const resetToPublished = () => {
    git(work, 'fetch', '-q', 'origin');
    git(work, 'checkout', '-q', '-B', 'main', 'origin/main');
    git(work, 'clean', '-qfdx');
  };

  beforeAll(async () => {
    repository = createPublishRepository({
      prefix: 'publish-attacks-',
      base: BASE,
      config: [
        ['inspection.maintainers', 'alice'],
        ['inspection.pdf', 'false'],
      ],
      env: ['REPORT_DATE=2026-11-24'],
    });
    ({ tmp, webRoot, bare, work } = repository);
    marker = path.join(tmp, 'pwned');
    mkdirSync(path.join(work, 'deploy', 'hooks'), { recursive: true });
    writeFileSync(path.join(work, 'deploy', 'hooks', 'pre-receive'), '#!/bin/sh\n# the maintainers’ copy\n');
    commitAll('示例数据');
    const first = await push('alice');
    if (first.status !== 0) throw new Error(`the first push by a maintainer failed:\n${first.output}`);
    nginx = await startNginx({ dir: path.join(tmp, 'nginx'), webRoot, base: BASE });
  });

  // A test that failed half-way leaves its commit: the next one starts from what is published.
  afterEach(() => resetToPublished());

  afterAll(async () => {
    await nginx?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('1. a push that makes data/ look like a bare repository, with a command in its config, is refused and runs nothing', async () => {
    const before = published();
    const command = `touch ${marker}; echo`;
    for (const dir of ['data', `data/campaigns/${CAMPAIGN}`]) {
      mkdirSync(path.join(work, dir, 'objects', 'info'), { recursive: true });
      mkdirSync(path.join(work, dir, 'refs', 'heads'), { recursive: true });
      writeFileSync(path.join(work, dir, 'objects', 'info', 'packs'), '\n');
      writeFileSync(path.join(work, dir, 'refs', 'heads', 'main'), `${before}\n`);
      writeFileSync(path.join(work, dir, 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(path.join(work, dir, 'config'), `[core]\n\tbare = true\n\tfsmonitor = "${command}"\n\thooksPath = /tmp\n[core]\n\tpager = "${command}"\n`);
    }
    commitAll('数据');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('data 错误：这个目录里有 HEAD、objects、refs 等文件，像一个 git 仓库');
    expect(pushed.output).toContain(`data/campaigns/${CAMPAIGN} 错误：这个目录里有 HEAD`);
    expect(published()).toBe(before);
    // The same data built by hand on a user's machine (npm run build) runs nothing either.
    const built = await repository.run(process.execPath, ['scripts/run.mjs', 'check'], PROJECT_ROOT, { DATA_DIR: path.join(work, 'data') });
    expect(built.status).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('2a. a merge that moves a maintainer’s file into data/ is refused (the merge itself changed it)', async () => {
    const before = published();
    git(work, 'checkout', '-q', '-b', 'side');
    writeFileSync(path.join(work, 'data', '说明.txt'), '补充说明\n');
    commitAll('补充说明');
    git(work, 'checkout', '-q', 'main');
    git(work, 'merge', '-q', '--no-ff', '--no-commit', 'side');
    git(work, 'mv', 'deploy/hooks/pre-receive', 'data/pre-receive');
    commitAll('合并');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('只有维护者（alice）可以修改 data/ 和 templates/ 以外的文件');
    expect(pushed.output).toContain('deploy/hooks/pre-receive');
    expect(published()).toBe(before);
  });

  it('2b. a rename out of deploy/ is a deletion there: refused', async () => {
    const before = published();
    git(work, 'mv', 'deploy/hooks/pre-receive', 'data/pre-receive');
    commitAll('移动');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('deploy/hooks/pre-receive');
    expect(published()).toBe(before);
  });

  it('2c/3. names outside ASCII are data like any other, and a U+001E in a subject publishes', async () => {
    writeFileSync(path.join(work, 'data', '附件 说明（2026）.txt'), '说明\n');
    commitAll('补充\u001e说明\u0007');
    const text = readFileSync(path.join(work, FINDINGS), 'utf8');
    writeFileSync(path.join(work, FINDINGS), `${text.trimEnd().split('\n').slice(0, -1).join('\n')}\n`);
    const commit = commitAll('\u001e');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).toBe(0);
    expect(pushed.output).toContain('✔ 已发布');
    expect(published()).toBe(commit);
    const history = readFileSync(path.join(webRoot, 'current', 'campaigns', CAMPAIGN, 'history', 'index.html'), 'utf8');
    expect(history).toContain(commit.slice(0, 7));
    expect(history).not.toMatch(/[\u0001-\u0008\u001e]/);
    // And the next publish works too: one message never stops all publishing.
    writeFileSync(path.join(work, 'data', '附件 说明（2026）.txt'), '说明二\n');
    commitAll('再次');
    const again = await push('bob');
    expect(again.status, again.output).toBe(0);
  });

  it('4. a non-maintainer cannot rewrite main’s history; a maintainer can', async () => {
    const before = published();
    git(work, 'reset', '-q', '--hard', 'HEAD~1');
    writeFileSync(path.join(work, 'data', '附件 说明（2026）.txt'), '改写\n');
    commitAll('改写历史');
    const byBob = await push('bob', 'GL_USER', '--force');
    expect(byBob.status, byBob.output).not.toBe(0);
    expect(byBob.output).toContain('只有维护者（alice）可以这样做');
    expect(published()).toBe(before);
    const deleted = await repository.run('git', ['push', 'origin', ':main'], work, { GL_USERNAME: 'bob' });
    expect(deleted.status).not.toBe(0);
    expect(published()).toBe(before);
  });

  it('5. .gitattributes cannot hide a broken file from the check (export-ignore, or any attribute)', async () => {
    const before = published();
    writeFileSync(path.join(work, 'data', '.gitattributes'), `campaigns/${CAMPAIGN}/findings.csv export-ignore\n`);
    const text = readFileSync(path.join(work, FINDINGS), 'utf8').replace(',2026-04-30,', ',2026-13-30,');
    writeFileSync(path.join(work, FINDINGS), text);
    commitAll('隐藏');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('data/.gitattributes 错误：数据目录中不能有 .gitattributes');
    expect(pushed.output).toContain('无法识别的日期“2026-13-30”');
    expect(published()).toBe(before);
  });

  it('6. data/campaigns as a link to a folder outside lists nothing of it, in the push or on the status page', async () => {
    const before = published();
    const outside = path.join(tmp, 'home-of-someone');
    mkdirSync(path.join(outside, 'salaries-2026'), { recursive: true });
    writeFileSync(path.join(outside, 'id_ed25519'), 'key');
    rmSync(path.join(work, 'data', 'campaigns'), { recursive: true });
    symlinkSync(outside, path.join(work, 'data', 'campaigns'));
    commitAll('链接');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('data/campaigns 错误：活动总目录是指向 data/ 之外');
    for (const name of ['salaries-2026', 'id_ed25519']) {
      expect(pushed.output).not.toContain(name);
      expect(statusText()).not.toContain(name);
    }
    expect(published()).toBe(before);
  });

  it('7. the public status page says where a rejected push went wrong, never what a cell said', async () => {
    const before = published();
    // A cell the check quotes in its message: a due date written as a note with a name and a telephone.
    writeFileSync(path.join(work, FINDINGS), readFileSync(path.join(work, FINDINGS), 'utf8').replace(',2026-04-30,', ',下周三找李四13900139000,'));
    commitAll('问卷');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).not.toBe(0);
    expect(pushed.output).toContain('13900139000'); // the pusher sees the full message
    const state = statusJson();
    expect(state.last).toMatchObject({ action: 'rejected', ok: false, pushedBy: 'bob' });
    expect(state.last.messages.join('\n')).toMatch(new RegExp(`${FINDINGS} 第 \\d+ 行，第 \\d+ 列（[A-Z]+ 列，[^）]+）：错误`));
    for (const secret of ['13900139000', '李四']) expect(statusText()).not.toContain(secret);
    const log = readFileSync(path.join(webRoot, 'logs', 'pre-receive.log'), 'utf8');
    expect(log).toContain('13900139000'); // the maintainers' log, which nginx does not serve
    expect((await get(`${nginx?.url}${BASE}status/`)).body).not.toContain('13900139000');
    expect(published()).toBe(before);
  });

  it('8. a news template that fails only in the print edition (as of its commit’s day) is refused before it is published', async () => {
    const before = published();
    // Without REPORT_DATE, as on a server: the web is as of today, a PDF as of the day its data was
    // last committed, which the pusher sets. No problem was overdue on 2026-04-01.
    git(bare, 'config', '--unset', 'inspection.env', '^REPORT_DATE=');
    try {
      const news = path.join(work, 'data', 'campaigns', CAMPAIGN, 'news.md');
      writeFileSync(news, `${readFileSync(news, 'utf8')}\n{% if rectification.overdue == 0 %}{{ 打印版才有的占位符 }}{% endif %}\n`);
      git(work, 'add', '--all');
      const dated = { GIT_COMMITTER_DATE: '2026-04-01T10:00:00+08:00', GIT_AUTHOR_DATE: '2026-04-01T10:00:00+08:00' };
      const result = runQuick('git', ['-c', 'user.name=测试', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', '新闻稿'], {
        cwd: work,
        env: { ...publishEnvironment(BASE), ...dated },
      });
      expect(result.status, result.stderr).toBe(0);
      const pushed = await push('bob', 'GL_USER');
      expect(pushed.status, pushed.output).not.toBe(0);
      expect(pushed.output).toContain(`data/campaigns/${CAMPAIGN}/news.md`);
      expect(pushed.output).toContain('打印版 PDF');
      expect(published()).toBe(before);
    } finally {
      git(bare, 'config', '--add', 'inspection.env', 'REPORT_DATE=2026-11-24');
    }
  });

  it('9. a release-named link planted in releases/ is removed as a link: nothing outside the web root is deleted', async () => {
    const victim = path.join(tmp, 'victim');
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'index.html'), 'precious');
    symlinkSync(victim, path.join(webRoot, 'releases', '20200101T000000Z-0000000'));
    writeFileSync(path.join(work, 'data', '附件 说明（2026）.txt'), '第三版\n');
    commitAll('第三版');
    const pushed = await push('bob');
    expect(pushed.status, pushed.output).toBe(0);
    expect(readFileSync(path.join(victim, 'index.html'), 'utf8')).toBe('precious');
    expect(existsSync(path.join(webRoot, 'releases', '20200101T000000Z-0000000'))).toBe(false);
  });

  it('10. a publish killed during its build leaves the site marked stale', async () => {
    writeFileSync(path.join(work, 'data', '附件 说明（2026）.txt'), '第四版\n');
    const commit = commitAll('第四版');
    const data = path.join(tmp, 'killed');
    git(tmp, 'clone', '-q', work, data);
    const child = spawn(process.execPath, ['scripts/run.mjs', 'publish', '--to', webRoot, '--no-pdf', '--pushed-by', 'bob'], {
      cwd: PROJECT_ROOT,
      env: { ...publishEnvironment(BASE), DATA_DIR: path.join(data, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    // Killed as soon as it says it builds (no deadline: however slow the machine).
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('发布 ') && resolve()));
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;
    const state = statusJson();
    expect(state.newest.commit).toBe(commit);
    expect(state.stale).toBe(true);
    expect(readFileSync(path.join(webRoot, 'status', 'status.css'), 'utf8')).toContain('display: inline');
    rmSync(path.join(webRoot, '.publish.lock'), { force: true });
  });

  it('11. nginx sends hardening headers and serves no internal file', async () => {
    const release = path.join(webRoot, 'current');
    mkdirSync(path.join(release, 'pdf'), { recursive: true });
    writeFileSync(path.join(release, 'pdf', 'manifest.json'), '{"printer":"Chromium 156 /usr/share/fonts/…"}');
    writeFileSync(path.join(release, 'pdf', 'manifest.json.gz'), 'x');
    writeFileSync(path.join(release, '.env'), 'SECRET=1');
    const page = await get(`${nginx?.url}${BASE}`);
    console.log(
      `nginx response headers of ${BASE}:\n${Object.entries(page.headers)
        .map(([name, value]) => `  ${name}: ${value}`)
        .join('\n')}`,
    );
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'same-origin' });
    const csp = String(page.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "frame-ancestors 'self'", "base-uri 'self'"])
      expect(csp).toContain(directive);
    for (const url of [`${BASE}status/`, `${BASE}campaigns/${CAMPAIGN}/`, `${BASE}no-such-page`]) {
      expect((await get(`${nginx?.url}${url}`)).headers['x-content-type-options'], url).toBe('nosniff');
    }
    for (const url of ['pdf/manifest.json', 'pdf/manifest.json.gz', '.env', `campaigns/${CAMPAIGN}/.env`]) {
      const response = await get(`${nginx?.url}${BASE}${url}`);
      expect(response.status, url).toBe(404);
      expect(response.body).not.toContain('Chromium');
    }
  });

  it('13. gitolite’s GL_USER names the pusher: a maintainer’s change outside data/ is accepted', async () => {
    writeFileSync(path.join(work, 'deploy', 'hooks', 'pre-receive'), '#!/bin/sh\n# updated by a maintainer\n');
    commitAll('更新钩子');
    const pushed = await push('alice', 'GL_USER');
    expect(pushed.status, pushed.output).toBe(0);
    expect(statusJson().last).toMatchObject({ action: 'publish', ok: true, pushedBy: 'alice' });
  });
});
