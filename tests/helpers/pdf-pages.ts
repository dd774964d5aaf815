import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quickOutput } from './processes.ts';

/**
 * A printed PDF read back page by page, as a person holding the paper sees it: where the ink is
 * (poppler's pdftoppm, in gray) and where each word is (pdftotext -bbox). Lengths in millimetres
 * from the page's top left corner.
 */

const MM_PER_INCH = 25.4;
/** A pixel darker than this (0 black … 255 white) is ink; anti-aliased hairlines of charts count. */
const INK = 200;

export interface Word {
  text: string;
  /** Box in mm from the page's top left corner. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PrintedPage {
  /** 1-based. */
  number: number;
  widthMm: number;
  heightMm: number;
  words: Word[];
  /** The topmost and bottommost inked row in mm within [from, to] of the page's height, or null: none. */
  inkBetween: (from: number, to: number) => { top: number; bottom: number } | null;
}

/** Every page of `pdf`: its words, and its ink rendered at `dpi`. */
export function readPrintedPages(pdf: string, dpi = 50): PrintedPage[] {
  const words = wordsByPage(pdf);
  const work = mkdtempSync(path.join(tmpdir(), 'inspection-pdf-pages-'));
  try {
    quickOutput('pdftoppm', ['-gray', '-r', String(dpi), pdf, path.join(work, 'page')]);
    const files = readdirSync(work)
      .filter((file) => file.endsWith('.pgm'))
      .sort((a, b) => pageIndex(a) - pageIndex(b));
    return files.map((file, index) => {
      const pixels = readPgm(readFileSync(path.join(work, file)));
      const mmPerPixel = MM_PER_INCH / dpi;
      const page = words[index] ?? { widthMm: pixels.width * mmPerPixel, heightMm: pixels.height * mmPerPixel, words: [] };
      const inkRows = rowsWithInk(pixels);
      return {
        number: index + 1,
        ...page,
        inkBetween(from: number, to: number) {
          const first = Math.max(0, Math.floor(from / mmPerPixel));
          const last = Math.min(pixels.height - 1, Math.ceil(to / mmPerPixel));
          let top = -1;
          let bottom = -1;
          for (let row = first; row <= last; row++) {
            if (!inkRows[row]) continue;
            if (top < 0) top = row;
            bottom = row;
          }
          return top < 0 ? null : { top: top * mmPerPixel, bottom: (bottom + 1) * mmPerPixel };
        },
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * How much of a page's body (the type area from `top` to `bottom` mm) is used: from its top to
 * the lowest ink in it, 0 for an empty body, 1 for a full one.
 */
export function bodyFill(page: PrintedPage, top: number, bottom: number): number {
  const ink = page.inkBetween(top, bottom);
  return ink ? Math.min(1, (ink.bottom - top) / (bottom - top)) : 0;
}

function pageIndex(file: string): number {
  return Number(/-(\d+)\.pgm$/.exec(file)?.[1] ?? 0);
}

/** Binary PGM (P5), as pdftoppm -gray writes it: 8 bits a pixel. */
function readPgm(buffer: Buffer): { width: number; height: number; data: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buffer.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm -gray wrote no binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = new Uint8Array(buffer.buffer, buffer.byteOffset + header[0].length, width * height);
  return { width, height, data };
}

function rowsWithInk({ width, height, data }: { width: number; height: number; data: Uint8Array }): boolean[] {
  return Array.from({ length: height }, (_, row) => {
    for (let x = 0; x < width; x++) if ((data[row * width + x] ?? 255) < INK) return true;
    return false;
  });
}

/** pdftotext -bbox: an XHTML page per PDF page with one <word> element per word, in points. */
function wordsByPage(pdf: string): Array<{ widthMm: number; heightMm: number; words: Word[] }> {
  const xhtml = quickOutput('pdftotext', ['-bbox', pdf, '-']);
  const toMm = (points: string) => (Number(points) / 72) * MM_PER_INCH;
  return [...xhtml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, width = '0', height = '0', body = '']) => ({
    widthMm: toMm(width),
    heightMm: toMm(height),
    words: [...body.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      ([, left = '0', top = '0', right = '0', bottom = '0', text = '']) => ({
        text: decodeEntities(text),
        left: toMm(left),
        top: toMm(top),
        right: toMm(right),
        bottom: toMm(bottom),
      }),
    ),
  }));
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
}
