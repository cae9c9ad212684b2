// Backtests (#/backtests, #/backtests/<id>): pick a model and a period preset, run a backtest with a live progress
// bar, and read a stored backtest: metrics with units, signature and verified badge, equity and drawdown charts,
// trades (paged).
import { gql } from '../gql.js';
import {
  el, replace, pageHeader, pagedTable, badge, errorBanner, loading, notice, fmtNumber, fmtInt, fmtPct, fmtDateTime,
  fmtDate, copyButton, href,
} from '../ui.js';
import { lineChart } from '../charts.js';

const MODELS_QUERY = `{ models(limit: 500) { items { modelId stage } } }`;
const LIST_QUERY = `query($m: String!, $limit: Int, $offset: Int) { backtests(modelId: $m, limit: $limit, offset: $offset) {
  total offset limit items { id periodType periodStart periodEnd status outOfSample verified runSource runAt
    metrics { totalReturn sharpe maxDrawdown numberOfTrades } } } }`;
const RUN = `mutation($m: String!, $p: String) { runBacktest(modelId: $m, preset: $p) { id status } }`;
const JOB = `query($id: String!) { backtestJob(id: $id) { id status percent barsDone barsTotal trades error } }`;
const DETAIL = `query($id: String!) { backtest(id: $id) {
  id modelId periodType periodStart periodEnd outOfSample verified runSource signature modelHash normStatsHash
  dataSnapshotHash engineVersion barCount tradeCount createdBy runAt completedAt
  costModel { transactionCostBps initialCapital } thresholds { longThreshold shortThreshold }
  differences { path submitted recomputed }
  metrics { totalReturn finalEquity tradingDays sharpe sortino maxDrawdown maxDrawdownPeakTs maxDrawdownTroughTs
    annualizedReturn calmar numberOfTrades winRate profitFactor totalTradePnl averageTradePnl averageTradeReturn
    exposure totalTurnover averageDailyTurnover barsEvaluated barsNotTraded }
  equityCurve { ts equity position } } }`;
const TRADES = `query($id: String!, $limit: Int, $offset: Int) { backtest(id: $id) { trades(limit: $limit, offset: $offset) {
  total offset limit items { seq side entryTs exitTs entryPrice exitPrice bars pnl returnFraction exitReason } } } }`;

export function render(container, { arg, params = {}, config }) {
  if (arg) {
    renderDetail(container, arg);
  } else {
    renderRunner(container, params, config);
  }
}

