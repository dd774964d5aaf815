import { getCollection } from 'astro:content';
import type { Campaign, Unit } from './lib/model.ts';
import { withBase } from './lib/url.ts';

/** Site-wide constants and the thin bindings of the core to Astro. */

export const SITE_TITLE = '绩效检查报告';

/** Set by `npm run pdf`, which prints the PDFs into the same build: only then do pages link to them. */
export const PDF_LINKS = process.env.PDF_LINKS === '1';

/** A link that works under the intranet's sub-path. */
export function href(path = ''): string {
  return withBase(import.meta.env.BASE_URL, path);
}

export async function getCampaigns(): Promise<Campaign[]> {
  const entries = await getCollection('campaigns');
  return entries.map((entry) => entry.data).sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

export async function getUnits(): Promise<Unit[]> {
  return (await getCollection('units')).map((entry) => entry.data);
}
