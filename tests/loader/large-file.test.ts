import { afterAll, describe, expect, it } from 'vitest';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';

/** A 50 MB export (a year of monthly checks in one file) loads whole, every row counted. */

let fixture: Fixture | undefined;
afterAll(() => fixture?.cleanup());

describe('a 50 MB findings.csv', () => {
  it('loads with every row counted', async () => {
    const header = 'id,unit,team,category,description,suggestion,owner,due,status,closed_on\n';
    const row = (i: number) =>
      `F${i},u${2 + (i % 2)},t1,${i % 3 === 0 ? '执行不规范' : '标准化建设不完善'},"${i}月度绩效会议纪要未记录扣分人员的申诉及反馈情况，考核结果未经本人确认，且缺少佐证材料, 需补充",补齐申诉受理及反馈记录，今后纪要须附扣分人员签字确认单,张立新（综合办主任）,2025-10-31,${i % 2 ? 'closed' : 'open'},${i % 2 ? '2025-10-01' : ''}\n`;
    const rows: string[] = [];
    let size = header.length;
    for (let i = 1; size < 50 * 1024 * 1024; i++) {
      const line = row(i);
      rows.push(line);
      size += Buffer.byteLength(line);
    }
    fixture = createFixture({ [`${CAMPAIGN}/findings.csv`]: header + rows.join('') });
    const { data } = await fixture.load();
    expect(data.campaigns[0]?.findings.length).toBe(rows.length);
    expect(data.campaigns[0]?.findings.at(-1)?.id).toBe(`F${rows.length}`);
  });
});
