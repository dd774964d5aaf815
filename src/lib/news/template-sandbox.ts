import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { serialize } from 'node:v8';
import { createComparisonWording } from '../format/comparison.ts';
import { roundHalfUp } from '../format/numbers.ts';
import { CHART_NAMES } from './chart-names.ts';
import { createNewsEngine, escapeMarkdown, NEWS_LIMITS, type ChartCatalog, type ChartRequest, type FillProblem, type NewsLimits } from './news-engine.ts';
import type { SandboxProblem } from './template-issue.ts';

/**
 * Fills news templates in a child process that is killed when a template runs too long, and
 * that dies alone when a template needs too much memory. LiquidJS's renderLimit and memoryLimit
 * are cooperative (checked between tags and in some filters) and have been bypassed before
 * (CVE-2026-44645, an empty for body); a process with a V8 heap limit and a time-out that
 * SIGKILLs it is not. A worker thread was not enough: a thread that ran out of heap could make
 * V8 abort the whole process, taking `npm run check` down instead of naming the template.
 *
 * The child runs the same engine as the tests' in-process renderNews (news-engine.ts), from its
 * source text: this code runs under Vitest (TypeScript through vite-node), as an esbuild bundle
 * (scripts/run.mjs) and in Astro's build, and in none of them is there a JavaScript file of ours
 * to start. The program is passed with `node -e`; liquidjs and date-fns (CommonJS builds) are
 * loaded by absolute paths resolved here. The child gets no environment but TZ, no stdin or
 * stdout, and a stderr that only this module reads (to tell heap exhaustion from a crash).
 */

export interface SandboxOptions {
  /** Milliseconds one template may take in the child before it is killed. */
  timeoutMs: number;
  /** The child's V8 old-generation heap (`--max-old-space-size`), in MB. */
  heapMb: number;
}

export const SANDBOX_OPTIONS: SandboxOptions = { timeoutMs: 5_000, heapMb: 256 };

/** As the engine's FillResult; a child that was killed or died gives its one SandboxProblem. */
export type SandboxResult = { ok: true; text: string; charts: ChartRequest[] } | { ok: false; problems: Array<FillProblem | SandboxProblem> };

/** How long a child may take to load its packages: generous, as a busy machine starts Node slowly; no template runs yet. */
const STARTUP_MS = 60_000;

/** The child's own exit code when its backstop time-out (below) stopped a template. */
const BACKSTOP_EXIT = 124;

/** Characters of the child's stderr kept: its first lines name a crash, V8's heap message is found in passing. */
const STDERR_KEPT = 4_000;

interface ChildConfig {
  liquidjs: string;
  dateFns: string;
  limits: NewsLimits;
  chartNames: typeof CHART_NAMES;
  backstopMs: number;
}

/**
 * The child's whole program. Keep the copied percent filter identical to formatPercent
 * (numbers.ts), whose roundHalfUp it receives as source. The template runs under vm's time-out too, a little longer than the parent's:
 * a child whose parent died without killing it (SIGKILL) stops by itself instead of spinning.
 */
function childSource(config: ChildConfig): string {
  // Structured clone, not JSON: a limit may be Infinity.
  return `'use strict';
const config = require('node:v8').deserialize(Buffer.from('${serialize(config).toString('base64')}', 'base64'));
const vm = require('node:vm');
const { randomBytes } = require('node:crypto');
const { Liquid, LiquidError, Context } = require(config.liquidjs);
const { format: formatDate, parseISO } = require(config.dateFns);
const escapeMarkdown = (${escapeMarkdown.toString()});
const createNewsEngine = (${createNewsEngine.toString()});
const createComparisonWording = (${createComparisonWording.toString()});
// Without its parent this process has no purpose.
process.on('disconnect', () => process.exit(0));
const guard = vm.createContext({ run: null });
const guarded = new vm.Script('run()');
const roundHalfUp = (${roundHalfUp.toString()});
const percent = (share, digits) => {
  if (!Number.isInteger(digits) || digits < 0 || digits > 6) {
    throw new RangeError('percent digits must be an integer from 0 to 6, got ' + digits);
  }
  const rounded = roundHalfUp(share * 100, digits);
  return (rounded < 0 ? '\u2212' : '') + Math.abs(rounded).toFixed(digits) + '%';
};
const zhDate = (isoDay, pattern) => formatDate(parseISO(isoDay), pattern);
const nonce = () => randomBytes(16).toString('hex');
const wording = createComparisonWording(roundHalfUp);
const engine = createNewsEngine({ Liquid, LiquidError, Context, escapeMarkdown, percent, zhDate, wording, chartNames: config.chartNames, nonce }, config.limits);
process.on('message', ({ source, context, charts }) => {
  let result;
  try {
    guard.run = () => engine.fill(source, context, charts);
    result = guarded.runInContext(guard, { timeout: config.backstopMs });
  } catch (error) {
    if (error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') process.exit(${BACKSTOP_EXIT});
    result = { ok: false, problems: [{ limit: 'crash', message: String((error && error.message) || error) }] };
  } finally {
    guard.run = null;
  }
  process.send(result);
});
// One fill before the first template's time-out starts: the engine's code is compiled then, not
// on the template's time (on a loaded machine that took hundreds of milliseconds).
engine.fill('{% for i in (1..3) %}{{ s | percent: 1 }}{{ d | zh_date }}{{ 3 | count_change: 2 }}{% endfor %}', { s: 0.5, d: '2025-01-02' }, {});
process.send({ ready: true });
`;
}

