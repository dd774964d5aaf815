import { SEVERITY, STATUS } from '../tables/findings.ts';
import { TEXTURES, type Texture } from './texture.ts';

/**
 * Colour and texture of a series, chosen by its VALUE through one scale per domain, so that a
 * category, a status or an answer option looks the same on every page and in every chart.
 *
 * The palette is tone × texture: four tones far apart in lightness (L* ≈ 30, 50, 75, 91: they
 * stay four different greys on a black-and-white printer) times four textures (solid, diagonal
 * hatching, dots, cross-hatching) gives 16 pairs that differ in print; on screen each pair also
 * has its own hue (four hues × four tones). Slots are ordered as a Latin square — slot k has
 * tone k mod 4 and texture (k + ⌊k/4⌋) mod 4 — so any run of consecutive slots differs in tone,
 * and the 16 slots are 16 different (tone, texture) pairs and 16 different (tone, hue) pairs.
 * Series 1 to 16 of a chart never share a look.
 *
 * How a value finds its slot, in order of preference:
 * 1. A registered domain (整改状态, 严重程度): fixed, hand-picked styles with meaning
 *    (已整改 dark green, 未整改 red); series made only of such values are recognised as that domain.
 * 2. A domain the caller passes (a question's options in declared order; every category across
 *    all campaigns, sorted with `sortedDomain`): the value's index in it. With at most 16 values
 *    this is a fixed one-to-one map, so the same value gets the same slot on every page.
 * 3. Otherwise the value's hash (FNV-1a of its text) mod 16: stable across pages without the
 *    caller coordinating anything, but two values may hash to the same slot. Within one chart a
 *    clash is resolved by moving the later series (in chart order) to the next free slot, so the
 *    chart never repeats a look; the moved series may then differ from its look elsewhere. Pass
 *    the full domain (rule 2) when identical colours across pages must be guaranteed.
 */

export interface SeriesStyle {
  /** Identifies the look, e.g. `s5` or `status-closed`: equal keys, equal looks. */
  key: string;
  fill: string;
  texture: Texture;
  /** Colour of the texture's strokes and dots. */
  ink: string;
  /** True when the fill is dark: text on it is white. */
  dark: boolean;
  /** Stroke colour and dash for the same series drawn as a line. */
  line: { stroke: string; dash: string; marker: number };
}

/** Fills by tone (rows: dark, mid, light, pale) and hue (columns: blue, orange, green, purple). */
const TONES: readonly (readonly string[])[] = [
  ['#1f4e79', '#7a3e00', '#1e5c2e', '#4a2a78'],
  ['#3d7cc0', '#c0661a', '#3b8f4f', '#8a5bb5'],
  ['#8fb8e0', '#f0a55a', '#8fcf8f', '#c3a6e0'],
  ['#d6e6f5', '#fbe0c2', '#d9f0d3', '#ece1f7'],
];
/** Line strokes by tone: the pale tones would vanish on white, so lines use the mid shade. */
const DASHES = ['', '7 3', '2 3', '9 3 2 3'];
const DARK_INK = '#1f1f1f';
const LIGHT_INK = '#ffffff';
/**
 * The texture's marks are always darker than the fill: black on the darkest tone, near-black on
 * the mid ones, dark grey on the palest (still 55 L* below it, but leaving it pale on average). White marks on a dark fill lift its average grey by up to 30 L* (a quarter of a
 * diagonal tile is stroke), so a dark hatched fill read like the mid tone hatched the same way: with
 * 7 series three pairs looked alike in grayscale. Dark marks keep each look's average grey in its
 * tone's band, so two looks with one texture stay at least 12 L* apart (tests/unit/charts.test.ts).
 */
const MARK_INKS = ['#000000', DARK_INK, DARK_INK, '#595959'];
const markInk = (tone: number) => MARK_INKS[tone] ?? DARK_INK;

export const PALETTE_SIZE = 16;
const HUE_OFFSET = [0, 2, 1, 3];

