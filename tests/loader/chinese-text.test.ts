import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellHtml } from '../../src/lib/format/cell-markdown.ts';
import type { Campaign, SiteData } from '../../src/lib/model.ts';
import { chartCatalog } from '../../src/lib/news/article-charts.ts';
import { newsContext } from '../../src/lib/news/news-context.ts';
import { renderNews } from '../../src/lib/news/render-news.ts';
import { campaignTotals } from '../../src/lib/summary/campaign-figures.ts';
import { createFixture, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/** The text a generated article or page prints: what its words may claim, and how they are spaced. */

const DEFAULT_TEMPLATE = readFileSync(path.join(import.meta.dirname, '../../templates/news.md'), 'utf8');

/** A space between Chinese text and the Chinese punctuation after it (or after an opening mark). */
const STRAY_SPACE = /[\p{Script=Han}）》」』”]\s+[，。；：、？！）》」』]|[（《「『“]\s+\p{Script=Han}/u;

let fixture: Fixture | undefined;
let site: SiteData;
let campaign: Campaign;

beforeAll(async () => {
  // The fixture's survey names no trainer: a questionnaire, not a training.
  fixture = createFixture({ 'templates/news.md': DEFAULT_TEMPLATE });
  site = (await fixture.load()).data;
  const [first] = site.campaigns;
  if (!first) throw new Error('no campaign');
  campaign = first;
});
afterAll(() => fixture?.cleanup());

function article(of: Campaign, { withSurvey = true, previous = null as Campaign | null } = {}) {
  const context = newsContext(
    of,
    site.units,
    campaignTotals(of, REPORT_DATE),
    previous && { campaign: previous, totals: campaignTotals(previous, REPORT_DATE) },
  );
  // As newsContext gives a campaign without a survey (dropping the survey would break its counts).
  // The article's words only: its chart is left out (news-charts.test.ts draws it).
  const charts = { catalog: chartCatalog(of), draw: () => '' };
  return renderNews({ file: 'templates/news.md', source: DEFAULT_TEMPLATE }, withSurvey ? context : { ...context, survey: null }, of.title, charts);
}

/** The article's visible text: tags dropped. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '');

describe('the default news template', () => {
  it('calls a survey without a trainer a questionnaire, and says nothing of a training', () => {
    expect(campaign.survey?.trainer).toBeUndefined();
    const text = textOf(article(campaign).html);
    expect(text).toContain('三、问卷调查');
    expect(text).toContain('本次活动组织了“培训调查”，共回收有效问卷3份。');
    expect(text).toContain('67%的答卷人选择了“很实用”。');
    // The fixture's own survey title and question say 培训; the template's words must not.
    const templateWords = text.replaceAll('培训调查', '').replaceAll('培训是否实用', '');
    expect(templateWords).not.toMatch(/培训|学员|讲师/);
  });

  it('speaks of a training and its trainees only when the survey names a trainer', () => {
    const survey = campaign.survey;
    if (!survey) throw new Error('no survey');
    const text = textOf(article({ ...campaign, survey: { ...survey, trainer: '吴远珍' } }).html);
    expect(text).toContain('三、培训与问卷调查');
    expect(text).toContain('活动期间，吴远珍开展了专项培训。培训后组织了“培训调查”');
    expect(text).toContain('67%的参训学员选择了“很实用”。');
  });

  it('leaves the survey out when there is none, and states rectification from the data only', () => {
    const text = textOf(article(campaign, { withSurvey: false }).html);
    expect(text).not.toMatch(/问卷|培训|学员/);
    expect(text).not.toContain('将按期完成整改'); // a promise the data cannot make
    expect(text).toContain('截至2026年11月24日，已完成整改的问题占33%，逾期未整改2个。');
  });

  it('puts no space between Chinese text and Chinese punctuation', () => {
    for (const trainer of [undefined, '吴远珍']) {
      const survey = campaign.survey && { ...campaign.survey, trainer };
      expect(textOf(article({ ...campaign, survey }).html)).not.toMatch(STRAY_SPACE);
    }
  });

  it('compares with the previous campaign only when there is one, rectification at equal age', () => {
    expect(textOf(article(campaign).html)).not.toContain('相比');
    // A year earlier: 4 problems, 3 of them closed 30 days after it (the fixture's campaign: 1 of 3 within 90 days).
    const closed = (id: string) => ({ ...campaign.findings[0], id, status: 'closed' as const, closedOn: '2024-10-17' }) as Campaign['findings'][number];
    const previous: Campaign = {
      ...campaign,
      id: 'c0',
      title: '上次检查',
      date: '2024-09-17',
      findings: [closed('G1'), closed('G2'), closed('G3'), { ...closed('G4'), status: 'open', closedOn: undefined }],
      rows: { ...campaign.rows, findings: 4 },
    };
    const text = textOf(article(campaign, { previous }).html);
    expect(text).toContain(
      '与上次检查相比，本次发现问题减少 1 个，下降 25.0%。按完成日期统计，检查后90天内完成整改的问题占33.3%，较上次检查的同期（75.0%）降低 41.7 个百分点。',
    );
    expect(text).not.toMatch(STRAY_SPACE);
  });
});

describe('cellHtml keeps the line breaks typed in a cell', () => {
  it.each([
    ['第一行\n第二行', '第一行<br>第二行'],
    ['Windows\r\n换行\r旧 Mac', 'Windows<br>换行<br>旧 Mac'],
    ['<b>粗</b>\n& 其他', '&#60;b&#62;粗&#60;/b&#62;<br>&#38; 其他'],
    ['一行', '一行'],
  ])('as plain text: %j', (cell, expected) => {
    expect(cellHtml(cell, false)).toBe(expected);
  });

  it('as Markdown', () => {
    expect(cellHtml('**要点**\n第二行', true)).toBe('<strong>要点</strong><br>\n第二行');
  });
});
