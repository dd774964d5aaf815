import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The CI templates under deploy/ cannot run here: they are at least valid and shaped as documented. */
const read = (name: string) => parse(readFileSync(path.resolve(import.meta.dirname, '../../deploy', name), 'utf8'), { strict: true, uniqueKeys: true });

describe('deploy/ CI templates', () => {
  it('GitLab CI: checks every push, publishes main on the web server with full history', () => {
    const ci = read('gitlab-ci.yml');
    expect(ci.stages).toEqual(['check', 'publish']);
    expect(ci.variables.GIT_DEPTH).toBe('0');
    expect(ci.check.stage).toBe('check');
    expect(ci.check.script).toEqual(['npm run check']);
    expect(ci.publish.stage).toBe('publish');
    expect(ci.publish.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"' }]);
    expect(ci.publish.tags).toEqual(['intranet-web']);
    expect(ci.publish.script.join('\n')).toMatch(/^npm run publish -- --to \S+/);
    expect(ci.default.before_script.join('\n')).toContain('npm ci');
  });

  it('Gitea / Forgejo Actions: check, then publish main after the check passed', () => {
    const workflow = read('gitea-actions.yml');
    expect(workflow.on.push.branches).toEqual(['**']);
    const { check, publish } = workflow.jobs;
    expect(check.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm run check']);
    expect(publish.needs).toBe('check');
    expect(publish.if).toBe("github.ref == 'refs/heads/main'");
    expect(publish['runs-on']).toBe('intranet-web');
    expect(publish.steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(publish.steps.at(-1).run).toMatch(/^npm run publish -- --to \S+/);
  });
});
