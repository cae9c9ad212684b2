// Backtests (#/backtests, #/backtests/<id>, #/backtests/compare?a=<id>&b=<id>): pick a model and a period preset,
// run a backtest with a live progress bar and the round trips as they close, and read a stored backtest: metrics
// with units, signature and verified badge, the period's closes with the round trips marked, equity and drawdown
// charts, trades (paged); pick two backtests and compare them side by side.
import { gql, subscribe } from '../gql.js';
import {
  el, replace, pageHeader, pagedTable, table, badge, errorBanner, loading, notice, fmtNumber, fmtInt, fmtPct,
  fmtDateTime, fmtDate, copyButton, href, hasRole,
} from '../ui.js';
import { lineChart, seriesPoints } from '../charts.js';
import { SELECTION_FIELDS, selectionView, robustnessFormat } from '../robustness.js';

const PRICE_POINTS = 2000;        // closes drawn at most; the service thins longer periods
const MAX_MARKER_TRADES = 500;    // round trips marked on the price chart at most (one page of the API)
const LIVE_TRADES = 8;            // round trips listed while a backtest runs

// the picker searches the registry on the server (id prefix, experiment, stage): one page of matches at a time
const PICKER_MATCHES = 50;
const MODELS_QUERY = `query($prefix: String, $experiment: String, $stage: String, $limit: Int) {
  models(idPrefix: $prefix, experiment: $experiment, stage: $stage, limit: $limit) { total items { modelId stage } } }`;
const MODEL_STAGES = ['registered', 'staging', 'production', 'archived'];
const LIST_QUERY = `query($m: String!, $limit: Int, $offset: Int) { backtests(modelId: $m, limit: $limit, offset: $offset) {
  total offset limit items { id periodType periodStart periodEnd status outOfSample verified runSource runAt
    costMultiplier effectiveCostBps metrics { totalReturn sharpe maxDrawdown numberOfTrades } } } }`;
const RUN = `mutation($m: String!, $p: String, $from: Date, $to: Date, $c: Float) {
  runBacktest(modelId: $m, preset: $p, from: $from, to: $to, costMultiplier: $c) { id status barsTotal costMultiplier } }`;
const TRAINING = `query($id: String!) { model(id: $id) { experiment { trainRange trainStart trainEnd } } }`;
const BARS_IN_PERIOD = `query($from: DateTime!, $to: DateTime!) { dataQuality(from: $from, to: $to) { featureRows } }`;
const CUSTOM = 'custom';
const PREVIEW = `query($m: String!, $s: String!, $b: String!) { proposalPreview(modelId: $m, targetStage: $s, backtestId: $b) {
  targetStage modelStage requiredStage criteria { name threshold actual passed source }
  robustnessCriteria { name threshold source costMultiplier measures actual passed } minStagingDays stagingDays
  productionModelId comparedWithProduction improvementThreshold humanApprovals minReasonLength } }`;
const PROPOSE = `mutation($m: String!, $s: String!, $b: String!, $r: String!) {
  proposePromotion(modelId: $m, targetStage: $s, backtestId: $b, reason: $r) { id status } }`;
const JOB = `query($id: String!) { backtestJob(id: $id) { id status percent barsDone barsTotal trades tradesClosed error } }`;
const PROGRESS = `subscription($id: String!) { backtestProgress(id: $id) { status percent barsDone barsTotal trades
  tradesClosed newTradesOmitted newTrades { seq side entryTs exitTs pnl exitReason } error } }`;
const SUMMARY = `id modelId periodType periodStart periodEnd outOfSample verified runSource signature modelHash normStatsHash
  dataSnapshotHash engineVersion barCount tradeCount createdBy runAt completedAt costMultiplier effectiveCostBps
  costModel { transactionCostBps initialCapital } thresholds { longThreshold shortThreshold }
  metrics { totalReturn finalEquity tradingDays sharpe sortino maxDrawdown maxDrawdownPeakTs maxDrawdownTroughTs
    annualizedReturn calmar numberOfTrades winRate profitFactor totalTradePnl averageTradePnl averageTradeReturn
    exposure totalTurnover averageDailyTurnover barsEvaluated barsNotTraded }`;
const DETAIL = `query($id: String!) { backtest(id: $id) { ${SUMMARY} ${SELECTION_FIELDS}
  differences { path submitted recomputed } equitySeries { ts equity position } } }`;
const TRADES = `query($id: String!, $limit: Int, $offset: Int) { backtest(id: $id) { trades(limit: $limit, offset: $offset) {
  total offset limit items { seq side entryTs exitTs entryPrice exitPrice bars pnl returnFraction exitReason } } } }`;
const PRICES = `query($id: String!, $points: Int, $limit: Int) { backtest(id: $id) {
  prices(maxPoints: $points) { bars thinned ts close }
  trades(limit: $limit) { total items { seq side entryTs exitTs entryPrice exitPrice } } } }`;
const COMPARE = `query($a: String!, $b: String!) { a: backtest(id: $a) { ${SUMMARY} equitySeries { ts equity } }
  b: backtest(id: $b) { ${SUMMARY} equitySeries { ts equity } } }`;

// Metrics as shown in a backtest's panel and in a comparison. kind: pct (a fraction shown in %, differences in
// percentage points), usd, ratio, int; better: +1 when higher is better, −1 when lower is, absent when neither.
const METRICS = [
  { key: 'totalReturn', label: 'Total return', kind: 'pct', better: 1 },
  { key: 'finalEquity', label: 'Final equity', kind: 'usd', better: 1 },
  { key: 'annualizedReturn', label: 'Annualised return', kind: 'pct', better: 1 },
  { key: 'sharpe', label: 'Sharpe (daily, ×√252)', kind: 'ratio', better: 1 },
  { key: 'sortino', label: 'Sortino (daily, ×√252)', kind: 'ratio', better: 1 },
  { key: 'maxDrawdown', label: 'Max drawdown', kind: 'pct', better: -1,
    note: (m) => (m.maxDrawdownPeakTs ? `(${fmtDateTime(m.maxDrawdownPeakTs)} → ${fmtDateTime(m.maxDrawdownTroughTs)})` : '') },
  { key: 'calmar', label: 'Calmar', kind: 'ratio', better: 1 },
  { key: 'numberOfTrades', label: 'Round trips', kind: 'int' },
  { key: 'winRate', label: 'Win rate', kind: 'pct', better: 1 },
  { key: 'profitFactor', label: 'Profit factor', kind: 'ratio', better: 1 },
  { key: 'totalTradePnl', label: 'Total trade P&L', kind: 'usd', better: 1 },
  { key: 'averageTradePnl', label: 'Average trade P&L', kind: 'usd', better: 1 },
  { key: 'averageTradeReturn', label: 'Average trade return', kind: 'pct', digits: 4, better: 1 },
  { key: 'exposure', label: 'Exposure', kind: 'pct', unit: 'of bars' },
  { key: 'averageDailyTurnover', label: 'Turnover', kind: 'ratio', unit: 'equity per day' },
  { key: 'tradingDays', label: 'Trading days', kind: 'int' },
  { key: 'barsEvaluated', label: 'Bars decided', kind: 'int' },
  { key: 'barsNotTraded', label: 'Bars not traded', kind: 'int' },
];

