// Audit page: the append-only audit log with filters, paging, expandable details and, for admins,
// a check of the whole hash chain. Filters and paging live in the URL (#/audit?action=…&offset=…) so a
// view can be bookmarked or shared.
import { gql } from '../gql.js';
import {
  el, replace, pagedTable, hashCell, fmtDateTime, fmtInt, prettyJson, copyButton, errorBanner, notice,
  pageHeader, hasRole, href,
} from '../ui.js';

const LOG_QUERY = `query AuditLog($action: String, $entity: String, $entityId: String, $actor: String,
    $from: DateTime, $to: DateTime, $limit: Int, $offset: Int) {
  auditLog(action: $action, entity: $entity, entityId: $entityId, actor: $actor, from: $from, to: $to,
      limit: $limit, offset: $offset) {
    items { seq at actor actorName action entity entityId details clientIp userAgent prevHash hash }
    total offset limit
  }
}`;

const VERIFY_QUERY = '{ verifyAuditChain { intact checkedRows firstBrokenSeq problem } }';
const ACTIONS_QUERY = '{ auditActions }';
const DELIVERIES_QUERY = `query($status: String, $limit: Int, $offset: Int) {
  notificationDeliveries(status: $status, limit: $limit, offset: $offset) {
    total offset limit items { id endpoint event auditSeq status attempts nextAttemptAt lastAttemptAt lastStatus lastError
      deliveredAt createdAt } } }`;

const TEXT_FILTERS = [
  { key: 'entity', label: 'Entity', placeholder: 'e.g. model' },
  { key: 'entityId', label: 'Entity id', placeholder: 'id' },
  { key: 'actor', label: 'Actor', placeholder: 'subject or name' },
];
const TIME_FILTERS = [
  { key: 'from', label: 'From (UTC)' },
  { key: 'to', label: 'To (UTC)' },
];
const DEFAULT_LIMIT = 50;

// <input type=datetime-local> works without a zone; the page treats its value as UTC.
function toInputValue(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
}

function toInstant(localValue) {
  if (!localValue) return null;
  const withSeconds = localValue.length === 16 ? `${localValue}:00` : localValue;
  return `${withSeconds}Z`;
}

function readFilters(params) {
  const filters = {};
  for (const f of [{ key: 'action' }, ...TEXT_FILTERS, ...TIME_FILTERS]) {
    const value = (params[f.key] || '').trim();
    if (value) filters[f.key] = value;
  }
  return filters;
}

