// Market page: candlesticks of the stored USD/COP bars for a range (drawn on a canvas), data-quality flags, the
// canonical feature panels under the chart, CSV upload (OHLCV or FRED) with the server's row-numbered errors,
// and the training-dataset / norm-stats export of the range.
import { gql } from '../gql.js';
import { lineChart } from '../charts.js';
import {
  el, replace, errorBanner, notice, loading, pageHeader, table, badge, fmtNumber, fmtInt, fmtPct, fmtDateTime,
  hashCell, hasRole,
} from '../ui.js';

const PAGE_SIZE = 500;          // the API's hard cap per page
const MAX_BARS = 6000;          // 100 sessions: beyond that the candles are too thin to read
const DEFAULT_DAYS = 7;

const BARS_QUERY = `query($from: DateTime!, $to: DateTime!, $limit: Int, $offset: Int) {
  bars(from: $from, to: $to, limit: $limit, offset: $offset) { total items { ts open high low close volume source } } }`;
const FEATURES_QUERY = `query($from: DateTime!, $to: DateTime!, $limit: Int, $offset: Int) {
  features(from: $from, to: $to, limit: $limit, offset: $offset) { total items {
    ts barNumber close dataQualityScore belowMinQuality macroWasFfilled ohlcvWasInterpolated
    features { name value } } } }`;
const QUALITY_QUERY = `query($from: DateTime!, $to: DateTime!) { dataQuality(from: $from, to: $to) {
  bars expectedBars missingBars featureRows macroFfilledShare meanQualityScore rowsBelowMinQuality rowsAfterMissingBars minDataQualityScore
  refreshPending missingByDay { date expected present }
  seriesFreshness { seriesId frequency lastObservationDate lastPublishedAt ageDays ffillLimitDays stale source } } }`;
const EXPORT_MUTATION = (name) => `mutation($from: DateTime!, $to: DateTime!) { ${name}(from: $from, to: $to) {
  kind sha256 rows from to featureOrderHash contractVersion dataSnapshotHash sizeBytes } }`;

