/**
 * How campaign.yml's fields are named in messages: item numbers 1-based, lists and sections in
 * Chinese, keys as written.
 */

/** How the items of campaign.yml's lists are named, 1-based: teams[1] → 第 2 个检查组. */
const ITEM_NAMES: Partial<Record<string, (n: number) => string>> = {
  teams: (n) => `第 ${n} 个检查组`,
  questions: (n) => `第 ${n} 题`,
};

/** Sections named in words when something inside them is meant: survey.title → 问卷的 title. */
const SECTION_NAMES: Partial<Record<string, string>> = { survey: '问卷' };

const ASCII_WORD = /[A-Za-z0-9_]/;

/** Joins two phrases with a space where a Latin word meets Chinese text, as the messages write them. */
export function spaced(a: string, b: string): string {
  return ASCII_WORD.test(a.at(-1) ?? '') || ASCII_WORD.test(b[0] ?? '') ? `${a} ${b}` : `${a}${b}`;
}

/**
 * The field at a path in the words of a campaign.yml error: item numbers 1-based, lists and
 * sections named in Chinese, keys as written in the file. teams[1].leaderUnit → "第 2 个检查组的
 * leaderUnit"; survey.questions[0].options[2] → "问卷第 1 题的 options 第 3 项".
 */
export function yamlFieldName(path: ReadonlyArray<string | number>): string {
  let name = '';
  /** What the name ends with: "的" joins what follows, except an item of a section (问卷第 1 题). */
  let last: 'nothing' | 'section' | 'other' = 'nothing';
  const append = (words: string, isItem: boolean) => {
    const direct = last === 'nothing' || (last === 'section' && isItem);
    name = direct ? `${name}${words}` : spaced(`${name}${ASCII_WORD.test(name.at(-1) ?? '') ? ' ' : ''}的`, words);
  };
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (key === undefined) break; // i < path.length
    if (typeof key === 'number') {
      name = spaced(name, `第 ${key + 1} 项`);
      last = 'other';
      continue;
    }
    const item = typeof next === 'number' ? ITEM_NAMES[key] : undefined;
    const section = next === undefined ? undefined : SECTION_NAMES[key];
    if (item && typeof next === 'number') {
      append(item(next + 1), true);
      i++;
    } else {
      append(section ?? key, false);
    }
    last = section ? 'section' : 'other';
  }
  return name;
}