function positiveInt(value, fallback) {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function render(container, { params = {}, me }) {
  let filters = readFilters(params);
  const isAdmin = hasRole(me, 'admin');

  const syncUrl = (offset, limit) => {
    const query = { ...filters };
    if (offset) query.offset = offset;
    if (limit && limit !== DEFAULT_LIMIT) query.limit = limit;
    history.replaceState(null, '', href('audit', null, query));
  };

  // ---- verify chain (admins only: the server refuses others, so the button is not offered to them)
  const verifyResult = el('div', { id: 'verify-result' });
  let verifyButton = null;
  if (isAdmin) {
    verifyButton = el('button', { type: 'button', id: 'verify-chain', class: 'primary', text: 'Verify chain' });
    verifyButton.addEventListener('click', async () => {
      verifyButton.disabled = true;
      verifyButton.textContent = 'Verifying…';
      try {
        const v = (await gql(VERIFY_QUERY)).verifyAuditChain;
        replace(verifyResult, v.intact
          ? notice(`Chain intact: all ${fmtInt(v.checkedRows)} entries checked, every hash and link matches.`, 'ok')
          : el('div', { class: 'banner banner-error', role: 'alert', dataset: { code: 'CHAIN_BROKEN' } },
            el('div', { class: 'banner-title' }, el('span', { class: 'code', text: 'CHAIN BROKEN' }),
              ` First broken entry: seq ${v.firstBrokenSeq ?? '?'}`),
            el('div', { class: 'banner-message', text: v.problem || 'The chain does not verify.' }),
            el('div', { class: 'muted', text: `${fmtInt(v.checkedRows)} entries checked.` })));
      } catch (error) {
        replace(verifyResult, errorBanner(error, 'Could not verify the chain'));
      } finally {
        verifyButton.disabled = false;
        verifyButton.textContent = 'Verify chain';
      }
    });
  }

  // ---- filters
  const inputs = {};
  // the actions that exist in the log, read from the service: the filter follows whatever names are stored
  inputs.action = el('select', { name: 'action', id: 'audit-action' },
    el('option', { value: '', text: 'All actions' }),
    filters.action ? el('option', { value: filters.action, selected: true, text: filters.action }) : null);
  gql(ACTIONS_QUERY).then((d) => {
    replace(inputs.action, el('option', { value: '', text: 'All actions' }),
      [...new Set([...d.auditActions, ...(filters.action ? [filters.action] : [])])].sort()
        .map((a) => el('option', { value: a, selected: a === filters.action, text: a })));
  }).catch((error) => form.append(errorBanner(error, 'Could not list the actions')));
  const form = el('form', { class: 'filters card', id: 'audit-filters' },
    el('label', {}, 'Action', inputs.action),
    TEXT_FILTERS.map((f) => el('label', {}, f.label,
      inputs[f.key] = el('input', { type: 'text', name: f.key, placeholder: f.placeholder, value: filters[f.key] || '' }))),
    TIME_FILTERS.map((f) => el('label', {}, f.label,
      inputs[f.key] = el('input', { type: 'datetime-local', step: 1, name: f.key, value: toInputValue(filters[f.key]) }))),
    el('p', { class: 'filters-hint muted', text: 'Text filters match exactly; actor matches the subject or the name.' }),
    el('div', { class: 'buttons' },
      el('button', { type: 'submit', class: 'primary', text: 'Apply' }),
      el('button', { type: 'button', id: 'audit-reset', text: 'Reset', onclick: () => {
        for (const input of Object.values(inputs)) input.value = '';
        applyFilters();
      } })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });

  function applyFilters() {
    filters = {};
    if (inputs.action.value) filters.action = inputs.action.value;
    for (const f of TEXT_FILTERS) if (inputs[f.key].value.trim()) filters[f.key] = inputs[f.key].value.trim();
    for (const f of TIME_FILTERS) if (inputs[f.key].value) filters[f.key] = toInstant(inputs[f.key].value);
    syncUrl(0, list.limit);
    list.load(0, list.limit);
  }

  function filterBy(key, value) {
    if (key === 'action' && ![...inputs.action.options].some((o) => o.value === value)) {
      inputs.action.append(el('option', { value, text: value }));
    }
    inputs[key].value = value;
    applyFilters();
  }

  // ---- table
  const columns = [
    { key: 'seq', label: 'Seq', class: 'num', render: (r) => String(r.seq) },
    { key: 'at', label: 'At (UTC)', render: (r) => el('span', { class: 'nowrap', text: fmtDateTime(r.at) }) },
    { key: 'actor', label: 'Actor', render: (r) => el('span', {},
      el('button', { type: 'button', class: 'link', title: `Only entries by ${r.actor}`, text: r.actorName || r.actor,
        onclick: () => filterBy('actor', r.actor) }),
      r.actorName && r.actorName !== r.actor ? el('div', { class: 'muted mono', text: r.actor }) : null) },
    { key: 'action', label: 'Action', render: (r) => el('button', { type: 'button', class: 'link mono',
      title: `Only ${r.action} entries`, text: r.action, onclick: () => filterBy('action', r.action) }) },
    { key: 'entity', label: 'Entity', render: (r) => el('span', {},
      el('button', { type: 'button', class: 'link', title: `Only ${r.entity} entries`, text: r.entity,
        onclick: () => filterBy('entity', r.entity) }),
      r.entityId ? el('div', { class: 'muted mono', title: r.entityId, text: r.entityId }) : null) },
    { key: 'clientIp', label: 'Client IP', render: (r) => r.clientIp ? el('span', { class: 'mono', text: r.clientIp }) : null },
    { key: 'hash', label: 'Hash', render: (r) => hashCell(r.hash) },
    { key: 'more', label: '', render: () => el('button', { type: 'button', class: 'toggle-details', text: 'Details ▸' }) },
  ];

  function detailRow(row) {
    return el('tr', { class: 'detail' }, el('td', { colspan: columns.length },
      el('dl', { class: 'kv' },
        el('dt', { text: 'Details' }), el('dd', {}, el('pre', { class: 'json', text: prettyJson(row.details) || '{}' })),
        el('dt', { text: 'Actor subject' }), el('dd', { class: 'mono', text: row.actor }),
        el('dt', { text: 'User agent' }), el('dd', { text: row.userAgent || '—' }),
        el('dt', { text: 'Previous hash' }), el('dd', {}, el('code', { text: row.prevHash }), ' ', copyButton(row.prevHash)),
        el('dt', { text: 'Hash' }), el('dd', {}, el('code', { text: row.hash }), ' ', copyButton(row.hash)))));
  }

  const list = pagedTable({
    columns,
    limit: positiveInt(params.limit, DEFAULT_LIMIT),
    offset: positiveInt(params.offset, 0),
    empty: 'No audit entries match these filters.',
    fetchPage: async (offset, limit) => (await gql(LOG_QUERY, { ...filters, limit, offset })).auditLog,
    onPageChange: (offset, limit) => syncUrl(offset, limit),
    onRow: (row, tr) => {
      tr.dataset.seq = row.seq;
      const toggle = tr.querySelector('.toggle-details');
      let detail = null;
      toggle.addEventListener('click', () => {
        if (detail) {
          detail.remove();
          detail = null;
          tr.classList.remove('expanded');
          toggle.textContent = 'Details ▸';
        } else {
          detail = detailRow(row);
          tr.after(detail);
          tr.classList.add('expanded');
          toggle.textContent = 'Details ▾';
        }
      });
    },
  });
  list.node.id = 'audit-table';

  replace(container,
    pageHeader('Audit log', 'Every change, refusal and decision, newest first. Each entry is chained to the one before it by SHA-256.',
      verifyButton),
    verifyResult,
    form,
    list.node,
    deliveriesSection());
  list.load();
}

/** The webhook deliveries (signed notifications): status, attempts, last answer or error, next retry. */
function deliveriesSection() {
  const status = el('select', { id: 'deliveries-status' },
    [['', 'All'], ['pending', 'Pending'], ['delivered', 'Delivered'], ['failed', 'Failed']]
      .map(([v, t]) => el('option', { value: v, text: t })));
  const kind = { pending: 'warn', delivered: 'ok', failed: 'bad' };
  const deliveries = pagedTable({
    limit: 25,
    empty: 'No notification yet (or no webhook endpoint is configured).',
    columns: [
      { key: 'createdAt', label: 'Queued (UTC)', render: (d) => el('span', { class: 'nowrap', text: fmtDateTime(d.createdAt) }) },
      { key: 'event', label: 'Event', render: (d) => el('code', { text: d.event }) },
      { key: 'endpoint', label: 'Endpoint' },
      { key: 'auditSeq', label: 'Audit seq', class: 'num', render: (d) => String(d.auditSeq) },
      { key: 'status', label: 'Status', render: (d) => el('span', { class: `badge badge-${kind[d.status] || 'neutral'}`, text: d.status }) },
      { key: 'attempts', label: 'Attempts', class: 'num', render: (d) => String(d.attempts) },
      { key: 'last', label: 'Last answer', render: (d) => (d.lastStatus ? `HTTP ${d.lastStatus}` : d.lastError || '—') },
      { key: 'when', label: 'Delivered / next try', render: (d) => (d.deliveredAt ? fmtDateTime(d.deliveredAt)
        : d.status === 'pending' ? `next ${fmtDateTime(d.nextAttemptAt)}` : 'gave up') },
    ],
    fetchPage: async (offset, limit) => (await gql(DELIVERIES_QUERY, { status: status.value || null, limit, offset })).notificationDeliveries,
    onRow: (d, tr) => { tr.dataset.delivery = d.id; },
  });
  status.addEventListener('change', () => deliveries.load(0, deliveries.limit));
  deliveries.load(0, 25);
  return el('section', { class: 'card', id: 'notification-deliveries' },
    el('h2', { text: 'Notifications (signed webhooks)' }),
    el('p', { class: 'muted', text: 'Each event is posted to the configured endpoints with an HMAC-SHA256 signature of the body '
      + '(header X-Usdcop-Signature) and retried with backoff until the receiver answers 2xx.' }),
    el('label', {}, 'Status ', status), deliveries.node);
}