const LONG_COLOR = '#1e9e63';
const MARKERS_SHOWN_UP_TO = 150;  // round trips; with more, the markers start hidden behind a toggle

/** A position as the strip labels it: +1, 0, −1. */
function signedUnit(v) {
  if (v > 0) return `+${fmtNumber(v, 0)}`;
  return v < 0 ? `−${fmtNumber(-v, 0)}` : '0';
}
const SHORT_COLOR = '#b3261e';

/** A run at another cost than the one in force (multiplier ≠ 1) is a what-if run: never evidence for a promotion. */
function isWhatIf(b) {
  return b.costMultiplier !== undefined && b.costMultiplier !== null && b.costMultiplier !== 1;
}

/** "×2" for a multiplier: as many decimals as it has, at most 3. */
function fmtMultiplier(m) {
  return `×${Number(m).toLocaleString('en-US', { maximumFractionDigits: 3 })}`;
}

/** A cost in basis points as configured: 2.5, 5, 1.25 (at most 3 decimals, none trailing). */
function fmtBps(v) {
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** The cost badge of a backtest: the multiplier and effective cost of a what-if run; nothing for the standard cost. */
function costBadge(b) {
  return isWhatIf(b) ? badge(`what-if cost ${fmtMultiplier(b.costMultiplier)} (${fmtBps(b.effectiveCostBps)} bps)`, 'warn') : null;
}

export function render(container, { arg, params = {}, config, me }) {
  if (arg === 'compare') {
    return renderCompare(container, params.a, params.b);
  }
  if (arg) {
    return renderDetail(container, arg, me);
  }
  return renderRunner(container, params, config);
}

// ---------------------------------------------------------------- run, list, pick two

/**
 * The model picker: a search box (start of the model id), an experiment and a stage narrow the server-side search;
 * the select lists the first matches (and keeps the chosen model). Calls onChoices after every search.
 */
function modelPicker(selected, onChoices) {
  const select = el('select', { id: 'bt-model', name: 'model' });
  const search = el('input', { id: 'bt-model-search', type: 'search', placeholder: 'model id starts with…', autocomplete: 'off' });
  const experiment = el('input', { id: 'bt-model-experiment', type: 'search', placeholder: 'experiment (id or name)', autocomplete: 'off' });
  const stage = el('select', { id: 'bt-model-stage', name: 'stage' }, el('option', { value: '', text: 'any stage' }),
    MODEL_STAGES.map((st) => el('option', { value: st, text: st })));
  const count = el('span', { id: 'bt-model-count', class: 'muted' });
  let asked = 0;
  const find = async () => {
    const mine = ++asked;
    const data = await gql(MODELS_QUERY, { prefix: search.value.trim() || null,
      experiment: experiment.value.trim() || null, stage: stage.value || null, limit: PICKER_MATCHES });
    if (mine !== asked) return null; // a newer search is under way
    const keep = select.value || selected;
    const items = data.models.items;
    const options = items.map((m) => el('option', { value: m.modelId, selected: m.modelId === keep,
      text: `${m.modelId} [${m.stage}]` }));
    if (keep && !items.some((m) => m.modelId === keep) && !search.value && !experiment.value && !stage.value) {
      options.unshift(el('option', { value: keep, selected: true, text: keep }));
    }
    replace(select, options);
    count.textContent = data.models.total > items.length ? `first ${items.length} of ${data.models.total} matches`
      : `${data.models.total} match${data.models.total === 1 ? '' : 'es'}`;
    onChoices(items);
    return items;
  };
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(() => find().catch(() => {}), 250); };
  search.addEventListener('input', later);
  experiment.addEventListener('input', later);
  stage.addEventListener('change', later);
  const fields = [el('label', {}, 'Find model', search), el('label', {}, 'Experiment', experiment),
    el('label', {}, 'Stage', stage), el('label', {}, 'Model', select, count)];
  return { select, fields, find };
}

