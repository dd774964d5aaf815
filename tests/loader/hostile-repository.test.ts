import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { quickOutput } from '../helpers/processes.ts';
import { CAMPAIGN, createFixture, describeIssues, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Issue 20: a tree that a push can write under data/ and that would make git, or the build,
 * do something else than read data. Each is refused by the data check with a located error,
 * so the pre-receive hook rejects the push before any git command runs on it.
 */

let fixture: Fixture | undefined;
const outsideDirs: string[] = [];
afterEach(() => {
  fixture?.cleanup();
  for (const dir of outsideDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project() {
  fixture = createFixture();
  return fixture;
}

/** What a push adds to look like a bare repository to git: HEAD, config, objects/, refs/. */
function plantRepository(data: Fixture, dir: string) {
  data.write(`${dir}/HEAD`, 'ref: refs/heads/main\n');
  data.write(`${dir}/config`, '[core]\n\tbare = true\n\tfsmonitor = "touch /tmp/pwned; echo"\n');
  data.write(`${dir}/objects/info/.keep`, '');
  data.write(`${dir}/refs/heads/.keep`, '');
}

describe('a repository-shaped tree under data/ is refused where it is', () => {
  it.each(['data', 'data/campaigns', CAMPAIGN, 'data/extra/deep'])('HEAD, config, objects/ and refs/ in %s', async (dir) => {
    const data = project();
    plantRepository(data, dir);
    const errors = describeIssues(await data.loadErrors());
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^${dir}:-:- 这个目录里有 HEAD、objects、refs 等文件，像一个 git 仓库`)));
  });

  it.each([
    [`${CAMPAIGN}/.git/config`, `${CAMPAIGN}/.git`, '数据目录中不能有 .git'],
    [`${CAMPAIGN}/.GIT`, `${CAMPAIGN}/.GIT`, '数据目录中不能有 .git'],
    ['data/.gitattributes', 'data/.gitattributes', '数据目录中不能有 .gitattributes'],
    [`${CAMPAIGN}/.gitattributes`, `${CAMPAIGN}/.gitattributes`, '数据目录中不能有 .gitattributes'],
    ['data/.gitmodules', 'data/.gitmodules', '数据目录中不能有 .gitmodules'],
  ])('%s', async (written, reported, message) => {
    const data = project();
    data.write(written, '* export-ignore\n');
    expect(describeIssues(await data.loadErrors())).toContainEqual(expect.stringContaining(`${reported}:-:- ${message}`));
  });

  it('a data repository of its own (data/.git, as README’s DATA_DIR allows) is accepted', async () => {
    const data = project();
    quickOutput('git', ['init', '--quiet', path.join(data.root, 'data')]);
    await expect(data.load()).resolves.toBeDefined();
  });
});

describe('links and special files on every folder on the way', () => {
  it('data/campaigns as a link to a folder outside data/ lists nothing of that folder', async () => {
    const data = project();
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    outsideDirs.push(outside);
    for (const name of ['secret-project', 'salaries-2026']) mkdirSync(path.join(outside, name));
    writeFileSync(path.join(outside, 'id_rsa'), 'key');
    rmSync(path.join(data.root, 'data/campaigns'), { recursive: true });
    symlinkSync(outside, path.join(data.root, 'data/campaigns'));
    const issues = await data.loadIssues();
    const text = describeIssues(issues).join('\n');
    expect(text).toMatch(/^data\/campaigns:-:- 活动总目录是指向 data\/ 之外/m);
    for (const name of ['secret-project', 'salaries-2026', 'id_rsa']) expect(text).not.toContain(name);
  });

  it('data/campaigns as a link inside data/ is read', async () => {
    const data = project();
    renameSync(path.join(data.root, 'data/campaigns'), path.join(data.root, 'data/archive'));
    symlinkSync('archive', path.join(data.root, 'data/campaigns'));
    const { data: site } = await data.load();
    expect(site.campaigns.map((campaign) => campaign.id)).toEqual(['c1']);
  });

  it('a link nothing reads, to a place outside data/, is still refused', async () => {
    const data = project();
    symlinkSync('/etc', path.join(data.root, CAMPAIGN, 'attachments'));
    expect(describeIssues(await data.loadErrors())).toContainEqual(expect.stringMatching(new RegExp(`^${CAMPAIGN}/attachments:-:- 这个链接是指向 data/ 之外`)));
  });

  it('a named pipe is refused, not read (reading it would hang the check)', async () => {
    const data = project();
    quickOutput('mkfifo', [path.join(data.root, CAMPAIGN, 'extra.csv')]);
    expect(describeIssues(await data.loadErrors())).toContainEqual(`${CAMPAIGN}/extra.csv:-:- 这不是普通文件或目录（可能是管道、套接字或设备）`);
  });
});
