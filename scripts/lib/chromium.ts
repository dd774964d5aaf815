import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Starts the system's Chromium (Debian's `chromium` by default; the CHROMIUM_PATH setting points
 * at another Chromium or Chrome). The flags keep it from reaching for a network the intranet
 * does not have.
 */

export class BrowserNotFoundError extends Error {
  override readonly name = 'BrowserNotFoundError';
  constructor(chromiumPath: string) {
    super(
      `找不到 Chromium：${chromiumPath} 不存在。\n` +
        '  Debian/Ubuntu：sudo apt-get install chromium（Ubuntu 上为 chromium-browser）\n' +
        '  或设置环境变量 CHROMIUM_PATH 指向 Chromium/Chrome 的可执行文件，例如\n' +
        '  CHROMIUM_PATH=/usr/bin/google-chrome npm run pdf',
    );
  }
}

export async function launchChromium(chromiumPath: string): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new BrowserNotFoundError(chromiumPath);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
