// Production (#/production): the active production contract with every hash; the live panels — latest production
// signals with latency and reason, the staging models scored in shadow beside production, the kill switch (trip and
// two-admin reset for admins), replay mode (status for everyone, start/stop for admins) — refreshed every 10 s; the
// contract history and, for admins, the rollback to the contract it replaced.
// Section ids are stable hooks for tests and later panels: current-contract, kill-switch, production-signals,
// shadow-models, live-performance, drift, alerts (production-monitoring.js), replay, rollback, contract-history.
import { gql } from '../gql.js';
import { monitoringSections } from './production-monitoring.js';
import {
  el, replace, pageHeader, badge, errorBanner, loading, notice, table, pagedTable, fmtNumber, fmtPct, fmtDateTime,
  hashCell, hasRole, href,
} from '../ui.js';

const REFRESH_MS = 10_000;
const LATEST_SIGNALS = 20;
/** The live panels' refresh timer: one per page (a re-render after a rollback replaces it). */
let refreshTimer = null;

const FIELDS = `id modelId modelHash normStatsHash featureOrderHash configHash datasetHash experimentContractId proposalId
  override approvedBy approvedAt activatedAt activatedBy activationReason deactivatedAt deactivatedBy deactivationReason
  active previousContractId reactivatesContractId`;
const CURRENT_QUERY = `{ productionContract { ${FIELDS} } config { replay { lastDays speed tickDelaySeconds } } }`;
const HISTORY_QUERY = `query($limit: Int, $offset: Int) { productionContracts(limit: $limit, offset: $offset) {
  total offset limit items { ${FIELDS} } } }`;
const ROLLBACK = 'mutation($r: String!) { rollbackProduction(reason: $r) { id modelId } }';

const SIGNAL_FIELDS = 'id modelId ts rawAction signal positionAfter reason latencyMicros contractId shadow replay createdAt';
const REPLAY_FIELDS = `state enabled from to speed secondsPerBar barsTotal barsDone currentBarTs simulatedNow signalsWritten
  lastOutcome startedBy startedAt stoppedBy finishedAt previousRowsDeleted message`;
const LIVE_QUERY = `query($limit: Int, $model: String) {
  signals(modelId: $model, shadow: false, limit: $limit) { total items { ${SIGNAL_FIELDS} } }
  shadowModels { modelId latest { ${SIGNAL_FIELDS} } live { bars agreeing rate } replay { bars agreeing rate } }
  killSwitch { tripped reason trippedBy trippedAt pendingResetBy pendingResetAt }
  replayStatus { ${REPLAY_FIELDS} } }`;
const TRIP = 'mutation($r: String!) { tripKillSwitch(reason: $r) { tripped } }';
const RESET = 'mutation($r: String!) { resetKillSwitch(reason: $r) { tripped pendingResetBy } }';
const START_REPLAY = `mutation($from: DateTime, $to: DateTime, $speed: Float) {
  startReplay(from: $from, to: $to, speed: $speed) { ${REPLAY_FIELDS} } }`;
const STOP_REPLAY = `mutation { stopReplay { ${REPLAY_FIELDS} } }`;

