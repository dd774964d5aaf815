// @ts-check
import { defineConfig } from 'astro/config';

// The intranet serves the site under a sub-path: set BASE_PATH=/reports/ at build time.
export default defineConfig({
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'always',
  // Pages are rendered while earlier ones are still being written: at group scale (2,500
  // pages) the build otherwise waits on file writes for a fifth of its time.
  build: { format: 'directory', concurrency: 4 },
  devToolbar: { enabled: false },
});
