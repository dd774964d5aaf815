import { afterEach, describe, expect, it } from 'vitest';
import { IssueList } from '../../src/lib/errors.ts';
import { MAX_ALIAS_COUNT, MAX_YAML_DEPTH, readYaml } from '../../src/lib/yaml/read-yaml.ts';
import { campaignSchema } from '../../src/lib/schemas/campaign.ts';
import { CAMPAIGN, createFixture, describeIssues, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Finding 5 of issue 11: a YAML alias bomb ("billion laughs") in campaign.yml crashed check
 * with an uncaught ReferenceError. Every YAML failure is now a located error in Chinese.
 */

const CONFIG = `${CAMPAIGN}/campaign.yml`;

/** Nine aliases of nine aliases of … : 9^8 "lol"s, 43 million strings, from 400 bytes. */
export const BILLION_LAUGHS = [
  'title: 测试检查',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '',
].join('\n');

function read(text: string) {
  const issues = new IssueList();
  const result = readYaml(text, 'campaign.yml', campaignSchema, issues);
  return { result, errors: describeIssues(issues.errors), issues: issues.errors };
}

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

describe('finding 5: YAML alias bomb (billion laughs) in campaign.yml', () => {
  it('is a located error naming the alias limit, not a crash', () => {
    // About 30 ms on a quiet 2-core machine: the budget, 60 times that, catches an expansion of
    // the 43 million strings (which would take minutes), not a busy machine.
    const started = Date.now();
    const { result, errors, issues } = read(BILLION_LAUGHS);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toBeNull();
    expect(errors).toHaveLength(1);
    // Located at the first alias that repeats aliases: *b in line 4, column 8.
    expect(errors[0]).toMatch(/^campaign\.yml:4:8 YAML 别名展开次数过多/);
    expect(issues[0]?.message).toContain(`超过 ${MAX_ALIAS_COUNT} 次`);
    expect(issues[0]?.hint).toContain('&锚点');
  });

  it('fails the loader with an error in campaign.yml, not an exception', async () => {
    fixture = createFixture({ [CONFIG]: BILLION_LAUGHS });
    const errors = describeIssues(await fixture.loadErrors());
    expect(
      errors.some((line) => line.startsWith(`${CONFIG}:4:8 YAML 别名展开次数过多`)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('still reads a campaign.yml that reuses a list through an alias', () => {
    const config = (VALID_FILES[CONFIG] ?? '')
      .replace('inspects: [u2, 丙电站]', 'inspects: &units [u2, 丙电站]')
      .replace('  title: 培训调查', '  title: 培训调查\n  trainer: 张三');
    const { result, errors } = read(`${config}scope:\n  materials: *units\n`);
    expect(errors).toEqual([]);
    expect(result?.value.scope.materials).toEqual(['u2', '丙电站']);
  });

  it.each([
    ['an alias without an anchor', 'title: *nowhere\n', 'campaign.yml:1:8 YAML 别名 *nowhere 没有对应的锚点'],
    ['an alias inside its own anchor', 'title: x\ncategories: &c [a, *c]\n', 'campaign.yml:2:20 YAML 别名 *c 引用了包含它自身的内容'],
    ['an unknown tag', 'title: !!js/function "x"\n', 'campaign.yml:1:8 YAML 格式错误：不支持的 YAML 标签'],
    ['a duplicate key', 'title: a\ntitle: b\n', 'campaign.yml:2:1 YAML 格式错误：同一个字段写了两次'],
    ['two documents', 'title: a\n---\ntitle: b\n', 'campaign.yml:2:1 YAML 格式错误：文件中有多个 YAML 文档'],
    ['a tab in the indentation', 'host:\n\tname: a\n', 'campaign.yml:2:1 YAML 格式错误'],
  ])('%s is a located error in Chinese', (_name, text, expected) => {
    const { result, errors } = read(text);
    expect(result).toBeNull();
    expect(
      errors.some((line) => line.startsWith(expected)),
      `expected «${expected}» among:\n${errors.join('\n')}`,
    ).toBe(true);
  });

  it.each([
    ['flow', `title: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'campaign.yml:1:'],
    ['block', `title: x\nteams:\n  ${'- '.repeat(100_000)}x\n`, 'campaign.yml:3:'],
  ])('refuses lists nested 100 000 deep (%s) with one located error, without overflowing the stack', (_name, text, place) => {
    const { result, errors } = read(text);
    expect(result).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${place.replace('.', '\\.')}\\d+ YAML 的列表或对象嵌套超过 ${MAX_YAML_DEPTH} 层`));
  });
});
