import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Finding 5 of issue 11: with an alias bomb in campaign.yml, `npm run check -- --format json`
 * printed a stack trace instead of JSON. Whatever goes wrong, the JSON format prints JSON.
 */

/** Nine aliases of nine aliases of …: 9^8 strings from 400 bytes (as in tests/unit/yaml-limits.test.ts). */
const BILLION_LAUGHS = [
  'title: 测试检查',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
  '',
].join('\n');

const fixtures: Fixture[] = [];
afterAll(() => fixtures.forEach((fixture) => fixture.cleanup()));

function check(overrides: Parameters<typeof createFixture>[0], env: Record<string, string> = {}, ...args: string[]) {
  const fixture = createFixture(overrides);
  fixtures.push(fixture);
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'check', ...args], {
    cwd: fixture.root,
    env: { ...process.env, DEBUG: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const STACK = /at .+\(.+:\d+:\d+\)|^\s+at /m;

describe('npm run check -- --format json (hostile data, finding 5)', () => {
  it('prints JSON, ok false and a located error for a YAML alias bomb, exit 1, no stack trace', () => {
    const run = check({ [`${CAMPAIGN}/campaign.yml`]: BILLION_LAUGHS }, {}, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ severity: 'error', file: `${CAMPAIGN}/campaign.yml`, line: 4, column: 8, message: expect.stringContaining('YAML 别名展开次数过多') }),
    ]);
    expect(report.warnings).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('gives the same error in text, in Chinese, without a stack trace', () => {
    const run = check({ [`${CAMPAIGN}/campaign.yml`]: BILLION_LAUGHS });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${CAMPAIGN}/campaign.yml:4:8 错误（第 4 行，第 8 字符）：YAML 别名展开次数过多`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('prints JSON for bad settings too, exit 2', () => {
    const run = check({}, { MIN_GROUP_SIZE: '1' }, '--format=json');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ ok: false, errors: [{ severity: 'error', message: 'MIN_GROUP_SIZE 应为不小于 2 的整数（现在是“1”）' }], warnings: [] });
  });

  it('turns an unexpected crash into JSON with one error, a non-zero exit and no stack trace', () => {
    // An option check does not know makes parseArgs throw: a failure that is not a data problem.
    const run = check({}, {}, '--format', 'json', '--bogus');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ ok: false, errors: [{ severity: 'error', message: expect.stringMatching(/^检查意外中止：.*--bogus/) }], warnings: [] });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('says the same in one line of text, with the stack only under DEBUG=1', () => {
    const run = check({}, {}, '--bogus');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^✘ 检查意外中止：.*--bogus.*（设置 DEBUG=1 可显示详细的出错位置）$/)]);
    expect(check({}, { DEBUG: '1' }, '--bogus').stderr).toMatch(STACK);
  });

  it('passes valid data as JSON with ok true', () => {
    const run = check({}, {}, '--format', 'json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, errors: [], warnings: [] });
  });
});