function renderRunner(container, params, config) {
  const modelSelect = el('select', { id: 'bt-model', name: 'model' });
  const presetSelect = el('select', { id: 'bt-preset', name: 'preset' },
    ((config && config.presets) || []).map((p) => el('option', { value: p.id, selected: p.id === 'test',
      text: `${p.id} (${fmtDate(p.start)} to ${fmtDate(p.end)})` })));
  const progress = el('div', { id: 'bt-progress' });
  const list = el('div', { id: 'bt-list' });
  const form = el('form', { class: 'filters card', id: 'bt-form' },
    el('label', {}, 'Model', modelSelect),
    el('label', {}, 'Period', presetSelect),
    el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', id: 'bt-run', text: 'Run backtest' })));
  replace(container, pageHeader('Backtests', 'Out-of-sample replays of a model on the service\'s own features'),
    form, progress, list);

  gql(MODELS_QUERY).then((data) => {
    const models = data.models.items;
    replace(modelSelect, models.map((m) => el('option', { value: m.modelId, selected: m.modelId === params.model,
      text: `${m.modelId} [${m.stage}]` })));
    if (models.length === 0) replace(progress, notice('No registered model yet: register one first.'));
    showList();
  }).catch((e) => replace(progress, errorBanner(e)));
  modelSelect.addEventListener('change', () => showList());

  function showList() {
    if (!modelSelect.value) return;
    history.replaceState(null, '', href('backtests', null, { model: modelSelect.value }));
    const columns = [
      { key: 'run', label: 'Run', render: (b) => el('a', { href: href('backtests', b.id), text: fmtDateTime(b.runAt) }) },
      { key: 'period', label: 'Period', render: (b) => `${b.periodType} ${fmtDate(b.periodStart)} – ${fmtDate(b.periodEnd)}` },
      { key: 'flags', label: '', render: (b) => el('span', {}, sampleBadge(b.outOfSample), ' ', verifiedBadge(b.verified)) },
      { key: 'ret', label: 'Total return', class: 'num', render: (b) => (b.metrics ? fmtPct(b.metrics.totalReturn) : '') },
      { key: 'sharpe', label: 'Sharpe', class: 'num', render: (b) => (b.metrics ? fmtNumber(b.metrics.sharpe) : '') },
      { key: 'dd', label: 'Max DD', class: 'num', render: (b) => (b.metrics ? fmtPct(b.metrics.maxDrawdown) : '') },
      { key: 'trades', label: 'Trades', class: 'num', render: (b) => (b.metrics ? fmtInt(b.metrics.numberOfTrades) : '') },
      { key: 'runSource', label: 'Source' },
    ];
    const table = pagedTable({ columns, limit: 25, empty: 'No backtest of this model yet.',
      fetchPage: (offset, limit) => gql(LIST_QUERY, { m: modelSelect.value, offset, limit }).then((d) => d.backtests) });
    replace(list, el('section', { class: 'card' }, el('h2', { text: 'Backtests of this model' }), table.node || table));
    if (table.load) table.load(0, 25);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const job = (await gql(RUN, { m: modelSelect.value, p: presetSelect.value })).runBacktest;
      follow(job.id);
    } catch (e) {
      replace(progress, errorBanner(e, 'The backtest could not start'));
    }
  });

  async function follow(id) {
    const bar = el('progress', { id: 'bt-bar', max: 100, value: 0 });
    const text = el('span', { id: 'bt-status', text: 'queued' });
    replace(progress, el('section', { class: 'card' }, el('h2', { text: 'Running' }), bar, ' ', text));
    for (;;) {
      let job;
      try {
        job = (await gql(JOB, { id })).backtestJob;
      } catch (e) {
        replace(progress, errorBanner(e));
        return;
      }
      bar.value = job.percent;
      text.textContent = `${job.status} ${fmtNumber(job.percent, 0)} % (${fmtInt(job.barsDone)} of ${fmtInt(job.barsTotal)} bars)`;
      if (job.status === 'completed') {
        location.hash = href('backtests', id);
        return;
      }
      if (job.status === 'failed' || job.status === 'cancelled') {
        replace(progress, notice(`Backtest ${job.status}: ${job.error || ''}`, 'error'));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
}

function sampleBadge(oos) {
  return oos ? badge('out of sample', 'ok') : badge('in sample', 'warn');
}

function verifiedBadge(verified) {
  return verified ? badge('verified', 'ok') : badge('unverified', 'bad');
}

function metricsCard(m) {
  const row = (label, value, unit) => [el('dt', { text: label }), el('dd', { text: unit ? `${value} ${unit}` : value })];
  const undef = (v, f) => (v === null || v === undefined ? 'undefined' : f(v));
  return el('section', { class: 'card', id: 'bt-metrics' }, el('h2', { text: 'Metrics' }),
    el('dl', { class: 'kv' },
      row('Total return', fmtPct(m.totalReturn)),
      row('Final equity', fmtNumber(m.finalEquity), 'USD'),
      row('Annualised return', undef(m.annualizedReturn, fmtPct)),
      row('Sharpe (daily, ×√252)', undef(m.sharpe, fmtNumber)),
      row('Sortino (daily, ×√252)', undef(m.sortino, fmtNumber)),
      row('Max drawdown', fmtPct(m.maxDrawdown),
        m.maxDrawdownPeakTs ? `(${fmtDateTime(m.maxDrawdownPeakTs)} → ${fmtDateTime(m.maxDrawdownTroughTs)})` : ''),
      row('Calmar', undef(m.calmar, fmtNumber)),
      row('Round trips', fmtInt(m.numberOfTrades)),
      row('Win rate', undef(m.winRate, fmtPct)),
      row('Profit factor', undef(m.profitFactor, fmtNumber)),
      row('Total trade P&L', fmtNumber(m.totalTradePnl), 'USD'),
      row('Average trade P&L', undef(m.averageTradePnl, fmtNumber), 'USD'),
      row('Average trade return', undef(m.averageTradeReturn, (v) => fmtPct(v, 4))),
      row('Exposure', fmtPct(m.exposure), 'of bars'),
      row('Turnover', fmtNumber(m.averageDailyTurnover), 'equity per day'),
      row('Trading days', fmtInt(m.tradingDays)),
      row('Bars decided / not traded', `${fmtInt(m.barsEvaluated)} / ${fmtInt(m.barsNotTraded)}`)));
}

async function renderDetail(container, id) {
  replace(container, loading());
  let b;
  try {
    b = (await gql(DETAIL, { id })).backtest;
  } catch (e) {
    replace(container, errorBanner(e, 'Backtest not available'));
    return;
  }
  const equityChart = el('div', { id: 'bt-equity-chart' });
  const ddChart = el('div', { id: 'bt-drawdown-chart' });
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
      el('p', {}, sampleBadge(b.outOfSample), ' ', verifiedBadge(b.verified), ' ', badge(b.runSource)),
      el('dl', { class: 'kv' },
        el('dt', { text: 'Signature' }), el('dd', {}, el('code', { id: 'bt-signature', text: b.signature }), copyButton(b.signature)),
        el('dt', { text: 'Data snapshot' }), el('dd', {}, el('code', { text: b.dataSnapshotHash })),
        el('dt', { text: 'Model / norm stats' }), el('dd', {}, el('code', { text: `${b.modelHash} / ${b.normStatsHash}` })),
        el('dt', { text: 'Costs' }), el('dd', { text: `${b.costModel.transactionCostBps} bps of traded notional, capital ${fmtNumber(b.costModel.initialCapital)} USD` }),
        el('dt', { text: 'Thresholds' }), el('dd', { text: `long > ${b.thresholds.longThreshold}, short < ${b.thresholds.shortThreshold}` }),
        el('dt', { text: 'Engine' }), el('dd', { text: b.engineVersion }),
        el('dt', { text: 'Run' }), el('dd', { text: `${fmtDateTime(b.runAt)} by ${b.createdBy}` })),
      b.differences.length ? el('div', {}, el('h3', { text: 'Not reproduced' }),
        el('ul', {}, b.differences.map((d) => el('li', { text: `${d.path}: submitted ${d.submitted}, recomputed ${d.recomputed}` })))) : null),
    el('div', { class: 'grid' }, b.metrics ? metricsCard(b.metrics) : null,
      el('section', { class: 'card' }, el('h2', { text: 'Equity (USD)' }), equityChart,
        el('h2', { text: 'Drawdown' }), ddChart)),
    el('section', { class: 'card', id: 'bt-trades' }, el('h2', { text: 'Round trips' }), trades.node || trades));
  if (trades.load) trades.load(0, 50);

  const times = b.equityCurve.map((p) => p.ts);
  let peak = b.costModel.initialCapital;
  const drawdown = b.equityCurve.map((p) => {
    peak = Math.max(peak, p.equity);
    return -(1 - p.equity / peak);
  });
  try {
    await lineChart(equityChart, { times, series: [{ label: 'Equity', values: b.equityCurve.map((p) => p.equity) },
      { label: 'Position', values: b.equityCurve.map((p) => p.position), scale: 'y2' }],
      yFormat: (v) => fmtNumber(v, 0), y2Label: 'Position', y2Format: (v) => String(v) });
    await lineChart(ddChart, { times, height: 180, series: [{ label: 'Drawdown', values: drawdown }],
      yFormat: (v) => fmtPct(v, 1) });
  } catch (e) {
    equityChart.append(errorBanner(e, 'Charts unavailable'));
  }
}
