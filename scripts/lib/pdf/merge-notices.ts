import { readFile, writeFile } from 'node:fs/promises';
import { PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';

/**
 * A campaign's unit notices as one PDF for a meeting: each notice starts on an odd page, so
 * that a duplex printer never puts two units on one sheet (Chromium ignores
 * `break-before: right`, so the blank pages are added here), with one bookmark per unit.
 */

export interface NoticePart {
  /** The bookmark: the unit's name. */
  title: string;
  /** The unit notice's PDF. */
  file: string;
}

export interface MergedNotices {
  pages: number;
  /** The page (1-based) each part starts on, in order. */
  starts: number[];
}

export async function mergeNotices(parts: readonly NoticePart[], out: string, title: string): Promise<MergedNotices> {
  // No creation or modification date of its own: the same notices merge to the same bytes.
  const merged = await PDFDocument.create({ updateMetadata: false });
  merged.setTitle(title, { showInWindowTitleBar: true });
  merged.setLanguage('zh-CN');
  const starts: number[] = [];
  const firstPages: PDFRef[] = [];
  for (const [index, part] of parts.entries()) {
    const source = await PDFDocument.load(await readFile(part.file), { updateMetadata: false });
    const pages = await merged.copyPages(source, source.getPageIndices());
    starts.push(merged.getPageCount() + 1);
    for (const page of pages) merged.addPage(page);
    const first = pages[0];
    if (first) firstPages.push(first.ref);
    const isLast = index === parts.length - 1;
    if (!isLast && merged.getPageCount() % 2 === 1) {
      const last = pages.at(-1) ?? first;
      merged.addPage(last ? [last.getWidth(), last.getHeight()] : undefined);
    }
  }
  addOutline(
    merged,
    parts.map((part, index) => ({ title: part.title, page: firstPages[index] })),
  );
  await writeFile(out, await merged.save());
  return { pages: merged.getPageCount(), starts };
}

/** A flat outline (PDF 1.7 §12.3.3): one bookmark per entry, opening at its page's top. */
function addOutline(document: PDFDocument, entries: ReadonlyArray<{ title: string; page: PDFRef | undefined }>): void {
  const items = entries.filter((entry): entry is { title: string; page: PDFRef } => entry.page !== undefined);
  if (items.length === 0) return;
  const { context } = document;
  const root = context.nextRef();
  const refs = items.map(() => context.nextRef());
  items.forEach((item, index) => {
    const previous = refs[index - 1];
    const next = refs[index + 1];
    const ref = refs[index];
    if (!ref) return;
    context.assign(
      ref,
      context.obj({
        Title: PDFHexString.fromText(item.title),
        Parent: root,
        Dest: [item.page, 'XYZ', null, null, null],
        ...(previous ? { Prev: previous } : {}),
        ...(next ? { Next: next } : {}),
      }),
    );
  });
  context.assign(root, context.obj({ Type: 'Outlines', First: refs[0], Last: refs.at(-1), Count: refs.length }));
  document.catalog.set(PDFName.of('Outlines'), root);
  document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
