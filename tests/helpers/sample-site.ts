import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { serveSite } from '../../scripts/lib/serve-site.ts';

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
  let site: Awaited<ReturnType<typeof serveSite>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await serveSite(inject('siteDir'), inject('siteBase'));
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
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