function paletteSlot(k: number): SeriesStyle {
  const slot = ((k % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
  const tone = slot % 4;
  const block = Math.floor(slot / 4);
  // Hue offsets per tone (0, 2, 1, 3) make the first four slots four hues, and keep a hue from
  // meeting the same texture twice except at the darkest and palest tone (L* 30 against 91).
  const hue = (block + (HUE_OFFSET[tone] ?? 0)) % 4;
  const texture = TEXTURES[(tone + block) % 4] ?? 'solid';
  const fill = TONES[tone]?.[hue] ?? '#7f7f7f';
  const dark = tone < 2;
  return {
    key: `s${slot}`,
    fill,
    texture,
    ink: markInk(tone),
    dark,
    // Lines: dash by block and marker by tone, 16 distinct (dash, marker) pairs in print.
    line: { stroke: TONES[Math.min(tone, 1)]?.[hue] ?? '#404040', dash: DASHES[block] ?? '', marker: tone },
  };
}

/** The 16 looks, in slot order. */
export const PALETTE: readonly SeriesStyle[] = Array.from({ length: PALETTE_SIZE }, (_, k) => paletteSlot(k));

const DOMAIN_KEYS: readonly DomainKey[] = ['status', 'severity'];

function fixed(key: string, fill: string, texture: Texture, dark: boolean, marker: number, dash: string): SeriesStyle {
  return { key, fill, texture, ink: dark ? LIGHT_INK : DARK_INK, dark, line: { stroke: dark ? fill : '#8a5a00', dash, marker } };
}

/** Domains whose values have a meaning, and so a fixed look everywhere. */
export const DOMAINS = {
  /** 已整改 dark green solid; 整改中 pale amber with hatching; 未整改 mid red with dots. */
  status: new Map<string, SeriesStyle>([
    [STATUS.labels.closed, fixed('status-closed', '#1e6b32', 'solid', true, 0, '')],
    [STATUS.labels.in_progress, fixed('status-in_progress', '#f2c46d', 'diagonal', false, 1, '7 3')],
    [STATUS.labels.open, fixed('status-open', '#c8453c', 'dots', true, 2, '2 3')],
  ]),
  /** 一般 pale, 较重 mid orange hatched, 严重 dark red cross-hatched: darker is graver. */
  severity: new Map<string, SeriesStyle>([
    [SEVERITY.labels.low, fixed('severity-low', '#e8d9a8', 'solid', false, 0, '')],
    [SEVERITY.labels.medium, fixed('severity-medium', '#d08a3c', 'diagonal', false, 1, '7 3')],
    [SEVERITY.labels.high, fixed('severity-high', '#8c1d1d', 'cross', true, 2, '2 3')],
  ]),
} as const;

export type DomainKey = keyof typeof DOMAINS;

/** A registered domain's name, or the domain's values in their declared order. */
export type ColorDomain = DomainKey | readonly string[];

/** Values of an open-ended domain (categories, units) in a fixed order: pass them all. */
export function sortedDomain(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
}

/** FNV-1a over the UTF-16 code units: a small, stable, well-spread hash. */
export function hashSlot(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PALETTE_SIZE;
}

function preferredSlot(domain: readonly string[] | undefined, value: string): number {
  const index = domain ? domain.indexOf(value) : -1;
  return index >= 0 ? index % PALETTE_SIZE : hashSlot(value);
}

/** The registered domain that holds every one of these values, if any. */
function registeredDomain(values: readonly string[]): DomainKey | undefined {
  if (values.length === 0) return undefined;
  for (const key of DOMAIN_KEYS) {
    if (values.every((value) => DOMAINS[key].has(value))) return key;
  }
  return undefined;
}

/** The look of one value in a domain; for a whole chart use `styleSeries`, which avoids clashes. */
export function seriesStyle(domain: ColorDomain | undefined, value: string): SeriesStyle {
  if (typeof domain === 'string') return DOMAINS[domain].get(value) ?? paletteSlot(hashSlot(value));
  const registered = domain === undefined ? registeredDomain([value]) : undefined;
  return (registered && DOMAINS[registered].get(value)) ?? paletteSlot(preferredSlot(domain, value));
}

/**
 * The looks of a chart's series, one per value, never two alike (up to 16 series). Without a
 * domain, series made only of statuses or severities use that domain; others hash.
 */
export function styleSeries(values: readonly string[], domain?: ColorDomain): Map<string, SeriesStyle> {
  const registered = typeof domain === 'string' ? domain : domain === undefined ? registeredDomain(values) : undefined;
  const styles = new Map<string, SeriesStyle>();
  const taken = new Set<number>();
  for (const value of values) {
    if (styles.has(value)) continue;
    const fixedStyle = registered ? DOMAINS[registered].get(value) : undefined;
    if (fixedStyle) {
      styles.set(value, fixedStyle);
      continue;
    }
    const start = preferredSlot(typeof domain === 'string' ? undefined : domain, value);
    let slot = start;
    // Move a clashing series on to the next free slot; past 16 series, looks must repeat.
    for (let step = 0; step < PALETTE_SIZE && taken.has(slot); step++) slot = (start + step + 1) % PALETTE_SIZE;
    taken.add(slot);
    styles.set(value, paletteSlot(slot));
  }
  return styles;
}