export async function render(container, { me, config }) {
  clearInterval(refreshTimer);
  replace(container, loading());
  let current;
  let replayDefaults;
  try {
    const data = await gql(CURRENT_QUERY);
    current = data.productionContract;
    replayDefaults = data.config.replay;
  } catch (error) {
    replace(container, pageHeader('Production'), errorBanner(error, 'Could not load the production contract'));
    return undefined;
  }
  const admin = hasRole(me, 'admin');
  const minReason = config?.minReasonLength ?? 10;
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

  const marker = el('div', { id: 'replay-marker-slot' });
  const updated = el('span', { class: 'muted', id: 'live-updated' });
  const live = {
    signals: el('div', { id: 'production-signals-body' }, loading()),
    shadows: el('div', { id: 'shadow-models-body' }, loading()),
    killState: el('div', { id: 'kill-switch-state' }, loading()),
    replayState: el('div', { id: 'replay-state' }, loading()),
    error: el('div', { id: 'live-error' }),
  };
  const killForm = killSwitchForm(me, admin, minReason, () => refresh());
  const replayForm = replayControls(admin, replayDefaults, () => refresh());

  async function refresh() {
    try {
      // the production model's own rows (a model replaced earlier keeps its history on the model page)
      const data = await gql(LIVE_QUERY, { limit: LATEST_SIGNALS, model: current?.modelId ?? null });
      replace(live.error);
      replace(marker, data.replayStatus.state === 'RUNNING' ? replayMarker(data.replayStatus) : null);
      replace(live.signals, signalsTable(data.signals));
      replace(live.shadows, shadowTable(data.shadowModels));
      replace(live.killState, killSwitchState(data.killSwitch));
      killForm.update(data.killSwitch);
      replace(live.replayState, replayState(data.replayStatus));
      replayForm.update(data.replayStatus);
      updated.textContent = `Updated ${fmtDateTime(new Date())}; refreshes every ${REFRESH_MS / 1000} s.`;
    } catch (error) {
      replace(live.error, errorBanner(error, 'Could not refresh the live panels'));
    }
  }

  const monitoring = monitoringSections({ me, config, modelId: current?.modelId });
  replace(container,
    pageHeader('Production', 'The one model in production, its live signals, the shadow models beside it and the kill switch', updated),
    marker,
    live.error,
    el('section', { class: 'card', id: 'current-contract' }, current ? contractCard(current) : notice('No model is in production.', 'info')),
    el('section', { class: 'card', id: 'kill-switch' }, el('h2', { text: 'Kill switch' }), live.killState, killForm.node),
    el('section', { class: 'card', id: 'production-signals' }, el('h2', { text: current ? `Latest production signals of ${current.modelId}` : 'Latest production signals' }),
      el('p', { class: 'muted', text: 'Newest bar first. Latency runs from the tick\'s start (feature read) to the decision. '
        + 'Rows marked replay come from replay mode (stored bars, simulated clock), not from the live market.' }),
      live.signals),
    el('section', { class: 'card', id: 'shadow-models' }, el('h2', { text: 'Shadow models beside production' }),
      el('p', { class: 'muted', text: 'Every staging model is scored on the same ticks as production and never trades. '
        + 'Agreement: bars both scored with the same signal (kill-switch and invalid-contract bars left out); live and replay apart.' }),
      live.shadows),
    ...monitoring.nodes,
    el('section', { class: 'card', id: 'replay' }, el('h2', { text: 'Replay mode' }), live.replayState, replayForm.node),
    current && admin ? rollbackForm(current, config, () => render(container, { me, config })) : null,
    el('section', { class: 'card', id: 'contract-history' }, el('h2', { text: 'History' }), history.node));
  await Promise.all([history.load(), refresh(), monitoring.load()]);
  clearInterval(refreshTimer);
  refreshTimer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(refreshTimer);
}

// ---------------------------------------------------------------- contract

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

// ---------------------------------------------------------------- signals

const SIGNAL_LABEL = { 1: ['long USD', 'ok'], '-1': ['short USD', 'bad'], 0: ['flat', 'neutral'] };

function signalBadge(signal) {
  const [text, kind] = SIGNAL_LABEL[signal] || [String(signal), 'neutral'];
  return badge(text, kind);
}

function reasonBadge(reason) {
  return badge(reason, reason === 'OK' ? 'ok' : reason === 'KILL_SWITCH' || reason === 'CONTRACT_INVALID' || reason === 'MODEL_ERROR' ? 'bad' : 'warn');
}

function replayBadge(s) {
  return s && s.replay ? badge('replay', 'info') : null;
}

function latency(micros) {
  return micros >= 1000 ? `${fmtNumber(micros / 1000, 2)} ms` : `${fmtNumber(micros, 0)} µs`;
}

function signalsTable(page) {
  return el('div', {},
    table([
      { label: 'Bar (UTC)', render: (s) => el('span', {}, fmtDateTime(s.ts), ' ', replayBadge(s)) },
      { label: 'Model', render: (s) => el('a', { href: href('model', s.modelId), text: s.modelId }) },
      { label: 'Signal', render: (s) => signalBadge(s.signal) },
      { label: 'Raw action', class: 'num', render: (s) => fmtNumber(s.rawAction, 4) },
      { label: 'Position after', class: 'num', key: 'positionAfter' },
      { label: 'Reason', render: (s) => reasonBadge(s.reason) },
      { label: 'Latency', class: 'num', render: (s) => latency(s.latencyMicros) },
      { label: 'Contract', render: (s) => (s.contractId === null ? '—' : `#${s.contractId}`) },
      { label: 'Written', render: (s) => fmtDateTime(s.createdAt) },
    ], page.items, { empty: 'No production signal yet: the tick writes one per bar while a model is in production.',
      rowClass: (s) => (s.replay ? 'replay-row' : null) }),
    page.total > page.items.length ? el('p', { class: 'muted', text: `The ${page.items.length} newest of ${page.total}.` }) : null);
}

function agreement(a, replay) {
  if (!a || a.bars === 0) return el('span', { class: 'muted', text: '—' });
  return el('span', {}, fmtPct(a.rate, 1), ` (${a.agreeing}/${a.bars} bars)`, replay ? ' ' : null, replay ? badge('replay', 'info') : null);
}

