import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';
import { run } from '../helpers/processes.ts';

/**
 * Finding 5 of issue 11: with an alias bomb in campaign.yml, `npm run check -- --format json`
 * printed a stack trace instead of JSON. Whatever goes wrong, the JSON format prints JSON.
 */

/** Nine aliases of nine aliases of …: 9^8 strings from 400 bytes (as in tests/loader/yaml-limits.test.ts). */
const BILLION_LAUGHS = [
  'title: 测试检查',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
  '',
].join('\n');

const fixtures: Fixture[] = [];
afterAll(() => fixtures.forEach((fixture) => fixture.cleanup()));

/** Runs `npm run check` asynchronously: one that hangs is stopped when its test times out. */
async function check(overrides: Parameters<typeof createFixture>[0], env: Record<string, string> = {}, ...args: string[]) {
  const fixture = createFixture(overrides);
  fixtures.push(fixture);
  const { status, stdout, stderr } = await run(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'check', ...args], {
    cwd: fixture.root,
    env: { ...process.env, DEBUG: '', ...env },
  });
  return { status, stdout, stderr, root: fixture.root };
}

const STACK = /at .+\(.+:\d+:\d+\)|^\s+at /m;

/**
 * A bug stands in for an unexpected failure (an unknown option is a usage error now, not a
 * crash): loaded with --import before the script, it makes the parseArgs call of scripts/check.ts
 * (the one that asks for tokens) throw, inside its main().
 */
const BUG = `--import=data:text/javascript,${encodeURIComponent(
  [
    'import util from "node:util";',
    'import { syncBuiltinESMExports } from "node:module";',
    'const parseArgs = util.parseArgs;',
    'util.parseArgs = (config) => { if (config?.tokens) throw new Error("测试注入的错误"); return parseArgs(config); };',
    'syncBuiltinESMExports();',
  ].join('\n'),
)}`;

