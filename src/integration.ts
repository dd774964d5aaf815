import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroUserConfig } from 'astro';
import { formatIssue } from './lib/errors.ts';
import { findDownload, siteDownloads, type Download } from './lib/export/downloads.ts';
import { readProvenance, type Provenance } from './lib/history/provenance.ts';
import { loadSiteData, type LoadResult } from './lib/load/load-site-data.ts';
import { printDays } from './lib/print/print-day.ts';
import type { Settings } from './lib/settings.ts';
import type { Edition, SiteSnapshot } from './lib/site-snapshot.ts';

/**
 * The one path by which data reaches the pages: the virtual module
 * `virtual:inspection-report/site`, which src/site.ts reads and every page asks. The command
 * that builds (npm run build, npm run pdf) has already loaded and validated the data and hands
 * it over; `astro dev` loads it here, and again whenever a file in the data or templates
 * directory changes. The snapshot is written as JSON next to the build's cache and read by the
 * module, so the rows never pass through the bundler (at group scale that would cost seconds).
 */

const MODULE_ID = 'virtual:inspection-report/site';
const RESOLVED_ID = `\0${MODULE_ID}`;

export interface SiteOptions {
  settings: Settings;
  /** Data the building command already validated; `astro dev` leaves it out and loads on demand. */
  loaded?: LoadResult;
  /** The PDFs the build will print (site paths): their pages link to them. */
  pdfLinks?: readonly string[];
  /** Which edition to build (site-snapshot.ts); 'web' by default. */
  edition?: Edition;
  /** Where the data comes from in git, when the command has read it already. */
  provenance?: Provenance;
}

/** The whole Astro configuration of the site, for astro.config.mjs and the build scripts alike. */
export function siteConfig(options: SiteOptions): AstroUserConfig {
  return {
    base: options.settings.basePath,
    // Pages are written as <path>/index.html and every link ends in a slash (a build test checks
    // that each link resolves). With 'always', Astro 5's dev server would also match the
    // downloads only as findings.csv/ and summary.json/, so the links to them failed in dev.
    trailingSlash: 'ignore',
    // Pages are rendered while earlier ones are still being written: at group scale (2,500
    // pages) the build otherwise waits on file writes for a fifth of its time.
    build: { format: 'directory', concurrency: 4 },
    devToolbar: { enabled: false },
    integrations: [untreeshakenServerBundle(), siteData(options)],
  };
}

function siteData({ settings, loaded, pdfLinks = [], edition = 'web', provenance: known }: SiteOptions): AstroIntegration {
  let snapshotFile = '';
  const watched = [settings.dataDir, settings.templatesDir];
  return {
    name: 'inspection-report:site-data',
    hooks: {
      'astro:config:setup': ({ updateConfig, logger }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'inspection-report:site-data',
                resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
                async load(id) {
                  if (id !== RESOLVED_ID) return undefined;
                  const result = loaded ?? (await loadSiteData(settings));
                  if (!loaded) for (const warning of result.warnings) logger.warn(formatIssue(warning));
                  const provenance = known ?? readProvenance(settings.root, settings.dataDir, result.data.campaigns);
                  const snapshot: SiteSnapshot = {
                    ...result.data,
                    settings,
                    pdfLinks,
                    provenance,
                    edition,
                    printDays: printDays(result.data.campaigns, provenance, settings),
                  };
                  mkdirSync(path.dirname(snapshotFile), { recursive: true });
                  writeFileSync(snapshotFile, JSON.stringify(snapshot));
                  return `import { readFileSync } from 'node:fs';\nexport const snapshot = JSON.parse(readFileSync(${JSON.stringify(snapshotFile)}, 'utf8'));\n`;
                },
                configureServer(server) {
                  // In `astro dev`, an edited data file or template reloads the data (and shows its errors).
                  server.watcher.add(watched);
                  const reload = (file: string) => {
                    if (!watched.some((dir) => file === dir || file.startsWith(`${dir}${path.sep}`))) return;
                    const module = server.moduleGraph.getModuleById(RESOLVED_ID);
                    if (module) server.moduleGraph.invalidateModule(module);
                    server.ws.send({ type: 'full-reload' });
                  };
                  for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, reload);
                },
              },
            ],
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // `astro dev` serves every download (src/lib/export/downloads.ts) from the same
        // declaration the build writes them from; Astro's routes render only pages.
        server.middlewares.use((request, response, next) => {
          const url = new URL(request.url ?? '/', 'http://dev');
          const base = settings.basePath.replace(/\/?$/, '/');
          if (!url.pathname.startsWith(base)) return next();
          const sitePath = decodeURIComponent(url.pathname.slice(base.length));
          if (!DOWNLOAD_PATH.test(sitePath)) return next();
          void (async () => {
            const { snapshot } = (await server.ssrLoadModule(MODULE_ID)) as { snapshot: SiteSnapshot };
            const download = findDownload(downloadsOf(snapshot), sitePath);
            if (!download) return next();
            const body = await download.produce();
            response.writeHead(200, { 'Content-Type': download.contentType });
            response.end(body);
          })().catch(next);
        });
      },
      'astro:config:done': ({ config }) => {
        // One file per process: builds running side by side (tests, CI jobs) never share one.
        snapshotFile = path.join(fileURLToPath(config.cacheDir), 'inspection-report', `site-${process.pid}.json`);
      },
    },
  };
}

/** Site paths that may be downloads (a file name with an extension other than .html). */
const DOWNLOAD_PATH = /\.(?!html$)[a-z]+$/;

/** The downloads of a snapshot, listed once per snapshot (the dev server reloads it when data changes). */
const downloadLists = new WeakMap<SiteSnapshot, Download[]>();
function downloadsOf(snapshot: SiteSnapshot): Download[] {
  let downloads = downloadLists.get(snapshot);
  if (!downloads) {
    const { units, campaigns, settings, provenance } = snapshot;
    downloads = siteDownloads({ units, campaigns, reportDate: settings.reportDate, siteTitle: settings.siteTitle, commits: provenance.commits });
    downloadLists.set(snapshot, downloads);
  }
  return downloads;
}

/**
 * The server bundle only runs during the build, so Rollup's tree-shaking of it saves nothing;
 * skipping it takes ~0.3 s off every build. Browser code, if any, keeps it.
 */
function untreeshakenServerBundle(): AstroIntegration {
  return {
    name: 'inspection-report:untreeshaken-server-bundle',
    hooks: {
      'astro:build:setup': ({ vite, target }) => {
        if (target !== 'server') return;
        vite.build ??= {};
        vite.build.rollupOptions = { ...vite.build.rollupOptions, treeshake: false };
      },
    },
  };
}