function shadowTable(models) {
  return table([
    { label: 'Staging model', render: (m) => el('a', { href: href('model', m.modelId), text: m.modelId }) },
    { label: 'Latest bar (UTC)', render: (m) => (m.latest ? el('span', {}, fmtDateTime(m.latest.ts), ' ', replayBadge(m.latest)) : '—') },
    { label: 'Latest signal', render: (m) => (m.latest ? signalBadge(m.latest.signal) : '—') },
    { label: 'Reason', render: (m) => (m.latest ? reasonBadge(m.latest.reason) : '—') },
    { label: 'Latency', class: 'num', render: (m) => (m.latest ? latency(m.latest.latencyMicros) : '—') },
    { label: 'Agreement (live)', render: (m) => agreement(m.live, false) },
    { label: 'Agreement (replay)', render: (m) => agreement(m.replay, true) },
  ], models, { empty: 'No model is in staging, so nothing is scored in shadow.' });
}

// ---------------------------------------------------------------- kill switch

function killSwitchState(k) {
  if (!k.tripped) {
    return el('p', {}, badge('not tripped', 'ok'), ' Production signals follow the policy.');
  }
  return el('div', {},
    el('p', {}, badge('TRIPPED', 'bad'), ' Every production tick records signal 0 (KILL_SWITCH) until two admins reset it.'),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Reason' }), el('dd', { id: 'kill-switch-reason-shown', text: k.reason }),
      el('dt', { text: 'Tripped by' }), el('dd', { text: k.trippedBy }),
      el('dt', { text: 'Tripped at' }), el('dd', { text: fmtDateTime(k.trippedAt) }),
      k.pendingResetBy ? el('dt', { text: 'Reset approved by' }) : null,
      k.pendingResetBy ? el('dd', { id: 'kill-switch-pending', text: `${k.pendingResetBy} at ${fmtDateTime(k.pendingResetAt)}; a different admin must confirm` }) : null));
}

/** The admin form: trip when armed, approve/confirm the reset when tripped. Rebuilt only when the state changes. */
function killSwitchForm(me, admin, minReason, reload) {
  const node = el('div', { id: 'kill-switch-form' });
  let shown = null;
  function update(k) {
    if (!admin) return;
    const key = `${k.tripped}|${k.pendingResetBy || ''}`;
    if (key === shown) return;
    shown = key;
    const mine = k.pendingResetBy && k.pendingResetBy === me.subject;
    const reason = el('textarea', { id: k.tripped ? 'kill-switch-reset-reason' : 'kill-switch-reason', rows: 2,
      placeholder: `Why (at least ${minReason} characters)` });
    const label = !k.tripped ? 'Trip the kill switch' : k.pendingResetBy ? 'Confirm the reset (second admin)' : 'Approve a reset (first of two admins)';
    const button = el('button', { type: 'button', id: k.tripped ? 'kill-switch-reset' : 'kill-switch-trip',
      class: k.tripped ? 'button' : 'button danger', disabled: true, text: label });
    const result = el('div', { id: 'kill-switch-result' });
    reason.addEventListener('input', () => { button.disabled = mine || reason.value.trim().length < minReason; });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await gql(k.tripped ? RESET : TRIP, { r: reason.value });
        shown = null;
        await reload();
      } catch (error) {
        replace(result, errorBanner(error, k.tripped ? 'The reset was not recorded' : 'The kill switch was not tripped'));
        button.disabled = false;
      }
    });
    replace(node,
      mine ? notice('You approved the reset; a different admin must confirm it (two-person rule).', 'info') : null,
      reason, el('div', {}, button), result);
  }
  return { node, update };
}

// ---------------------------------------------------------------- replay

const REPLAY_KIND = { RUNNING: 'warn', FINISHED: 'ok', STOPPED: 'neutral', FAILED: 'bad', IDLE: 'neutral' };

function replayMarker(r) {
  return el('div', { class: 'banner banner-warn', id: 'replay-marker', role: 'status' },
    el('div', { class: 'banner-title' }, el('span', { class: 'code', text: 'REPLAY' }), ' Replay mode is running'),
    el('div', { class: 'banner-message', text: `Stored bars are walked with a simulated clock (bar ${r.barsDone} of ${r.barsTotal}, `
      + `simulated time ${fmtDateTime(r.simulatedNow)}). Signals marked replay are simulated, not live.` }));
}

