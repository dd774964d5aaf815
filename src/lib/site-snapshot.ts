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
  /** `npm run pdf` prints the PDFs into this build: pages link to them. */
  pdfLinks: boolean;
  provenance: Provenance;
}
