import type { Manifest } from './manifest.ts';

/**
 * Which PDFs a run prints, which it reuses from the published site and which it leaves out,
 * decided from the hashes of what each document shows now and the published manifest. Pure:
 * the file system is asked beforehand (`reusable`).
 */

export interface HashedDocument {
  /** PDF path relative to the site root. */
  pdf: string;
  campaignId: string;
  /** sha256 of what the document shows now. */
  hash: string;
  /** The day it is as of. */
  asOf: string;
}

export interface PlanInput {
  documents: readonly HashedDocument[];
  /** The published site's manifest; undefined: nothing to reuse. */
  previous: Manifest | undefined;
  /** Whether the published copy of a PDF exists with the size its manifest entry records. */
  reusable: (pdf: string) => boolean;
  /** Whether this run may print a campaign's documents (`npm run build` prints none). */
  printable: (campaignId: string) => boolean;
  /** Print the printable campaigns' documents even when a current copy exists. */
  force: boolean;
  /**
   * What prints now (printer.ts). A printable document printed by another Chromium or font is
   * printed again; one that this run may not print is kept: its text is the same.
   */
  printer: string;
}

export interface Plan {
  /** Current published copies, taken over unchanged. */
  reuse: HashedDocument[];
  /** Printed by this run. */
  print: HashedDocument[];
  /** Neither: out of date or never printed, and not printable now; their pages do not link to a PDF. */
  missing: HashedDocument[];
}

export function planPdfs({ documents, previous, reusable, printable, force, printer }: PlanInput): Plan {
  const plan: Plan = { reuse: [], print: [], missing: [] };
  for (const document of documents) {
    const canPrint = printable(document.campaignId);
    const published = previous?.documents[document.pdf];
    const current = published?.hash === document.hash && reusable(document.pdf);
    const reprint = canPrint && (force || published?.printer !== printer);
    if (current && !reprint) plan.reuse.push(document);
    else if (canPrint) plan.print.push(document);
    else plan.missing.push(document);
  }
  return plan;
}