describe('npm run check -- --format json (hostile data, finding 5)', () => {
  it('prints JSON, ok false and a located error for a YAML alias bomb, exit 1, no stack trace', async () => {
    const run = await check({ [`${CAMPAIGN}/campaign.yml`]: BILLION_LAUGHS }, {}, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: `${CAMPAIGN}/campaign.yml`,
        line: 4,
        column: 8,
        message: expect.stringContaining('YAML 别名展开次数过多'),
      }),
    ]);
    expect(report.warnings).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('gives the same error in text, in Chinese, without a stack trace', async () => {
    const run = await check({ [`${CAMPAIGN}/campaign.yml`]: BILLION_LAUGHS });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${CAMPAIGN}/campaign.yml:4:8 错误（第 4 行，第 8 字符）：YAML 别名展开次数过多`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('prints JSON for bad settings too, exit 2', async () => {
    const run = await check({}, { MIN_GROUP_SIZE: '1' }, '--format=json');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ ok: false, errors: [{ severity: 'error', message: 'MIN_GROUP_SIZE 应为不小于 2 的整数（现在是“1”）' }], warnings: [] });
  });

  it('turns an unexpected crash into JSON with one error, a non-zero exit and no stack trace', async () => {
    const run = await check({}, { NODE_OPTIONS: BUG }, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({ ok: false, errors: [{ severity: 'error', message: '检查意外中止：测试注入的错误' }], warnings: [] });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('says the same in one line of text, with the stack only under DEBUG=1', async () => {
    const run = await check({}, { NODE_OPTIONS: BUG });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual(['✘ 检查意外中止：测试注入的错误（设置 DEBUG=1 可显示详细的出错位置）']);
    expect((await check({}, { NODE_OPTIONS: BUG, DEBUG: '1' })).stderr).toMatch(STACK);
  });

  it('passes valid data as JSON with ok true', async () => {
    const run = await check({}, {}, '--format', 'json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, errors: [], warnings: [] });
  });
});

/** As the README says to run it for machines: `npm run -s check -- --format json`, from the project root, on `dataDir`. */
async function npmCheck(dataDir: string) {
  const { status, stdout, stderr } = await run('npm', ['run', '-s', 'check', '--', '--format', 'json'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DEBUG: '', DATA_DIR: dataDir },
  });
  return { status, stdout, stderr };
}

const BAD_FINDINGS = 'id,unit,category,description,due\nF1,u9,执行不规范,x,2025-02-30\n';
const USAGE = /^✘ .+。用法：npm run -s check -- \[--format text\|json\] \[--output 文件\]（--help 显示说明）$/;

describe('npm run check: JSON alone on stdout, --output, options (issue 22)', () => {
  it("npm run -s check -- --format json prints nothing but the JSON report: npm's -s keeps its banner off", async () => {
    const fixture = createFixture({ [`${CAMPAIGN}/findings.csv`]: BAD_FINDINGS });
    fixtures.push(fixture);
    const run = await npmCheck(path.join(fixture.root, 'data'));
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2, column: 2, message: '未知的单位“u9”' })]));
  });

  it('--output writes the JSON report to the file and prints nothing; the exit status is the verdict', async () => {
    const bad = { [`${CAMPAIGN}/findings.csv`]: BAD_FINDINGS };
    const run = await check(bad, {}, '--format', 'json', '--output', 'report.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const written = JSON.parse(readFileSync(path.join(run.root, 'report.json'), 'utf8'));
    expect(written).toEqual(JSON.parse((await check(bad, {}, '--format', 'json')).stdout));
    expect(written.errors.length).toBeGreaterThan(0);
  });

  it('--output writes the text report; stdout only says where', async () => {
    const run = await check({ [`${CAMPAIGN}/findings.csv`]: BAD_FINDINGS }, {}, '--output=report.txt');
    expect(run.status).toBe(1);
    const file = path.join(run.root, 'report.txt');
    expect(run.stdout).toBe(`检查报告已写入 ${file}\n`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`${CAMPAIGN}/findings.csv:2:2 错误（第 2 行，第 2 列（B 列，被检单位））：未知的单位“u9”`);
    expect(text).toMatch(/✘ 数据检查未通过：\d+ 处错误.*\n$/);
  });

  it('--output gets the report of a crash and of bad settings too, never a stale one', async () => {
    const crash = await check({}, { NODE_OPTIONS: BUG }, '--format', 'json', '--output', 'report.json');
    expect(crash.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(crash.root, 'report.json'), 'utf8')).errors).toEqual([
      { severity: 'error', message: '检查意外中止：测试注入的错误' },
    ]);
    const settings = await check({}, { MIN_GROUP_SIZE: '1' }, '--format', 'json', '--output', 'report.json');
    expect(settings.status).toBe(2);
    expect(JSON.parse(readFileSync(path.join(settings.root, 'report.json'), 'utf8')).ok).toBe(false);
  });

  it('cannot write the --output file: says so in Chinese, prints the report instead, exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-output-'));
    try {
      const run = await check({}, {}, '--format', 'json', '--output', path.join(dir, 'missing', 'report.json'));
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^✘ 无法写入报告文件 .+report\.json：目录不存在；报告改为输出在下面。$/)]);
      expect(JSON.parse(run.stdout)).toEqual({ ok: true, errors: [], warnings: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--bogus'], /未知的选项 --bogus/],
    [['--format', 'xml'], /--format 只能是 text 或 json（现在是“xml”）/],
    [['--format'], /--format 后面缺少格式/],
    [['--output'], /--output 后面缺少文件名/],
    [['--output', '--format', 'json'], /--output 后面缺少文件名/],
    [['extra'], /多余的参数“extra”/],
  ])('%j: one line of usage in Chinese on stderr, exit 2, no stack trace', async (args, reason) => {
    const run = await check({}, {}, ...args);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(USAGE)]);
    expect(lines[0]).toMatch(reason);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('asked for JSON, a usage error is also a JSON report', async () => {
    const run = await check({}, {}, '--format', 'json', '--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(USAGE)]);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      errors: [{ severity: 'error', message: expect.stringMatching(/^未知的选项 --bogus。用法：/) }],
      warnings: [],
    });
  });

  it('--help prints the usage in Chinese and exits 0 without checking', async () => {
    const run = await check({ 'data/units.csv': 'broken' }, {}, '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^用法：npm run -s check -- \[--format text\|json\] \[--output 文件\]\n/);
    expect(run.stdout).toContain('--output 文件');
    expect(run.stdout).toContain('npm run -s check -- --format json');
  });
});
