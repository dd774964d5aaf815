import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../src/lib/model.ts';
import { newsContext } from '../../src/lib/news/news-context.ts';
import { renderNews } from '../../src/lib/news/render-news.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { createFixture, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/** Every placeholder the README documents works on real loaded data. */

let fixture: Fixture;
let data: SiteData;
beforeAll(async () => {
  fixture = createFixture();
  data = (await fixture.load()).data;
});
afterAll(() => fixture.cleanup());

const fill = (source: string) => {
  const campaign = data.campaigns[0];
  if (!campaign) throw new Error('no campaign');
  return renderNews({ file: 'news.md', source }, newsContext(campaign, data.units, campaignFigures(campaign, REPORT_DATE)), '').html.trim();
};

describe('news placeholders documented in the README', () => {
  it.each([
    ['{{ campaign.title }}|{{ campaign.kind }}', '测试检查|绩效检查'],
    ['{{ campaign.date | zh_date: "M月d日" }}', '9月17日'],
    [
      '{% for team in campaign.teams %}{{ team.leaderUnit.name }}{{ team.leader }}：{{ team.inspects | map: "name" | join: "、" }}{% endfor %}',
      '甲公司张三：乙公司、丙电站',
    ],
    ['{{ campaign.inspectedUnits | size }}', '2'],
    ['{{ findings.total }}/{{ highlights.total }}', '3/1'],
    ['{{ findings.byCategory["执行不规范"] }}', '2'],
    ['{% for c in findings.categories %}{{ c.name }}{{ c.count }};{% endfor %}', '执行不规范2;标准化建设不完善1;'],
    ['{% for u in findings.units %}{{ u.name }}{{ u.count }};{% endfor %}', '乙公司2;丙电站1;'],
    ['{{ findings.byStatus.closed }}/{{ findings.byStatus.in_progress }}/{{ findings.byStatus.open }}', '1/1/1'],
    ['{{ survey.respondents }} {{ survey.title }}', '3 培训调查'],
    ['{{ survey.questions.useful.favorableShare | percent: 0 }} {{ survey.questions.useful.favorableShare | percent: 2 }}', '67% 66.67%'],
    ['{{ survey.questions.useful.counts["很实用"] }}', '2'],
    ['{% if survey %}有问卷{% endif %}', '有问卷'],
    // F1 closed 14 days after the campaign (2025-09-17 → 10-01); F2 and F3 are past their due dates on 2026-11-24.
    [
      '{{ rectification.closureRate | percent: 1 }}/{{ rectification.overdue }}/{{ rectification.medianDaysToClose }}/{{ rectification.verified }}',
      '33.3%/2/14/0',
    ],
    ['{{ rectification.asOf | zh_date }}', '2026年11月24日'],
    ['{{ rectification.closedWithin.days }}/{{ rectification.closedWithin.rate | percent: 1 }}', '90/33.3%'],
    ['{% if previous %}比较{% else %}首次{% endif %}', '首次'],
    ['{{ campaign.teams | size | zh_number }}个检查组', '一个检查组'],
    ['{{ findings.units | map: "name" | zh_list }}', '乙公司和丙电站'],
    ['{{ 32000 | wan: 1 }}', '3.2 万'],
  ])('%s', (source, expected) => {
    expect(fill(source)).toBe(`<p>${expected}</p>`);
  });
});