function renderRunner(container, params, config) {
  const presets = (config && config.presets) || [];
  const picker = modelPicker(params.model, async () => {
    showList();
    await loadTraining();
    await check();
  });
  const modelSelect = picker.select;
  const presetSelect = el('select', { id: 'bt-preset', name: 'preset' },
    presets.map((p) => el('option', { value: p.id, selected: p.id === 'test',
      text: `${p.id} (${fmtDate(p.start)} to ${fmtDate(p.end)})` })),
    el('option', { value: CUSTOM, text: 'custom from / to' }));
  const fromInput = el('input', { type: 'date', id: 'bt-from', name: 'from' });
  const toInput = el('input', { type: 'date', id: 'bt-to', name: 'to' });
  const customFields = el('span', { class: 'custom-period', hidden: true },
    el('label', {}, 'From', fromInput), el('label', {}, 'To', toInput));
  const periodNote = el('p', { id: 'bt-period-note', class: 'muted' });
  // what-if costs: transaction_cost_bps × the multiplier, within the bounds of config/backtest.yaml
  const costs = (config && config.backtest) || null;
  const multiplierInput = el('input', { type: 'number', id: 'bt-cost-multiplier', name: 'costMultiplier', step: '0.1',
    value: '1', min: costs ? String(costs.costMultiplierMin) : null, max: costs ? String(costs.costMultiplierMax) : null });
  const costNote = el('p', { id: 'bt-cost-note', class: 'muted' });
  const runButton = el('button', { type: 'submit', class: 'primary', id: 'bt-run', text: 'Run backtest' });
  const progress = el('div', { id: 'bt-progress' });
  const list = el('div', { id: 'bt-list' });
  const form = el('form', { class: 'filters card', id: 'bt-form' },
    ...picker.fields,
    el('label', {}, 'Period', presetSelect),
    customFields,
    el('label', {}, 'Cost multiplier', multiplierInput),
    el('div', { class: 'buttons' }, runButton),
    periodNote, costNote);
  replace(container, pageHeader('Backtests', 'Out-of-sample replays of a model on the service\'s own features'),
    form, progress, list);
  let stop = null;
  let training = null; // {trainRange, trainStart, trainEnd} of the chosen model's experiment
  let barsInPeriod = null;
  let checkGeneration = 0;

  /** The chosen period as {preset} or {from, to} ISO dates, with its first and last date; null when incomplete. */
  const period = () => {
    if (presetSelect.value !== CUSTOM) {
      const p = presets.find((x) => x.id === presetSelect.value);
      return p ? { preset: p.id, start: fmtDate(p.start), end: fmtDate(p.end) } : null;
    }
    return fromInput.value && toInput.value ? { from: fromInput.value, to: toInput.value, start: fromInput.value, end: toInput.value } : null;
  };

  /**
   * Why the chosen period cannot run, or null: an incomplete or reversed custom range, or an overlap with the
   * training range of the model's experiment (such a backtest is in sample and cannot back a proposal).
   */
  const refusal = (p) => {
    if (!p) return 'Choose both dates of the custom period.';
    if (p.start > p.end) return `The period ends (${p.end}) before it starts (${p.start}).`;
    if (training && training.trainStart && p.start <= training.trainEnd && p.end >= training.trainStart) {
      return `Refused: ${p.start} to ${p.end} overlaps the training data of this model (${training.trainRange}: `
        + `${training.trainStart} to ${training.trainEnd}). Start after ${training.trainEnd}, e.g. the validation or test preset.`;
    }
    return null;
  };

  /** The chosen multiplier (1 when empty), and why it cannot run (outside the configured bounds), or null. */
  const multiplier = () => (multiplierInput.value.trim() === '' ? 1 : Number(multiplierInput.value));
  const costRefusal = () => {
    const m = multiplier();
    if (!Number.isFinite(m)) return 'The cost multiplier is not a number.';
    if (costs && (m < costs.costMultiplierMin || m > costs.costMultiplierMax)) {
      return `Refused: the cost multiplier must be between ${costs.costMultiplierMin} and ${costs.costMultiplierMax} (config/backtest.yaml).`;
    }
    return null;
  };
  const showCost = () => {
    const why = costRefusal();
    const m = multiplier();
    costNote.classList.toggle('refused', Boolean(why));
    costNote.classList.toggle('what-if', !why && m !== 1);
    if (why) costNote.textContent = why;
    else if (m === 1) costNote.textContent = costs ? `Cost in force: ${fmtBps(costs.transactionCostBps)} bps of traded notional.` : '';
    else {
      costNote.textContent = `What-if run: ${costs ? `${fmtBps(costs.transactionCostBps * m)} bps (${fmtBps(costs.transactionCostBps)} bps ${fmtMultiplier(m)})`
        : fmtMultiplier(m)}. It is stored and signed but can never back a promotion proposal.`;
    }
    return why;
  };

  const check = async () => {
    const mine = ++checkGeneration;
    customFields.hidden = presetSelect.value !== CUSTOM;
    const p = period();
    const why = refusal(p);
    barsInPeriod = null;
    runButton.disabled = Boolean(why) || Boolean(showCost()) || !modelSelect.value;
    periodNote.classList.toggle('refused', Boolean(why));
    if (why) {
      periodNote.textContent = why;
      return;
    }
    periodNote.textContent = `${p.start} to ${p.end}: counting the bars…`;
    try {
      const rows = (await gql(BARS_IN_PERIOD, { from: `${p.start}T00:00:00Z`, to: `${p.end}T23:59:59Z` })).dataQuality.featureRows;
      if (mine !== checkGeneration) return;
      barsInPeriod = Number(rows);
      periodNote.textContent = `${p.start} to ${p.end}: ${fmtInt(rows)} bars with features`
        + (training ? `; out of sample (training: ${training.trainStart} to ${training.trainEnd}).` : '.');
    } catch (e) {
      if (mine === checkGeneration) periodNote.textContent = `${p.start} to ${p.end} (bars not counted: ${e.code})`;
    }
  };

  const loadTraining = async () => {
    training = null;
    if (!modelSelect.value) return;
    try {
      training = (await gql(TRAINING, { id: modelSelect.value })).model.experiment;
    } catch (e) {
      training = null;
    }
  };

  picker.find().then((models) => {
    if (models && models.length === 0) replace(progress, notice('No registered model yet: register one first.'));
  }).catch((e) => replace(progress, errorBanner(e)));
  modelSelect.addEventListener('change', async () => {
    showList();
    await loadTraining();
    await check();
  });
  for (const input of [presetSelect, fromInput, toInput]) input.addEventListener('change', check);
  multiplierInput.addEventListener('input', () => {
    const p = period();
    runButton.disabled = Boolean(refusal(p)) || Boolean(showCost()) || !modelSelect.value;
  });

  function showList() {
    if (!modelSelect.value) return;
    history.replaceState(null, '', href('backtests', null, { model: modelSelect.value }));
    // two picked backtests (ids), kept across pages; a third pick replaces the older one
    const picked = [];
    const boxes = new Map();
    const compare = el('button', { type: 'button', id: 'bt-compare', class: 'primary', disabled: true, text: 'Compare the two picked' });
    const refresh = () => {
      compare.disabled = picked.length !== 2;
      compare.textContent = `Compare the two picked (${picked.length} of 2)`;
      for (const [id, box] of boxes) box.checked = picked.includes(id);
    };
    compare.addEventListener('click', () => {
      location.hash = href('backtests', 'compare', { a: picked[0], b: picked[1] });
    });
    const pick = (b) => {
      const box = el('input', { type: 'checkbox', class: 'bt-pick', value: b.id, title: 'Pick for comparison',
        'aria-label': `Pick the backtest of ${fmtDateTime(b.runAt)} for comparison`, checked: picked.includes(b.id) });
      box.addEventListener('change', () => {
        const at = picked.indexOf(b.id);
        if (box.checked && at < 0) {
          picked.push(b.id);
          if (picked.length > 2) picked.shift();
        } else if (!box.checked && at >= 0) {
          picked.splice(at, 1);
        }
        refresh();
      });
      boxes.set(b.id, box);
      return box;
    };
    const columns = [
      { key: 'pick', label: '', render: pick },
      { key: 'run', label: 'Run', render: (b) => el('a', { href: href('backtests', b.id), text: fmtDateTime(b.runAt) }) },
      { key: 'period', label: 'Period', render: (b) => `${b.periodType} ${fmtDate(b.periodStart)} – ${fmtDate(b.periodEnd)}` },
      { key: 'flags', label: '', render: (b) => el('span', {}, sampleBadge(b.outOfSample), ' ', verifiedBadge(b.verified)) },
      { key: 'cost', label: 'Cost', class: 'num', render: (b) => el('span', { class: isWhatIf(b) ? 'what-if' : null, dataset: { multiplier: String(b.costMultiplier) },
        text: `${fmtBps(b.effectiveCostBps)} bps${isWhatIf(b) ? ` (what-if ${fmtMultiplier(b.costMultiplier)})` : ''}` }) },
      { key: 'ret', label: 'Total return', class: 'num', render: (b) => (b.metrics ? fmtPct(b.metrics.totalReturn) : '') },
      { key: 'sharpe', label: 'Sharpe', class: 'num', render: (b) => (b.metrics ? fmtNumber(b.metrics.sharpe) : '') },
      { key: 'dd', label: 'Max DD', class: 'num', render: (b) => (b.metrics ? fmtPct(b.metrics.maxDrawdown) : '') },
      { key: 'trades', label: 'Trades', class: 'num', render: (b) => (b.metrics ? fmtInt(b.metrics.numberOfTrades) : '') },
      { key: 'runSource', label: 'Source' },
    ];
    const pagedList = pagedTable({ columns, limit: 25, empty: 'No backtest of this model yet.',
      fetchPage: (offset, limit) => {
        boxes.clear();
        return gql(LIST_QUERY, { m: modelSelect.value, offset, limit }).then((d) => d.backtests);
      } });
    refresh();
    replace(list, el('section', { class: 'card' }, el('h2', { text: 'Backtests of this model' }),
      el('p', { class: 'muted', text: 'Tick two backtests to compare them; a backtest\'s page compares it with one of another model.' }),
      el('div', { class: 'buttons' }, compare), pagedList.node));
    pagedList.load(0, 25);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const p = period();
    const why = refusal(p) || costRefusal();
    if (why) {
      replace(progress, notice(why, 'warn'));
      return;
    }
    try {
      const m = multiplier();
      const job = (await gql(RUN, { m: modelSelect.value, p: p.preset || null, from: p.from || null, to: p.to || null,
        c: m === 1 ? null : m })).runBacktest;
      if (stop) stop();
      stop = follow(job.id, progress, job.barsTotal || barsInPeriod);
    } catch (e) {
      replace(progress, errorBanner(e, 'The backtest could not start'));
    }
  });
  return () => { if (stop) stop(); };
}

