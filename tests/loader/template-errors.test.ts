import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, type DataIssue } from '../../src/lib/errors.ts';
import type { SiteData } from '../../src/lib/model.ts';
import { chartCatalog } from '../../src/lib/news/article-charts.ts';
import { newsContext } from '../../src/lib/news/news-context.ts';
import { renderNews } from '../../src/lib/news/render-news.ts';
import { placeholderText, templateIssues } from '../../src/lib/news/template-issue.ts';
import { TemplateSandbox } from '../../src/lib/news/template-sandbox.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, describeIssues, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Issue 22, news templates: every unknown placeholder, filter and chart of a template in one
 * run, each at its line and column with a did-you-mean, instead of one per run.
 */

const FILE = `${CAMPAIGN}/news.md`;

/** Three mistakes on three lines: two placeholders (one inside a branch taken) and a filter. */
const THREE_MISTAKES = [
  '# {{ campaign.title }}',
  '',
  '本次检查共发现{{ findings.totl }}个问题。',
  '{% if rectification.overdue > 0 %}逾期未整改{{ rectification.overdu }}个。{% endif %}',
  '好评率{{ survey.questions.useful.favorableShare | percnt: 1 }}。',
  '',
].join('\n');

let fixture: Fixture;
let data: SiteData;
beforeAll(async () => {
  fixture = createFixture();
  data = (await fixture.load()).data;
});
afterAll(() => fixture.cleanup());

const campaignOf = () => {
  const [campaign] = data.campaigns;
  if (!campaign) throw new Error('no campaign');
  return campaign;
};
const contextOf = () => newsContext(campaignOf(), data.units, campaignFigures(campaignOf(), REPORT_DATE));

/** Every issue renderNews throws for the template, with the sample campaign's context. */
function issuesOf(source: string, context: object = contextOf()): DataIssue[] {
  try {
    renderNews({ file: FILE, source }, context, '', { catalog: chartCatalog(campaignOf()), draw: () => '' });
  } catch (error) {
    if (error instanceof DataError) return error.issues;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('a news template with several mistakes', () => {
  it('reports all three in one loadSiteData run, each located, with a did-you-mean', async () => {
    const broken = createFixture({ [FILE]: THREE_MISTAKES });
    try {
      const errors = await broken.loadErrors();
      expect(describeIssues(errors)).toEqual([
        `${FILE}:3:11 未知的占位符“findings.totl”`,
        `${FILE}:4:43 未知的占位符“rectification.overdu”`,
        `${FILE}:5:48 未知的过滤器“percnt”`,
      ]);
      expect(errors.map((issue) => issue.hint)).toEqual(['您是不是想写“findings.total”？', '您是不是想写“rectification.overdue”？', '您是不是想写“percent”？']);
      expect(errors[0]?.expected).toBe('“findings”中可用的名称：total、byUnit、byCategory、byStatus、categories、units');
    } finally {
      broken.cleanup();
    }
  });

  it('gives the same issues in the sandbox’s child process as in-process', async () => {
    const sandbox = new TemplateSandbox();
    try {
      const filled = await sandbox.fill(THREE_MISTAKES, contextOf(), chartCatalog(campaignOf()));
      if (filled.ok) throw new Error('expected the template to fail');
      expect(templateIssues(FILE, filled.problems)).toEqual(issuesOf(THREE_MISTAKES));
    } finally {
      await sandbox.close();
    }
  });

  it('names a bad chart, a loop variable’s unknown field and an unknown first name beside the rest, in the template’s order', () => {
    const source = [
      '# {{ campain.title }}',
      '',
      '{% chart "findings_by_categry" %}',
      '',
      '{% for c in findings.categories %}{{ c.nme }}{{ c.count }}{% endfor %}',
      '{{ findings.byCategory["执行不规"] }}',
    ].join('\n');
    expect(issuesOf(source).map(({ line, column, message, hint }) => ({ line, column, message, hint }))).toEqual([
      { line: 1, column: 6, message: '未知的占位符“campain”', hint: '您是不是想写“campaign”？' },
      { line: 3, column: 1, message: '未知的图表“findings_by_categry”', hint: '您是不是想写“findings_by_category”？' },
      // Reported once, not once per category: a loop's body is given up at its first round's errors.
      { line: 5, column: 38, message: '未知的占位符“c.nme”', hint: '您是不是想写“c.name”？' },
      { line: 6, column: 4, message: '未知的占位符“findings.byCategory["执行不规"]”', hint: '您是不是想写“findings.byCategory["执行不规范"]”？' },
    ]);
  });

  it('finds unknown filters in branches that are not rendered, as LiquidJS’s strictFilters did', () => {
    expect(describeIssues(issuesOf('{% if false %}\n{{ 1 | shout }}{{ 2 | plus: 1 | upcse }}\n{% endif %}'))).toEqual([
      `${FILE}:2:8 未知的过滤器“shout”`,
      `${FILE}:2:33 未知的过滤器“upcse”`,
    ]);
    expect(issuesOf('{% if false %}{{ 1 | upcse }}{% endif %}')[0]?.hint).toBe('您是不是想写“upcase”？');
  });

  it('does not blame a name the template assigns when its assign or capture failed', () => {
    const source = '{% assign n = findings.totl %}{% capture m %}{{ rectification.overdu }}{% endcapture %}共{{ n }}个，{{ m }}';
    expect(issuesOf(source).map((issue) => issue.message)).toEqual(['未知的占位符“findings.totl”', '未知的占位符“rectification.overdu”']);
    expect(issuesOf('{{ n }}{% assign n = 1 %}').map((issue) => issue.message)).toEqual(['未知的占位符“n”']);
  });

  it('suggests nothing when nothing is close, and points to the README', () => {
    expect(issuesOf('{{ findings.xyzzy }}')).toEqual([
      expect.objectContaining({ message: '未知的占位符“findings.xyzzy”', hint: '可用的占位符见 README 的“新闻稿模板”一节。' }),
    ]);
  });

  it('still stops at a syntax error, which leaves nothing to check', () => {
    expect(describeIssues(issuesOf('{{ findings.totl }}\n{% if findings.total > 0 %}没有结束'))).toEqual([
      `${FILE}:2:1 模板错误：tag {% if findings.total > 0 %} not closed`,
    ]);
  });

  it('reports an error inside a long loop once, the loop given up at its first round', () => {
    expect(describeIssues(issuesOf('{% for i in (1..1000000) %}{{ nope }}{% endfor %}'))).toEqual([`${FILE}:1:31 未知的占位符“nope”`]);
  });

  it('writes a placeholder as a template writes it', () => {
    expect(placeholderText(['findings', 'byCategory', '执行不规范'])).toBe('findings.byCategory["执行不规范"]');
    expect(placeholderText(['campaign', 'teams', 0, 'leader_title'])).toBe('campaign.teams[0].leader_title');
  });
});