const PANELS = [
  { title: 'Log returns', names: ['log_ret_5m', 'log_ret_1h', 'log_ret_4h'] },
  { title: 'RSI(9) and ADX(14)', names: ['rsi_9', 'adx_14'] },
  { title: 'ATR(14) / close', names: ['atr_pct'] },
  { title: 'Macro z-scores (20 obs.)', names: ['dxy_z', 'vix_z', 'embi_z'] },
  { title: 'Macro 1-day changes', names: ['dxy_change_1d', 'brent_change_1d', 'usdmxn_change_1d'] },
  { title: 'Rate spread COL10Y − UST10Y (pp)', names: ['rate_spread'] },
];
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function defaultRange() {
  const to = new Date();
  const from = new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

async function fetchAll(query, variables, field) {
  const items = [];
  let total = 0;
  for (let offset = 0; offset < MAX_BARS; offset += PAGE_SIZE) {
    const page = (await gql(query, { ...variables, limit: PAGE_SIZE, offset }))[field];
    total = page.total;
    items.push(...page.items);
    if (items.length >= total) break;
  }
  return { items, total };
}

// ---------------------------------------------------------------- candlesticks

/** Draws candles by bar index (nights and weekends take no space), a day separator with its date, and an orange
 *  mark under bars whose feature row is below the contract's minimum quality. */
const CANDLE_FONT = '11px system-ui, sans-serif';

function drawCandles(canvas, bars, lowQuality) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(canvas.parentElement.clientWidth || 0, 320);
  const height = 340;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  if (bars.length === 0) return;
  const lo = Math.min(...bars.map((b) => b.low));
  const hi = Math.max(...bars.map((b) => b.high));
  const pad = (hi - lo) * 0.05 || 1;
  const yMin = lo - pad;
  const yMax = hi + pad;
  g.font = CANDLE_FONT;
  // five price levels, with as many decimals as tell them apart (a flat range needs more than one); the price axis
  // right of the plot is as wide as its widest label
  const levels = [0, 1, 2, 3, 4].map((i) => yMin + (yMax - yMin) * i / 4);
  let labels = levels.map((v) => fmtNumber(v, 1));
  for (let d = 2; d <= 8 && new Set(labels).size < labels.length; d += 1) labels = levels.map((v) => fmtNumber(v, d));
  const widest = Math.max(...labels.map((l) => g.measureText(l).width));
  const gap = 6;
  const left = 8;
  const right = Math.max(70, Math.ceil(widest) + gap + 4);
  const top = 10;
  const bottom = 30;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const step = plotW / bars.length;
  const y = (v) => top + (yMax - v) / (yMax - yMin) * plotH;
  g.fillStyle = '#6b7280';
  g.strokeStyle = '#e5e7eb';
  levels.forEach((v, i) => {
    g.beginPath();
    g.moveTo(left, y(v));
    g.lineTo(left + plotW, y(v));
    g.stroke();
    g.fillText(labels[i], left + plotW + gap, y(v) + 4);
  });
  // what the price axis shows, as charts.js records it for its charts (labels right of the plot, `gap` px from it)
  canvas.dataset.axes = JSON.stringify([{ scale: 'y', time: false, labels: [...labels].reverse(), min: yMin, max: yMax,
    size: right, tickSize: 0, gap, font: CANDLE_FONT, widest }]);
  let lastDay = null;
  let lastLabelX = -Infinity;
  bars.forEach((b, i) => {
    const x = left + i * step + step / 2;
    const day = b.ts.slice(0, 10);
    if (day !== lastDay) {
      g.strokeStyle = '#d1d5db';
      g.beginPath();
      g.moveTo(x - step / 2, top);
      g.lineTo(x - step / 2, top + plotH);
      g.stroke();
      if (x - lastLabelX > 70) {
        g.fillStyle = '#6b7280';
        g.fillText(day, x - step / 2 + 2, height - 10);
        lastLabelX = x;
      }
      lastDay = day;
    }
    const up = b.close >= b.open;
    const color = up ? '#059669' : '#dc2626';
    g.strokeStyle = color;
    g.fillStyle = color;
    g.beginPath();
    g.moveTo(x, y(b.high));
    g.lineTo(x, y(b.low));
    g.stroke();
    const bodyTop = y(Math.max(b.open, b.close));
    const bodyH = Math.max(1, Math.abs(y(b.open) - y(b.close)));
    const bodyW = Math.max(1, step * 0.7);
    g.fillRect(x - bodyW / 2, bodyTop, bodyW, bodyH);
    if (lowQuality.has(b.ts)) {
      g.fillStyle = '#f59e0b';
      g.fillRect(x - bodyW / 2, top + plotH + 2, bodyW, 4);
    }
  });
}

// ---------------------------------------------------------------- sections