/**
 * Shows a running backtest: the backtestProgress subscription streams the percent done and the round trips as they
 * close (the newest LIVE_TRADES are listed); if the stream fails the job is polled. Opens the result when done.
 * Returns a function that stops following.
 */
function follow(id, progress, expectedBars) {
  const bar = el('progress', { id: 'bt-bar', max: 100, value: 0 });
  // until the engine has loaded the period, the count is the one read before submitting (never "0 of 0")
  let knownTotal = expectedBars || null;
  const text = el('span', { id: 'bt-status', text: knownTotal ? `queued 0 % (0 of ${fmtInt(knownTotal)} bars)` : 'queued' });
  const closed = el('p', { id: 'bt-live-count', class: 'muted', text: 'No round trip closed yet.' });
  const liveRows = [];
  const live = el('div', { id: 'bt-live-trades' });
  replace(progress, el('section', { class: 'card' }, el('h2', { text: 'Running' }), bar, ' ', text, closed, live));
  let stopped = false;
  let unsubscribe = null;

  const show = (job) => {
    bar.value = job.percent;
    if (job.barsTotal > 0) knownTotal = job.barsTotal;
    text.textContent = knownTotal
      ? `${job.status} ${fmtNumber(job.percent, 0)} % (${fmtInt(job.barsDone)} of ${fmtInt(knownTotal)} bars)`
      : `${job.status}: loading the period`;
    if (job.newTrades && (job.newTrades.length || job.newTradesOmitted)) {
      liveRows.unshift(...[...job.newTrades].reverse());
      liveRows.length = Math.min(liveRows.length, LIVE_TRADES);
      replace(live, tradeTable(liveRows, 'No round trip yet.'));
    }
    if (job.tradesClosed) closed.textContent = `${fmtInt(job.tradesClosed)} round trip(s) closed so far; the newest:`;
    if (job.status === 'completed') {
      stopped = true;
      location.hash = href('backtests', id);
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      stopped = true;
      replace(progress, notice(`Backtest ${job.status}: ${job.error || ''}`, 'error'));
    }
  };

  const poll = async () => {
    while (!stopped) {
      try {
        show((await gql(JOB, { id })).backtestJob);
      } catch (e) {
        replace(progress, errorBanner(e));
        return;
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 400));
    }
  };

  // any failure of the live stream (no WebSocket on the way, a restart) falls back to reading the job
  unsubscribe = subscribe(PROGRESS, { id }, {
    next: (data) => show(data.backtestProgress),
    error: () => { if (!stopped) poll(); },
    complete: () => { if (!stopped) poll(); },
  });
  return () => {
    stopped = true;
    if (unsubscribe) unsubscribe();
  };
}

function sampleBadge(oos) {
  return oos ? badge('out of sample', 'ok') : badge('in sample', 'warn');
}

function verifiedBadge(verified) {
  return verified ? badge('verified', 'ok') : badge('unverified', 'bad');
}

// ---------------------------------------------------------------- metrics: one panel, or two side by side

function formatMetric(def, v) {
  if (v === null || v === undefined) return 'undefined';
  const unit = def.unit ? ` ${def.unit}` : '';
  switch (def.kind) {
    case 'pct': return `${fmtPct(v, def.digits || 2)}${unit}`;
    case 'usd': return `${fmtNumber(v)} USD`;
    case 'int': return `${fmtInt(v)}${unit}`;
    default: return `${fmtNumber(v)}${unit}`;
  }
}

/** B − A with its unit (percentage points for fractions); '' when equal, a sentence when one is undefined. */
function formatDelta(def, a, b) {
  if (a === null || a === undefined || b === null || b === undefined) {
    return a === b || (a == null && b == null) ? '' : 'defined for one only';
  }
  const d = b - a;
  if (d === 0) return '';
  const sign = d > 0 ? '+' : '−';
  const abs = Math.abs(d);
  switch (def.kind) {
    case 'pct': return `${sign}${fmtNumber(abs * 100, def.digits || 2)} pp`;
    case 'usd': return `${sign}${fmtNumber(abs)} USD`;
    case 'int': return `${sign}${fmtInt(abs)}`;
    default: return `${sign}${fmtNumber(abs)}${def.unit ? ` ${def.unit}` : ''}`;
  }
}

function metricsCard(m) {
  return el('section', { class: 'card', id: 'bt-metrics' }, el('h2', { text: 'Metrics' }),
    el('dl', { class: 'kv' }, METRICS.map((def) => [
      el('dt', { text: def.label }),
      el('dd', { text: [formatMetric(def, m[def.key]), def.note ? def.note(m) : ''].filter(Boolean).join(' ') }),
    ])));
}

// ---------------------------------------------------------------- one backtest

