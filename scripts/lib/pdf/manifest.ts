import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v4';

/**
 * The record of the PDFs a site holds, kept with it as `pdf/manifest.json`: for each PDF, the
 * hash of what it shows (document-hash.ts) and the day it is as of. The next run reads the
 * published site's manifest to reuse, byte for byte, every PDF whose hash has not changed.
 */

export const MANIFEST_PATH = 'pdf/manifest.json';

/** Raised when the way documents are hashed or printed changes: every PDF is printed again. */
export const MANIFEST_FORMAT = 1;

const entrySchema = z.object({
  /** sha256 of what the PDF shows. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The ISO day its figures are as of. */
  asOf: z.string(),
  /** The file's size, checked before reuse: a truncated copy is printed again, never reused. */
  bytes: z.number().int().positive(),
  /** When it was printed (ISO 8601), kept unchanged while it is reused. */
  printedAt: z.string(),
  /** What printed it: Chromium's version and the print font (printer.ts). */
  printer: z.string(),
});

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** By PDF path relative to the site root (`pdf/<campaign>/report.pdf`). */
  documents: z.record(z.string(), entrySchema),
});

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export type ReadManifest = { manifest: Manifest; problem?: undefined } | { manifest: undefined; problem?: string };

/** The manifest of a site directory; none (with the reason, if it is unusable) when there is none to trust. */
export async function readManifest(siteDir: string): Promise<ReadManifest> {
  let text: string;
  try {
    text = await readFile(path.join(siteDir, MANIFEST_PATH), 'utf8');
  } catch {
    return { manifest: undefined };
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { manifest: parsed.data };
    return { manifest: undefined, problem: `格式不符（${parsed.error.issues[0]?.message ?? ''}）` };
  } catch (error) {
    return { manifest: undefined, problem: `不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）` };
  }
}

export async function writeManifest(siteDir: string, documents: Record<string, ManifestEntry>): Promise<void> {
  const manifest: Manifest = { format: MANIFEST_FORMAT, documents: Object.fromEntries(Object.entries(documents).sort(([a], [b]) => a.localeCompare(b))) };
  await writeFile(path.join(siteDir, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
}
