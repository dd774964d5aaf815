import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/lib/errors.ts';
import { cellHtml } from '../../src/lib/format/cell-markdown.ts';
import { repositoryState } from '../../src/lib/history/git-history.ts';
import { readProvenance } from '../../src/lib/history/provenance.ts';
import { renderArticle } from '../../src/lib/news/render-article.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, describeIssues, REPORT_DATE, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';
import { quickOutput } from '../helpers/processes.ts';

/**
 * Issue 11's findings, each reproduced on a small valid project: data that an insider with
 * commit rights could write, which must be refused with a located error or shown harmlessly.
 */

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

function project(overrides: Parameters<typeof createFixture>[0] = {}) {
  fixture = createFixture(overrides);
  return fixture;
}

describe('1. a symlink cannot publish a file of the build machine', () => {
  it.each([
    ['news.md', '/etc/passwd'],
    ['findings.csv', '/etc/hostname'],
    ['campaign.yml', '/etc/os-release'],
  ])('a committed link %s → %s is refused, naming the link', async (name, target) => {
    const data = project();
    const link = path.join(data.root, CAMPAIGN, name);
    rmSync(link, { force: true });
    symlinkSync(target, link);
    const errors = describeIssues(await data.loadErrors());
    // The message names the link and where it really leads (/etc/os-release is itself a link).
    expect(errors).toContainEqual(
      expect.stringMatching(new RegExp(`^${CAMPAIGN}/${name.replace('.', '\\.')}:-:- 这个文件是指向 data/ 之外（/(etc|usr)/[^）]+）的符号链接，不会被读取`)),
    );
  });

  it("a link to the repository's .git/config is refused too", async () => {
    const data = project();
    mkdirSync(path.join(data.root, '.git'));
    writeFileSync(path.join(data.root, '.git/config'), '[remote "origin"]\n\turl = ssh://secret-host/repo.git\n');
    const link = path.join(data.root, CAMPAIGN, 'news.md');
    symlinkSync('../../../.git/config', link);
    const errors = describeIssues(await data.loadErrors());
    expect(errors.join('\n')).toContain(`${CAMPAIGN}/news.md:-:- 这个文件是指向 data/ 之外`);
  });

  it('a dangling link is reported, not taken for a missing file', async () => {
    const data = project();
    const link = path.join(data.root, CAMPAIGN, 'highlights.csv');
    rmSync(link);
    symlinkSync('nowhere.csv', link);
    expect(describeIssues(await data.loadErrors())).toContain(`${CAMPAIGN}/highlights.csv:-:- 这个文件是一个指向不存在文件的符号链接`);
  });

  it('a link to another file inside data/ is read', async () => {
    const data = project();
    const news = path.join(data.root, 'data/shared-news.md');
    writeFileSync(news, '# 共用的新闻稿\n\n共发现{{ findings.total }}个问题。\n');
    symlinkSync('../../shared-news.md', path.join(data.root, CAMPAIGN, 'news.md'));
    const { data: site } = await data.load();
    expect(site.campaigns[0]?.news.source).toContain('共用的新闻稿');
  });
});

describe('7. a symlinked campaign folder is read or reported, never skipped', () => {
  it('a link to a campaign folder elsewhere inside data/ is read as a campaign', async () => {
    const data = project();
    const archived = path.join(data.root, 'data/archive/c1');
    mkdirSync(path.dirname(archived));
    renameSync(path.join(data.root, CAMPAIGN), archived);
    symlinkSync('../archive/c1', path.join(data.root, CAMPAIGN));
    const { data: site } = await data.load();
    expect(site.campaigns.map((campaign) => campaign.id)).toEqual(['c1']);
    expect(site.campaigns[0]?.findings).toHaveLength(3);
  });

  it('a link to a folder outside data/ is an error naming it', async () => {
    const data = project();
    const outside = path.join(data.root, 'elsewhere');
    renameSync(path.join(data.root, CAMPAIGN), outside);
    symlinkSync(outside, path.join(data.root, CAMPAIGN));
    expect(describeIssues(await data.loadErrors())).toContainEqual(expect.stringMatching(new RegExp(`^${CAMPAIGN}:-:- 活动目录是指向 data/ 之外`)));
  });
});

