import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { serveSite } from '../../scripts/lib/serve-site.ts';
import { childrenOf, GRACE_MS, killTree, onStopAll, settles } from './processes.ts';

/**
 * Chromium and the loopback site server for tests, each with a stop that cannot hang: a
 * Chromium that does not close within the grace period is SIGKILLed (with its renderers and
 * GPU process), and a server still held open by a connection is left to the worker's exit.
 */

/** Each open browser: its pids, and the function that unregisters its stop from stopAll. */
const browsers = new Map<Browser, { pids: number[]; unregister: () => void }>();

/** Starts the system's Chromium as scripts/lib/chromium.ts does, remembering its pid. */
export async function launchBrowser(chromiumPath: string): Promise<Browser> {
  const before = new Set(childrenOf(process.pid).map((child) => child.pid));
  const browser = await launchChromium(chromiumPath);
  // Playwright runs in this process: the browser is a new child of it, a process group leader.
  const pids = childrenOf(process.pid)
    .filter((child) => !before.has(child.pid) && child.command.includes(chromiumPath))
    .map((child) => child.pid);
  // Closed at the end of the test file at the latest (tests/helpers/setup.ts).
  browsers.set(browser, { pids, unregister: onStopAll(() => closeBrowser(browser)) });
  return browser;
}

/** Closes a browser; one that does not close within the grace period is killed. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const { pids = [], unregister } = browsers.get(browser) ?? {};
  unregister?.();
  browsers.delete(browser);
  if (await settles(browser.close(), GRACE_MS)) return;
  console.warn(`Chromium did not close within ${GRACE_MS / 1000} s: killed`);
  for (const pid of pids) killTree(pid, 'SIGKILL');
}

export interface ServedSite {
  /** The site's root URL, base path included. */
  url: string;
  close(): Promise<void>;
}

/** scripts/lib/serve-site.ts's server, whose close waits at most the grace period. */
export async function serve(outDir: string, base = '/'): Promise<ServedSite> {
  const site = await serveSite(outDir, base);
  return {
    url: site.url,
    close: async () => {
      if (!(await settles(site.close(), GRACE_MS))) console.warn(`the site server at ${site.url} still had open connections after ${GRACE_MS / 1000} s`);
    },
  };
}

/**
 * Collects into `problems` what a reader's page should never show: CSP violations, console
 * errors, script errors and failed requests. Chromium asks for /favicon.ico on its own (outside
 * the base path, so a 404): not the site's request.
 */
export async function watchForProblems(context: BrowserContext, problems: string[]): Promise<void> {
  // Added through the DevTools protocol, so the CSP does not apply to it; it only listens.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console: ${message.text()} ${message.location().url}`);
  });
  context.on('weberror', (error) => problems.push(`script error: ${error.error().message}`));
  context.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
}
