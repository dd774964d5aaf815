/**
 * The one fuzzy matcher: what a misspelt value, key, header or placeholder most likely meant.
 * Values and keys (unit names, campaign.yml keys, template placeholders) are compared by edits
 * (closestMatches, didYouMean); headers, which people write as the idea rather than the word,
 * also by meaning (likelyMeant: synonyms, shared characters).
 */

/**
 * How many characters must be inserted, deleted or replaced, or neighbours swapped, to turn
 * one text into the other (Levenshtein distance counting a transposition as one edit, since
 * "titel" is one slip of the fingers, not two).
 */
export function editDistance(a: string, b: string): number {
  const source = [...a];
  const target = [...b];
  let before: number[] = [];
  let previous = Array.from({ length: target.length + 1 }, (_, j) => j);
  source.forEach((char, i) => {
    const current = [i + 1];
    target.forEach((other, j) => {
      let distance = Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, (previous[j] ?? 0) + (char === other ? 0 : 1));
      if (i > 0 && j > 0 && char === target[j - 1] && source[i - 1] === other) distance = Math.min(distance, (before[j - 1] ?? 0) + 1);
      current.push(distance);
    });
    [before, previous] = [previous, current];
  });
  return previous[target.length] ?? 0;
}

/** Letter case, full-width letters and surrounding spaces do not make two spellings different. */
function spelling(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/**
 * The candidates a misspelt value most likely meant: those fewest edits away, when that is at
 * most a third of the longer text (one edit at least). Failing that, the candidates that
 * contain the value or are contained in it (金龙 → 陕西金龙), when they are few. Several
 * candidates come back only when they are equally close.
 */
export function closestMatches(value: string, candidates: Iterable<string>): string[] {
  const typed = spelling(value);
  const others = [...new Set(candidates)].filter((candidate) => candidate !== value && candidate.trim() !== '');
  let best = Infinity;
  let closest: string[] = [];
  for (const candidate of others) {
    const written = spelling(candidate);
    const distance = editDistance(typed, written);
    if (distance > Math.max(1, Math.floor(Math.max([...typed].length, [...written].length) / 3))) continue;
    if (distance < best) [best, closest] = [distance, [candidate]];
    else if (distance === best) closest.push(candidate);
  }
  if (closest.length > 0 || [...typed].length < 2) return closest;
  return others.filter((candidate) => {
    const written = spelling(candidate);
    return [...written].length >= 2 && (written.includes(typed) || typed.includes(written));
  });
}

/** "您是不是想写“竹溪瑞城”？" for a misspelt value, or undefined when nothing is close (or too much is). */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const matches = closestMatches(value, candidates).map((match) => `“${match}”`);
  const last = matches.pop();
  if (last === undefined || matches.length > 2) return undefined;
  return `您是不是想写${matches.length > 0 ? `${matches.join('、')}或${last}` : last}？`;
}

/**
 * Whether a header nobody declared is a slip for one that was: the matcher behind "您是不是想写
 * “整改期限”？" for CSV headers and news-template placeholders alike. Office staff write the
 * idea, not the exact word: 整改时限 for 整改期限, 负责人 for 责任人, 截止日期 for 期限. So
 * headers are compared after each word of a synonym group is replaced by the group's first, then
 * by edit distance, by the characters they share, and by one containing the other.
 */

/** Words written for the same idea in a header; the first of each group stands for the others. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['期限', '时限', '限期', '截止日期', '截止时间', '截止期限', '完成期限', '完成时限', '到期日'],
  ['责任人', '负责人', '责任者', '经办人'],
  ['日期', '时间', '日子'],
  ['状态', '进度', '进展'],
  ['类别', '类型', '分类', '种类'],
  ['描述', '内容', '详情'],
  ['编号', '序号', '编码', '代码'],
  ['单位', '部门', '公司'],
  ['建议', '要求'],
  ['名称', '名字'],
  ['验证', '复查', '核查', '核验'],
  ['完成', '办结', '销号'],
  ['due', 'deadline', 'duedate', 'dueday'],
  ['owner', 'responsible', 'assignee', 'person'],
  ['status', 'state'],
];

/** Longest words first, so that 截止日期 is read as one word, not 截止 + 日期. */
const REPLACEMENTS = SYNONYMS.flatMap((group) => group.map((word) => [word, group[0] ?? word] as const)).sort((a, b) => b[0].length - a[0].length);

/** A header reduced to what it means: no case, width, spaces or brackets; synonyms as one word. */
export function headerMeaning(text: string): string {
  let meaning = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-（）()【】[\]：:·.]/g, '');
  for (const [word, canonical] of REPLACEMENTS) meaning = meaning.split(word).join(canonical);
  return meaning;
}

/** How alike two headers are, from 0 (nothing in common) to 1 (the same meaning). */
export function headerLikeness(written: string, known: string): number {
  const a = headerMeaning(written);
  const b = headerMeaning(known);
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  const longest = Math.max([...a].length, [...b].length);
  const byEdits = 1 - editDistance(a, b) / longest;
  const shared = new Set([...a].filter((char) => b.includes(char)));
  const union = new Set([...a, ...b]);
  const byCharacters = shared.size / union.size;
  const shorter = [...a].length <= [...b].length ? a : b;
  const byContaining = [...shorter].length >= 2 && (a.includes(b) || b.includes(a)) ? 0.8 : 0;
  return Math.max(byEdits, byCharacters, byContaining);
}

/** Above this, a header is taken for a slip of a known one (整改时限 ~ 整改期限 is 1, 整改时间 ~ 整改期限 0.6). */
export const LIKENESS_THRESHOLD = 0.6;

/**
 * The candidates `written` most likely meant: the most alike of those at or above the
 * threshold (several only when equally alike), best first.
 */
export function likelyMeant<T>(written: string, candidates: Iterable<T>, names: (candidate: T) => readonly string[]): T[] {
  let best = LIKENESS_THRESHOLD;
  let found: T[] = [];
  for (const candidate of candidates) {
    const likeness = Math.max(...names(candidate).map((name) => headerLikeness(written, name)));
    if (likeness > best + 1e-9) [best, found] = [likeness, [candidate]];
    else if (Math.abs(likeness - best) <= 1e-9 && likeness >= LIKENESS_THRESHOLD) found.push(candidate);
  }
  return found;
}
