// Monitoring panels of the Production page: live (paper) P&L beside the approved backtest, feature drift per feature
// (colour-coded table + the daily history chart) and the alerts raised by inference and monitoring.
// Every threshold shown comes from the `config` query (config/monitoring.yaml); nothing is repeated here.
import { gql } from '../gql.js';
import { lineChart } from '../charts.js';
import { el, replace, badge, errorBanner, loading, notice, table, fmtDateTime, fmtDate, fmtNumber, fmtPct, fmtInt, hasRole, href } from '../ui.js';

const METRICS = 'totalReturn finalEquity sharpe maxDrawdown winRate numberOfTrades exposure barsEvaluated barsNotTraded';
const PAPER_QUERY = `query($m: String, $s: Boolean, $r: Boolean) { paperPerformance(modelId: $m, shadow: $s, replay: $r) {
  modelId shadow replay from to bars signals barsWithoutSignal currentDrawdown openPosition drawdownLimit
  backtestId backtestFrom backtestTo metrics { ${METRICS} } backtestMetrics { ${METRICS} }
  equityCurve { ts equity position } } }`;
const BACKTEST_CURVE = 'query($id: String!) { backtest(id: $id) { id equityCurve { ts equity } } }';
const DRIFT_QUERY = `query($m: String!) { driftReport(modelId: $m) { modelId asOf windowDays windowFrom windowTo windowRows
  referenceFrom referenceTo referenceRows windowOverlapsTraining level maxPsi maxKs
  freshness { newestBarTs ageMinutes inSession stale }
  features { feature psi ks ksPValue level referenceMean windowMean windowRows windowMissing } } }`;
const DRIFT_HISTORY = `query($m: String!) { driftReports(modelId: $m, limit: 120) { total items { asOf level maxPsi maxKs } } }`;
const ALERTS_QUERY = '{ alerts(limit: 20) { total items { id kind severity subject message createdAt } } }';
const RUN_MONITORING = 'mutation { runMonitoring { alertsRaised skipped reports { modelId level } } }';

const LEVEL_KIND = { OK: 'ok', WARN: 'warn', ALERT: 'bad', INSUFFICIENT_DATA: 'neutral' };
const SEVERITY_KIND = { INFO: 'info', WARNING: 'warn', CRITICAL: 'bad' };

/** The monitoring sections for the production model (or none) and a loader that fills them. */
export function monitoringSections({ me, config, modelId }) {
  const live = el('section', { class: 'card', id: 'live-performance' }, el('h2', { text: 'Live P&L vs backtest' }), loading());
  const drift = el('section', { class: 'card', id: 'drift' }, el('h2', { text: 'Feature drift' }), loading());
  const alerts = el('section', { class: 'card', id: 'alerts' }, el('h2', { text: 'Alerts' }), loading());
  const runResult = el('div', { id: 'monitoring-result' }); // kept across reloads
  const load = () => Promise.all([
    modelId ? loadLive(live, modelId) : replace(live, el('h2', { text: 'Live P&L vs backtest' }), notice('No model is in production.', 'info')),
    modelId ? loadDrift(drift, modelId, config) : replace(drift, el('h2', { text: 'Feature drift' }), notice('No model is in production.', 'info')),
    loadAlerts(alerts, me, runResult, () => load()),
  ]);
  return { nodes: [live, drift, alerts], load };
}

// ---------------------------------------------------------------- live P&L

