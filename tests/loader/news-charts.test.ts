import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartTitle, NEWS_CHARTS, NEWS_CHARTS_WITH_ARGUMENT } from '../../src/lib/charts/registry.ts';
import type { Campaign, SiteData } from '../../src/lib/model.ts';
import { CHART_NAMES } from '../../src/lib/news/chart-names.ts';
import { chartCatalog } from '../../src/lib/news/article-charts.ts';
import type { ChartCatalog } from '../../src/lib/news/news-engine.ts';
import { placeArticle, renderArticle } from '../../src/lib/news/render-article.ts';
import { renderNews, type ArticleCharts } from '../../src/lib/news/render-news.ts';
import { tryArticles } from '../../src/lib/news/try-articles.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, firstIssueOf, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/** `{% chart %}`: a placeholder no one can forge, replaced by the chart after the Markdown is rendered. */

const FILE = `${CAMPAIGN}/news.md`;
/** Every news chart of the registry placeable, but for the two survey charts whose refusals are tested. */
const CATALOG: ChartCatalog = {
  ...Object.fromEntries(NEWS_CHARTS.map((name) => [name, {}])),
  survey_favorable: { unavailable: '本次活动没有问卷' },
  survey_question: { arguments: ['practical', 'apply'] },
};
/** Draws each chart as a marker naming it, so that tests see where it went. */
const MARKERS: ArticleCharts = {
  catalog: CATALOG,
  draw: (request, index) => `<figure data-chart="${request.name}${request.argument ? `:${request.argument}` : ''}" data-index="${index}"></figure>\n`,
};

const render = (source: string, context: object = {}, charts = MARKERS) => renderNews({ file: FILE, source }, context, '标题', charts).html;

const issueOf = (source: string, context: object = {}) => firstIssueOf(() => render(source, context));

