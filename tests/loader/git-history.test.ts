import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffFindings, readFindingStatuses } from '../../src/lib/history/diff-findings.ts';
import {
  findingsHistories,
  findingsHistory,
  findRepository,
  headCommit,
  lastCommit,
  lastCommits,
  repository,
  workTreeStatus,
} from '../../src/lib/history/git-history.ts';
import { hasUncommitted, readProvenance } from '../../src/lib/history/provenance.ts';
import { createFixture } from '../helpers/data-fixture.ts';
import { quickOutput } from '../helpers/processes.ts';
import type { Status } from '../../src/lib/tables/findings.ts';

const FINDINGS = 'data/campaigns/c1/findings.csv';
const CAMPAIGN_PATHS = ['data/campaigns/c1'];

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'git-history-'));
  temporaryDirs.push(dir);
  return dir;
}

interface TestRepo {
  root: string;
  /** Writes (or, for null, deletes) the files and commits them on day `day` of September 2025. */
  commit(files: Record<string, string | Uint8Array | null>, subject: string, day: number): string;
  shortHash(hash: string): string;
  /** Runs git in the repository, e.g. to stage a change without committing it. */
  git(args: string[]): string;
}

function createRepo(root = temporaryDir()): TestRepo {
  // Only our variables: a GIT_DIR inherited from a hook would send these commands elsewhere.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  const git = (args: string[], env: NodeJS.ProcessEnv = baseEnv) => quickOutput('git', args, { cwd: root, env }).trim();
  git(['init', '--quiet']);
  return {
    root,
    commit(files, subject, day) {
      for (const [file, content] of Object.entries(files)) {
        const full = path.join(root, file);
        if (content === null) {
          rmSync(full);
          continue;
        }
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
      const date = `2025-09-${String(day).padStart(2, '0')}T10:00:00+08:00`;
      git(['add', '--all']);
      git(['-c', 'user.name=检查组', '-c', 'user.email=team@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '-m', subject], {
        ...baseEnv,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      return git(['rev-parse', 'HEAD']);
    },
    shortHash: (hash) => git(['rev-parse', '--short', hash]),
    git: (args) => git(args),
  };
}

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const CHINESE_HEADER = '编号,被检单位,问题类别,问题描述,整改状态';

describe('findingsHistory and lastCommit on a repository', () => {
  let repo: TestRepo;
  const hashes: string[] = [];

  beforeAll(() => {
    repo = createRepo();
    hashes.push(
      repo.commit(
        {
          'data/units.csv': csv('id,name,sector', 'u1,甲公司,水泥板块', 'u2,乙公司,水泥板块', 'u3,丙电站,水电板块'),
          [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,执行不规范,纪要缺签字,未整改', 'F2,u2,执行不规范,素材不全,整改中', 'F3,u3,标准化建设不完善,无模板,'),
        },
        '录入检查问题',
        1,
      ),
      repo.commit(
        { [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,执行不规范,纪要缺签字,未整改', 'F2,u2,执行不规范,素材不全,已整改', 'F3,u3,标准化建设不完善,无模板,') },
        'F2 已整改',
        2,
      ),
      repo.commit(
        { [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,执行不规范,7月纪要缺签字,未整改', 'F2,u2,执行不规范,素材不全,已整改', 'F3,u3,标准化建设不完善,无模板,') },
        '修改问题描述',
        3,
      ),
      // English headers and codes this time: the same findings must not look changed.
      repo.commit(
        {
          [FINDINGS]: csv(
            'id,unit,category,description,status',
            'F1,u1,执行不规范,7月纪要缺签字,open',
            'F2,u2,执行不规范,素材不全,closed',
            'F4,u3,执行不规范,无台账,in_progress',
          ),
        },
        '新增 F4，删除 F3',
        4,
      ),
      // Saved by Excel on Chinese Windows: a misread status word would show up as a change.
      repo.commit(
        {
          [FINDINGS]: iconv.encode(
            csv(CHINESE_HEADER, 'F1,u1,执行不规范,7月纪要缺签字,整改中', 'F2,u2,执行不规范,素材不全,已整改', 'F4,u3,执行不规范,无台账,整改中'),
            'gb18030',
          ),
        },
        'F1 整改中（GBK 导出）',
        5,
      ),
      repo.commit({ 'data/units.csv': csv('id,name,sector', 'u1,甲公司,水泥板块') }, '更新单位名录', 6),
    );
  });

  it('lists the commits that changed findings.csv, newest first, with what each changed', () => {
    const history = findingsHistory(repo.root, FINDINGS);
    expect(history?.map(({ commit, ...change }) => ({ hash: commit.hash, ...change }))).toEqual([
      { hash: hashes[4], added: [], removed: [], statusChanges: [{ id: 'F1', from: 'open', to: 'in_progress' }], unreadable: false },
      { hash: hashes[3], added: ['F4'], removed: ['F3'], statusChanges: [], unreadable: false },
      { hash: hashes[2], added: [], removed: [], statusChanges: [], unreadable: false },
      { hash: hashes[1], added: [], removed: [], statusChanges: [{ id: 'F2', from: 'in_progress', to: 'closed' }], unreadable: false },
      { hash: hashes[0], added: ['F1', 'F2', 'F3'], removed: [], statusChanges: [], unreadable: false },
    ]);
    expect(history?.[0]?.commit).toEqual({
      hash: hashes[4],
      shortHash: repo.shortHash(hashes[4] as string),
      date: '2025-09-05T10:00:00+08:00',
      author: '检查组',
      subject: 'F1 整改中（GBK 导出）',
    });
  });

  it('compares the oldest commit within the limit with its own previous version', () => {
    const history = findingsHistory(repo.root, FINDINGS, 2);
    expect(history?.map((change) => [change.commit.hash, change.added, change.removed])).toEqual([
      [hashes[4], [], []],
      [hashes[3], ['F4'], ['F3']],
    ]);
  });

  it('finds the last commit that touched the given paths', () => {
    expect(lastCommit(repo.root, CAMPAIGN_PATHS)).toEqual({
      hash: hashes[4],
      shortHash: repo.shortHash(hashes[4] as string),
      date: '2025-09-05T10:00:00+08:00',
      author: '检查组',
      subject: 'F1 整改中（GBK 导出）',
    });
    expect(lastCommit(repo.root, [...CAMPAIGN_PATHS, 'data/units.csv'])?.hash).toBe(hashes[5]);
  });

  it('returns nothing for paths no commit touched', () => {
    expect(lastCommit(repo.root, ['data/campaigns/none'])).toBeNull();
    expect(lastCommit(repo.root, [])).toBeNull();
    expect(findingsHistory(repo.root, 'data/campaigns/none/findings.csv')).toEqual([]);
  });
});

describe('findingsHistory with versions it cannot read', () => {
  it('marks them unreadable and compares the next version with the last readable one', () => {
    const repo = createRepo();
    const first = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,未整改', 'F2,u1,c,d,未整改') }, '录入', 1);
    const garbage = repo.commit({ [FINDINGS]: Uint8Array.from([0xff, 0xfa, 0x00, 0x81, 0x0a, 0xff, 0x30]) }, '损坏的文件', 2);
    const noId = repo.commit({ [FINDINGS]: csv('被检单位,问题描述', 'u1,d') }, '缺少编号列', 3);
    const fixed = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,已整改', 'F2,u1,c,d,未整改', 'F3,u1,c,d,') }, '修复', 4);
    const deleted = repo.commit({ [FINDINGS]: null }, '删除问题清单', 5);

    expect(findingsHistory(repo.root, FINDINGS)?.map(({ commit, ...change }) => ({ hash: commit.hash, ...change }))).toEqual([
      { hash: deleted, added: [], removed: ['F1', 'F2', 'F3'], statusChanges: [], unreadable: false },
      { hash: fixed, added: ['F3'], removed: [], statusChanges: [{ id: 'F1', from: 'open', to: 'closed' }], unreadable: false },
      { hash: noId, added: [], removed: [], statusChanges: [], unreadable: true },
      { hash: garbage, added: [], removed: [], statusChanges: [], unreadable: true },
      { hash: first, added: ['F1', 'F2'], removed: [], statusChanges: [], unreadable: false },
    ]);
  });
});

describe('headCommit', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names the checked-out commit of the folder asked about, even from a git hook that points git elsewhere', () => {
    const repo = createRepo();
    const hash = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,') }, '录入', 1);
    const elsewhere = createRepo();
    elsewhere.commit({ 'README.md': '另一个仓库\n' }, '另一个仓库', 2);
    // What a pre-receive hook exports for its own (here: another) repository.
    vi.stubEnv('GIT_DIR', path.join(elsewhere.root, '.git'));
    vi.stubEnv('GIT_OBJECT_DIRECTORY', path.join(elsewhere.root, '.git', 'objects'));
    vi.stubEnv('GIT_INDEX_FILE', path.join(elsewhere.root, '.git', 'index'));
    expect(headCommit(path.join(repo.root, 'data'))).toBe(hash);
    expect(headCommit(temporaryDir())).toBeNull();
  });
});

describe('without git history', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns null for a directory that is not in a git work tree', () => {
    const root = temporaryDir();
    expect(lastCommit(root, CAMPAIGN_PATHS)).toBeNull();
    expect(findingsHistory(root, FINDINGS)).toBeNull();
  });

  it('returns null when git is not installed', () => {
    const repo = createRepo();
    repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,') }, '录入', 1);
    vi.stubEnv('PATH', path.join(repo.root, 'no-such-dir'));
    expect(lastCommit(repo.root, CAMPAIGN_PATHS)).toBeNull();
    expect(findingsHistory(repo.root, FINDINGS)).toBeNull();
  });
});

describe('readFindingStatuses', () => {
  it.each<[string, string | Uint8Array, Array<[string, Status]> | null]>([
    [
      'English headers and codes',
      csv('id,unit,category,description,status', 'F1,u1,c,d,closed', 'F2,u1,c,d,IN_PROGRESS', 'F3,u1,c,d,'),
      [
        ['F1', 'closed'],
        ['F2', 'in_progress'],
        ['F3', 'open'],
      ],
    ],
    [
      'Chinese headers and words',
      csv(CHINESE_HEADER, 'F1,u1,c,d,已整改', 'F2,u1,c,d,整改中', 'F3,u1,c,d,未整改'),
      [
        ['F1', 'closed'],
        ['F2', 'in_progress'],
        ['F3', 'open'],
      ],
    ],
    [
      'GB18030 with columns in another order',
      iconv.encode(csv('整改状态,编号', '已整改,F1', ',F2'), 'gb18030'),
      [
        ['F1', 'closed'],
        ['F2', 'open'],
      ],
    ],
    [
      'no status column: all open',
      csv('编号,问题描述', 'F1,d', 'F2,d'),
      [
        ['F1', 'open'],
        ['F2', 'open'],
      ],
    ],
    [
      'an unknown status word as open',
      csv('id,status', 'F1,done', 'F2,closed'),
      [
        ['F1', 'open'],
        ['F2', 'closed'],
      ],
    ],
    ['rows without an id skipped, a repeated id read once', csv('id,status', ',closed', 'F1,closed', 'F1,open'), [['F1', 'closed']]],
    ['missing id column', csv('unit,status', 'u1,closed'), null],
    ['an empty file', '', null],
    ['undecodable bytes', Uint8Array.from([0x69, 0x64, 0x0a, 0xff, 0xfa, 0x0a]), null],
  ])('reads %s', (_name, content, expected) => {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const statuses = readFindingStatuses(bytes, FINDINGS);
    expect(statuses && [...statuses]).toEqual(expected);
  });
});

describe('diffFindings', () => {
  const map = (...entries: Array<[string, Status]>) => new Map(entries);

  it.each([
    ['nothing changed', map(['F1', 'open']), map(['F1', 'open']), { added: [], removed: [], statusChanges: [] }],
    ['a first version', map(), map(['F2', 'open'], ['F1', 'closed']), { added: ['F2', 'F1'], removed: [], statusChanges: [] }],
    ['a deleted file', map(['F2', 'open'], ['F1', 'closed']), map(), { added: [], removed: ['F2', 'F1'], statusChanges: [] }],
    [
      'additions, removals and status changes, each in file order',
      map(['A', 'open'], ['B', 'open'], ['C', 'closed'], ['E', 'in_progress']),
      map(['D', 'open'], ['C', 'open'], ['A', 'closed'], ['E', 'in_progress']),
      {
        added: ['D'],
        removed: ['B'],
        statusChanges: [
          { id: 'C', from: 'closed', to: 'open' },
          { id: 'A', from: 'open', to: 'closed' },
        ],
      },
    ],
  ])('reports %s', (_name, before, after, expected) => {
    expect(diffFindings(before, after)).toEqual(expected);
  });
});

describe('many campaigns at once', () => {
  it('reads every campaign’s last commit and findings history with one git log each', () => {
    const repo = createRepo();
    const other = 'data/campaigns/c2/findings.csv';
    const first = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,未整改'), [other]: csv(CHINESE_HEADER, 'G1,u1,c,d,未整改') }, '录入两次活动', 1);
    const second = repo.commit({ [other]: csv(CHINESE_HEADER, 'G1,u1,c,d,已整改') }, '第二次活动整改完成', 2);
    const groups = new Map([
      ['c1', [FINDINGS]],
      ['c2', [other]],
      ['none', ['data/campaigns/none/findings.csv']],
    ]);
    const commits = lastCommits(repo.root, groups);
    expect([...(commits ?? new Map())].map(([key, commit]) => [key, commit?.hash ?? null])).toEqual([
      ['c1', first],
      ['c2', second],
      ['none', null],
    ]);
    const histories = findingsHistories(repo.root, [FINDINGS, other]);
    expect(histories?.get(FINDINGS)?.map((change) => [change.commit.hash, change.added])).toEqual([[first, ['F1']]]);
    expect(histories?.get(other)?.map((change) => [change.commit.hash, change.statusChanges])).toEqual([
      [second, [{ id: 'G1', from: 'open', to: 'closed' }]],
      [first, []],
    ]);
    expect(histories?.get(other)?.[1]?.added).toEqual(['G1']);
  });
});

describe('uncommitted changes', () => {
  const write = (root: string, file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };

  it('lists the files edited, staged, deleted or never committed under the paths asked about, from one git status', () => {
    const repo = createRepo();
    const other = 'data/campaigns/c2/findings.csv';
    const spaced = 'data/campaigns/c2/带 空格的 说明.md';
    repo.commit(
      {
        [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,未整改'),
        [other]: csv(CHINESE_HEADER, 'G1,u1,c,d,未整改'),
        'data/campaigns/c1/campaign.yml': 'title: 测试\n',
        'data/units.csv': csv('id,name,sector', 'u1,甲公司,水泥板块'),
        [spaced]: 'x\n',
        'templates/news.md': '# 标题\n',
        'README.md': '说明\n',
      },
      '录入',
      1,
    );
    expect(workTreeStatus(repo.root, repo.root, ['data', 'templates/news.md'])).toEqual({ initial: false, uncommitted: [] });

    write(repo.root, FINDINGS, csv(CHINESE_HEADER, 'F1,u1,c,d,已整改')); // edited
    write(repo.root, other, csv(CHINESE_HEADER, 'G1,u1,c,d,已整改'));
    repo.git(['add', other]); // staged, not committed
    rmSync(path.join(repo.root, 'data/campaigns/c1/campaign.yml')); // deleted
    write(repo.root, 'data/campaigns/c3/highlights.csv', 'id\n'); // never committed, in a new folder
    write(repo.root, spaced, 'y\n'); // a name with spaces and Chinese
    write(repo.root, 'templates/news.md', '# 新标题\n');
    write(repo.root, 'README.md', '改了\n'); // not asked about

    expect(workTreeStatus(repo.root, repo.root, ['data', 'templates/news.md'])).toEqual({
      initial: false,
      uncommitted: ['data/campaigns/c1/campaign.yml', FINDINGS, other, spaced, 'data/campaigns/c3/highlights.csv', 'templates/news.md'].sort(),
    });
    expect(workTreeStatus(repo.root, repo.root, ['data/units.csv'])).toEqual({ initial: false, uncommitted: [] });
  });

  it('names files from the project root when the project is a folder inside the work tree', () => {
    const repo = createRepo();
    repo.commit({ [`site/${FINDINGS}`]: csv(CHINESE_HEADER, 'F1,u1,c,d,未整改') }, '录入', 1);
    write(repo.root, `site/${FINDINGS}`, csv(CHINESE_HEADER, 'F1,u1,c,d,已整改'));
    const project = path.join(repo.root, 'site');
    const { state, top } = repository(path.join(project, 'data'));
    expect(state).toBe('complete');
    expect(workTreeStatus(project, top ?? '', ['data'])?.uncommitted).toEqual([FINDINGS]);
  });

  it('says so when nothing has been committed yet', () => {
    const repo = createRepo();
    write(repo.root, FINDINGS, 'id\n');
    expect(workTreeStatus(repo.root, repo.root, ['data'])).toEqual({ initial: true, uncommitted: [FINDINGS] });
  });

  it('returns null outside a git work tree', () => {
    const root = temporaryDir();
    expect(repository(root)).toEqual({ state: 'none', top: null });
    expect(workTreeStatus(root, root, ['data'])).toBeNull();
  });
});

describe('readProvenance with uncommitted data', () => {
  const fixtures: Array<ReturnType<typeof createFixture>> = [];
  afterAll(() => {
    for (const fixture of fixtures) fixture.cleanup();
  });
  const project = () => {
    const fixture = createFixture();
    fixtures.push(fixture);
    return { fixture, repo: createRepo(fixture.root) };
  };

  it('keeps the last commit and records the files changed since', async () => {
    const { fixture, repo } = project();
    const hash = repo.commit({}, '录入数据', 1);
    fixture.write('data/campaigns/c1/findings.csv', 'id,unit,category,description\nF9,u1,执行不规范,新问题\n');
    const { data } = await fixture.load();
    const provenance = readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns);
    expect(provenance.unknown).toBeNull();
    expect(provenance.commits?.c1?.hash).toBe(hash);
    expect(provenance.dataCommit?.hash).toBe(hash);
    expect(provenance.uncommitted).toEqual(['data/campaigns/c1/findings.csv']);
    const [campaign] = data.campaigns;
    expect(hasUncommitted(provenance, campaign?.sources ?? [])).toBe(true);
    expect(hasUncommitted(provenance, ['data'])).toBe(true);
    expect(hasUncommitted(provenance, ['.'])).toBe(true);
    expect(hasUncommitted(provenance, ['data/units.csv'])).toBe(false);
    expect(hasUncommitted(provenance, ['data/campaigns/c'])).toBe(false); // a prefix of a name is not its folder
  });

  it('watches the default news template too', async () => {
    const { fixture, repo } = project();
    repo.commit({}, '录入数据', 1);
    fixture.write('templates/news.md', '# {{ campaign.title }}\n\n改写的模板。\n');
    const { data } = await fixture.load();
    expect(readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns).uncommitted).toEqual(['templates/news.md']);
  });

  it('gives every campaign no commit and an empty history before the first commit, not "outside git"', async () => {
    const { fixture } = project();
    const { data } = await fixture.load();
    const provenance = readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns);
    expect(provenance).toMatchObject({ unknown: null, commits: { c1: null }, histories: { c1: [] }, dataCommit: null });
    expect(provenance.uncommitted).toEqual(expect.arrayContaining(['data/units.csv', 'data/campaigns/c1/findings.csv', 'templates/news.md']));
  });

  it('reads the history of data kept in a repository of its own, beside the app (as the publishing hooks check it out)', async () => {
    const fixture = createFixture();
    fixtures.push(fixture);
    const dataRepo = createRepo(path.join(fixture.root, 'data'));
    const first = dataRepo.commit({}, '录入数据', 1);
    const second = dataRepo.commit({ 'campaigns/c1/findings.csv': 'id,unit,category,description,status\nF1,u1,执行不规范,问题,已整改\n' }, '更新整改状态', 3);
    fixture.write('templates/news.md', '# {{ campaign.title }}\n\n应用自带的模板，不在数据仓库中。\n');
    const { data } = await fixture.load();
    const provenance = readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns);
    expect(provenance).toMatchObject({ unknown: null, uncommitted: [] });
    expect(provenance.commits?.c1).toMatchObject({ hash: second, date: '2025-09-03T10:00:00+08:00' });
    expect(provenance.dataCommit?.hash).toBe(second);
    expect(provenance.histories?.c1?.map((change) => change.commit.hash)).toEqual([second, first]);

    fixture.write('data/campaigns/c1/findings.csv', 'id,unit,category,description,status\nF1,u1,执行不规范,问题,整改中\n');
    expect(readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns).uncommitted).toEqual(['data/campaigns/c1/findings.csv']);
  });

  it('records nothing outside git', async () => {
    const fixture = createFixture();
    fixtures.push(fixture);
    const { data } = await fixture.load();
    expect(readProvenance(fixture.root, path.join(fixture.root, 'data'), data.campaigns)).toEqual({
      unknown: 'outside-git',
      commits: null,
      histories: null,
      dataCommit: null,
      uncommitted: null,
    });
  });
});