async function loadLive(section, modelId) {
  const title = el('h2', { text: 'Live P&L vs backtest' });
  let p;
  try {
    p = (await gql(PAPER_QUERY, { m: modelId, s: false, r: false })).paperPerformance;
    if (!p.bars) { // no live signals yet: show replay mode's, clearly marked
      const replayed = (await gql(PAPER_QUERY, { m: modelId, s: false, r: true })).paperPerformance;
      if (replayed.bars) p = replayed;
    }
  } catch (error) {
    replace(section, title, errorBanner(error, 'Could not load the paper ledger'));
    return;
  }
  if (!p.bars) {
    replace(section, title, notice(`${modelId} has no production signals yet. They appear after the next tick in the session, or from replay mode.`, 'info'));
    return;
  }
  const ddKind = p.drawdownLimit != null && p.currentDrawdown >= p.drawdownLimit * 0.8 ? 'bad' : 'neutral';
  const summary = el('p', { class: 'subtitle' },
    p.replay ? badge('REPLAY — simulated clock over stored bars, not live trading', 'warn') : null, p.replay ? ' ' : null,
    `${fmtInt(p.bars)} bars from ${fmtDateTime(p.from)} to ${fmtDateTime(p.to)}; ${fmtInt(p.signals)} signals`,
    p.barsWithoutSignal ? `, ${fmtInt(p.barsWithoutSignal)} bars without a signal (position held)` : '', '. Position now: ',
    badge(positionText(p.openPosition), p.openPosition ? 'info' : 'neutral'), ' Drawdown now: ',
    el('span', { id: 'live-drawdown' }, badge(fmtPct(p.currentDrawdown), ddKind)),
    p.drawdownLimit != null ? ` (the kill switch trips at ${fmtPct(p.drawdownLimit)})` : '');
  const liveChart = el('div', { class: 'chart', id: 'live-equity-chart' });
  const backtestChart = el('div', { class: 'chart', id: 'backtest-equity-chart' });
  replace(section, title, summary,
    el('div', { class: 'grid-2' },
      el('div', {}, el('h3', { text: p.replay ? 'Replay (paper), return from start' : 'Live (paper), return from start' }), liveChart),
      el('div', {}, el('h3', {}, 'Approved backtest',
        p.backtestId ? el('span', {}, ' ', el('a', { href: href('backtests', p.backtestId), text: `${fmtDate(p.backtestFrom)} – ${fmtDate(p.backtestTo)}` })) : ''),
      backtestChart)),
    metricsTable(p.metrics, p.backtestMetrics));
  await returnChart(liveChart, p.equityCurve, p.replay ? 'Replay' : 'Live');
  if (p.backtestId) {
    try {
      const bt = (await gql(BACKTEST_CURVE, { id: p.backtestId })).backtest;
      await returnChart(backtestChart, bt?.equityCurve || [], 'Backtest');
    } catch (error) {
      replace(backtestChart, errorBanner(error, 'Could not load the backtest curve'));
    }
  } else {
    replace(backtestChart, notice('No out-of-sample backtest to compare with.', 'info'));
  }
}

function positionText(p) {
  return p > 0 ? 'long' : p < 0 ? 'short' : 'flat';
}

/** Equity as a return from the first point (%), so live and backtest read on the same scale. */
async function returnChart(container, curve, label) {
  if (!curve.length) {
    replace(container, notice('No points.', 'info'));
    return;
  }
  const base = curve[0].equity;
  await lineChart(container, {
    times: curve.map((pt) => pt.ts),
    series: [{ label: `${label} return`, values: curve.map((pt) => (pt.equity / base - 1) * 100) }],
    // by bar index, like the Market page: nights and weekends take no room
    height: 220, yFormat: (v, d = 2) => `${v.toFixed(d)} %`, byIndex: true,
  });
}

function metricsTable(live, backtest) {
  const rows = [
    ['Total return', (m) => fmtPct(m.totalReturn)],
    ['Sharpe (daily, annualised)', (m) => fmtNumber(m.sharpe)],
    ['Max drawdown', (m) => fmtPct(m.maxDrawdown)],
    ['Hit rate (winning round trips)', (m) => (m.winRate == null ? '—' : fmtPct(m.winRate))],
    ['Round trips', (m) => fmtInt(m.numberOfTrades)],
    ['Exposure', (m) => fmtPct(m.exposure)],
    ['Bars decided / not traded', (m) => `${fmtInt(m.barsEvaluated)} / ${fmtInt(m.barsNotTraded)}`],
  ];
  return table([
    { label: 'Metric', key: 'label' },
    { label: 'Live (paper)', key: 'live', class: 'num' },
    { label: 'Backtest', key: 'backtest', class: 'num' },
  ], rows.map(([label, f]) => ({ label, live: live ? f(live) : '—', backtest: backtest ? f(backtest) : '—' })));
}

// ---------------------------------------------------------------- drift