describe('9. smaller holes', () => {
  it('a NUL or a form feed in a cell is refused at its row and column', async () => {
    const data = project({ [`${CAMPAIGN}/highlights.csv`]: 'id,unit,description\nH1,u3,班组\u0000指标\nH2,u3,"分解\f到岗"\n' });
    expect(describeIssues(await data.loadErrors())).toEqual([
      `${CAMPAIGN}/highlights.csv:2:3 单元格中有不可见的控制字符（U+0000）`,
      `${CAMPAIGN}/highlights.csv:3:3 单元格中有不可见的控制字符（U+000C）`,
    ]);
  });

  it('a UTF-8 file with one GBK line is reported at that line, as characters, not columns', async () => {
    const gbkLine = Buffer.from([0x48, 0x32, 0x2c, 0x75, 0x33, 0x2c, 0xb0, 0xe0, 0xd7, 0xe9, 0x0a]); // "H2,u3,班组" in GBK
    const bytes = Buffer.concat([Buffer.from('id,unit,description\nH1,u3,班组指标分解到岗，考核结果按月公示\n'), gbkLine]);
    const data = project({ [`${CAMPAIGN}/highlights.csv`]: bytes });
    const errors = await data.loadErrors();
    expect(describeIssues(errors)).toEqual([`${CAMPAIGN}/highlights.csv:3:7 文件中有无法识别的字节（按 UTF-8 读取）`]);
    expect(errors[0]?.column).toBeUndefined();
    expect(formatIssue(errors[0] ?? { severity: 'error', file: '', message: '' })).toContain('（第 3 行，第 7 个字符）');
  });
});

describe("3. Markdown never makes a reader's browser fetch another host", () => {
  it.each([
    ['![追踪](http://tracker.example/p.gif?u=1)', '<a href="http://tracker.example/p.gif?u=1" class="image-link">追踪</a>'],
    ['![](//cdn.example/x.png)', '<a href="//cdn.example/x.png" class="image-link">//cdn.example/x.png</a>'],
    ['见图 ![示意图](img/a.png "标题")', '见图 <a href="img/a.png" class="image-link">示意图</a>'],
    ['![x](javascript:alert(1))', '![x](javascript:alert(1))'],
  ])('a cell declared Markdown shows %s as a link, never an image', (cell, expected) => {
    const shown = cellHtml(cell, true);
    expect(shown).toBe(expected);
    expect(shown).not.toMatch(/<img/i);
  });
});

describe('9. look-alike names and over-long ids', () => {
  it('warns about unit names a reader cannot tell apart', async () => {
    const units =
      'id,name,sector\nu1,甲公司,水泥板块\nu2,乙公司,水泥板块\nu3,丙电站,水电板块\nu4,甲\u200b公司,水泥板块\nu5,\u202e乙公司,水泥板块\nu7,ＡＢ公司,水泥板块\nu8,AB公司,水泥板块\n';
    const { warnings } = await project({ 'data/units.csv': units }).load();
    expect(describeIssues(warnings)).toEqual([
      'data/units.csv:5:2 单位名称“甲\u200b公司”含有看不见的字符（如零宽空格、文字方向控制符）',
      'data/units.csv:5:2 单位名称“甲\u200b公司”与第 2 行的“甲公司”看起来相同，却是不同的写法',
      'data/units.csv:6:2 单位名称“\u202e乙公司”含有看不见的字符（如零宽空格、文字方向控制符）',
      'data/units.csv:6:2 单位名称“\u202e乙公司”与第 3 行的“乙公司”看起来相同，却是不同的写法',
      'data/units.csv:8:2 单位名称“AB公司”与第 7 行的“ＡＢ公司”看起来相同，却是不同的写法',
    ]);
  });

  it('warns about an undeclared category written two ways', async () => {
    const findings = 'id,unit,category,description\nF1,u2,执行不规范,x\nF2,u3,执行不规范\u200b,y\n';
    const { warnings } = await project({ [`${CAMPAIGN}/findings.csv`]: findings }).load();
    expect(describeIssues(warnings)).toContain(`${CAMPAIGN}/findings.csv:3:3 问题类别“执行不规范\u200b”与第 2 行的“执行不规范”看起来相同，却是不同的写法`);
  });

  it('refuses a 300-character unit id or campaign folder before it breaks a file name', async () => {
    const long = 'u'.repeat(300);
    const errors = describeIssues(
      await project({ 'data/units.csv': `id,name,sector\nu1,甲公司,水泥板块\nu2,乙公司,水泥板块\nu3,丙电站,水电板块\n${long},丁公司,水泥板块\n` }).loadErrors(),
    );
    expect(errors).toContain(`data/units.csv:5:1 编码“${long}”太长（300 个字符）`);
    const data = project();
    renameSync(path.join(data.root, CAMPAIGN), path.join(data.root, 'data/campaigns', 'c'.repeat(250)));
    expect(describeIssues(await data.loadErrors())).toContain(
      `data/campaigns/${'c'.repeat(250)}:-:- 活动目录名“${'c'.repeat(250)}”太长（250 个字符）（它会成为网址和文件名的一部分）`,
    );
  });
});

