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
  /**
   * Walks the whole data directory, following no link, and records an error for whatever could
   * make git or the build do something else than read data (see checkTree).
   */
  checkTree(): Promise<void>;
}

/** Names git gives a meaning to: a `.git` below the top is another repository, the others change what git checks out. */
const GIT_CONTROL_FILES = new Set(['.git', '.gitattributes', '.gitmodules']);
/** What git's discovery takes for a bare repository: HEAD beside objects/ and refs/ (setup.c is_git_directory). */
const REPOSITORY_MARKS = ['objects', 'refs'];
/** A data directory holds hundreds of files; far more is not data (and walking it would be the attack). */
const MAX_TREE_ENTRIES = 200_000;

const HINT = '请把文件本身放进数据目录，不要用符号链接指向别处。';

/**
 * `relative` names a file as issues record it; `display` names a folder in a message as its
 * user knows it (data/, wherever DATA_DIR is checked out).
 */
export function dataFiles(dataDir: string, issues: IssueList, relative: (file: string) => string, display: (file: string) => string = relative): DataFiles {
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

  /** Links already refused: the tree walk meets the links the loader read, and says nothing twice. */
  const refused = new Set<string>();

  /** The file's real path when it is inside `within`; null, with the reason recorded, when not. */
  async function resolveInside(file: string, within: string, what: string): Promise<string | null> {
    const [real, root] = await Promise.all([realpath(file).catch(() => null), realRoot(within)]);
    if (real !== null && root !== null && inside(real, root)) return real;
    if (!refused.has(file)) {
      refused.add(file);
      const message = real === null ? `${what}是一个指向不存在文件的符号链接` : `${what}是指向 ${display(within)}/ 之外（${real}）的符号链接，不会被读取`;
      issues.error(relative(file), { message, hint: HINT });
    }
    return null;
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
      // data/campaigns itself may be a link, but only to a folder inside the data directory:
      // a link to /etc or a home folder would list that folder's entries in the errors.
      if ((await lstat(campaignsDir)).isSymbolicLink()) {
        const real = await resolveInside(campaignsDir, dataDir, '活动总目录');
        if (real === null) return folders;
      }
      if (!(await stat(campaignsDir)).isDirectory()) {
        issues.error(relative(campaignsDir), { message: '这不是一个目录', expected: '存放各检查活动目录的目录' });
        return folders;
      }
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
          issues.warn(relative(dir), {
            message: `${display(campaignsDir)}/ 下的文件不属于任何检查活动，已忽略`,
            hint: `每个检查活动是 ${display(campaignsDir)}/ 下的一个目录。`,
          });
        }
      }
      return folders.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async checkTree() {
      let entries = 0;
      const walk = async (dir: string, top: boolean): Promise<void> => {
        const children = await readdir(dir, { withFileTypes: true }).catch(() => null);
        if (children === null) return; // not a directory, or unreadable: reported where it is read
        const names = new Set(children.map((child) => child.name));
        if (names.has('HEAD') && REPOSITORY_MARKS.some((name) => names.has(name))) {
          issues.error(relative(dir) || '.', {
            message: '这个目录里有 HEAD、objects、refs 等文件，像一个 git 仓库，git 可能把它当作仓库并执行其中的配置',
            expected: '数据目录中只有数据文件（units.csv、campaigns/ 下的各活动目录）',
            hint: '删除这些文件后重新提交。',
          });
        }
        for (const child of children) {
          if (++entries > MAX_TREE_ENTRIES) {
            if (entries === MAX_TREE_ENTRIES + 1)
              issues.error(relative(dataDir), { message: `数据目录中的文件和目录超过 ${MAX_TREE_ENTRIES} 个，不再检查`, expected: '只放数据文件' });
            return;
          }
          const file = path.join(dir, child.name);
          const lowered = child.name.toLowerCase();
          if (GIT_CONTROL_FILES.has(lowered) && !(top && lowered === '.git' && child.isDirectory())) {
            // The top's own .git directory is a data repository of its own (README: DATA_DIR).
            issues.error(relative(file), {
              message:
                lowered === '.git'
                  ? '数据目录中不能有 .git（它会被当作另一个 git 仓库）'
                  : `数据目录中不能有 ${child.name}：它会改变 git 取出的文件，使检查的内容与发布的内容不同`,
              hint: '删除它后重新提交。',
            });
            continue;
          }
          if (child.isSymbolicLink()) {
            await resolveInside(file, dataDir, '这个链接');
          } else if (child.isDirectory()) {
            if (!(top && lowered === '.git')) await walk(file, false);
          } else if (!child.isFile()) {
            issues.error(relative(file), {
              message: '这不是普通文件或目录（可能是管道、套接字或设备）',
              expected: '普通的数据文件',
              hint: '删除它后重新提交。',
            });
          }
        }
      };
      await walk(dataDir, true);
    },
  };
}
