import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { closeBrowser, launchBrowser, serve, type ServedSite } from './chromium.ts';

export interface SampleSiteInChromium {
  readonly browser: Browser;
  /** The served site's root URL, base path included. */
  readonly url: string;
}

/**
 * The shared sample build (tests/global-setup.ts) served on loopback, and one Chromium, for the
 * describe block that calls this: started before its tests, stopped after them.
 */
export function sampleSiteInChromium(chromiumPath: string): SampleSiteInChromium {
  let site: ServedSite | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await serve(inject('siteDir'), inject('siteBase'));
    browser = await launchBrowser(chromiumPath);
  });
  // Each stop is bounded (tests/helpers/chromium.ts): a browser that will not close is killed.
  afterAll(async () => {
    await closeBrowser(browser);
    await site?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sample site and Chromium start in beforeAll');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get url() {
      return started(site).url;
    },
  };
}