function tradeTable(rows, empty) {
  return table([
    { key: 'seq', label: '#', class: 'num' },
    { key: 'side', label: 'Side', render: (t) => (t.side > 0 ? 'long USD' : 'short USD') },
    { key: 'entryTs', label: 'Entry (UTC)', render: (t) => fmtDateTime(t.entryTs) },
    { key: 'exitTs', label: 'Exit (UTC)', render: (t) => fmtDateTime(t.exitTs) },
    { key: 'pnl', label: 'P&L USD', class: 'num', render: (t) => fmtNumber(t.pnl) },
    { key: 'exitReason', label: 'Exit' },
  ], rows, { empty });
}

async function renderDetail(container, id, me) {
  replace(container, loading());
  let b;
  try {
    b = (await gql(DETAIL, { id })).backtest;
    if (b) b.equityCurve = seriesPoints(b.equitySeries);
  } catch (e) {
    replace(container, errorBanner(e, 'Backtest not available'));
    return undefined;
  }
  const charts = [];
  const equityChart = el('div', { id: 'bt-equity-chart' });
  const ddChart = el('div', { id: 'bt-drawdown-chart' });
  const positionChart = el('div', { id: 'bt-position-chart' });
  const priceCard = el('section', { class: 'card', id: 'bt-price' }, el('h2', { text: 'Price (COP per USD) and round trips' }),
    loading('Loading the closes…'));
  const trades = pagedTable({
    limit: 50, empty: 'No round trip.',
    columns: [
      { key: 'seq', label: '#', class: 'num' },
      { key: 'side', label: 'Side', render: (t) => (t.side > 0 ? 'long USD' : 'short USD') },
      { key: 'entryTs', label: 'Entry (UTC)', render: (t) => fmtDateTime(t.entryTs) },
      { key: 'exitTs', label: 'Exit (UTC)', render: (t) => fmtDateTime(t.exitTs) },
      { key: 'entryPrice', label: 'Entry COP', class: 'num', render: (t) => fmtNumber(t.entryPrice) },
      { key: 'exitPrice', label: 'Exit COP', class: 'num', render: (t) => fmtNumber(t.exitPrice) },
      { key: 'bars', label: 'Bars', class: 'num' },
      { key: 'pnl', label: 'P&L USD', class: 'num', render: (t) => fmtNumber(t.pnl) },
      { key: 'ret', label: 'Return', class: 'num', render: (t) => fmtPct(t.returnFraction, 3) },
      { key: 'exitReason', label: 'Exit' },
    ],
    fetchPage: (offset, limit) => gql(TRADES, { id, offset, limit }).then((d) => d.backtest.trades),
  });
  replace(container,
    pageHeader(`Backtest of ${b.modelId}`, `${b.periodType} ${fmtDate(b.periodStart)} – ${fmtDate(b.periodEnd)}`,
      el('a', { class: 'button', href: href('backtests', null, { model: b.modelId }), text: 'All backtests' })),
    el('section', { class: 'card', id: 'bt-identity' },
      el('p', {}, sampleBadge(b.outOfSample), ' ', verifiedBadge(b.verified), ' ', badge(b.runSource), ' ', costBadge(b)),
      el('dl', { class: 'kv' },
        el('dt', { text: 'Signature' }), el('dd', {}, el('code', { id: 'bt-signature', text: b.signature }), copyButton(b.signature)),
        el('dt', { text: 'Data snapshot' }), el('dd', {}, el('code', { text: b.dataSnapshotHash })),
        el('dt', { text: 'Model / norm stats' }), el('dd', {}, el('code', { text: `${b.modelHash} / ${b.normStatsHash}` })),
        el('dt', { text: 'Costs' }), el('dd', { id: 'bt-costs', text: `${fmtBps(b.effectiveCostBps)} bps of traded notional`
          + ` (cost multiplier ${fmtMultiplier(b.costMultiplier)}${isWhatIf(b) ? ' of the cost in force: a what-if run' : ', the cost in force'}),`
          + ` capital ${fmtNumber(b.costModel.initialCapital)} USD` }),
        el('dt', { text: 'Thresholds' }), el('dd', { text: `long > ${b.thresholds.longThreshold}, short < ${b.thresholds.shortThreshold}` }),
        el('dt', { text: 'Engine' }), el('dd', { text: b.engineVersion }),
        el('dt', { text: 'Run' }), el('dd', { text: `${fmtDateTime(b.runAt)} by ${b.createdBy}` })),
      b.differences.length ? el('div', {}, el('h3', { text: 'Not reproduced' }),
        el('ul', {}, b.differences.map((d) => el('li', { text: `${d.path}: submitted ${d.submitted}, recomputed ${d.recomputed}` })))) : null),
    hasRole(me, 'researcher') || hasRole(me, 'automation') ? (isWhatIf(b) ? whatIfCard(b) : proposeCard(b)) : null,
    compareWith(b),
    el('section', { class: 'card', id: 'bt-selection' }, el('h2', { text: 'Trials and deflated Sharpe' }), selectionView(b.selection, b.sealedSignature)),
    priceCard,
    el('div', { class: 'grid' }, b.metrics ? metricsCard(b.metrics) : null,
      el('section', { class: 'card' }, el('h2', { text: 'Equity (USD)' }), equityChart,
        el('h2', { text: 'Position (+1 long USD, −1 short USD)' }), positionChart,
        el('h2', { text: 'Drawdown' }), ddChart)),
    el('section', { class: 'card', id: 'bt-trades' }, el('h2', { text: 'Round trips' }), trades.node));
  trades.load(0, 50);

  const times = b.equityCurve.map((p) => p.ts);
  let peak = b.costModel.initialCapital;
  const drawdown = b.equityCurve.map((p) => {
    peak = Math.max(peak, p.equity);
    return -(1 - p.equity / peak);
  });
  try {
    charts.push(await lineChart(equityChart, { times, series: [{ label: 'Equity', values: b.equityCurve.map((p) => p.equity) }],
      yFormat: (v, d = 0) => fmtNumber(v, d) }));
    // a strip of its own: drawn over the equity curve, a position that changes daily hides it
    charts.push(await lineChart(positionChart, { times, height: 110, yRange: [-1.2, 1.2], ySplits: [-1, 0, 1],
      series: [{ label: 'Position', values: b.equityCurve.map((p) => p.position), stepped: true, width: 1, color: '#d97706',
        fill: 'rgba(217, 119, 6, 0.15)', fillTo: 0 }],
      yFormat: signedUnit }));
    charts.push(await lineChart(ddChart, { times, height: 180, series: [{ label: 'Drawdown', values: drawdown }],
      yFormat: (v, d = 1) => fmtPct(v, d) }));
  } catch (e) {
    equityChart.append(errorBanner(e, 'Charts unavailable'));
  }
  const price = await priceChart(priceCard, id);
  if (price) charts.push(price);
  return () => charts.forEach((c) => c.destroy());
}

