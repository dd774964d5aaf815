// @ts-check
/**
 * Filters and sorting for the tables of problems (the campaign report, a unit's notice, a unit's
 * page), served from the site's own origin. The page's JSON block (#finding-filters, written by
 * src/lib/html/finding-filters.ts from the declaration of findings.csv) names the fields, their
 * Chinese labels and options; each table of problems (table[data-problems]) names its view, and
 * each of its rows gives its values in data-v. The state lives in the address (?status=open&owner=…&overdue=1
 * &sort=due&order=desc) so a filtered view can be sent as a link. Nothing here knows a column:
 * a field declared there is a filter here. Without this script every row reads as before.
 * Text from the data is only ever set as text.
 */

/**
 * @typedef {{ key: string, label: string, filter: string, sort: string, flagged?: string, options?: Array<[string, string?]> }} Field
 * @typedef {{ total: number, identity: string[], views: Record<string, string[]>, fields: Field[] }} Config
 * @typedef {{ tr: HTMLTableRowElement, table: HTMLTableElement, index: number, value: (key: string) => string | undefined }} Row
 */

const collator = new Intl.Collator('zh-CN', { numeric: true });
const source = document.getElementById('finding-filters');
if (source) start(source);

/** @param {HTMLElement} source */
function start(source) {
  /** @type {Config} */
  const config = JSON.parse(source.textContent ?? '{}');
  const fields = new Map(config.fields.map((field) => [field.key, field]));
  const filterFields = config.fields.filter((field) => field.filter === 'choice' || field.filter === 'flag');
  const labels = new Map(config.fields.map((field) => [field.key, new Map((field.options ?? []).map(([value, label]) => [value, label ?? value]))]));
  const ranks = new Map(config.fields.map((field) => [field.key, new Map((field.options ?? []).map(([value], i) => [value, i]))]));

  const tables = /** @type {HTMLTableElement[]} */ ([...document.querySelectorAll('table[data-problems]')]);
  /** A row's values from its data-v: the fields of its table's view, in order; an option's index where the field has options. */
  const valuesOf = (/** @type {HTMLTableRowElement} */ tr, /** @type {string[]} */ keys) => {
    /** @type {Map<string, string>} */
    const values = new Map();
    (tr.dataset.v ?? '').split(' ').forEach((given, i) => {
      const key = keys[i];
      if (given === '' || key === undefined) return;
      const options = fields.get(key)?.options;
      const value = options ? options[Number(given)]?.[0] : decodeURIComponent(given);
      if (value !== undefined) values.set(key, value);
    });
    return values;
  };
  /** @type {Row[]} */
  const rows = tables.flatMap((table) => {
    const keys = config.views[table.dataset.problems ?? ''] ?? [];
    return [...table.tBodies]
      .flatMap((body) => [...body.rows])
      .map((tr, index) => {
        const values = valuesOf(tr, keys);
        return { tr, table, index, value: (/** @type {string} */ key) => values.get(key) };
      });
  });
  const identity = (/** @type {Row} */ row) => config.identity.map((key) => row.value(key) ?? '').join('\u0000');
  const distinct = (/** @type {Row[]} */ some) => new Set(some.map(identity)).size;
  const sortKeys = [
    ...new Set([...document.querySelectorAll('table[data-problems] th[data-sort-key]')].map((th) => th.getAttribute('data-sort-key') ?? '')),
  ].filter((key) => fields.get(key)?.sort !== 'none' && fields.has(key));

  // The state, read from the address.
  const params = new URLSearchParams(location.search);
  /** @type {Map<string, string>} */
  const chosen = new Map();
  for (const field of filterFields) {
    const value = params.get(field.key);
    if (value !== null && value !== '') chosen.set(field.key, value);
  }
  /** @type {{ key: string, descending: boolean } | null} */
  let sort = null;
  const askedSort = params.get('sort');
  let unknownSort = askedSort !== null && askedSort !== '' && !sortKeys.includes(askedSort) ? askedSort : null;
  if (askedSort && !unknownSort) sort = { key: askedSort, descending: params.get('order') === 'desc' };

  /** Whether a value of the address is one a field can take. */
  const known = (/** @type {Field} */ field, /** @type {string} */ value) => (field.filter === 'flag' ? value === '1' : labels.get(field.key)?.has(value));
  const matches = (/** @type {Row} */ row) =>
    [...chosen].every(([key, wanted]) => {
      const field = fields.get(key);
      const value = row.value(key);
      if (!field) return true;
      return field.filter === 'flag' ? wanted === '1' && value !== undefined : value === wanted;
    });
  const labelOf = (/** @type {string} */ key, /** @type {string} */ value) => labels.get(key)?.get(value) ?? value;

  // The controls, put where the page placed the block; without this script there are none.
  const panel = element('div', 'finding-filters');
  const form = element('form', 'filter-controls no-print');
  form.setAttribute('aria-label', '筛选和排序本页的问题');
  form.addEventListener('submit', (event) => event.preventDefault());
  /** @type {Map<string, HTMLSelectElement>} */
  const selects = new Map();
  for (const field of filterFields) {
    const counts = new Map();
    for (const row of rows) {
      const value = row.value(field.key);
      if (value === undefined) continue;
      const option = field.filter === 'flag' ? '1' : value;
      if (!counts.has(option)) counts.set(option, new Set());
      counts.get(option).add(identity(row));
    }
    const wanted = chosen.get(field.key);
    const options = field.filter === 'flag' ? (counts.has('1') ? [['1', field.flagged ?? field.label]] : []) : (field.options ?? []);
    // A field whose rows all share one value (the unit on its notice) has nothing to choose, unless the address chose.
    if (wanted === undefined && (field.filter === 'flag' ? options.length === 0 : options.length < 2)) continue;
    const select = element('select');
    select.id = `filter-${field.key}`;
    select.name = field.key;
    select.append(new Option(`全部（${config.total}）`, ''));
    for (const [value, label = value] of options) select.append(new Option(`${label}（${counts.get(value)?.size ?? 0}）`, value));
    if (wanted !== undefined && !known(field, wanted)) select.append(new Option(`${wanted}（本页没有此项）`, wanted));
    select.value = wanted ?? '';
    select.addEventListener('change', () => {
      if (select.value === '') chosen.delete(field.key);
      else chosen.set(field.key, select.value);
      update();
    });
    const label = element('label', '', field.label);
    label.htmlFor = select.id;
    const wrap = element('div', 'filter-field');
    wrap.append(label, select);
    form.append(wrap);
    selects.set(field.key, select);
  }
  // The sort as a control too: on a phone the header row of the cards is not shown.
  const sortSelect = element('select');
  sortSelect.id = 'filter-sort';
  sortSelect.append(new Option('原顺序', ''));
  for (const key of sortKeys) {
    const label = fields.get(key)?.label ?? key;
    sortSelect.append(new Option(`${label}（升序）`, `${key}:asc`), new Option(`${label}（降序）`, `${key}:desc`));
  }
  sortSelect.addEventListener('change', () => {
    const [key, order] = sortSelect.value.split(':');
    sort = key ? { key, descending: order === 'desc' } : null;
    update();
  });
  if (sortKeys.length > 0) {
    const label = element('label', '', '排序');
    label.htmlFor = sortSelect.id;
    const wrap = element('div', 'filter-field');
    wrap.append(label, sortSelect);
    form.append(wrap);
  }
  const reset = element('button', 'filter-reset', '清除筛选和排序');
  reset.type = 'button';
  reset.addEventListener('click', () => {
    chosen.clear();
    sort = null;
    for (const select of selects.values()) select.value = '';
    update();
  });
  form.append(reset);
  const count = element('p', 'filter-count no-print');
  count.setAttribute('role', 'status');
  count.setAttribute('aria-live', 'polite');
  const printed = element('p', 'filter-print');
  panel.append(form, count, printed);
  source.before(panel);

  // Sorting from a header: its text becomes a button; aria-sort says the order.
  /** @type {Array<{ th: HTMLTableCellElement, key: string, mark: HTMLElement }>} */
  const headers = [];
  for (const th of /** @type {NodeListOf<HTMLTableCellElement>} */ (document.querySelectorAll('table[data-problems] th[data-sort-key]'))) {
    const key = th.dataset.sortKey ?? '';
    if (!sortKeys.includes(key)) continue;
    const button = element('button', 'sort-button');
    button.type = 'button';
    const mark = element('span', 'sort-mark');
    mark.setAttribute('aria-hidden', 'true');
    button.append(...th.childNodes, mark);
    th.append(button);
    button.addEventListener('click', () => {
      sort = sort?.key !== key ? { key, descending: false } : sort.descending ? null : { key, descending: true };
      update();
    });
    headers.push({ th, key, mark });
  }

  /** @type {Map<HTMLElement, HTMLElement>} */
  const emptyNotes = new Map();
  update(false);

  /** Shows the matching rows in order, and says what is shown; `write` puts the state in the address. */
  function update(write = true) {
    if (write) unknownSort = null;
    const shown = [];
    for (const row of rows) {
      const visible = matches(row);
      row.tr.hidden = !visible;
      if (visible) shown.push(row);
    }
    for (const table of tables) {
      const body = table.tBodies[0];
      if (!body) continue;
      const own = rows.filter((row) => row.table === table);
      own.sort(sort ? compare(sort.key, sort.descending) : (a, b) => a.index - b.index);
      body.append(...own.map((row) => row.tr));
      emptied(
        table,
        own.every((row) => row.tr.hidden),
      );
    }
    for (const { th, key, mark } of headers) {
      if (sort?.key === key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
      mark.textContent = sort?.key === key ? (sort.descending ? '↓' : '↑') : '↕';
    }
    sortSelect.value = sort ? `${sort.key}:${sort.descending ? 'desc' : 'asc'}` : '';
    reset.hidden = chosen.size === 0 && sort === null;

    const n = distinct(shown);
    const said = [`显示 ${n} / 共 ${config.total} 条`];
    const sortLabel = sort ? `按“${fields.get(sort.key)?.label ?? sort.key}”${sort.descending ? '降序' : '升序'}排列` : '';
    if (sortLabel) said.push(sortLabel);
    let text = `${said.join('，')}。`;
    if (n === 0) text += '没有符合筛选条件的问题。';
    const unknown = [...chosen].filter(([key, value]) => {
      const field = fields.get(key);
      return field && !known(field, value);
    });
    if (unknown.length > 0)
      text += `本页的问题中没有${unknown.map(([key, value]) => `“${fields.get(key)?.label}：${value}”`).join('、')}，可以清除筛选或换一项。`;
    if (unknownSort !== null) text += `本页的表格不能按“${unknownSort}”排序。`;
    count.textContent = text;
    const conditions = [...chosen].map(([key, value]) => {
      const field = fields.get(key);
      return `${field?.label}：${field?.filter === 'flag' && value === '1' ? (field.flagged ?? value) : labelOf(key, value)}`;
    });
    const printedParts = [...(conditions.length > 0 ? [`筛选：${conditions.join('；')}`] : []), ...(sortLabel ? [sortLabel] : [])];
    printed.textContent = printedParts.length > 0 ? `${[...printedParts, said[0]].join('。')}。` : '';
    printed.hidden = printed.textContent === '';
    if (write) {
      const url = new URL(location.href);
      for (const field of filterFields) {
        const value = chosen.get(field.key);
        if (value === undefined) url.searchParams.delete(field.key);
        else url.searchParams.set(field.key, value);
      }
      url.searchParams.delete('sort');
      url.searchParams.delete('order');
      if (sort) url.searchParams.set('sort', sort.key);
      if (sort?.descending) url.searchParams.set('order', 'desc');
      history.replaceState(history.state, '', url);
    }
  }

  /** A table none of whose rows is shown goes with its section, or says so in its place. */
  function emptied(/** @type {HTMLTableElement} */ table, /** @type {boolean} */ empty) {
    const section = table.closest('section.findings-section');
    if (section instanceof HTMLElement) {
      section.hidden = empty;
      return;
    }
    const box = table.closest('.table-scroll');
    const hidden = box instanceof HTMLElement ? box : table;
    hidden.hidden = empty;
    let note = emptyNotes.get(hidden);
    if (!note && empty) {
      note = element('p', 'filter-empty note', `“${table.caption?.textContent ?? ''}”中没有符合筛选条件的问题。`);
      hidden.after(note);
      emptyNotes.set(hidden, note);
    }
    if (note) note.hidden = !empty;
  }

  /** Rows by one field: blanks last either way, ties in the page's order. */
  function compare(/** @type {string} */ key, /** @type {boolean} */ descending) {
    const field = fields.get(key);
    const rank = ranks.get(key) ?? new Map();
    /** @type {(a: string, b: string) => number} */
    const order =
      field?.sort === 'number'
        ? (a, b) => Number(a) - Number(b)
        : field?.sort === 'day'
          ? (a, b) => (a < b ? -1 : a > b ? 1 : 0)
          : field?.sort === 'order'
            ? (a, b) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size) || collator.compare(a, b)
            : (a, b) => collator.compare(labelOf(key, a), labelOf(key, b));
    return (/** @type {Row} */ a, /** @type {Row} */ b) => {
      const x = a.value(key);
      const y = b.value(key);
      if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || a.index - b.index;
      return (descending ? -order(x, y) : order(x, y)) || a.index - b.index;
    };
  }
}

/**
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[Tag]}
 */
function element(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}
