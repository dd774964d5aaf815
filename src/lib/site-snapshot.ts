import type { Provenance } from './history/provenance.ts';
import type { Edition, SiteData } from './model.ts';
import type { PrintDay } from './print/print-day.ts';
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
  /**
   * 'web': the site people browse, as of the report day. 'print': the pages PDFs are printed
   * from, each campaign as of its print day (print/print-day.ts), never published itself.
   */
  edition: Edition;
  /** Each campaign's print day, by id (the 'print' edition's "as of"). */
  printDays: Record<string, PrintDay>;
}

export type { Edition };
