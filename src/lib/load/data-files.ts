import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IssueList } from '../errors.ts';

/**
 * Reads the files of the data directory, and nothing else. Anyone who can commit to data/ can
 * commit a symbolic link (git keeps them), so every path is resolved first and read only if it
 * is a regular file inside the directory it belongs to: a link to /etc/passwd or .git/config
 * is an error naming it, never a page.
 */

export interface DataFiles {
  /** Whether a file is there, as a link or not (a dangling link is there, and reported when read). */
  exists(file: string): Promise<boolean>;
  /** The bytes of a regular file inside `within` (the data or templates directory); null when refused. */
  read(file: string, within: string): Promise<Buffer | null>;
  /** The campaign folders under `campaignsDir`, a link to a folder inside the data directory included. */
  campaignFolders(campaignsDir: string): Promise<Array<{ id: string; dir: string }>>;
}

const HINT = '请把文件本身放进数据目录，不要用符号链接指向别处。';

export function dataFiles(dataDir: string, issues: IssueList, relative: (file: string) => string): DataFiles {
  const realRoots = new Map<string, Promise<string | null>>();
  const realRoot = (dir: string) => {
    let real = realRoots.get(dir);
    if (!real) {
      real = realpath(dir).catch(() => null);
      realRoots.set(dir, real);
    }
    return real;
  };
  const inside = (file: string, dir: string) => file.startsWith(`${dir}${path.sep}`);

  /** The file's real path when it is inside `within`; null, with the reason recorded, when not. */
  async function resolveInside(file: string, within: string, what: string): Promise<string | null> {
    const [real, root] = await Promise.all([realpath(file).catch(() => null), realRoot(within)]);
    if (real === null) {
      issues.error(relative(file), { message: `${what}是一个指向不存在文件的符号链接`, hint: HINT });
      return null;
    }
    if (root === null || !inside(real, root)) {
      issues.error(relative(file), { message: `${what}是指向 ${relative(within)}/ 之外（${real}）的符号链接，不会被读取`, hint: HINT });
      return null;
    }
    return real;
  }

  return {
    exists: (file) =>
      lstat(file).then(
        () => true,
        () => false,
      ),

    async read(file, within) {
      const real = await resolveInside(file, within, '这个文件');
      if (real === null) return null;
      if (!(await stat(real)).isFile()) {
        issues.error(relative(file), { message: '这不是一个普通文件（可能是目录或设备）', expected: '普通的文本文件' });
        return null;
      }
      return readFile(real);
    },

    async campaignFolders(campaignsDir) {
      const folders: Array<{ id: string; dir: string }> = [];
      for (const entry of await readdir(campaignsDir, { withFileTypes: true })) {
        const dir = path.join(campaignsDir, entry.name);
        if (entry.isSymbolicLink()) {
          const real = await resolveInside(dir, dataDir, '活动目录');
          if (real === null) continue;
          if ((await stat(real)).isDirectory()) folders.push({ id: entry.name, dir });
          else issues.warn(relative(dir), { message: '指向的不是目录，不是检查活动，已忽略' });
        } else if (entry.isDirectory()) {
          folders.push({ id: entry.name, dir });
        } else {
          issues.warn(relative(dir), { message: 'data/campaigns/ 下的文件不属于任何检查活动，已忽略', hint: '每个检查活动是 data/campaigns/ 下的一个目录。' });
        }
      }
      return folders.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}
