import { describe, expect, it } from 'vitest';
import { noticeSources } from '../../src/lib/print/notice-sources.ts';

describe('noticeSources: the files a unit notice names in its sources line', () => {
  it('keeps the declaration, the problems and the highlights, and leaves out the survey and the article', () => {
    const sources = [
      'data/campaigns/c1/campaign.yml',
      'data/campaigns/c1/findings.csv',
      'data/campaigns/c1/highlights.xlsx',
      'data/campaigns/c1/survey.csv',
      'data/campaigns/c1/news.md',
    ];
    expect(noticeSources({ sources })).toEqual(['data/campaigns/c1/campaign.yml', 'data/campaigns/c1/findings.csv', 'data/campaigns/c1/highlights.xlsx']);
  });

  it('goes by the file’s own name, not by a folder or a name that only starts like one', () => {
    const sources = ['data/campaigns/findings.csv-notes/survey.xlsx', 'data/campaigns/c2/findings.xlsx', 'data/campaigns/c2/findings-old.csv'];
    expect(noticeSources({ sources })).toEqual(['data/campaigns/c2/findings.xlsx']);
  });
});
