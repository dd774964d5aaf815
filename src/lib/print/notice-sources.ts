import type { Campaign } from '../model.ts';

/**
 * The files a unit's rectification notice is made from, as its 数据来源 line names them: the
 * campaign's declaration (campaign.yml: title, teams, categories), its problems and its
 * highlights, as CSV or workbook. Not the survey or the news article, which the notice does not
 * show: a unit filing its notice is told only of the files it can check it against.
 */

/** A campaign folder's files the notice reads (load-site-data.ts names them so). */
const NOTICE_FILE = /^(?:campaign\.yml|(?:findings|highlights)\.(?:csv|xlsx))$/;

export function noticeSources(campaign: Pick<Campaign, 'sources'>): string[] {
  return campaign.sources.filter((source) => NOTICE_FILE.test(source.split('/').at(-1) ?? ''));
}