describe('{% chart %}', () => {
  it('knows the registry’s news charts, in the sandbox too', () => {
    expect(CHART_NAMES.all).toEqual(NEWS_CHARTS);
    expect(CHART_NAMES.withArgument).toEqual(NEWS_CHARTS_WITH_ARGUMENT);
    expect(NEWS_CHARTS).toContain('findings_by_category');
  });

  it('places each chart, as its own block, where its tag stands', () => {
    const html = render('开头。\n\n{% chart "findings_by_category" %}\n\n中间。\n\n{% chart "survey_question", "practical" %}\n\n结尾。');
    expect(html).toBe(
      '<p>开头。</p>\n<figure data-chart="findings_by_category" data-index="0"></figure>\n<p>中间。</p>\n' +
        '<figure data-chart="survey_question:practical" data-index="1"></figure>\n<p>结尾。</p>\n',
    );
  });

  it('places a chart in a loop or a condition as often as it is rendered', () => {
    expect(render('{% if n > 0 %}{% chart "trend" %}{% endif %}', { n: 1 })).toBe('<figure data-chart="trend" data-index="0"></figure>\n');
    expect(render('{% if n > 0 %}{% chart "trend" %}{% endif %}', { n: 0 })).toBe('');
    expect(render('{% for i in (1..2) %}\n\n{% chart "trend" %}\n\n{% endfor %}').match(/<figure/g)).toHaveLength(2);
  });

  it('writes a different, unguessable placeholder at each fill', () => {
    const tokens = (['a', 'b'] as const).map(() => {
      let token = '';
      render('{% chart "trend" %}', {}, { catalog: CATALOG, draw: (request) => ((token = request.token), '') });
      return token;
    });
    expect(tokens[0]).toMatch(/^CHART[0-9a-f]{32}N0E$/);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  it('never turns a placeholder typed in the template or arriving in a CSV cell into a chart or markup', () => {
    let real = '';
    const charts: ArticleCharts = { catalog: CATALOG, draw: (request) => ((real = request.token), '<figure>真</figure>\n') };
    // The real token is only known once the fill has run: a guess from an earlier fill, the token's shape, or markup.
    const guess = render('{% chart "trend" %}', {}, { catalog: CATALOG, draw: (request) => request.token });
    const cell = `${guess}<figure onload=alert(1)>`;
    const html = render(`{{ cell }}\n\nCHART${'0'.repeat(32)}N0E\n\n{% chart "trend" %}\n\n{{ cell }}`, { cell }, charts);
    expect(real).not.toBe(guess);
    expect(html).toBe(
      `<p>${guess}&lt;figure onload=alert(1)&gt;</p>\n<p>CHART${'0'.repeat(32)}N0E</p>\n<figure>真</figure>\n<p>${guess}&lt;figure onload=alert(1)&gt;</p>\n`,
    );
  });

  it('inserts the chart as written, reading no $ patterns in it', () => {
    const charts: ArticleCharts = { catalog: CATALOG, draw: () => "<figure>$& $' $`</figure>\n" };
    expect(render('{% chart "trend" %}', {}, charts)).toBe("<figure>$& $' $`</figure>\n");
  });

  it('fails on an unknown chart name, at its line, listing the names', () => {
    expect(issueOf('# 标题\n\n正文\n\n{% chart "findings_by_team" %}')).toEqual({
      severity: 'error',
      file: FILE,
      line: 5,
      column: 1,
      message: '未知的图表“findings_by_team”',
      expected: `可用的图表：${NEWS_CHARTS.join('、')}`,
      hint: '您是不是想写“findings_by_unit”？',
    });
  });

  it('suggests the chart name meant', () => {
    expect(issueOf('{% chart "survey_favourable" %}')?.hint).toBe('您是不是想写“survey_favorable”？');
  });

  it('fails on a name unknown even in a branch that is not rendered (the names are checked when the template is read)', () => {
    expect(issueOf('{% if false %}\n{% chart "pie" %}\n{% endif %}')).toMatchObject({ line: 2, message: expect.stringContaining('未知的图表“pie”') });
  });

  it.each([
    ['{% chart findings_by_category %}', 1, /chart 的参数应为带引号的图表名/],
    ['\n{% chart "survey_question" %}', 2, /图表“survey_question”需要第二个参数/],
    ['{% chart "trend", "x" %}', 1, /图表“trend”没有第二个参数/],
    ['\n\n{% chart "survey_question", "practicle" %}', 3, /图表“survey_question”没有“practicle”；可选：practical、apply/],
    ['{% chart "survey_favorable" %}', 1, /本次活动没有问卷/],
  ])('fails on %j at line %i', (source, line, message) => {
    expect(issueOf(source)).toMatchObject({ file: FILE, line, message: expect.stringMatching(message) });
  });

  it.each([
    ['inside a sentence', '本次检查{% chart "trend" %}发现问题。', 1],
    ['right under a line of text', '正文\n{% chart "trend" %}', 2],
    ['in a heading', '# 标题\n\n## {% chart "trend" %}', 3],
    ['in the title', '# {% chart "trend" %}', 1],
    ['in a list', '- {% chart "trend" %}', 1],
    ['captured and written twice', '{% capture c %}{% chart "trend" %}{% endcapture %}{{ c }}\n\n{{ c }}', 1],
    ['captured and never written', '{% capture c %}{% chart "trend" %}{% endcapture %}正文', 1],
  ])('fails on a chart %s, at its line', (_, source, line) => {
    expect(issueOf(source)).toMatchObject({ file: FILE, line, message: '图表“trend”应单独成段' });
  });
});

describe('charts drawn from a campaign', () => {
  let fixture: Fixture;
  let data: SiteData;
  let campaign: Campaign;
  beforeAll(async () => {
    fixture = createFixture();
    data = (await fixture.load()).data;
    campaign = data.campaigns[0] as Campaign;
  });
  afterAll(() => fixture.cleanup());

  const article = (source: string, of: Campaign = campaign) =>
    renderArticle(
      { ...of, news: { file: FILE, source } },
      { campaigns: data.campaigns, units: data.units, figuresOf: (c) => campaignFigures(c, REPORT_DATE), colorDomain: [] },
    ).html;

  it('draws the report’s chart with its title, its figures as text and its data table', () => {
    const html = article('{% chart "findings_by_category" %}');
    expect(html).toMatch(/^<figure class="chart-figure"><svg [^>]*aria-labelledby="news-chart-1-title news-chart-1-desc"/);
    expect(html).toContain('<title id="news-chart-1-title">各类别问题数</title>');
    // The fixture: 执行不规范 2, 标准化建设不完善 1, drawn as bar labels and listed in the table.
    expect(html).toMatch(/<text[^>]*>2<\/text>/);
    expect(html).toContain('<th scope="row" data-role="badge">执行不规范</th><td class="num" data-role="detail" data-label="问题数（个）">2</td>');
    expect(html).toContain('<th scope="row" data-role="badge">标准化建设不完善</th><td class="num" data-role="detail" data-label="问题数（个）">1</td>');
  });

  it('draws every news chart of the registry under its title', () => {
    const sources = { campaign, figures: campaignFigures(campaign, REPORT_DATE), unitName: (id: string) => id, colorDomain: [] };
    for (const name of NEWS_CHARTS) {
      const argument = NEWS_CHARTS_WITH_ARGUMENT.includes(name) ? campaign.survey?.questions[0]?.id : undefined;
      const html = article(argument ? `{% chart "${name}", "${argument}" %}` : `{% chart "${name}" %}`);
      expect(html, name).toContain(`<title id="news-chart-1-title">${chartTitle(name, sources, argument)}</title>`);
    }
  });

  it('escapes data in a chart: a kind or a category written as markup stays text', () => {
    const hostile: Campaign = {
      ...campaign,
      kind: '<script>alert(1)</script>',
      findings: campaign.findings.map((f) => ({ ...f, category: '<img src=x onerror=alert(1)>' })),
    };
    const html = renderArticle(
      { ...hostile, news: { file: FILE, source: '{% chart "trend" %}\n\n{% chart "findings_by_category" %}' } },
      { campaigns: [hostile], units: data.units, figuresOf: (c) => campaignFigures(c, REPORT_DATE), colorDomain: [] },
    ).html;
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('历次&lt;script&gt;alert(1)&lt;/script&gt;问题数');
    expect(html).toContain('<th scope="row" data-role="badge">&#60;img src&#61;x onerror&#61;alert(1)&#62;</th>');
  });

  it('draws one survey question’s answers', () => {
    // On a phone a card per answer: the answer as its heading, each figure labelled with its header.
    expect(article('{% chart "survey_question", "useful" %}').replace(/ data-label="[^"]*"/g, '')).toContain(
      '<th scope="row" data-role="badge">很实用</th><td class="num" data-role="detail">2</td><td class="num" data-role="detail">66.67%</td>',
    );
  });

  it('has no survey charts for a campaign without a survey, nor a progress chart without problems', () => {
    const bare: Campaign = { ...campaign, survey: null, findings: [] };
    expect(chartCatalog(bare)).toMatchObject({
      survey_favorable: { unavailable: expect.stringContaining('没有问卷') },
      survey_question: { unavailable: expect.stringContaining('没有问卷') },
      rectification_by_unit: { unavailable: expect.stringContaining('没有发现问题') },
    });
    expect(chartCatalog(campaign)).toMatchObject({ survey_question: { arguments: ['useful'] }, trend: {} });
  });

  it('is checked by the data check in the sandbox: a misplaced chart and an unknown question fail it, at their lines', async () => {
    const days = { web: () => REPORT_DATE, print: () => REPORT_DATE };
    const trial = async (source: string) => (await tryArticles([{ ...campaign, news: { file: FILE, source } }], data.units, days)).issues;
    await expect(trial('# 标题\n\n{% chart "trend" %}\n\n{% chart "survey_question", "useful" %}')).resolves.toEqual([]);
    await expect(trial('# 标题\n\n正文{% chart "trend" %}')).resolves.toEqual([
      expect.objectContaining({ file: FILE, line: 3, message: '图表“trend”应单独成段' }),
    ]);
    await expect(trial('# 标题\n\n{% chart "survey_question", "x" %}')).resolves.toEqual([
      expect.objectContaining({ file: FILE, line: 3, message: '模板错误：图表“survey_question”没有“x”；可选：useful' }),
    ]);
  });

  it('places the charts of the article the sandbox filled as they are placed in-process', async () => {
    const source = '# 标题\n\n{% chart "findings_by_category" %}\n\n共 {{ findings.total }} 个问题。\n\n{% chart "trend" %}';
    const withNews: Campaign = { ...campaign, news: { file: FILE, source } };
    const site = { campaigns: [withNews], units: data.units, figuresOf: (c: Campaign) => campaignFigures(c, REPORT_DATE), colorDomain: [] };
    const { issues, articles } = await tryArticles([withNews], data.units, { web: () => REPORT_DATE, print: () => REPORT_DATE });
    expect(issues).toEqual([]);
    const filled = articles.web[campaign.id];
    if (!filled) throw new Error('not filled');
    expect(filled.asOf).toBe(REPORT_DATE);
    expect(filled.charts.map((chart) => chart.name)).toEqual(['findings_by_category', 'trend']);
    expect(placeArticle(withNews, filled, site)).toEqual(renderArticle(withNews, site));
  });
});