function qualitySection(q) {
  const flags = [
    q.missingBars > 0 ? badge(`${fmtInt(q.missingBars)} missing bar(s)`, 'warn') : badge('no missing bars', 'ok'),
    q.rowsBelowMinQuality > 0 ? badge(`${fmtInt(q.rowsBelowMinQuality)} bar(s) below quality ${q.minDataQualityScore}`, 'bad') : null,
    q.rowsAfterMissingBars > 0 ? badge(`${fmtInt(q.rowsAfterMissingBars)} bar(s) right after missing bars`, 'warn') : null,
    q.macroFfilledShare > 0 ? badge(`macro stale on ${fmtPct(q.macroFfilledShare, 1)} of bars`, 'warn') : null,
    q.refreshPending ? badge('feature refresh pending', 'info') : null,
    q.seriesFreshness.some((s) => s.stale) ? badge(`stale series: ${q.seriesFreshness.filter((s) => s.stale).map((s) => s.seriesId).join(', ')}`, 'bad') : null,
  ];
  return el('section', { class: 'card', id: 'market-quality' },
    el('h2', { text: 'Data quality' }),
    el('div', { class: 'flags' }, flags),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Bars stored / expected' }), el('dd', { text: `${fmtInt(q.bars)} / ${fmtInt(q.expectedBars)}` }),
      el('dt', { text: 'Feature rows' }), el('dd', { text: fmtInt(q.featureRows) }),
      el('dt', { text: 'Mean quality score' }), el('dd', { text: fmtNumber(q.meanQualityScore, 3) }),
      el('dt', { text: 'Macro forward-filled share' }), el('dd', { text: fmtPct(q.macroFfilledShare, 1) })),
    q.missingByDay.length ? el('details', {}, el('summary', { text: `Days with missing bars (${q.missingByDay.length})` }),
      table([{ key: 'date', label: 'Date' }, { key: 'present', label: 'Bars' }, { key: 'expected', label: 'Expected' }],
        q.missingByDay)) : null,
    el('h3', { text: 'Macro series freshness' }),
    table([
      { key: 'seriesId', label: 'Series' },
      { key: 'frequency', label: 'Frequency' },
      { key: 'lastObservationDate', label: 'Last observation' },
      { label: 'Published', render: (s) => fmtDateTime(s.lastPublishedAt) },
      { label: 'Age (days)', render: (s) => (s.ageDays === null ? '—' : `${s.ageDays} / ${s.ffillLimitDays}`) },
      { label: 'State', render: (s) => (s.stale ? badge('stale', 'bad') : badge('fresh', 'ok')) },
      { label: 'Source', render: (s) => (s.source ? badge(s.source, s.source === 'synthetic' ? 'info' : 'neutral') : '—') },
    ], q.seriesFreshness, { rowClass: (s) => (s.stale ? 'row-stale' : null) }));
}

function uploadSection(config, onDone) {
  const kind = el('select', { id: 'upload-kind' },
    el('option', { value: 'bars', text: 'OHLCV bars (timestamp,open,high,low,close,volume)' }),
    (config?.macroSeries || []).map((s) => el('option', { value: s.id, text: `${s.id} — ${s.name} (FRED CSV)` })));
  const file = el('input', { type: 'file', id: 'upload-file', accept: '.csv,text/csv', required: true });
  const source = el('input', { type: 'text', id: 'upload-source', placeholder: 'source label, e.g. fred', maxlength: '64' });
  const result = el('div', { id: 'upload-result' });
  const button = el('button', { type: 'submit', class: 'button', text: 'Upload' });
  const form = el('form', { id: 'upload-form', class: 'filters' }, kind, file, source, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    button.disabled = true;
    replace(result, loading('Uploading and validating…'));
    const path = kind.value === 'bars' ? '/api/market/bars.csv' : `/api/market/macro/${encodeURIComponent(kind.value)}.csv`;
    const query = source.value.trim() ? `?source=${encodeURIComponent(source.value.trim())}` : '';
    try {
      const response = await fetch(path + query, {
        method: 'POST', credentials: 'same-origin', body: file.files[0],
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-Requested-With': 'JavaScript' },
      });
      const body = await response.json().catch(() => null);
      if (response.ok && body) {
        replace(result, notice(`${body.kind}: ${fmtInt(body.received)} received — ${fmtInt(body.inserted)} new, `
          + `${fmtInt(body.updated)} changed, ${fmtInt(body.unchanged)} unchanged`
          + (body.skippedMissing ? `, ${fmtInt(body.skippedMissing)} '.' lines skipped` : '') + '.', 'ok'));
        onDone();
      } else {
        const listed = body?.errors || [];
        // the service counts problems (a row can have several) and repeats them in its message: the page counts the
        // rows and lists each problem once, in the table only
        const rows = new Set(listed.map((e) => e.row)).size;
        const truncated = body && body.totalErrors > listed.length;
        const error = new Error(listed.length
          ? `${truncated ? 'At least ' : ''}${fmtInt(rows)} invalid row(s) with ${fmtInt(body.totalErrors)} problem(s); fix them and send the whole file again.`
          : body?.message || `The upload failed (HTTP ${response.status}).`);
        error.code = body?.code || (response.status === 401 || response.status === 499 ? 'UNAUTHORIZED' : `HTTP_${response.status}`);
        const unique = [...new Map(listed.map((e) => [`${e.row}\u0000${e.message}`, e])).values()];
        replace(result, errorBanner(error, 'File rejected — nothing was written'),
          unique.length ? el('div', { id: 'upload-errors' },
            el('p', { class: 'muted', text: (truncated ? `The first ${fmtInt(listed.length)} problems` : 'The problems')
              + ' (row = line in the file, header = 1)' }),
            table([{ key: 'row', label: 'Row' }, { key: 'message', label: 'Problem' }], unique)) : null);
      }
    } catch (e) {
      const error = new Error(`Cannot reach the service (${e.message}).`);
      error.code = 'NETWORK';
      replace(result, errorBanner(error));
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'card', id: 'market-upload' },
    el('h2', { text: 'Import CSV' }),
    el('p', { class: 'muted', text: 'Bars: ISO-8601 UTC timestamps on the 5-minute grid inside the session. Macro: FRED download '
      + '(observation_date or DATE, one value column, "." = missing). A file with any invalid row writes nothing.' }),
    form, result);
}

