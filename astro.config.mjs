// @ts-check
import { defineConfig } from 'astro/config';

// The intranet serves the site under a sub-path: set BASE_PATH=/reports/ at build time.
export default defineConfig({
  base: process.env.BASE_PATH ?? '/',
  // Pages are written as <path>/index.html and every link ends in a slash (a build test checks
  // that each link resolves). With 'always', Astro 5's dev server would also match the
  // downloads only as findings.csv/ and summary.json/, so the links to them failed in dev.
  trailingSlash: 'ignore',
  // Pages are rendered while earlier ones are still being written: at group scale (2,500
  // pages) the build otherwise waits on file writes for a fifth of its time.
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
  integrations: [
    {
      // The server bundle only runs during the build, so Rollup's tree-shaking of it saves
      // nothing; skipping it takes ~0.3 s off every build. Browser code, if any, keeps it.
      name: 'untreeshaken-server-bundle',
      hooks: {
        'astro:build:setup': ({ vite, target }) => {
          if (target !== 'server') return;
          vite.build ??= {};
          vite.build.rollupOptions = { ...vite.build.rollupOptions, treeshake: false };
        },
      },
    },
  ],
});
