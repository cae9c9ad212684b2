// Small DOM helpers shared by every page: element builder, tables with paging, formatting, copy buttons,
// error banners and badges. No framework: each helper returns a plain DOM node.

/**
 * Creates an element. attrs: `class`, `text`, `dataset` (object), `style` (object), `on<event>` handlers,
 * boolean attributes (true/false), others as strings. There is no raw-HTML attribute on purpose: text is never parsed.
 * Children may be nodes, strings, numbers, arrays, null or undefined (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Removes every child of a node and appends the given ones. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

// ---------------------------------------------------------------- formatting

const EMPTY = '—';

/** A number with a fixed count of decimals and thousands separators; '—' for null, NaN or infinite. */
export function fmtNumber(value, digits = 2) {
  if (value === null || value === undefined || value === '' || !Number.isFinite(Number(value))) return EMPTY;
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An integer with thousands separators. */
export function fmtInt(value) {
  return fmtNumber(value, 0);
}

/** A fraction shown as a percentage: 0.1234 -> '12.34 %'. */
export function fmtPct(fraction, digits = 2) {
  if (fraction === null || fraction === undefined || !Number.isFinite(Number(fraction))) return EMPTY;
  return `${fmtNumber(Number(fraction) * 100, digits)} %`;
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

/** An ISO instant (or Date) as 'YYYY-MM-DD HH:MM:SS UTC'; the service works in UTC. */
export function fmtDateTime(value) {
  if (!value) return EMPTY;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** An ISO date ('2026-01-31') or instant as 'YYYY-MM-DD'. */
export function fmtDate(value) {
  if (!value) return EMPTY;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The first characters of a hash, for tables; the full value stays in the title. */
export function shortHash(hash, length = 12) {
  if (!hash) return EMPTY;
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

// ---------------------------------------------------------------- copy to clipboard

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments have no Clipboard API: fall back to a hidden textarea.
  const area = el('textarea', { style: { position: 'fixed', opacity: '0' }, readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** A small button that copies `text` and says so. */
export function copyButton(text, label = 'Copy') {
  const button = el('button', { type: 'button', class: 'copy', title: `Copy ${text}`, text: label });
  button.addEventListener('click', async (event) => {
    event.stopPropagation();
    try {
      await copyText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

/** A hash shown short, with the full value on hover and a copy button. */
export function hashCell(hash, length = 12) {
  if (!hash) return el('span', { class: 'muted', text: EMPTY });
  return el('span', { class: 'hash' }, el('code', { title: hash, text: shortHash(hash, length) }), copyButton(hash));
}

// ---------------------------------------------------------------- badges, banners, loading

/** A generic pill; kind picks the colour (ok, warn, bad, info, neutral). */
export function badge(text, kind = 'neutral') {
  return el('span', { class: `badge badge-${kind}`, text });
}

/** The lifecycle stage of a model: registered, staging, production, archived, rejected. */
export function stageBadge(stage) {
  const value = String(stage || 'unknown').toLowerCase();
  return el('span', { class: `badge stage stage-${value.replace(/[^a-z0-9-]/g, '')}`, text: value });
}

/** The visible error box: code pill, message, and a login link when the session is missing. */
export function errorBanner(error, title = 'Something went wrong') {
  const code = (error && error.code) || 'ERROR';
  const message = (error && error.message) || String(error);
  return el('div', { class: 'banner banner-error', role: 'alert', dataset: { code } },
    el('div', { class: 'banner-title' }, el('span', { class: 'code', text: code }), ' ', title),
    el('div', { class: 'banner-message', text: message }),
    code === 'UNAUTHORIZED' ? el('a', { class: 'button', href: '/login', text: 'Log in' }) : null);
}

/** A neutral or success notice. kind: info, ok, warn. */
export function notice(text, kind = 'info', ...children) {
  return el('div', { class: `banner banner-${kind}`, role: 'status' }, el('div', { class: 'banner-message', text }), children);
}

export function loading(text = 'Loading…') {
  return el('div', { class: 'loading', text });
}

/** Page heading with an optional subtitle and right-aligned actions. */
export function pageHeader(title, subtitle, ...actions) {
  return el('div', { class: 'page-header' },
    el('div', {}, el('h1', { text: title }), subtitle ? el('p', { class: 'subtitle', text: subtitle }) : null),
    el('div', { class: 'actions' }, actions));
}

// ---------------------------------------------------------------- tables and paging

/**
 * A table. columns: [{ key, label, render(row) -> node|string, class, title }]. Without render, row[key] is shown.
 * options.rowClass(row) adds a class; options.onRow(row, tr) may decorate the row (e.g. add an expandable detail).
 */
export function table(columns, rows, options = {}) {
  const head = el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.class, title: c.title, text: c.label }))));
  const body = el('tbody');
  if (!rows || rows.length === 0) {
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: columns.length, text: options.empty || 'Nothing to show.' })));
  }
  for (const row of rows || []) {
    const tr = el('tr', { class: options.rowClass ? options.rowClass(row) : null },
      columns.map((c) => {
        const value = c.render ? c.render(row) : row[c.key];
        return el('td', { class: c.class, dataset: { col: c.key || c.label } }, value === null || value === undefined ? EMPTY : value);
      }));
    body.append(tr);
    if (options.onRow) options.onRow(row, tr, body);
  }
  return el('div', { class: 'table-wrap' }, el('table', { class: 'data' }, head, body));
}

/**
 * Paging controls for a Page {total, offset, limit}: "1–50 of 230", first/previous/next/last and a page size.
 * onPage(offset, limit) is called when the user moves.
 */
export function pager({ total, offset, limit }, onPage, sizes = [25, 50, 100, 200]) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const go = (o) => () => onPage(Math.max(0, o), limit);
  const size = el('select', { class: 'page-size', title: 'Rows per page' },
    [...new Set([...sizes, limit])].sort((a, b) => a - b).map((s) => el('option', { value: s, selected: s === limit, text: `${s} / page` })));
  size.addEventListener('change', () => onPage(0, Number(size.value)));
  return el('div', { class: 'pager' },
    el('span', { class: 'range', text: `${fmtInt(first)}–${fmtInt(last)} of ${fmtInt(total)}` }),
    el('button', { type: 'button', class: 'page-first', disabled: offset <= 0, onclick: go(0), text: '«' }),
    el('button', { type: 'button', class: 'page-prev', disabled: offset <= 0, onclick: go(offset - limit), text: '‹ Previous' }),
    el('button', { type: 'button', class: 'page-next', disabled: offset + limit >= total, onclick: go(offset + limit), text: 'Next ›' }),
    el('button', { type: 'button', class: 'page-last', disabled: offset + limit >= total, onclick: go(lastOffset), text: '»' }),
    size);
}

/**
 * A table that loads its rows page by page. fetchPage(offset, limit) resolves to a Page {items,total,offset,limit}.
 * Returns { node, load(offset, limit), reload(), offset, limit }; errors are shown inside the node with their code.
 */
export function pagedTable({ columns, fetchPage, limit = 50, offset = 0, empty, onRow, rowClass, onPageChange }) {
  const node = el('div', { class: 'paged-table' });
  let state = { offset, limit };
  let generation = 0;
  async function load(newOffset = state.offset, newLimit = state.limit) {
    state = { offset: newOffset, limit: newLimit };
    const mine = ++generation;
    node.classList.add('busy');
    if (!node.firstChild) node.append(loading());
    try {
      const page = await fetchPage(newOffset, newLimit);
      if (mine !== generation) return;
      state = { offset: page.offset, limit: page.limit };
      const controls = () => pager(page, (o, l) => { if (onPageChange) onPageChange(o, l); load(o, l); });
      replace(node, controls(), table(columns, page.items, { empty, onRow, rowClass }), page.total > page.limit ? controls() : null);
    } catch (error) {
      if (mine !== generation) return;
      replace(node, errorBanner(error, 'Could not load the list'));
    } finally {
      if (mine === generation) node.classList.remove('busy');
    }
  }
  return {
    node,
    load,
    reload: () => load(state.offset, state.limit),
    get offset() { return state.offset; },
    get limit() { return state.limit; },
  };
}

// ---------------------------------------------------------------- misc

/** Pretty-prints a JSON string (or value); returns the input when it is not JSON. */
export function prettyJson(value) {
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value, null, 2);
  } catch {
    return String(value);
  }
}

/** Whether the user holds a role. */
export function hasRole(me, role) {
  return Boolean(me && Array.isArray(me.roles) && me.roles.includes(role));
}

/** Builds a dashboard link: href('audit', null, {entity: 'model'}) -> '#/audit?entity=model'. */
export function href(page, arg, params) {
  let h = `#/${page}`;
  if (arg !== null && arg !== undefined && arg !== '') h += `/${encodeURIComponent(arg)}`;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') query.set(k, v);
  const qs = query.toString();
  return qs ? `${h}?${qs}` : h;
}
