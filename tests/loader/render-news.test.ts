import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderNews } from '../../src/lib/news/render-news.ts';
import { firstIssueOf } from '../helpers/data-fixture.ts';

const render = (source: string, context: object = {}) => renderNews({ file: 'news.md', source }, context, '默认标题');

const templateErrorOf = (source: string, context: object = {}) => firstIssueOf(() => render(source, context));

describe('renderNews', () => {
  it('takes the first level-1 heading as the title and renders the rest as Markdown', () => {
    expect(render('# 标题 {{ n }}\n\n正文**加粗**', { n: 35 })).toEqual({ title: '标题 35', html: '<p>正文<strong>加粗</strong></p>\n' });
  });

  it('falls back to the given title when the template has no heading', () => {
    expect(render('正文').title).toBe('默认标题');
  });

  it.each([
    [0, '71%'],
    [2, '70.97%'],
    [1, '71.0%'],
  ])('writes a share with %i digits as %s', (digits, expected) => {
    expect(render(`{{ share | percent: ${digits} }}`, { share: 22 / 31 }).html).toBe(`<p>${expected}</p>\n`);
  });

  it('writes dates in Chinese with a chosen pattern', () => {
    expect(render('{{ d | zh_date: "M月d日" }}，{{ d | zh_date }}', { d: '2025-09-17' }).html).toBe('<p>9月17日，2025年9月17日</p>\n');
  });

  it('fails on an unknown placeholder, naming it with its line and column', () => {
    expect(templateErrorOf('# 标题\n\n共 {{ findings.totl }} 个', { findings: { total: 1 } })).toMatchObject({
      file: 'news.md',
      line: 3,
      column: 6,
      message: '未知的占位符“findings.totl”',
    });
  });

  it('fails on an unknown filter, at its name, suggesting the filter meant', () => {
    expect(templateErrorOf('{{ 1 | shout }}')).toMatchObject({ line: 1, column: 8, message: '未知的过滤器“shout”' });
    expect(templateErrorOf('# 标题\n\n{{ 0.5 | percnt: 1 }}')).toMatchObject({
      line: 3,
      column: 10,
      message: '未知的过滤器“percnt”',
      hint: '您是不是想写“percent”？',
    });
  });

  it('fails when percent is given something that is not a number', () => {
    expect(templateErrorOf('{{ x | percent }}', { x: null })?.message).toMatch(/^模板错误：percent needs a number/);
  });

  it.each([['{% include "/etc/passwd" %}'], ['{% render "../../package.json" %}'], ['{% layout "x" %}']])('cannot read files: %s', (source) => {
    expect(templateErrorOf(source)?.message).toMatch(/^模板错误/);
  });

  it('cannot reach prototype properties of the context', () => {
    expect(templateErrorOf('{{ x.constructor }}', { x: {} })?.message).toBe('未知的占位符“x.constructor”');
  });

  it('shows markup from data cells as text, never as HTML or Markdown', () => {
    const cell = '<script>alert(1)</script> **粗** [链接](javascript:alert(1))';
    const { html } = render('{{ cell }}', { cell });
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; **粗** [链接](javascript:alert(1))</p>\n');
  });

  it('does not render raw HTML written in the template itself', () => {
    expect(render('<img src=x onerror=alert(1)>').html).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
  });
});

describe('escapeMarkdown', () => {
  it('escapes every ASCII punctuation mark and leaves Chinese punctuation alone', () => {
    expect(escapeMarkdown('1. *a* #b，“c”')).toBe('1\\. \\*a\\* \\#b，“c”');
  });
});
