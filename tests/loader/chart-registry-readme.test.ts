import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEWS_CHARTS, NEWS_CHARTS_WITH_ARGUMENT } from '../../src/lib/charts/registry.ts';

/** Issue 23: the charts are one registry; the README's table of `{% chart %}` names follows it. */

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('the README’s chart table', () => {
  it('lists every news chart of the registry, in its order, and no other', () => {
    const written = [...README.matchAll(/^\| `\{% chart "([a-z_]+)"(, "[^"]*")? %\}` \|/gm)].map((match) => ({ name: match[1], argument: Boolean(match[2]) }));
    expect(written).toEqual(NEWS_CHARTS.map((name) => ({ name, argument: NEWS_CHARTS_WITH_ARGUMENT.includes(name) })));
  });
});
