import type { DataIssue } from '../errors.ts';
import { didYouMean } from '../schemas/fields.ts';
import { CHART_NAMES } from './chart-names.ts';
import { NEWS_LIMITS, type FillProblem } from './news-engine.ts';

/** What stopped a template in the sandbox's child process itself (template-sandbox.ts), beyond the engine's own problems. */
export type SandboxProblem = { limit: 'time'; seconds: number } | { limit: 'heap'; megabytes: number } | { limit: 'crash'; message: string };

const LOOP_HINT = '检查模板中的 for 循环（尤其是 (1..N) 这样的范围和嵌套循环）以及反复 append、concat 的赋值；新闻稿只需写出本次检查的数字和名单。';

const megabytes = (bytes: number) => `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;

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
      const unknown = problem.liquid ? /undefined (?:variable|filter): (.+)/.exec(problem.message) : null;
      const chart = /^未知的图表“(.*?)”/.exec(problem.message);
      return {
        ...at,
        line: problem.line,
        column: problem.column,
        message: unknown ? `未知的占位符“${unknown[1]}”` : `模板错误：${problem.message}`,
        hint: unknown ? '可用的占位符见 README 的“新闻稿模板”一节。' : chart ? didYouMean(chart[1] ?? '', CHART_NAMES.all) : undefined,
      };
    }
  }
}
