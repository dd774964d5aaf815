import { afterEach, describe, expect, it } from 'vitest';
import { CAMPAIGN, createFixture, describeIssues, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/** Issue 22: every problem of every file in one run, whatever failed before it. */

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

const YML = `${CAMPAIGN}/campaign.yml`;
const FINDINGS = `${CAMPAIGN}/findings.csv`;
const SURVEY = `${CAMPAIGN}/survey.csv`;

describe('one run reports every file’s problems', () => {
  it('a survey column that cannot be found hides neither campaign.yml’s nor findings.csv’s errors', async () => {
    fixture = createFixture({
      [SURVEY]: '序号,来自IP,1、别的题目？\n1,10.0.0.1,很实用\n',
      [YML]: (VALID_FILES[YML] ?? '').replace('leaderUnit: u1', 'leaderUnit: u9'),
      [FINDINGS]: (VALID_FILES[FINDINGS] ?? '').replace('F3,u3,', 'F3,u7,'),
    });
    const files = new Set((await fixture.loadErrors()).map((issue) => issue.file));
    expect([...files].sort()).toEqual([YML, FINDINGS, SURVEY].sort());
  });

  it('units.csv’s errors and every campaign’s come together', async () => {
    fixture = createFixture({
      'data/units.csv': 'id,name,sector\nu1,甲公司,水泥板块\nu2,乙公司,\nu3,丙电站,水电板块\n',
      'data/campaigns/c2/campaign.yml': 'title: 第二次\ndate: 2025-13-01\n',
      'data/campaigns/c2/findings.csv': 'id,unit,category,description\nG1,u2,执行不规范,\n',
      'data/campaigns/c2/highlights.csv': 'id,unit,description\n',
      [FINDINGS]: (VALID_FILES[FINDINGS] ?? '').replace('F3,u3,', 'F3,u7,'),
    });
    const errors = describeIssues(await fixture.loadErrors());
    for (const file of ['data/units.csv', 'data/campaigns/c2/campaign.yml', 'data/campaigns/c2/findings.csv', FINDINGS]) {
      expect(
        errors.some((error) => error.startsWith(`${file}:`)),
        `${file} in\n${errors.join('\n')}`,
      ).toBe(true);
    }
  });
});
