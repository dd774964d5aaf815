import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createComparisonWording } from '../format/comparison.ts';
import { CHART_NAMES } from './chart-names.ts';
import { createNewsEngine, escapeMarkdown, NEWS_LIMITS, type ChartCatalog, type ChartRequest, type FillProblem, type NewsLimits } from './news-engine.ts';
import type { SandboxProblem } from './template-issue.ts';

/**
 * Fills news templates in a worker thread that is killed when a template runs too long or needs
 * too much memory. LiquidJS's renderLimit and memoryLimit are cooperative (checked between tags
 * and in some filters) and have been bypassed before (CVE-2026-44645, an empty for body); a worker
 * with a V8 heap limit and a time-out that terminates it is not.
 *
 * The worker runs the same engine as the pages (news-engine.ts), from its source text: this code
 * runs under Vitest (TypeScript through vite-node), as an esbuild bundle (scripts/run.mjs) and in
 * Astro's build, and in none of them is there a JavaScript file of ours a Worker could load. The
 * packages are loaded by absolute paths resolved here: liquidjs and date-fns have CommonJS builds,
 * d3-format (ESM only) is imported dynamically, which eval workers allow.
 */

export interface SandboxOptions {
  /** Milliseconds one template may take in the worker before it is terminated. */
  timeoutMs: number;
  /** The worker's V8 old-generation heap, in MB. */
  heapMb: number;
}

export const SANDBOX_OPTIONS: SandboxOptions = { timeoutMs: 5_000, heapMb: 256 };

export type SandboxResult = { ok: true; text: string; charts: ChartRequest[] } | { ok: false; problem: FillProblem | SandboxProblem };

/** The worker's whole program. Keep the copied percent filter identical to formatPercent (numbers.ts). */
function workerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { Liquid, LiquidError } = require(workerData.liquidjs);
const { format: formatDate, parseISO } = require(workerData.dateFns);
const escapeMarkdown = (${escapeMarkdown.toString()});
const createNewsEngine = (${createNewsEngine.toString()});
const createComparisonWording = (${createComparisonWording.toString()});
const { randomBytes } = require('node:crypto');
const engine = import(workerData.d3Format).then(({ format }) => {
  const percent = (share, digits) => {
    if (!Number.isInteger(digits) || digits < 0 || digits > 6) {
      throw new RangeError('percent digits must be an integer from 0 to 6, got ' + digits);
    }
    return format('.' + digits + '%')(share);
  };
  const zhDate = (isoDay, pattern) => formatDate(parseISO(isoDay), pattern);
  const nonce = () => randomBytes(16).toString('hex');
  const wording = createComparisonWording();
  return createNewsEngine({ Liquid, LiquidError, escapeMarkdown, percent, zhDate, wording, chartNames: workerData.chartNames, nonce }, workerData.limits);
});
parentPort.on('message', async ({ source, context, charts }) => {
  let result;
  try {
    result = (await engine).fill(source, context, charts);
  } catch (error) {
    result = { ok: false, problem: { limit: 'crash', message: String(error && error.message || error) } };
  }
  parentPort.postMessage(result);
});
`;
}

let cachedSource: string | undefined;

/** Absolute locations of the packages the worker loads, resolved from this module. */
function packagePaths() {
  const require = createRequire(import.meta.url);
  return {
    liquidjs: require.resolve('liquidjs'),
    dateFns: require.resolve('date-fns'),
    // d3-format's exports map sends `require` to the ES module too: import it by URL.
    d3Format: pathToFileURL(require.resolve('d3-format')).href,
  };
}

/**
 * A pool of one worker: templates are filled one at a time, and a worker that was killed is
 * replaced at the next template. Close it when done (its worker does not keep the process alive).
 */
export class TemplateSandbox {
  #worker: Worker | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #options: SandboxOptions;
  readonly #limits: NewsLimits;

  constructor(options: SandboxOptions = SANDBOX_OPTIONS, limits: NewsLimits = NEWS_LIMITS) {
    this.#options = options;
    this.#limits = limits;
  }

  /** Fills one template with its context and its campaign's charts; never throws for a problem of the template. */
  fill(source: string, context: object, charts: ChartCatalog = {}): Promise<SandboxResult> {
    const result = this.#queue.then(() => this.#run(source, context, charts));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.#queue;
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    cachedSource ??= workerSource();
    const worker = new Worker(cachedSource, {
      eval: true,
      workerData: { ...packagePaths(), limits: this.#limits, chartNames: CHART_NAMES },
      resourceLimits: { maxOldGenerationSizeMb: this.#options.heapMb, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    return worker;
  }

  #run(source: string, context: object, charts: ChartCatalog): Promise<SandboxResult> {
    const worker = (this.#worker ??= this.#start());
    return new Promise<SandboxResult>((resolve) => {
      const finish = (result: SandboxResult, kill: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          if (this.#worker === worker) this.#worker = undefined;
          void worker.terminate();
        }
        resolve(result);
      };
      const fail = (problem: SandboxProblem) => finish({ ok: false, problem }, true);
      const onMessage = (result: SandboxResult) => finish(result, false);
      const onError = (error: Error & { code?: string }) =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fail({ limit: 'heap', megabytes: this.#options.heapMb })
          : fail({ limit: 'crash', message: error.message });
      const onExit = (code: number) => fail({ limit: 'crash', message: `worker exited with code ${code}` });
      const timer = setTimeout(() => fail({ limit: 'time', seconds: this.#options.timeoutMs / 1000 }), this.#options.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage({ source, context, charts });
      } catch (error) {
        // A context that cannot be copied to the worker (it is built from parsed data: never expected).
        fail({ limit: 'crash', message: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}