describe('git on hostile data (a push may write anything under data/)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** Makes `dir` look like a bare repository to git's discovery, with a config that runs a command. */
  function plantBareRepository(dir: string, marker: string): void {
    for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags']) mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, 'HEAD'), 'ref: refs/heads/main\n');
    const command = `touch ${JSON.stringify(marker)}; echo`;
    writeFileSync(
      path.join(dir, 'config'),
      `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = ${JSON.stringify(command)}\n\tpager = ${JSON.stringify(command)}\n[alias]\n\tlog = !${command}\n`,
    );
  }

  it('never runs a command from a repository-shaped data folder (core.fsmonitor, pager), and reads the real repository', async () => {
    const repo = createRepo();
    const marker = path.join(temporaryDir(), 'pwned');
    const hash = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,') }, '录入', 1);
    // What the push adds: data/HEAD, data/config, data/objects/, data/refs/ (and the same one level down).
    plantBareRepository(path.join(repo.root, 'data'), marker);
    plantBareRepository(path.join(repo.root, 'data', 'campaigns'), marker);
    repo.git(['add', '--all']);
    const top = path.join(repo.root, 'data');
    for (const dir of [top, path.join(top, 'campaigns'), path.join(top, 'campaigns', 'c1')]) {
      expect(headCommit(dir)).toBe(hash);
      lastCommit(dir, ['.']);
      workTreeStatus(dir, repo.root, ['.']);
    }
    expect(findingsHistory(repo.root, FINDINGS)?.map((change) => change.commit.hash)).toEqual([hash]);
    expect(existsSync(marker)).toBe(false);
  });

  it('finds no repository at all when only a bare-repository-shaped folder is there', () => {
    const root = temporaryDir();
    const marker = path.join(temporaryDir(), 'pwned');
    plantBareRepository(path.join(root, 'data'), marker);
    expect(findRepository(path.join(root, 'data'))).toBeNull();
    expect(headCommit(path.join(root, 'data'))).toBeNull();
    expect(repository(path.join(root, 'data'))).toEqual({ state: 'none', top: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('ignores configuration and commands passed in a hook’s environment (GIT_CONFIG_*, GIT_EXTERNAL_DIFF)', () => {
    const repo = createRepo();
    const marker = path.join(temporaryDir(), 'pwned');
    const hash = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,') }, '录入', 1);
    vi.stubEnv('GIT_CONFIG_COUNT', '1');
    vi.stubEnv('GIT_CONFIG_KEY_0', 'core.fsmonitor');
    vi.stubEnv('GIT_CONFIG_VALUE_0', `touch ${marker}; echo`);
    vi.stubEnv('GIT_EXTERNAL_DIFF', `touch ${marker}`);
    expect(headCommit(repo.root)).toBe(hash);
    expect(workTreeStatus(repo.root, repo.root, ['data'])).toEqual({ initial: false, uncommitted: [] });
    expect(existsSync(marker)).toBe(false);
  });

  it('reads subjects holding control characters (U+001E, NUL-free) and file names outside ASCII', () => {
    const repo = createRepo();
    const file = 'data/campaigns/c1/问题 清单.csv';
    const first = repo.commit({ [FINDINGS]: csv(CHINESE_HEADER, 'F1,u1,c,d,'), [file]: 'a\n' }, '录入\u001e数据\u0001', 1);
    const second = repo.commit({ [file]: 'b\n' }, '\u001e', 2);
    const commits = lastCommits(
      repo.root,
      new Map([
        ['c1', [FINDINGS]],
        ['named', [file]],
      ]),
    );
    expect(commits?.get('c1')).toMatchObject({ hash: first, subject: '录入 数据 ', date: '2025-09-01T10:00:00+08:00' });
    expect(commits?.get('named')).toMatchObject({ hash: second, subject: ' ' });
    expect(lastCommit(repo.root, [file])?.hash).toBe(second);
    expect(findingsHistory(repo.root, FINDINGS)?.map((change) => [change.commit.hash, change.added])).toEqual([[first, ['F1']]]);
  });
});
