import { defineCollection, z } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { formatIssue } from './lib/errors.ts';
import { loadSiteData, type LoadResult } from './lib/load/load-site-data.ts';
import type { Campaign, Unit } from './lib/model.ts';

/**
 * Both collections come from one validated load of `data/`. Astro's own file() loader only
 * logs parse errors; this loader throws, so bad data fails the build with every problem listed.
 */

let pending: Promise<LoadResult> | undefined;

function siteDataLoader(name: string, pick: (result: LoadResult) => Array<{ id: string }>): Loader {
  return {
    name,
    load: async ({ store, parseData, logger, config, watcher }) => {
      const root = fileURLToPath(config.root);
      const sync = async () => {
        pending ??= loadSiteData({ root, dataDir: process.env.DATA_DIR });
        let result: LoadResult;
        try {
          result = await pending;
        } catch (error) {
          pending = undefined;
          throw error;
        }
        if (name === 'campaigns') for (const warning of result.warnings) logger.warn(formatIssue(warning));
        store.clear();
        for (const entry of pick(result)) {
          const data = await parseData({ id: entry.id, data: entry as unknown as Record<string, unknown> });
          store.set({ id: entry.id, data });
        }
      };
      // In `astro dev`, an edited data file or template reloads the data (and shows its errors).
      watcher?.on('change', (file) => {
        if (!file.startsWith(`${root}data`) && !file.startsWith(`${root}templates`)) return;
        pending = undefined;
        sync().catch(() => {});
      });
      await sync();
    },
  };
}

const campaigns = defineCollection({
  loader: siteDataLoader('campaigns', (result) => result.data.campaigns),
  // Rows were validated field by field in the loader (src/lib/schemas); this types the entries.
  schema: z.custom<Campaign>(),
});

const units = defineCollection({
  loader: siteDataLoader('units', (result) => result.data.units),
  schema: z.custom<Unit>(),
});

export const collections = { campaigns, units };
