import type { DataIssue } from '../errors.ts';
import { closestMatches, didYouMean } from '../text/fuzzy.ts';
import { NEWS_LIMITS, type FillProblem, type UnknownName } from './news-engine.ts';

/** What stopped a template in the sandbox's child process itself (template-sandbox.ts), beyond the engine's own problems. */
export type SandboxProblem = { limit: 'time'; seconds: number } | { limit: 'heap'; megabytes: number } | { limit: 'crash'; message: string };

const LOOP_HINT = '检查模板中的 for 循环（尤其是 (1..N) 这样的范围和嵌套循环）以及反复 append、concat 的赋值；新闻稿只需写出本次检查的数字和名单。';

const megabytes = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

/** Every problem of a template, in its order, as the data check reports them. */
export function templateIssues(file: string, problems: ReadonlyArray<FillProblem | SandboxProblem>): DataIssue[] {
  return problems.map((problem) => templateIssue(file, problem));
}

/** A template problem as the located, Chinese issue the data check reports. */
export function templateIssue(file: string, problem: FillProblem | SandboxProblem): DataIssue {
  const at = { severity: 'error' as const, file };
  switch (problem.limit) {
    case 'time':
      return { ...at, message: `新闻稿模板运行超时（超过 ${problem.seconds} 秒），可能含有过大的循环`, hint: LOOP_HINT };
    case 'heap':
      return { ...at, message: `新闻稿模板占用内存过多（超过 ${problem.megabytes} MB），可能含有过大的循环或反复加倍的文字`, hint: LOOP_HINT };
    case 'crash':
      return { ...at, message: `新闻稿模板无法运行：${problem.message}` };
    case 'render':
      return {
        ...at,
        line: problem.line,
        column: problem.column,
        message: `新闻稿模板运行超时（超过 ${NEWS_LIMITS.renderLimit / 1000} 秒），可能含有过大的循环`,
        hint: LOOP_HINT,
      };
    case 'memory':
      return {
        ...at,
        line: problem.line,
        column: problem.column,
        message: '新闻稿模板占用内存过多，可能含有过大的循环范围或反复加倍的文字',
        hint: LOOP_HINT,
      };
    case 'parse':
      return {
        ...at,
        message: `新闻稿模板太长（超过 ${NEWS_LIMITS.parseLimit} 个字符）`,
        hint: '新闻稿模板应是一篇文章的篇幅；请检查是否误把数据或其他文件粘贴进了模板。',
      };
    case 'size':
      return {
        ...at,
        message: `新闻稿太长：填入数据后有 ${megabytes(problem.bytes ?? 0)}，上限为 ${megabytes(NEWS_LIMITS.maxArticleBytes)}`,
        hint: LOOP_HINT,
      };
    case undefined: {
      const located = { ...at, line: problem.line, column: problem.column };
      if (problem.unknown) return { ...located, ...unknownIssue(problem.unknown) };
      // An unknown variable the engine's context did not note (never expected: it notes every lookup).
      const unknown = problem.liquid ? /undefined variable: (.+)/.exec(problem.message) : null;
      if (unknown) return { ...located, message: `未知的占位符“${unknown[1]}”`, hint: PLACEHOLDERS_HINT };
      return { ...located, message: `模板错误：${problem.message}` };
    }
  }
}

const PLACEHOLDERS_HINT = '可用的占位符见 README 的“新闻稿模板”一节。';
const FILTERS_HINT = '可用的过滤器见 README 的“新闻稿模板”一节；Liquid 的标准过滤器（如 size、join、map）也可以使用。';

/** At most this many names are listed as what may stand there; a map of every unit may have more. */
const LISTED_NAMES = 30;

/**
 * `findings.byCategory["执行不规范"]`: a placeholder's parts written as a template writes them,
 * a name by a dot, a number or any other key in brackets.
 */
export function placeholderText(path: ReadonlyArray<string | number>): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (/^[A-Za-z_][\w-]*$/.test(part)) return i === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

/** The message, the names that exist there and a did-you-mean (text/fuzzy.ts) for a name the template wrote that does not exist. */
function unknownIssue(unknown: UnknownName): Pick<DataIssue, 'message' | 'expected' | 'hint'> {
  const listed = (known: readonly string[], what: string) => (known.length > 0 && known.length <= LISTED_NAMES ? `${what}${known.join('、')}` : undefined);
  switch (unknown.kind) {
    case 'placeholder': {
      const written = placeholderText(unknown.path);
      const owner = unknown.path.slice(0, -1);
      const last = String(unknown.path.at(-1));
      // Compared with the names at that path (findings.totl with findings' keys), suggested whole.
      const suggestions = closestMatches(last, unknown.known).map((name) => placeholderText([...owner, name]));
      return {
        message: `未知的占位符“${written}”`,
        expected: listed(unknown.known, owner.length > 0 ? `“${placeholderText(owner)}”中可用的名称：` : '可用的名称：'),
        hint: didYouMean(written, suggestions) ?? PLACEHOLDERS_HINT,
      };
    }
    case 'filter':
      return {
        message: `未知的过滤器“${unknown.name}”`,
        hint: didYouMean(unknown.name, unknown.known) ?? FILTERS_HINT,
      };
    case 'chart':
      return {
        message: `未知的图表“${unknown.name}”`,
        expected: listed(unknown.known, '可用的图表：'),
        hint: didYouMean(unknown.name, unknown.known),
      };
  }
}
