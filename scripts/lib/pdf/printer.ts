import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * What prints the PDFs, as far as it changes them: the Chromium version and the font files the
 * print stylesheet asks for first. A page's hash does not see either, so an upgrade of Chromium
 * or of a font package would otherwise leave PDFs drawn by the old ones; `npm run pdf` prints
 * again every PDF whose manifest entry names another printer (plan.ts).
 */

/**
 * The print stylesheet's first fonts (src/styles/print.css), TrueType CJK faces: the text's, and
 * the Song face of the notice's title, head and page numbers.
 */
const PRINT_FONTS = ['WenQuanYi Micro Hei', 'AR PL UMing CN'];

const run = promisify(execFile);

export async function printerIdentity(chromiumPath: string): Promise<string> {
  const [browser, ...fonts] = await Promise.all([chromiumVersion(chromiumPath), ...PRINT_FONTS.map(fontFile)]);
  return [browser, ...fonts].join('; ');
}

async function chromiumVersion(chromiumPath: string): Promise<string> {
  try {
    const { stdout } = await run(chromiumPath, ['--version'], { timeout: 20_000 });
    return stdout.trim().split('\n')[0] ?? 'unknown Chromium';
  } catch {
    return `${chromiumPath} (version unknown)`;
  }
}

/** The file fontconfig gives for the family, with its size: a new package version is a new file. */
async function fontFile(family: string): Promise<string> {
  try {
    const { stdout: file } = await run('fc-match', ['-f', '%{file}', family], { timeout: 20_000 });
    const { size } = await stat(file);
    return `${file} (${size} bytes)`;
  } catch {
    return `${family} (not found)`;
  }
}