async function loadDrift(section, modelId, config) {
  const title = el('h2', { text: 'Feature drift' });
  let report;
  let history;
  try {
    [report, history] = await Promise.all([
      gql(DRIFT_QUERY, { m: modelId }).then((d) => d.driftReport),
      gql(DRIFT_HISTORY, { m: modelId }).then((d) => d.driftReports),
    ]);
  } catch (error) {
    replace(section, title, errorBanner(error, 'Could not compute the drift report'));
    return;
  }
  const t = config?.monitoring;
  const maxPsi = Math.max(t ? t.psiAlert * 1.6 : 0.4, ...report.features.map((f) => f.psi || 0));
  const f = report.freshness;
  const historyChart = el('div', { class: 'chart', id: 'drift-history-chart' });
  replace(section, title,
    el('p', { class: 'subtitle' }, 'Last ', String(report.windowDays), ' trading days (', fmtInt(report.windowRows), ' bars, ',
      fmtDateTime(report.windowFrom), ' – ', fmtDateTime(report.windowTo), ') against the training range ',
      fmtDate(report.referenceFrom), ' – ', fmtDate(report.referenceTo), ' (', fmtInt(report.referenceRows), ' bars). Overall: ',
      el('span', { id: 'drift-level' }, badge(report.level, LEVEL_KIND[report.level])),
      t ? ` Thresholds: PSI ≥ ${t.psiWarn} warn, ≥ ${t.psiAlert} alert; KS ≥ ${t.ksWarn} warn, ≥ ${t.ksAlert} alert.` : ''),
    report.windowOverlapsTraining ? notice('The window overlaps the training range: drift is understated.', 'warn') : null,
    el('p', {}, 'Newest bar: ', f.newestBarTs ? fmtDateTime(f.newestBarTs) : 'none',
      f.ageMinutes != null ? ` (${fmtInt(f.ageMinutes)} min old${f.inSession ? ', in session' : ', market closed'})` : '', ' ',
      f.stale ? badge('stale', 'bad') : badge('fresh', 'ok')),
    table([
      { label: 'Feature', key: 'feature' },
      { label: 'Level', render: (d) => badge(d.level, LEVEL_KIND[d.level]) },
      { label: 'PSI', class: 'num', render: (d) => psiBar(d, maxPsi) },
      { label: 'KS D', class: 'num', render: (d) => (d.ks == null ? '—' : fmtNumber(d.ks, 3)) },
      { label: 'KS p', class: 'num', render: (d) => (d.ksPValue == null ? '—' : d.ksPValue < 1e-4 ? '< 0.0001' : fmtNumber(d.ksPValue, 4)) },
      { label: 'Mean (train)', class: 'num', render: (d) => fmtNumber(d.referenceMean, 5) },
      { label: 'Mean (window)', class: 'num', render: (d) => fmtNumber(d.windowMean, 5) },
      { label: 'Missing in window', class: 'num', render: (d) => fmtInt(d.windowMissing) },
    ], report.features, { rowClass: (d) => `drift-${d.level.toLowerCase()}` }),
    el('h3', { text: 'Daily reports (monitoring job): largest PSI and KS' }), historyChart);
  const items = (history.items || []).slice().reverse();
  if (items.length < 2) {
    replace(historyChart, notice('The daily monitoring job has stored fewer than two reports for this model.', 'info'));
  } else {
    await lineChart(historyChart, {
      times: items.map((r) => r.asOf),
      series: [{ label: 'max PSI', values: items.map((r) => r.maxPsi) }, { label: 'max KS', values: items.map((r) => r.maxKs) }],
      height: 200, yFormat: (v, d = 2) => v.toFixed(d),
    });
  }
}

/** The PSI value with a bar whose length is PSI / scale, coloured by level. */
function psiBar(d, scale) {
  if (d.psi == null) return '—';
  const width = Math.max(2, Math.min(100, (d.psi / scale) * 100));
  return el('span', { class: 'psi' },
    el('span', { class: `psi-bar psi-${d.level.toLowerCase()}`, style: `width:${width.toFixed(0)}px` }), ' ', fmtNumber(d.psi, 3));
}

// ---------------------------------------------------------------- alerts

async function loadAlerts(section, me, result, reload) {
  const title = el('h2', { text: 'Alerts' });
  let page;
  try {
    page = (await gql(ALERTS_QUERY)).alerts;
  } catch (error) {
    replace(section, title, errorBanner(error, 'Could not load the alerts'));
    return;
  }
  const run = hasRole(me, 'admin') ? el('button', { type: 'button', class: 'button', id: 'run-monitoring', text: 'Run monitoring now' }) : null;
  run?.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const r = (await gql(RUN_MONITORING)).runMonitoring;
      await reload();
      replace(result, notice(`Stored ${r.reports.length} drift report(s); ${r.alertsRaised} new alert(s).`
        + (r.skipped.length ? ` Skipped: ${r.skipped.join('; ')}` : ''), 'ok'));
    } catch (error) {
      replace(result, errorBanner(error, 'The monitoring run failed'));
    } finally {
      run.disabled = false;
    }
  });
  replace(section, title,
    el('p', { class: 'subtitle' }, `${fmtInt(page.total)} alert(s) raised by inference and monitoring; newest first.`, ' ', run),
    result,
    table([
      { label: 'Raised', render: (a) => fmtDateTime(a.createdAt) },
      { label: 'Severity', render: (a) => badge(a.severity, SEVERITY_KIND[a.severity] || 'neutral') },
      { label: 'Kind', key: 'kind' },
      { label: 'Subject', key: 'subject' },
      { label: 'Message', key: 'message' },
    ], page.items, { empty: 'No alerts.' }));
}