function replayState(r) {
  const rows = [
    ['State', el('span', {}, badge(r.state === 'RUNNING' ? 'REPLAY running' : r.state, REPLAY_KIND[r.state] || 'neutral'))],
  ];
  if (r.state !== 'IDLE') {
    rows.push(['Range (bar open, UTC)', `${fmtDateTime(r.from)} → ${fmtDateTime(r.to)}`],
      ['Speed', `${fmtNumber(r.speed, r.speed >= 10 ? 0 : 2)}× (one bar every ${fmtNumber(r.secondsPerBar, 2)} s)`],
      ['Progress', `bar ${r.barsDone} of ${r.barsTotal}; ${r.signalsWritten} signal row(s) written`],
      ['Simulated clock', fmtDateTime(r.simulatedNow)],
      ['Last outcome', r.lastOutcome || '—'],
      ['Started', `${fmtDateTime(r.startedAt)} by ${r.startedBy}`],
      r.stoppedBy ? ['Stopped by', r.stoppedBy] : null,
      r.finishedAt ? ['Ended', fmtDateTime(r.finishedAt)] : null,
      ['Previous replay rows removed', String(r.previousRowsDeleted)]);
  }
  return el('div', {},
    el('dl', { class: 'kv' }, rows.filter(Boolean).map(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)])),
    r.message ? el('p', { class: 'muted', id: 'replay-message', text: r.message }) : null);
}

/** Start/stop for admins; the inputs survive the refreshes. */
function replayControls(admin, defaults, reload) {
  const node = el('div', { id: 'replay-controls' });
  const info = el('p', { class: 'muted', text: 'Replay scores stored bars with today\'s production contract, staging models and kill switch, '
    + 'one bar every 5 minutes ÷ speed, and writes rows marked replay beside the live ones (never replacing them). '
    + 'Starting a replay removes the previous replay\'s rows.' });
  if (!admin) {
    replace(node, info);
    return { node, update: () => {} };
  }
  const from = el('input', { id: 'replay-from', type: 'text', size: 22, placeholder: 'e.g. 2025-11-17T13:00:00Z' });
  const to = el('input', { id: 'replay-to', type: 'text', size: 22, placeholder: 'newest closed bar' });
  const speed = el('input', { id: 'replay-speed', type: 'number', min: '0', step: 'any', value: String(defaults?.speed ?? 60) });
  const start = el('button', { type: 'button', id: 'replay-start', class: 'button primary', text: 'Start replay' });
  const stop = el('button', { type: 'button', id: 'replay-stop', class: 'button', text: 'Stop replay' });
  const result = el('div', { id: 'replay-result' });
  const act = async (mutation, variables, failure) => {
    start.disabled = true;
    stop.disabled = true;
    try {
      await gql(mutation, variables);
      replace(result);
    } catch (error) {
      replace(result, errorBanner(error, failure));
    }
    await reload();
  };
  start.addEventListener('click', () => act(START_REPLAY, {
    from: from.value.trim() || null, to: to.value.trim() || null, speed: speed.value === '' ? null : Number(speed.value),
  }, 'The replay did not start'));
  stop.addEventListener('click', () => act(STOP_REPLAY, {}, 'The replay did not stop'));
  const controls = el('div', { class: 'filters' },
    el('label', {}, 'From (blank: the last ', String(defaults?.lastDays ?? 5), ' trading days)', from),
    el('label', {}, 'To (blank: newest closed bar)', to),
    el('label', {}, 'Speed (simulated ÷ wall time)', speed),
    el('div', { class: 'buttons' }, start, stop));
  function update(r) {
    if (!r.enabled) {
      replace(node, notice('Replay is disabled on this deployment (usdcop.replay.enabled).', 'info'));
      return;
    }
    if (!node.contains(controls)) replace(node, info, controls, result);
    start.disabled = r.state === 'RUNNING';
    stop.disabled = r.state !== 'RUNNING';
  }
  return { node, update };
}

// ---------------------------------------------------------------- rollback

function rollbackForm(current, config, reload) {
  const min = config?.overrideMinReasonLength ?? 20;
  const reason = el('textarea', { id: 'rollback-reason', rows: 2, placeholder: `Why roll back (at least ${min} characters)` });
  const result = el('div', { id: 'rollback-result' });
  const button = el('button', { type: 'button', id: 'rollback-button', class: 'button danger', disabled: true, text: 'Roll back to the previous contract' });
  if (!current.previousContractId) {
    return el('section', { class: 'card', id: 'rollback' }, el('h2', { text: 'Rollback' }), notice('This contract replaced none, so there is nothing to roll back to.', 'info'));
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
    el('p', { id: 'rollback-creates', text: `Creates a new production contract (it becomes the active one, with the next number) `
      + `that carries the model and every hash of contract #${current.previousContractId}, the contract #${current.id} `
      + `replaced; contract #${current.id} is closed and ${current.modelId} is archived. Contract #${current.previousContractId} `
      + 'itself stays closed in the history.' }), reason, button, result);
}
