// Production (#/production): the active production contract with every hash, its history, and — for admins — the
// rollback to the contract it replaced.
import { gql } from '../gql.js';
import { monitoringSections } from './production-monitoring.js';
import { el, replace, pageHeader, badge, errorBanner, loading, notice, pagedTable, fmtDateTime, hashCell, hasRole, href } from '../ui.js';

const FIELDS = `id modelId modelHash normStatsHash featureOrderHash configHash datasetHash experimentContractId proposalId
  override approvedBy approvedAt activatedAt activatedBy activationReason deactivatedAt deactivatedBy deactivationReason
  active previousContractId reactivatesContractId`;
const CURRENT_QUERY = `{ productionContract { ${FIELDS} } }`;
const HISTORY_QUERY = `query($limit: Int, $offset: Int) { productionContracts(limit: $limit, offset: $offset) {
  total offset limit items { ${FIELDS} } } }`;
const ROLLBACK = 'mutation($r: String!) { rollbackProduction(reason: $r) { id modelId } }';

export async function render(container, { me, config }) {
  replace(container, loading());
  let current;
  try {
    current = (await gql(CURRENT_QUERY)).productionContract;
  } catch (error) {
    replace(container, pageHeader('Production'), errorBanner(error, 'Could not load the production contract'));
    return;
  }
  const history = pagedTable({
    columns: [
      { label: '#', key: 'id' },
      { label: 'Model', render: (c) => el('a', { href: href('model', c.modelId), text: c.modelId }) },
      { label: 'State', render: (c) => el('span', {}, badge(c.active ? 'active' : 'inactive', c.active ? 'ok' : 'neutral'),
        c.override ? ' ' : null, c.override ? badge('override', 'warn') : null, c.reactivatesContractId ? ` re-activates #${c.reactivatesContractId}` : null) },
      { label: 'Activated', render: (c) => fmtDateTime(c.activatedAt) },
      { label: 'Deactivated', render: (c) => fmtDateTime(c.deactivatedAt) },
      { label: 'Approved by', render: (c) => (c.approvedBy || []).join(', ') },
      { label: 'Why', render: (c) => c.deactivationReason || c.activationReason || '' },
    ],
    fetchPage: async (offset, limit) => (await gql(HISTORY_QUERY, { limit, offset })).productionContracts,
    empty: 'No model has been in production yet.',
  });
  const monitoring = monitoringSections({ me, config, modelId: current?.modelId });
  replace(container,
    pageHeader('Production', 'The one model in production, the contract that pins it, and its history'),
    el('section', { class: 'card', id: 'current-contract' }, current ? contractCard(current) : notice('No model is in production.', 'info')),
    ...monitoring.nodes,
    current && hasRole(me, 'admin') ? rollbackForm(current, config, () => render(container, { me, config })) : null,
    el('section', { class: 'card' }, el('h2', { text: 'History' }), history.node));
  await Promise.all([history.load(), monitoring.load()]);
}

function contractCard(c) {
  const row = (label, value) => el('tr', {}, el('th', { text: label }), el('td', {}, value ?? '—'));
  return el('div', {},
    el('h2', {}, 'Contract #', String(c.id), ': ', el('a', { id: 'production-model', href: href('model', c.modelId), text: c.modelId }), ' ',
      c.override ? badge('override promoted', 'warn') : badge('promoted', 'ok')),
    el('table', { class: 'data kv' }, el('tbody', {},
      row('Model hash', hashCell(c.modelHash, 64)), row('Norm stats hash', hashCell(c.normStatsHash, 64)),
      row('Feature order hash', c.featureOrderHash), row('Config hash', hashCell(c.configHash, 64)),
      row('Dataset hash', hashCell(c.datasetHash, 64)), row('Experiment', c.experimentContractId),
      row('Proposal', el('a', { href: href('proposals', c.proposalId), text: c.proposalId })),
      row('Approved by', (c.approvedBy || []).join(', ')), row('Approved at', fmtDateTime(c.approvedAt)),
      row('Active since', fmtDateTime(c.activatedAt)), row('Activated because', c.activationReason))));
}

function rollbackForm(current, config, reload) {
  const min = config?.overrideMinReasonLength ?? 20;
  const reason = el('textarea', { id: 'rollback-reason', rows: 2, placeholder: `Why roll back (at least ${min} characters)` });
  const result = el('div', { id: 'rollback-result' });
  const button = el('button', { type: 'button', id: 'rollback-button', class: 'button danger', disabled: true, text: 'Roll back to the previous contract' });
  if (!current.previousContractId) {
    return el('section', { class: 'card' }, el('h2', { text: 'Rollback' }), notice('This contract replaced none, so there is nothing to roll back to.', 'info'));
  }
  reason.addEventListener('input', () => { button.disabled = reason.value.trim().length < min; });
  button.addEventListener('click', async () => {
    try {
      await gql(ROLLBACK, { r: reason.value });
      await reload();
    } catch (error) {
      replace(result, errorBanner(error, 'The rollback did not happen'));
    }
  });
  return el('section', { class: 'card', id: 'rollback' }, el('h2', { text: 'Rollback' }),
    el('p', { text: `Re-activates contract #${current.previousContractId}; ${current.modelId} is archived.` }), reason, button, result);
}