function exportSection(range) {
  const result = el('div', { id: 'export-result' });
  const run = (name, label) => el('button', {
    type: 'button', class: 'button', id: `${name}-button`, text: label,
    onclick: async (event) => {
      event.target.disabled = true;
      replace(result, loading('Exporting…'));
      try {
        const x = (await gql(EXPORT_MUTATION(name), toInstants(range)))[name];
        replace(result, el('dl', { class: 'kv' },
          el('dt', { text: x.kind === 'dataset' ? 'dataset_hash' : 'norm_stats_hash' }), el('dd', {}, hashCell(x.sha256, 16)),
          el('dt', { text: 'Rows' }), el('dd', { text: fmtInt(x.rows) }),
          el('dt', { text: 'feature_order_hash' }), el('dd', {}, hashCell(x.featureOrderHash, 16)),
          el('dt', { text: 'Contract version' }), el('dd', { text: x.contractVersion }),
          el('dt', { text: 'Download' }), el('dd', {}, el('a', { href: `/api/artifacts/${x.sha256}`, text: `${fmtInt(x.sizeBytes)} bytes` }))));
      } catch (error) {
        replace(result, errorBanner(error, 'Export failed'));
      } finally {
        event.target.disabled = false;
      }
    },
  });
  return el('section', { class: 'card', id: 'market-export' },
    el('h2', { text: 'Export for training' }),
    el('p', { class: 'muted', text: 'CSV of the range in feature-contract order (ts, trading_date, bar_number, 13 features, close, quality '
      + 'columns) stored as an artifact; the same range of the same data always gives the same hash.' }),
    el('div', { class: 'actions' }, run('exportDataset', 'Export dataset'), ' ', run('exportNormStats', 'Export norm stats')),
    result);
}

const MACRO_SERIES_QUERY = `query($s: String!, $a: DateTime, $f: Date, $t: Date) { macroSeries(series: $s, asOf: $a, from: $f, to: $t) {
  asOf points { observationDate value publishedAt source versions revised } } }`;
const MACRO_VINTAGES_QUERY = `query($s: String!, $d: Date!) { macroVintages(series: $s, date: $d) { value publishedAt source } }`;

/** A macro series as known at an instant (default now) over the page's range and the 90 days before it: each date's
 * newest version, revised dates marked; a click on a revised date lists its vintages (every version, published when). */