/**
 * The period's closes (thinned by the service to PRICE_POINTS at most) with the round trips marked: ▲ long entry
 * (green), ▼ short entry (red), ○ exit in the colour of its side; at most MAX_MARKER_TRADES round trips, said so
 * when there are more.
 */
async function priceChart(card, id) {
  let data;
  try {
    data = (await gql(PRICES, { id, points: PRICE_POINTS, limit: MAX_MARKER_TRADES })).backtest;
    if (data?.prices) data.prices.points = seriesPoints(data.prices);
  } catch (e) {
    replace(card, el('h2', { text: 'Price (COP per USD) and round trips' }), errorBanner(e, 'Closes unavailable'));
    return null;
  }
  const { prices, trades } = data;
  const markers = [];
  for (const t of trades.items) {
    const color = t.side > 0 ? LONG_COLOR : SHORT_COLOR;
    markers.push({ time: t.entryTs, value: t.entryPrice, shape: t.side > 0 ? 'up' : 'down', color });
    markers.push({ time: t.exitTs, value: t.exitPrice, shape: 'circle', color, filled: false });
  }
  const slot = el('div', { id: 'bt-price-chart', dataset: { markers: String(markers.length) } });
  const notes = [];
  if (prices.thinned) notes.push(`${fmtInt(prices.bars)} bars drawn as ${fmtInt(prices.points.length)} points (each slice's lowest and highest close).`);
  if (trades.total > trades.items.length) {
    const lastShown = trades.items.length ? fmtDateTime(trades.items[trades.items.length - 1].entryTs) : '';
    notes.push(`Markers for the first ${fmtInt(trades.items.length)} of ${fmtInt(trades.total)} round trips (opened up to ${lastShown}); the table lists them all.`);
  } else {
    notes.push(`${fmtInt(trades.total)} round trip(s) marked.`);
  }
  const many = trades.items.length > MARKERS_SHOWN_UP_TO;
  const toggle = el('input', { type: 'checkbox', id: 'bt-markers-toggle', checked: !many });
  const key = (symbol, color, text) => el('span', { class: 'marker-key' }, el('span', { style: { color }, text: symbol }), ` ${text}`);
  replace(card, el('h2', { text: 'Price (COP per USD) and round trips' }),
    prices.points.length === 0 ? notice('No stored bars in this period (the market data was removed or re-imported).', 'warn') : null,
    slot,
    el('label', { class: 'marker-toggle' }, toggle, ` Show the markers of ${fmtInt(trades.items.length)} round trip(s)`,
      many ? el('span', { class: 'muted', text: ' (hidden at first: there are too many to read at this scale; zoom in by dragging across the chart)' }) : null),
    el('p', { class: 'muted marker-legend' }, key('▲', LONG_COLOR, 'long entry'), key('▼', SHORT_COLOR, 'short entry'),
      key('○', LONG_COLOR, 'long exit'), key('○', SHORT_COLOR, 'short exit'), ' — at the bar\'s close, UTC.'),
    el('p', { class: 'muted', id: 'bt-price-note', text: notes.join(' ') }));
  if (prices.points.length === 0) return null;
  try {
    const chart = await lineChart(slot, {
      times: prices.points.map((p) => p.ts),
      series: [{ label: 'Close', values: prices.points.map((p) => p.close), color: '#5f6b7a' }],
      yFormat: (v, d = 0) => fmtNumber(v, d), markers, markersVisible: !many,
    });
    toggle.addEventListener('change', () => chart.setMarkersVisible(toggle.checked));
    return chart;
  } catch (e) {
    slot.append(errorBanner(e, 'Chart unavailable'));
    return null;
  }
}

/** A criterion's value in its unit: fractions in %, trades and days as counts, Sharpe as a ratio. */
function criterionValue(name, v) {
  if (v === null || v === undefined) return 'undefined';
  if (name === 'min_win_rate' || name === 'max_drawdown') return fmtPct(v);
  if (name === 'min_trades') return fmtInt(v);
  if (name === 'min_staging_days') return `${fmtNumber(v, 1)} days`;
  return fmtNumber(v);
}

/**
 * The robustness criteria the automatic vote will also judge (when they are in force): threshold, source, what is
 * measured and, where the service can read it without running the engine, the value now.
 */
function robustnessPreview(criteria) {
  if (!criteria || criteria.length === 0) return null;
  return el('div', { id: 'propose-robustness' },
    el('h3', { text: 'Robustness criteria (judged when the proposal is made)' }),
    table([
      { key: 'name', label: 'Criterion' },
      { key: 'threshold', label: 'Threshold', class: 'num', render: (c) => `≥ ${robustnessFormat(c.name, c.threshold) ?? fmtNumber(c.threshold)}` },
      { key: 'actual', label: 'This backtest now', class: 'num',
        render: (c) => (c.passed === null ? 'when proposed' : robustnessFormat(c.name, c.actual) ?? fmtNumber(c.actual)) },
      { key: 'passed', label: '', render: (c) => (c.passed === null ? badge('pending', 'neutral') : c.passed ? badge('pass', 'ok') : badge('fail', 'bad')) },
      { key: 'measures', label: 'Measures', render: (c) => el('span', { class: 'muted', text: c.measures }) },
      { key: 'source', label: 'Source', render: (c) => el('code', { text: c.source }) },
    ], criteria, { onRow: (c, tr) => { tr.dataset.criterion = c.name; } }));
}

/**
 * "Propose for staging / production": before anything is sent, the service's preview of the automatic vote (each
 * criterion against the threshold in force and its source, the staging-days rule, whether production is compared);
 * the reason's minimum length (from the service) is enforced as it is typed.
 */
