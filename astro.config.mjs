// @ts-check
import { defineConfig } from 'astro/config';
import { siteConfig } from './src/integration.ts';
import { readSettings } from './src/lib/settings.ts';

// `astro dev` and `astro check` read the settings here; `npm run build` and `npm run pdf` pass
// the same configuration to Astro themselves, with the data they have already validated.
export default defineConfig(siteConfig({ settings: readSettings(process.env) }));
