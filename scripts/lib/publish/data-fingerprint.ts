import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a release was built from, when git cannot say (data outside a repository: every such
 * release is named `…-nogit`): a hash of the data folder's content and its newest modification
 * time, kept beside the site as `.release.json` (a dotfile, which nginx does not serve), so that
 * `npm run publish -- --list` tells releases apart.
 */

export const RELEASE_INFO = '.release.json';

export interface DataFingerprint {
  /** sha256 of every file's path and bytes (a link's target), in path order. */
  hash: string;
  /** The newest modification time of a data file (ISO 8601); null for an empty folder. */
  modified: string | null;
  files: number;
}

export async function dataFingerprint(dataDir: string): Promise<DataFingerprint> {
  const hash = createHash('sha256');
  let newest = 0;
  let files = 0;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(file, `${name}/`);
        continue;
      }
      const stats = await lstat(file);
      newest = Math.max(newest, stats.mtimeMs);
      files += 1;
      const bytes = entry.isSymbolicLink() ? Buffer.from(`link:${await readlink(file)}`) : entry.isFile() ? await readFile(file) : Buffer.from('special');
      hash.update(`${name}\0${bytes.length}\0`).update(bytes);
    }
  };
  await walk(dataDir, '');
  return { hash: hash.digest('hex'), modified: newest > 0 ? new Date(newest).toISOString() : null, files };
}

export async function writeReleaseInfo(releaseDir: string, fingerprint: DataFingerprint): Promise<void> {
  await writeFile(path.join(releaseDir, RELEASE_INFO), `${JSON.stringify({ data: fingerprint }, null, 2)}\n`);
}

export async function readReleaseInfo(releaseDir: string): Promise<DataFingerprint | undefined> {
  try {
    const { data } = JSON.parse(await readFile(path.join(releaseDir, RELEASE_INFO), 'utf8')) as { data?: DataFingerprint };
    return typeof data?.hash === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}
