import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Writes `file.gz` and `file.br` beside every text file of a release, for nginx's gzip_static
 * (and brotli_static where that module is installed): compressed once at publish time instead
 * of on every request. Moderate levels: the large scale is 160 MB, and brotli's top quality
 * would take minutes for a few per cent less.
 */

export const COMPRESSED_EXTENSIONS = ['.html', '.css', '.js', '.svg', '.json', '.csv', '.xml', '.txt'];
export const GZIP_LEVEL = 6;
export const BROTLI_QUALITY = 5;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Compresses every text file under `dir`; resolves to how many files, and their bytes before and after gzip. */
export async function precompress(dir: string, concurrency = 4): Promise<{ files: number; bytes: number; gzipBytes: number }> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && COMPRESSED_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name));
  let bytes = 0;
  let gzipBytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      const content = await readFile(file);
      const [gz, br] = await Promise.all([
        gzipAsync(content, { level: GZIP_LEVEL }),
        brotliAsync(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
      ]);
      await writeFile(`${file}.gz`, gz);
      await writeFile(`${file}.br`, br);
      bytes += content.length;
      gzipBytes += gz.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { files: files.length, bytes, gzipBytes };
}