function macroSection(config, range) {
  const series = el('select', { id: 'macro-series' },
    (config?.macroSeries || []).map((s) => el('option', { value: s.id, text: `${s.id} — ${s.name}` })));
  const asOf = el('input', { type: 'datetime-local', id: 'macro-as-of', title: 'As of (UTC); empty = now' });
  const body = el('div', { id: 'macro-points' });
  const form = el('form', { id: 'macro-form', class: 'filters' }, series, asOf,
    el('button', { type: 'submit', class: 'button', text: 'Show' }));
  async function show() {
    replace(body, loading('Loading the series…'));
    const start = new Date(`${range.from}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - 90);
    const vars = { s: series.value, a: asOf.value ? `${asOf.value}:00Z` : null, f: start.toISOString().slice(0, 10), t: range.to };
    try {
      const d = (await gql(MACRO_SERIES_QUERY, vars)).macroSeries;
      const points = [...d.points].reverse();
      const revised = points.filter((p) => p.revised).length;
      replace(body,
        el('p', { class: 'muted', text: `As of ${fmtDateTime(d.asOf)}: ${fmtInt(points.length)} date(s), ${fmtInt(revised)} revised. `
          + 'Click a revised date for its vintages.' }),
        table([
          { key: 'observationDate', label: 'Date' },
          { label: 'Value', render: (p) => fmtNumber(p.value, 4) },
          { label: 'Published', render: (p) => fmtDateTime(p.publishedAt) },
          { label: 'Versions', render: (p) => (p.revised ? badge(`revised ×${p.versions}`, 'warn') : '1') },
          { key: 'source', label: 'Source' },
        ], points, {
          empty: 'Nothing was published by then.',
          rowClass: (p) => (p.revised ? 'row-revised' : null),
          onRow: (p, tr) => {
            if (!p.revised) return;
            tr.title = 'Show the vintages of this date';
            tr.style.cursor = 'pointer';
            tr.addEventListener('click', async () => {
              const next = tr.nextElementSibling;
              if (next?.classList.contains('vintages')) { next.remove(); return; }
              const list = (await gql(MACRO_VINTAGES_QUERY, { s: series.value, d: p.observationDate })).macroVintages;
              tr.after(el('tr', { class: 'vintages' }, el('td', { colspan: 5 },
                el('ol', {}, list.map((v) => el('li', { text: `${fmtNumber(v.value, 4)} published ${fmtDateTime(v.publishedAt)} (${v.source})` }))))));
            });
          },
        }));
    } catch (error) {
      replace(body, errorBanner(error, 'Cannot load the macro series'));
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); show(); });
  show();
  return el('section', { class: 'card', id: 'macro-card' }, el('h2', { text: 'Macro series and revisions (point in time)' }),
    form, body);
}

function toInstants(range) {
  return { from: `${range.from}T00:00:00Z`, to: `${range.to}T23:59:59Z` };
}

// ---------------------------------------------------------------- page

export async function render(container, { params = {}, me, config }) {
  const range = { ...defaultRange(), ...Object.fromEntries(Object.entries(params).filter(([k]) => k === 'from' || k === 'to')) };
  const charts = [];
  let resize = null;
  const cleanup = () => {
    charts.forEach((c) => c.destroy());
    charts.length = 0;
    if (resize) window.removeEventListener('resize', resize);
  };

  const from = el('input', { type: 'date', id: 'range-from', value: range.from, required: true });
  const to = el('input', { type: 'date', id: 'range-to', value: range.to, required: true });
  const form = el('form', { class: 'filters', id: 'range-form' }, el('label', {}, 'From ', from), el('label', {}, 'To ', to),
    el('button', { type: 'submit', class: 'button', text: 'Show' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = `#/market?from=${from.value}&to=${to.value}`;
  });

  const chartCard = el('section', { class: 'card', id: 'market-chart' });
  const qualityCard = el('div', { id: 'market-quality-slot' });
  const featureCard = el('section', { class: 'card', id: 'market-features' });
  const canWrite = hasRole(me, 'researcher') || hasRole(me, 'automation');
  replace(container,
    pageHeader('Market', 'USD/COP 5-minute bars, canonical features (CTR-FEATURE-001) and data quality, UTC'),
    form, chartCard, qualityCard, featureCard,
    (config?.macroSeries || []).length ? macroSection(config, range) : null,
    canWrite ? uploadSection(config, () => load()) : null,
    canWrite ? exportSection(range) : null);

  async function load() {
    cleanup();
    replace(chartCard, loading('Loading bars…'));
    replace(featureCard, loading('Loading features…'));
    replace(qualityCard);
    const vars = toInstants(range);
    let bars;
    let features;
    try {
      [bars, features] = await Promise.all([fetchAll(BARS_QUERY, vars, 'bars'), fetchAll(FEATURES_QUERY, vars, 'features')]);
    } catch (error) {
      replace(chartCard, errorBanner(error, 'Cannot load the market data'));
      replace(featureCard);
      return;
    }
    const sources = [...new Set(bars.items.map((b) => b.source))];
    const lowQuality = new Set(features.items.filter((f) => f.belowMinQuality).map((f) => f.ts));
    const canvas = el('canvas', { id: 'candles', role: 'img', 'aria-label': 'USD/COP candlestick chart' });
    replace(chartCard,
      el('h2', {}, 'USD/COP ', sources.map((s) => badge(s, s === 'synthetic' ? 'info' : 'neutral'))),
      bars.total > bars.items.length ? notice(`Showing the first ${fmtInt(bars.items.length)} of ${fmtInt(bars.total)} bars; choose a shorter range.`, 'warn') : null,
      bars.items.length === 0 ? notice('No bars in this range. Import a CSV below or choose another range.', 'info') : null,
      el('div', { class: 'chart' }, canvas),
      lowQuality.size ? el('p', { class: 'muted', text: `Orange marks: ${lowQuality.size} bar(s) with data quality below the minimum (not traded).` }) : null);
    drawCandles(canvas, bars.items, lowQuality);
    resize = () => drawCandles(canvas, bars.items, lowQuality);
    window.addEventListener('resize', resize);

    gql(QUALITY_QUERY, vars).then((d) => replace(qualityCard, qualitySection(d.dataQuality)))
      .catch((error) => replace(qualityCard, errorBanner(error, 'Cannot load the data-quality summary')));

    replace(featureCard, el('h2', { text: 'Canonical features (raw)' }));
    if (features.items.length === 0) {
      featureCard.append(notice('No feature rows in this range.', 'info'));
      return;
    }
    const times = features.items.map((f) => f.ts);
    const valueOf = (name) => features.items.map((f) => f.features.find((x) => x.name === name)?.value ?? null);
    const panels = [...PANELS, { title: 'Data quality score', names: ['dataQualityScore'] }];
    for (const panel of panels) {
      const slot = el('div', { class: 'chart feature-panel', dataset: { panel: panel.names.join(',') } });
      featureCard.append(slot);
      const series = panel.names.map((name, i) => ({
        label: name,
        color: COLORS[i % COLORS.length],
        values: name === 'dataQualityScore' ? features.items.map((f) => f.dataQualityScore) : valueOf(name),
      }));
      try {
        // by bar index, like the candles above: nights and weekends take no room and are not drawn as lines
        charts.push(await lineChart(slot, { title: panel.title, times, series, height: 180, byIndex: true,
          yRange: panel.names.includes('dataQualityScore') ? [0, 1] : undefined }));
      } catch (error) {
        replace(slot, errorBanner(error, `Cannot draw ${panel.title}`));
      }
    }
  }

  await load();
  return cleanup;
}