function proposeCard(b) {
  const stage = el('select', { id: 'propose-stage' },
    el('option', { value: 'staging', text: 'staging' }), el('option', { value: 'production', text: 'production' }));
  const preview = el('div', { id: 'propose-preview' });
  const reason = el('textarea', { id: 'propose-reason', rows: 3, placeholder: 'Why this model should move to the stage' });
  const counter = el('span', { id: 'propose-reason-count', class: 'muted' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'propose-submit', disabled: true, text: 'Propose' });
  const result = el('div', { id: 'propose-result' });
  let minLength = null;

  const updateReason = () => {
    const n = reason.value.trim().length;
    const short = minLength === null || n < minLength;
    counter.textContent = minLength === null ? '' : `${n} / at least ${minLength} characters`;
    counter.classList.toggle('refused', short && n > 0);
    submit.disabled = short;
  };
  const load = async () => {
    replace(preview, loading('Reading the thresholds in force…'));
    try {
      const p = (await gql(PREVIEW, { m: b.modelId, s: stage.value, b: b.id })).proposalPreview;
      minLength = p.minReasonLength;
      const stageNote = p.modelStage === p.requiredStage ? null
        : notice(`The model is ${p.modelStage}; a ${p.targetStage} proposal needs it in ${p.requiredStage}. The service will refuse it.`, 'warn');
      replace(preview, stageNote,
        table([
          { key: 'name', label: 'Criterion' },
          { key: 'threshold', label: 'Threshold', class: 'num', render: (c) => `${c.name === 'max_drawdown' ? '≤' : '≥'} ${criterionValue(c.name, c.threshold)}` },
          { key: 'actual', label: 'This backtest', class: 'num', render: (c) => criterionValue(c.name, c.actual) },
          { key: 'passed', label: '', render: (c) => (c.passed ? badge('pass', 'ok') : badge('fail', 'bad')) },
          { key: 'source', label: 'Source', render: (c) => el('code', { text: c.source }) },
        ], p.criteria, { onRow: (c, tr) => { tr.dataset.criterion = c.name; } }),
        robustnessPreview(p.robustnessCriteria),
        el('ul', { class: 'preview-rules' },
          el('li', { id: 'propose-staging-rule', text: p.minStagingDays === null
            ? 'Staging has no minimum time in a stage.'
            : `Production needs ${p.minStagingDays} days in staging; this model has ${fmtNumber(p.stagingDays, 1)}.` }),
          el('li', { id: 'propose-compared', text: p.comparedWithProduction
            ? `The automatic vote compares it with the production model ${p.productionModelId} on the same period and `
              + `requires a Sharpe improvement of ${fmtPct(p.improvementThreshold, 0)}.`
            : (p.targetStage === 'production'
              ? (p.productionModelId ? `It is the production model (${p.productionModelId}); no comparison.` : 'No production model yet: no comparison.')
              : 'Staging proposals are not compared with the production model.') }),
          el('li', { text: p.humanApprovals > 0
            ? `After the automatic vote, ${p.humanApprovals} reviewer approval(s) decide.`
            : 'The automatic vote alone decides.' })));
    } catch (e) {
      replace(preview, errorBanner(e, 'No preview'));
    }
    updateReason();
  };
  stage.addEventListener('change', load);
  reason.addEventListener('input', updateReason);
  const form = el('form', { class: 'card', id: 'propose-form' },
    el('h2', { text: 'Propose for staging / production' }),
    el('label', {}, 'Target stage ', stage), preview,
    el('label', { class: 'block' }, 'Reason', reason), counter,
    el('div', { class: 'buttons' }, submit), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const p = (await gql(PROPOSE, { m: b.modelId, s: stage.value, b: b.id, r: reason.value.trim() })).proposePromotion;
      window.dispatchEvent(new Event('gate:refresh-badges'));
      location.hash = href('proposals', p.id);
    } catch (e) {
      replace(result, errorBanner(e, 'Not proposed'));
      updateReason();
    }
  });
  load();
  return form;
}

/** In place of the propose form on a what-if backtest: why it cannot be proposed and what to do instead. */
function whatIfCard(b) {
  return el('section', { class: 'card', id: 'propose-what-if' },
    el('h2', { text: 'Not a candidate for promotion' }),
    notice(`This is a what-if run at cost multiplier ${fmtMultiplier(b.costMultiplier)} (${fmtBps(b.effectiveCostBps)} bps of traded `
      + 'notional): its cost differs from the cost in force, so it can never back a promotion proposal. '
      + 'Run the backtest again at the standard cost (multiplier 1) and propose from that run.', 'warn'));
}

/** "Compare with…": a backtest of any model, then the comparison view. */
function compareWith(b) {
  const models = el('select', { id: 'cmp-model', name: 'model' }, el('option', { value: b.modelId, text: b.modelId }));
  const others = el('select', { id: 'cmp-other', name: 'other' });
  const go = el('button', { type: 'submit', id: 'cmp-go', disabled: true, text: 'Compare' });
  const message = el('span', { class: 'muted' });
  const load = async () => {
    go.disabled = true;
    replace(others);
    try {
      const page = (await gql(LIST_QUERY, { m: models.value, limit: 100, offset: 0 })).backtests;
      const items = page.items.filter((x) => x.id !== b.id);
      replace(others, items.map((x) => el('option', { value: x.id,
        text: `${fmtDateTime(x.runAt)} · ${x.periodType} ${fmtDate(x.periodStart)} – ${fmtDate(x.periodEnd)}` })));
      go.disabled = items.length === 0;
      message.textContent = items.length ? '' : 'no other backtest of this model';
    } catch (e) {
      message.textContent = `${e.code}: ${e.message}`;
    }
  };
  gql(MODELS_QUERY, { limit: PICKER_MATCHES }).then((d) => {
    const ids = d.models.items.map((m) => m.modelId);
    if (!ids.includes(b.modelId)) ids.unshift(b.modelId);
    replace(models, ids.map((id) => el('option', { value: id, selected: id === b.modelId, text: id })));
    return load();
  }).catch((e) => { message.textContent = `${e.code}: ${e.message}`; });
  models.addEventListener('change', load);
  const form = el('form', { class: 'filters card', id: 'cmp-form' },
    el('label', {}, 'Compare with a backtest of', models), el('label', {}, 'Backtest', others),
    el('div', { class: 'buttons' }, go), message);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (others.value) location.hash = href('backtests', 'compare', { a: b.id, b: others.value });
  });
  return form;
}

// ---------------------------------------------------------------- two backtests side by side

