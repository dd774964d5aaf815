import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { CAMPAIGN, createFixture, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';
import { run } from '../helpers/processes.ts';

/** `npm run check`, as a pre-commit hook and a CI step run it. */

const fixtures: Fixture[] = [];
afterAll(() => fixtures.forEach((fixture) => fixture.cleanup()));

function check(overrides: Parameters<typeof createFixture>[0], ...args: string[]) {
  return checkWith({}, overrides, ...args);
}

/** Runs `npm run check` asynchronously: a check that hangs is stopped when its test times out. */
async function checkWith(env: Record<string, string>, overrides: Parameters<typeof createFixture>[0], ...args: string[]) {
  const fixture = createFixture(overrides);
  fixtures.push(fixture);
  const { status, stdout, stderr } = await run(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'check', ...args], {
    cwd: fixture.root,
    env: { ...process.env, ...env },
  });
  return { status, stdout, stderr };
}

const BAD_FINDINGS = 'id,unit,category,description,due\nF1,u9,执行不规范,x,2025-02-30\n';

describe('npm run check', () => {
  it('passes valid data with a one-line summary in Chinese', async () => {
    const run = await check({});
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^✔ 数据检查通过（[\d.]+ 秒）：3 个单位，1 次检查活动，3 个问题，1 个亮点，3 份问卷\n$/);
  });

  it('lists every problem with file, line, column and the expected form, and exits 1', async () => {
    const run = await check({ [`${CAMPAIGN}/findings.csv`]: BAD_FINDINGS });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `${CAMPAIGN}/findings.csv:2:5 错误（第 2 行，第 5 列（E 列，整改期限））：无法识别的日期“2025-02-30”\n    应为：2025-10-31、2025/10/31 或 2025年10月31日`,
    );
    expect(run.stdout).toContain(`${CAMPAIGN}/findings.csv:2:2 错误（第 2 行，第 2 列（B 列，被检单位））：未知的单位“u9”`);
    expect(run.stdout).toContain('✘ 数据检查未通过：2 处错误');
    expect(run.stderr).not.toMatch(/at .+\(.+:\d+:\d+\)/);
  });

  it('refuses bad settings before reading any data, naming each in Chinese, and exits 2', async () => {
    const run = await checkWith({ TIME_ZONE: 'Beijing', REPORT_DATE: '明天' }, {});
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('TIME_ZONE 不是已知的时区：“Beijing”');
    expect(run.stderr).toContain('REPORT_DATE 不是日期：“明天”');
    expect(run.stderr).not.toMatch(/at .+\(.+:\d+:\d+\)/);
  });

  it('fails a news template that would loop for hours within seconds, naming the file and line', async () => {
    // About 3.3 s on a quiet 2-core machine (the template's time-out and starting node); the
    // budget is 18 times that, to tell "seconds" from "hours" and not a busy machine from a quiet one.
    const started = Date.now();
    const run = await check({ [`${CAMPAIGN}/news.md`]: '# 标题\n\n{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}\n' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`${CAMPAIGN}/news\\.md:3:\\d+ 错误`));
    expect(run.stdout).toContain('新闻稿模板运行超时');
  });

  it('lets only the build server lower the survey privacy floor', async () => {
    const config = `${VALID_FILES[`${CAMPAIGN}/campaign.yml`] ?? ''}`.replace('  title: 培训调查', '  title: 培训调查\n  minGroupSize: 3');
    expect((await check({ [`${CAMPAIGN}/campaign.yml`]: config })).stdout).toContain('minGroupSize 不能小于 5（现在是 3）');
    expect((await checkWith({ MIN_GROUP_SIZE: '3' }, { [`${CAMPAIGN}/campaign.yml`]: config })).status).toBe(0);
  });

  it('reads the data directory named by DATA_DIR', async () => {
    const run = await checkWith({ DATA_DIR: 'nowhere' }, {});
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('nowhere/units.csv 错误：找不到单位名录 units.csv');
  });

  it('gives the same problems as JSON for machines', async () => {
    const run = await check({ [`${CAMPAIGN}/findings.csv`]: BAD_FINDINGS }, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          file: `${CAMPAIGN}/findings.csv`,
          line: 2,
          column: 5,
          field: '整改期限',
          message: '无法识别的日期“2025-02-30”',
        }),
        expect.objectContaining({ file: `${CAMPAIGN}/findings.csv`, line: 2, column: 2, message: '未知的单位“u9”' }),
      ]),
    );
  });
});
