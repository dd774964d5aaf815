import type { Campaign } from '../model.ts';

/**
 * The campaign a news article compares with (`previous` in its template): the one campaign.yml
 * names in `compareWith`, else the latest earlier campaign of the same kind (a monthly check is
 * not compared with a cross-check). Null when there is none: the first of its kind.
 */
export function previousCampaign<C extends Pick<Campaign, 'id' | 'date' | 'kind' | 'compareWith'>>(campaign: C, campaigns: readonly C[]): C | null {
  if (campaign.compareWith !== undefined) {
    // The loader has checked that the id exists (load-site-data.ts).
    return campaigns.find((other) => other.id === campaign.compareWith) ?? null;
  }
  let latest: C | null = null;
  for (const other of campaigns) {
    if (other.kind !== campaign.kind || other.date >= campaign.date) continue;
    // Two earlier campaigns on one day: the larger id, so the choice does not depend on the order given.
    if (!latest || other.date > latest.date || (other.date === latest.date && other.id > latest.id)) latest = other;
  }
  return latest;
}