async function renderCompare(container, idA, idB) {
  if (!idA || !idB) {
    replace(container, pageHeader('Compare backtests', ''),
      notice('Pick two backtests: tick two in a model\'s list, or use "Compare with" on a backtest\'s page.', 'info'));
    return undefined;
  }
  replace(container, loading());
  let a;
  let b;
  try {
    ({ a, b } = await gql(COMPARE, { a: idA, b: idB }));
    for (const x of [a, b]) if (x) x.equityCurve = seriesPoints(x.equitySeries);
  } catch (e) {
    replace(container, errorBanner(e, 'Backtests not available'));
    return undefined;
  }
  const name = (x, tag) => `${tag}: ${x.modelId} · ${x.periodType} ${fmtDate(x.periodStart)} – ${fmtDate(x.periodEnd)}`;
  const chartSlot = el('div', { id: 'cmp-equity-chart' });
  const drawdownSlot = el('div', { id: 'cmp-drawdown-chart' });
  replace(container,
    pageHeader('Compare backtests', `${a.modelId} vs ${b.modelId}`,
      el('a', { class: 'button', href: href('backtests', a.id), text: 'Open A' }),
      el('a', { class: 'button', href: href('backtests', b.id), text: 'Open B' })),
    el('section', { class: 'card', id: 'cmp-inputs' }, el('h2', { text: 'Inputs' }), inputsTable(a, b)),
    el('section', { class: 'card', id: 'cmp-metrics' }, el('h2', { text: 'Metrics' }),
      el('p', { class: 'muted', text: 'Differences are B − A; fractions differ in percentage points (pp). '
        + 'Green: B is better on that metric, red: worse; unmarked: neither.' }),
      metricsTable(a, b, name(a, 'A'), name(b, 'B'))),
    el('section', { class: 'card', id: 'cmp-equity' },
      el('h2', { text: 'Equity / initial capital' }), chartSlot,
      el('p', { class: 'muted', text: 'Both curves start at 1 (their own initial capital); a time with no bar of one backtest is a gap in its line.' }),
      el('h2', { text: 'Drawdown' }), drawdownSlot,
      el('p', { class: 'muted', text: 'Each curve\'s fall below its own running peak (0 at a new high).' })));
  const charts = [];
  try {
    const equity = normalisedEquity(a, b, name(a, 'A'), name(b, 'B'));
    charts.push(await lineChart(chartSlot, equity));
    charts.push(await lineChart(drawdownSlot, {
      times: equity.times, height: 200, yFormat: (v, d = 1) => fmtPct(v, d),
      series: equity.series.map((s) => ({ ...s, values: drawdowns(s.values) })),
    }));
  } catch (e) {
    chartSlot.append(errorBanner(e, 'Chart unavailable'));
  }
  return () => charts.forEach((c) => c.destroy());
}

/**
 * Drawdown at each point of an equity path: −(1 − equity / running peak), a fraction ≤ 0; null (a gap) stays null
 * and does not reset the peak.
 */
export function drawdowns(values) {
  let peak = null;
  return values.map((v) => {
    if (v === null || v === undefined) return null;
    peak = peak === null ? v : Math.max(peak, v);
    return v >= peak ? 0 : -(1 - v / peak);
  });
}

/** Both equity curves divided by their initial capital, over the union of their bar times. */
function normalisedEquity(a, b, labelA, labelB) {
  const byTime = new Map();
  const add = (curve, capital, slot) => {
    for (const p of curve) {
      const t = Date.parse(p.ts) / 1000;
      if (!byTime.has(t)) byTime.set(t, [null, null]);
      byTime.get(t)[slot] = p.equity / capital;
    }
  };
  add(a.equityCurve, a.costModel.initialCapital, 0);
  add(b.equityCurve, b.costModel.initialCapital, 1);
  const times = [...byTime.keys()].sort((x, y) => x - y);
  return {
    times,
    series: [
      { label: labelA, values: times.map((t) => byTime.get(t)[0]), color: '#2f7dd1' },
      { label: labelB, values: times.map((t) => byTime.get(t)[1]), color: '#e07b24' },
    ],
    yFormat: (v, d = 3) => fmtNumber(v, d),
  };
}

function inputsTable(a, b) {
  const hashCode = (h, id) => el('span', { class: 'hash' }, el('code', { id, text: h }), copyButton(h));
  const rows = [
    { label: 'Model', a: a.modelId, b: b.modelId },
    { label: 'Period', a: `${a.periodType} ${fmtDate(a.periodStart)} – ${fmtDate(a.periodEnd)}`, b: `${b.periodType} ${fmtDate(b.periodStart)} – ${fmtDate(b.periodEnd)}` },
    { label: 'Signature', a: a.signature, b: b.signature, render: (x, side) => hashCode(x, `cmp-signature-${side}`) },
    { label: 'Verified', a: a.verified, b: b.verified, render: verifiedBadge },
    { label: 'Out of sample', a: a.outOfSample, b: b.outOfSample, render: sampleBadge },
    { label: 'Run source', a: a.runSource, b: b.runSource },
    { label: 'Model hash', a: a.modelHash, b: b.modelHash, render: (x) => el('code', { text: x }) },
    { label: 'Norm stats hash', a: a.normStatsHash, b: b.normStatsHash, render: (x) => el('code', { text: x }) },
    { label: 'Data snapshot', a: a.dataSnapshotHash, b: b.dataSnapshotHash, render: (x) => el('code', { text: x }) },
    { label: 'Costs', a: `${a.costModel.transactionCostBps} bps (${fmtMultiplier(a.costMultiplier)}), capital ${fmtNumber(a.costModel.initialCapital)} USD`,
      b: `${b.costModel.transactionCostBps} bps (${fmtMultiplier(b.costMultiplier)}), capital ${fmtNumber(b.costModel.initialCapital)} USD` },
    { label: 'Thresholds', a: `long > ${a.thresholds.longThreshold}, short < ${a.thresholds.shortThreshold}`,
      b: `long > ${b.thresholds.longThreshold}, short < ${b.thresholds.shortThreshold}` },
    { label: 'Engine', a: a.engineVersion, b: b.engineVersion },
    { label: 'Bars', a: fmtInt(a.barCount), b: fmtInt(b.barCount) },
    { label: 'Run', a: `${fmtDateTime(a.runAt)} by ${a.createdBy}`, b: `${fmtDateTime(b.runAt)} by ${b.createdBy}` },
  ];
  const cell = (r, side) => (r.render ? r.render(r[side], side) : String(r[side]));
  return table([
    { key: 'label', label: '' },
    { key: 'a', label: 'A', render: (r) => cell(r, 'a') },
    { key: 'b', label: 'B', render: (r) => cell(r, 'b') },
  ], rows, { rowClass: (r) => (r.a !== r.b ? 'changed' : null) });
}

function metricsTable(a, b, labelA, labelB) {
  const ma = a.metrics || {};
  const mb = b.metrics || {};
  const rows = METRICS.map((def) => ({ def, a: ma[def.key], b: mb[def.key], delta: formatDelta(def, ma[def.key], mb[def.key]) }));
  const verdict = (r) => {
    if (!r.delta || !r.def.better || r.a === null || r.a === undefined || r.b === null || r.b === undefined) return '';
    return (r.b - r.a) * r.def.better > 0 ? 'better' : 'worse';
  };
  return table([
    { key: 'metric', label: 'Metric', render: (r) => r.def.label },
    { key: 'a', label: labelA, class: 'num', render: (r) => formatMetric(r.def, r.a) },
    { key: 'b', label: labelB, class: 'num', render: (r) => formatMetric(r.def, r.b) },
    { key: 'delta', label: 'B − A', class: 'num', render: (r) => el('span', { class: ['delta', verdict(r)], text: r.delta || 'same' }) },
  ], rows, {
    rowClass: (r) => (r.delta ? 'changed' : null),
    onRow: (r, tr) => { tr.dataset.metric = r.def.key; },
  });
}
