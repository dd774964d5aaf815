import { defineCollection, z } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { formatIssue } from './lib/errors.ts';
import type { LoadResult } from './lib/load/load-site-data.ts';
import { forgetSiteData, siteData } from './site-data.ts';

/**
 * Both collections come from the one validated load of data/ (src/site-data.ts). Astro's own
 * file() loader only logs parse errors; this loader throws, so bad data fails the build with
 * every problem listed. The campaigns collection is the index (one small entry per campaign);
 * pages take the rows themselves from the shared load.
 */

function siteDataLoader(name: string, entries: (result: LoadResult) => Array<{ id: string } & Record<string, unknown>>): Loader {
  return {
    name,
    load: async ({ store, parseData, logger, config, watcher }) => {
      const root = fileURLToPath(config.root);
      const sync = async () => {
        const result = await siteData(root).catch((error: unknown) => {
          forgetSiteData();
          throw error;
        });
        if (name === 'campaigns') for (const warning of result.warnings) logger.warn(formatIssue(warning));
        store.clear();
        for (const entry of entries(result)) store.set({ id: entry.id, data: await parseData({ id: entry.id, data: entry }) });
      };
      // In `astro dev`, an edited data file or template reloads the data (and shows its errors).
      watcher?.on('change', (file) => {
        if (!file.startsWith(`${root}data`) && !file.startsWith(`${root}templates`)) return;
        forgetSiteData();
        sync().catch(() => {});
      });
      await sync();
    },
  };
}

const campaigns = defineCollection({
  loader: siteDataLoader('campaigns', (result) =>
    result.data.campaigns.map((campaign) => ({
      id: campaign.id,
      title: campaign.title,
      date: campaign.date,
      kind: campaign.kind,
      place: campaign.place,
      units: campaign.inspectedUnits.length,
      findings: campaign.findings.length,
      highlights: campaign.highlights.length,
      respondents: campaign.survey?.respondents,
    })),
  ),
  schema: z.object({
    title: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    kind: z.string(),
    place: z.string().optional(),
    units: z.number().int().nonnegative(),
    findings: z.number().int().nonnegative(),
    highlights: z.number().int().nonnegative(),
    respondents: z.number().int().nonnegative().optional(),
  }),
});

const units = defineCollection({
  loader: siteDataLoader('units', (result) => result.data.units),
  schema: z.object({ name: z.string(), sector: z.string() }),
});

export const collections = { campaigns, units };
