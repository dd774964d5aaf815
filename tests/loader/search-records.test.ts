import { afterEach, describe, expect, it } from 'vitest';
import { idsOf, leadingWords, recordUrl, searchRecords, summaryOf, type SearchRecord } from '../../src/lib/search/search-records.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

/** The fixture's campaign with problems that fill every text column, and a survey with free text and names. */
async function records(): Promise<SearchRecord[]> {
  fixture = createFixture({
    [`${CAMPAIGN}/findings.csv`]: [
      '编号,被检单位,检查组,问题类别,严重程度,问题描述,检查资料,整改建议,整改责任人,整改期限,整改状态,完成日期,验证人,验证日期',
      'F1,u2,t1,执行不规范,较重,纪要缺少扣分人员签字,7月会议纪要,补签确认单,李娟（绩效专员）,2025-10-31,已整改,2025-10-01,王小菊,2025-10-20',
      'F2,乙公司,第一组,执行不规范,,素材不全,,,,2025/11/30,整改中,,,',
      '',
    ].join('\n'),
    [`${CAMPAIGN}/highlights.csv`]: 'id,unit,category,description\nH1,u3,责任到人,**班组**指标分解到岗\n',
    [`${CAMPAIGN}/survey.csv`]: [
      '序号,来自IP,1、培训是否实用？,意见和建议,姓名',
      '1,10.0.0.1,很实用,希望多讲案例分析,欧阳明',
      '2,10.0.0.2,一般,课时安排偏紧,司马青',
      '3,10.0.0.3,很实用,(空),诸葛兰',
      '',
    ].join('\n'),
  });
  const { data } = await fixture.load();
  return searchRecords(data);
}

describe('searchRecords', () => {
  it('makes one record per campaign, problem, highlight and unit, each on its page', async () => {
    const all = await records();
    expect(all.map(({ kind, page, anchor, meta }) => [kind, page, anchor, meta.title])).toEqual([
      ['campaign', 'campaigns/c1/', undefined, '2025-09 测试检查'],
      ['finding', 'campaigns/c1/', 'finding-F1', 'F1'],
      ['finding', 'campaigns/c1/', 'finding-F2', 'F2'],
      ['highlight', 'campaigns/c1/', 'highlight-H1', 'H1'],
      ['unit', 'units/u1/', undefined, '甲公司'],
      ['unit', 'units/u2/', undefined, '乙公司'],
      ['unit', 'units/u3/', undefined, '丙电站'],
    ]);
  });

  it('searches every text people wrote about a problem, ids read as names, and no dates or codes', async () => {
    const finding = (await records()).find((record) => record.meta.title === 'F1');
    expect(finding?.content.split('\n')).toEqual([
      'F1',
      '乙公司',
      '第一组',
      '执行不规范',
      '纪要缺少扣分人员签字',
      '7月会议纪要',
      '补签确认单',
      '李娟（绩效专员）',
      '王小菊',
    ]);
    expect(finding?.meta).toEqual({
      title: 'F1',
      kind: '问题',
      summary: '纪要缺少扣分人员签字',
      unit: '乙公司',
      campaign: '2025-09 测试检查',
      status: '已整改',
    });
  });

  it('searches a campaign by its people and a unit by its name, code and sector', async () => {
    const all = await records();
    expect(all[0]?.content.split('\n')).toEqual(['测试检查', 'c1', '绩效检查', '第一组', '张三', '甲公司']);
    expect(all.find((record) => record.kind === 'unit')?.content).toBe('甲公司\nu1\n水泥板块');
  });

  it('never takes anything from a survey: not its answers, its respondents or its questions', async () => {
    const text = JSON.stringify(await records());
    for (const secret of ['希望多讲案例分析', '课时安排偏紧', '欧阳明', '司马青', '诸葛兰', '10.0.0.1', '培训是否实用', '培训调查', '很实用']) {
      expect(text).not.toContain(secret);
    }
  });

  it('quotes a highlight by its first words as the page shows them, for a page without its anchor', async () => {
    const highlight = (await records()).find((record) => record.kind === 'highlight');
    // **班组** is bold on the page: the quote stops before the Markdown, which leaves too little.
    expect(highlight?.quote).toBeUndefined();
    expect(highlight?.content).toContain('**班组**指标分解到岗');
  });
});

describe('recordUrl', () => {
  const record = { page: 'campaigns/c1/', anchor: 'highlight-H 1', quote: '推行-员工,月度&自评' };
  it.each([
    ['the row, when the page has its id', new Set(['highlight-H 1']), 'campaigns/c1/#highlight-H%201'],
    [
      'a text fragment at its first words, when it has not',
      new Set<string>(),
      'campaigns/c1/#:~:text=%E6%8E%A8%E8%A1%8C%2D%E5%91%98%E5%B7%A5%2C%E6%9C%88%E5%BA%A6%26%E8%87%AA%E8%AF%84',
    ],
  ])('links to %s', (_, ids, url) => {
    expect(recordUrl(record, ids)).toBe(url);
  });

  it('links to the page alone without an anchor or a quote', () => {
    expect(recordUrl({ page: 'units/u1/' }, new Set())).toBe('units/u1/');
  });
});

describe('idsOf', () => {
  it('reads the ids of a page as their attributes mean them', () => {
    expect([...idsOf('<tr id="finding-F&amp;1"><td id="a&#39;b">x</td></tr><p data-id="no" id="c&#x22;d">')]).toEqual(['finding-F&1', "a'b", 'c"d']);
  });
});

describe.each([
  ['推行员工月度绩效自评，绩效申诉和争议明显减少', '推行员工月度绩效自评，绩效申诉和争议明显'],
  ['班组 **指标** 分解', '班组'],
  ['多部门联动机制\n第二行', '多部门联动机制'],
])('leadingWords(%j)', (text, words) => {
  it(`is ${JSON.stringify(words)} or nothing under 4 characters`, () => {
    expect(leadingWords(text)).toBe([...words].length >= 4 ? words : undefined);
  });
});

describe('summaryOf', () => {
  it('keeps a short first line and cuts a long one with an ellipsis', () => {
    expect(summaryOf('素材不全')).toBe('素材不全');
    expect(summaryOf('一'.repeat(41))).toBe(`${'一'.repeat(40)}…`);
    expect(summaryOf('第一行\n第二行')).toBe('第一行…');
  });
});
