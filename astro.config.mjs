// @ts-check
import { defineConfig } from 'astro/config';

// The intranet serves the site under a sub-path: set BASE_PATH=/reports/ at build time.
export default defineConfig({
  base: process.env.BASE_PATH ?? '/',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