describe('9. a shallow clone says so instead of guessing', () => {
  it('gives no commit for data in a shallow clone, with the reason', async () => {
    const data = project();
    const git = (cwd: string, ...args: string[]) =>
      quickOutput('git', args, {
        cwd,
        env: {
          ...process.env,
          GIT_DIR: undefined,
          GIT_WORK_TREE: undefined,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
      });
    git(data.root, 'init', '-q');
    git(data.root, 'add', 'data');
    git(data.root, 'commit', '-q', '-m', '加入数据');
    writeFileSync(path.join(data.root, 'templates/other.md'), 'x\n');
    git(data.root, 'add', 'templates');
    git(data.root, 'commit', '-q', '-m', '只改模板');
    const { data: site } = await data.load();
    // In the full history, the data's last commit is the first one.
    const full = readProvenance(data.root, path.join(data.root, 'data'), site.campaigns);
    expect(full.unknown).toBeNull();
    expect(full.dataCommit?.subject).toBe('加入数据');
    // A clone of depth 1 has only the second commit, which git would credit with every file.
    const shallow = path.join(data.root, 'shallow');
    git(data.root, 'clone', '-q', '--depth', '1', `file://${data.root}`, shallow);
    expect(repositoryState(shallow)).toBe('shallow');
    expect(readProvenance(shallow, path.join(shallow, 'data'), site.campaigns)).toEqual({
      unknown: 'shallow-clone',
      commits: null,
      histories: null,
      dataCommit: null,
      uncommitted: null,
    });
  });
});

describe('3. an image in news.md is a link, not a request', () => {
  it('renders ![…](http://…) in the article as a link', async () => {
    const { data: site } = await project({ 'templates/news.md': '# 标题\n\n![统计图](http://tracker.example/a.png)\n' }).load();
    const campaign = site.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const { html } = renderArticle(campaign, {
      campaigns: site.campaigns,
      units: site.units,
      figuresOf: (of) => campaignFigures(of, REPORT_DATE),
      colorDomain: [],
    });
    expect(html).toBe('<p><a href="http://tracker.example/a.png" class="image-link">统计图</a></p>\n');
  });
});

describe('9. an over-long team id in campaign.yml', () => {
  it('is called too long, not said to contain forbidden characters', async () => {
    const long = 't'.repeat(70);
    const config = (VALID_FILES[`${CAMPAIGN}/campaign.yml`] ?? '').replace('  - id: t1', `  - id: ${long}`);
    const errors = describeIssues(await project({ [`${CAMPAIGN}/campaign.yml`]: config }).loadErrors());
    expect(errors.join('\n')).toContain(`编码“${long}”太长（70 个字符）`);
  });
});
