import type { Provenance } from './history/provenance.ts';
import type { SiteData } from './model.ts';
import type { Settings } from './settings.ts';

/**
 * Everything the pages are built from, validated once by the command that builds: the
 * settings, the data, and where the data comes from in git. It crosses from that command to
 * the pages as JSON (src/integration.ts), so it holds plain values only.
 */
export interface SiteSnapshot extends SiteData {
  settings: Settings;
  /** The PDFs `npm run pdf` prints into this build (site paths): only their pages link to one. */
  pdfLinks: readonly string[];
  provenance: Provenance;
}
