import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTINGS, settingsTableMarkdown } from '../../src/lib/settings.ts';

/** Issue 23: the settings are one table; the README and every reader follow it. */

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs|astro)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the settings table', () => {
  it('is the README’s 环境变量 table, row for row', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`${settingsTableMarkdown()}\n`);
  });

  it('is the only reader of a setting: no other module reads one from process.env', () => {
    const readers = [...sourceFiles('src'), ...sourceFiles('scripts')]
      .filter((file) => !file.endsWith(path.join('src', 'lib', 'settings.ts')))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return Object.keys(SETTINGS)
          .filter((name) => text.includes(`process.env.${name}`) || text.includes(`process.env['${name}']`))
          .map((name) => `${path.relative(ROOT, file)}: ${name}`);
      });
    expect(readers).toEqual([]);
  });

  it('refuses every bad value in one message, each in the words of its declaration', () => {
    const message = (() => {
      try {
        readSettings({ SITE_TITLE: '<script>', ASTRO_LOG_LEVEL: 'loud', BASE_PATH: 'reports' });
      } catch (error) {
        return error instanceof Error ? error.message : '';
      }
      return 'accepted';
    })();
    for (const words of ['SITE_TITLE 应为不超过 30 个字的一行文字', 'ASTRO_LOG_LEVEL 应为 info、debug、warn、error 或 silent', 'BASE_PATH 应以 / 开头'])
      expect(message).toContain(words);
    expect(readSettings({ SITE_TITLE: ' 某集团绩效检查 ' })).toMatchObject({ siteTitle: '某集团绩效检查', astroLogLevel: undefined });
  });
});
