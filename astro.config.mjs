// @ts-check
import { defineConfig } from 'astro/config';

// The intranet serves the site under a sub-path: set BASE_PATH=/reports/ at build time.
export default defineConfig({
  base: process.env.BASE_PATH ?? '/',
  // Pages are written as <path>/index.html and every link ends in a slash; 'always' would also
  // demand a slash after findings.csv and summary.json in `astro dev` (withastro/astro#17001).
  trailingSlash: 'ignore',
  // Pages are rendered while earlier ones are still being written: at group scale (2,500
  // pages) the build otherwise waits on file writes for a fifth of its time.
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
  // The server bundle only runs during the build and the site ships no JavaScript, so there is
  // nothing for Rollup's tree-shaking to save; skipping it takes ~0.3 s off every build.
  vite: { build: { rollupOptions: { treeshake: false } } },
});
