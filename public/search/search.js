// @ts-check
/**
 * The search page's one script (src/pages/search/index.astro), served from the site's own
 * origin: it reads `?q=` from the address, searches the index the build wrote into pagefind/
 * (scripts/lib/search/search-index.ts) with Pagefind's search API, and lists the results, each
 * with its kind, id, unit and campaign, linked to its row. Every text is set as text, never as
 * markup, so nothing in the data can become part of the page.
 */

/**
 * @typedef {{ title: string, kind: string, summary?: string, unit?: string, campaign?: string, status?: string }} Meta
 * @typedef {{ url: string, excerpt: string, meta: Meta }} ResultData
 * @typedef {{ data: () => Promise<ResultData> }} Result
 * @typedef {{ options: (options: object) => Promise<void>, mergeIndex: (path: string, options: object) => Promise<void>, search: (term: string) => Promise<{ results: Result[] }> }} Pagefind
 */

/** Pagefind's options for every part of the index. */
const OPTIONS = { excerptLength: 40, excerptEllipsis: '…' };

/** Results listed at a time. */
const PAGE_SIZE = 20;

const root = document.getElementById('search');
const status = root?.querySelector('.search-status');
const list = root?.querySelector('.search-results');
const query = (new URLSearchParams(location.search).get('q') ?? '').trim();
const box = document.getElementById('site-search');
if (box instanceof HTMLInputElement) box.value = query;

if (root instanceof HTMLElement && status instanceof HTMLElement && list instanceof HTMLElement && query !== '') {
  document.title = `${query} · ${document.title}`;
  void run(root, status, list, query);
}

/**
 * @param {HTMLElement} root
 * @param {HTMLElement} status
 * @param {HTMLElement} list
 * @param {string} query
 */
async function run(root, status, list, query) {
  status.textContent = `正在搜索“${query}”…`;
  /** @type {Result[]} */
  let results;
  try {
    const index = new URL(root.dataset.index ?? '', location.href);
    /** @type {Pagefind} */
    const pagefind = await import(root.dataset.index ?? '');
    await pagefind.options(OPTIONS);
    // A large site's index is in parts (pagefind/part-1/ …, listed in parts.json): searched as one.
    const parts = await (await fetch(new URL('parts.json', index))).json();
    for (const part of Array.isArray(parts) ? parts : []) {
      if (typeof part === 'string' && /^part-\d+\/$/.test(part)) await pagefind.mergeIndex(new URL(part, index).pathname, OPTIONS);
    }
    results = (await pagefind.search(query)).results;
  } catch (error) {
    console.error(error);
    status.textContent = '搜索索引无法加载。网站由 npm run build 生成时才有搜索索引；请稍后再试，或从“全部检查活动”打开报告查找。';
    return;
  }
  if (results.length === 0) {
    status.textContent = `没有找到与“${query}”有关的问题、亮点、单位或检查活动。可以换一个词，或只输入其中的几个字。`;
    return;
  }
  status.textContent = `找到 ${results.length} 条与“${query}”有关的结果。`;
  const more = element('button', 'search-more', '');
  more.type = 'button';
  let shown = 0;
  const showMore = async () => {
    more.disabled = true;
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    for (const data of await Promise.all(batch.map((result) => result.data()))) list.append(resultItem(data));
    const left = results.length - shown;
    more.disabled = false;
    more.textContent = `再显示 ${Math.min(left, PAGE_SIZE)} 条（还有 ${left} 条）`;
    if (left === 0) more.remove();
  };
  more.addEventListener('click', () => void showMore());
  list.after(more);
  await showMore();
}

/** @param {ResultData} data */
function resultItem({ url, excerpt, meta }) {
  const item = element('li', 'search-result', '');
  const link = element('a', 'search-result-link', '');
  link.href = url;
  link.append(element('span', 'search-kind', meta.kind), meta.title);
  item.append(link);
  if (meta.summary) item.append(' ', element('span', 'search-summary', meta.summary));
  const where = [meta.unit, meta.campaign, meta.status].filter((text) => typeof text === 'string' && text !== '');
  if (where.length > 0) {
    const line = element('p', 'search-where', '');
    for (const text of where) line.append(element('span', '', text ?? ''));
    item.append(line);
  }
  const text = element('p', 'search-excerpt', '');
  appendExcerpt(text, excerpt);
  item.append(text);
  return item;
}

/**
 * Pagefind's excerpt is the record's text with `<`, `>` written as entities and the matched
 * words in `<mark>`: it is split at the marks and each piece set as text.
 *
 * @param {HTMLElement} parent
 * @param {string} excerpt
 */
function appendExcerpt(parent, excerpt) {
  let marked = false;
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') {
      marked = piece === '<mark>';
      continue;
    }
    if (piece === '') continue;
    const text = decodeEntities(piece);
    parent.append(marked ? element('mark', '', text) : text);
  }
}

/** @param {string} text */
function decodeEntities(text) {
  /** @type {Record<string, string>} */
  const named = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&amp;': '&' };
  return text.replace(/&(?:lt|gt|quot|amp|#39|#x27);/g, (entity) => named[entity] ?? entity);
}

/**
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {string} className
 * @param {string} text
 * @returns {HTMLElementTagNameMap[Tag]}
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== '') node.textContent = text;
  return node;
}

// A module (the page loads it with type="module"): its names are its own, not the window's.
export {};