/** Absolute locations of the packages the child loads, resolved from this module. */
function packagePaths() {
  const require = createRequire(import.meta.url);
  return {
    liquidjs: require.resolve('liquidjs'),
    dateFns: require.resolve('date-fns'),
  };
}

/** Every child still running, killed when this process exits however it exits (process.exit included). */
const running = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const each of running) each.kill('SIGKILL');
  });
}

/** One child process: started, ready once its packages are loaded, and how it ended. */
class SandboxChild {
  readonly process: ChildProcess;
  /** null once the child is ready for templates; what went wrong if it never was. */
  readonly ready: Promise<SandboxProblem | null>;
  /** Called with how the child ended, once, if it ends while a template is being filled. */
  onEnd: ((problem: SandboxProblem) => void) | undefined;
  #ended: SandboxProblem | undefined;
  #stderr = '';
  #tail = '';
  #heapMessage = false;
  readonly #options: SandboxOptions;

  constructor(program: string, options: SandboxOptions) {
    this.#options = options;
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb}`, '-e', program], {
      // No stdin or stdout; stderr is read here only, never passed on to the runner's terminal.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Structured clone, as a worker's messages were: a context keeps its undefined values.
      serialization: 'advanced',
      // Nothing of ours (NODE_OPTIONS, loaders, secrets) reaches the template; TZ keeps zh_date as in-process.
      env: process.env.TZ === undefined ? {} : { TZ: process.env.TZ },
    });
    this.process = child;
    track(child);
    // An idle child does not keep this process alive; a fill in progress has its ref'd timer.
    child.unref();
    child.channel?.unref();
    const stderr = child.stderr as Socket | null;
    stderr?.unref();
    stderr?.setEncoding('utf8');
    stderr?.on('data', (chunk: string) => {
      if (this.#stderr.length < STDERR_KEPT) this.#stderr += chunk.slice(0, STDERR_KEPT - this.#stderr.length);
      // A window across chunks, so that V8's message is found even when it arrives split.
      this.#tail = (this.#tail + chunk).slice(-STDERR_KEPT);
      if (/heap limit|heap out of memory/i.test(this.#tail)) this.#heapMessage = true;
    });

    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve({ limit: 'crash', message: `沙箱进程 ${STARTUP_MS / 1000} 秒内未能启动` });
      }, STARTUP_MS);
      const onReady = (message: unknown) => {
        if (!(message && typeof message === 'object' && 'ready' in message)) return;
        clearTimeout(timer);
        child.off('message', onReady);
        resolve(null);
      };
      child.on('message', onReady);
      this.onEnd = (problem) => {
        clearTimeout(timer);
        resolve(problem);
      };
    });
    // 'close' rather than 'exit': by then stderr has been read to its end.
    child.once('close', (code, signal) => this.#end(this.#exitProblem(code, signal)));
    // A child that started ends with 'close', which says how (a failed send is an 'error' too,
    // arriving before it); one that never started has only its 'error'.
    child.on('error', (error) => {
      if (child.pid !== undefined) return;
      this.#end({ limit: 'crash', message: `沙箱进程无法启动：${error.message}` });
    });
  }

  get alive(): boolean {
    return this.#ended === undefined;
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }

  /** Kills the child and resolves once it has exited; ref'd meanwhile, or Node could end with the await unsettled. */
  stop(): Promise<void> {
    const { process: child } = this;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    child.ref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    return exited;
  }

  #end(problem: SandboxProblem): void {
    if (this.#ended) return;
    this.#ended = problem;
    const onEnd = this.onEnd;
    this.onEnd = undefined;
    onEnd?.(problem);
  }

  /**
   * Why the child ended. V8 out of heap prints "Reached heap limit" and aborts: SIGABRT (or
   * SIGTRAP, or 134 through a shell); any other end is a crash, named by its first stderr line.
   */
  #exitProblem(code: number | null, signal: NodeJS.Signals | null): SandboxProblem {
    if (this.#heapMessage || signal === 'SIGABRT' || signal === 'SIGTRAP' || code === 134) return { limit: 'heap', megabytes: this.#options.heapMb };
    if (code === BACKSTOP_EXIT) return { limit: 'time', seconds: this.#options.timeoutMs / 1000 };
    // Node prints an uncaught error after the line of [eval] it came from: its own line says what.
    const lines = this.#stderr.split('\n').filter((line) => /\S/.test(line) && !/^\s*at /.test(line));
    const said = (lines.find((line) => /^\w*(?:Error|Exception)\b/.test(line)) ?? lines[0])?.trim();
    const how = signal ? `被信号 ${signal} 终止` : `退出码 ${code}`;
    return { limit: 'crash', message: `沙箱进程意外退出（${how}）${said ? `：${said}` : ''}` };
  }
}

/**
 * A pool of one child process: templates are filled one at a time, and a child that was killed
 * or died is replaced at the next template. Close it when done; an idle child does not keep the
 * process alive, and is killed when the process exits.
 */
export class TemplateSandbox {
  #child: SandboxChild | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #options: SandboxOptions;
  readonly #program: string;

  constructor(options: SandboxOptions = SANDBOX_OPTIONS, limits: NewsLimits = NEWS_LIMITS) {
    this.#options = options;
    // The parent kills at timeoutMs; the child's own stop is only for a parent that is gone.
    this.#program = childSource({ ...packagePaths(), limits, chartNames: CHART_NAMES, backstopMs: options.timeoutMs + 2_000 });
  }

  /** The current child's pid (for tests: a killed child is gone); undefined before the first template or after a kill. */
  get pid(): number | undefined {
    return this.#child?.alive ? this.#child.process.pid : undefined;
  }

  /** Fills one template with its context and its campaign's charts; never throws for a problem of the template. */
  fill(source: string, context: object, charts: ChartCatalog = {}): Promise<SandboxResult> {
    const result = this.#queue.then(() => this.#run(source, context, charts));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Kills the child and waits until it is gone. */
  async close(): Promise<void> {
    await this.#queue;
    const child = this.#child;
    this.#child = undefined;
    await child?.stop();
  }

  #discard(child: SandboxChild): void {
    if (this.#child === child) this.#child = undefined;
    child.kill();
  }

  async #run(source: string, context: object, charts: ChartCatalog): Promise<SandboxResult> {
    if (this.#child && !this.#child.alive) this.#child = undefined;
    const child = (this.#child ??= new SandboxChild(this.#program, this.#options));
    const unstarted = await child.ready;
    if (unstarted) {
      this.#discard(child);
      return { ok: false, problems: [unstarted] };
    }
    return new Promise<SandboxResult>((resolve) => {
      let settled = false;
      const settle = (result: SandboxResult, discard: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.process.off('message', onMessage);
        child.onEnd = undefined;
        if (discard) this.#discard(child);
        resolve(result);
      };
      const onMessage = (result: SandboxResult) => settle(result, false);
      const timer = setTimeout(
        () => settle({ ok: false, problems: [{ limit: 'time', seconds: this.#options.timeoutMs / 1000 }] }, true),
        this.#options.timeoutMs,
      );
      child.process.on('message', onMessage);
      child.onEnd = (problem) => settle({ ok: false, problems: [problem] }, true);
      if (!child.alive) return settle({ ok: false, problems: [{ limit: 'crash', message: '沙箱进程意外退出' }] }, true);
      try {
        child.process.send({ source, context, charts });
      } catch (error) {
        // A context that cannot be copied to the child (it is built from parsed data: never expected).
        settle({ ok: false, problems: [{ limit: 'crash', message: error instanceof Error ? error.message : String(error) }] }, true);
      }
    });
  }
}
