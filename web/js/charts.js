// Thin wrapper over the vendored uPlot 1.6.32 (web/vendor/uplot, MIT): line charts of series over time, in UTC,
// optionally with point markers (trades on a price chart). uPlot is loaded on first use, so pages without charts
// never download it.

const VENDOR = new URL('../vendor/uplot/', import.meta.url);
const PALETTE = ['#2f7dd1', '#e07b24', '#1e9e63', '#b3261e', '#7a4fc2', '#5f6b7a', '#c2418f', '#0f8f9c'];

let loadingUPlot = null;

/** Resolves to the uPlot constructor, loading its script and stylesheet once. */
export function loadUPlot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  if (!loadingUPlot) {
    loadingUPlot = new Promise((resolve, reject) => {
      if (!document.querySelector('link[data-uplot]')) {
        const css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = new URL('uPlot.min.css', VENDOR).href;
        css.dataset.uplot = '';
        document.head.append(css);
      }
      const script = document.createElement('script');
      script.src = new URL('uPlot.iife.min.js', VENDOR).href;
      script.onload = () => (window.uPlot ? resolve(window.uPlot) : reject(chartError('uPlot did not register itself.')));
      script.onerror = () => {
        loadingUPlot = null;
        reject(chartError('The chart library could not be loaded. Reload the page.'));
      };
      document.head.append(script);
    });
  }
  return loadingUPlot;
}

// CHART_UNAVAILABLE: the library could not be loaded; CHART_DATA: the caller passed data that cannot be drawn.
function chartError(message, code = 'CHART_UNAVAILABLE') {
  const error = new Error(message);
  error.code = code;
  return error;
}

/** Epoch seconds (uPlot's time unit) from an ISO string, a Date or epoch seconds. */
/**
 * The points of a series served as parallel arrays (`{ ts: [...], equity: [...], … }`, as `equitySeries` and
 * `prices` answer) as a list of `{ ts, equity, … }`: one field per array, so the service walks three fields, not
 * one per point. Keys that are not arrays (`bars`, `thinned`) are left out.
 */
export function seriesPoints(series) {
  if (!series || !Array.isArray(series.ts)) return [];
  const keys = Object.keys(series).filter((k) => Array.isArray(series[k]));
  return series.ts.map((_, i) => Object.fromEntries(keys.map((k) => [k, series[k][i]])));
}

export function toEpochSeconds(t) {
  if (typeof t === 'number') return t;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  if (Number.isNaN(ms)) throw chartError(`Not a time: ${t}`, 'CHART_DATA');
  return ms / 1000;
}

/**
 * Draws a line chart of one or more series sharing a time axis.
 * @param {HTMLElement} container where the chart goes (its width is followed on resize)
 * @param {object} options
 *   times: ascending ISO strings, Dates or epoch seconds;
 *   series: [{ label, values (numbers, null for a gap), color?, width?, dash?, stepped? (a value holds until
 *   the next one, e.g. a position), fill? (a colour between the line and fillTo, default the bottom) }];
 *   title?, height? (px, default 280), yLabel?, yFormat? ((number, decimals?) -> string; when it would label two
 *   ticks alike it is called again with more decimals, so a format that takes them keeps its unit), yRange?
 *   ([min, max], fixed), ySplits? (the y ticks, fixed: e.g. [-1, 0, 1]),
 *   byIndex? (x is the bar's index, not its time: nights and weekends take no room, as in the candlesticks; the
 *   axis marks each new day with its date, the legend shows the bar's time);
 *   markers?: [{ time, value, shape ('up' | 'down' | 'circle'), color, filled? (default true) }] drawn over the
 *   series (they need not fall on one of `times`); markersVisible? (default true; setMarkersVisible toggles).
 * After every draw the container's data-axes attribute holds what each axis shows (see recordAxes).
 * @returns {Promise<{chart, setData(times, series), destroy()}>}
 */
export async function lineChart(container, options) {
  const uPlot = await loadUPlot();
  const { times = [], series = [], title, height = 280, yLabel, yFormat, yRange, ySplits, markers = [], byIndex = false,
    markersVisible = true } = options;
  const data = alignedData(times, series, byIndex);
  if (byIndex && markers.length) throw chartError('Markers need a time axis.', 'CHART_DATA');
  const marks = markers.map(toMarker);
  let showMarkers = markersVisible;

  const opts = {
    title,
    width: Math.max(container.clientWidth || 0, 320),
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: !byIndex }, ...(yRange ? { y: { range: () => yRange } } : {}) },
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    series: [
      byIndex ? { label: 'Time (UTC)', value: (u, i) => (i === null ? '--' : utcMinute(times[Math.round(i)])) }
        : { label: 'Time (UTC)' },
      ...series.map((s, i) => {
        const format = s.format || yFormat;
        return {
          label: s.label,
          stroke: s.color || PALETTE[i % PALETTE.length],
          width: s.width || 1.5,
          dash: s.dash,
          fill: s.fill,
          fillTo: s.fillTo,
          paths: s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
          scale: 'y',
          spanGaps: false,
          points: { show: false },
          value: format ? (u, v) => (v === null || v === undefined ? '—' : format(v)) : undefined,
        };
      }),
    ],
    axes: [
      { font: AXIS_FONT, ...(byIndex ? dayAxis(times) : timeAxis()) },
      { label: yLabel, scale: 'y', font: AXIS_FONT, values: tickLabels(yFormat), size: axisWidth(yLabel),
        ...(ySplits ? { splits: () => ySplits } : {}) },
    ],
    hooks: {
      draw: [
        (u) => { if (marks.length && showMarkers) drawMarkers(u, marks); },
        (u) => recordAxes(u, container),
      ],
    },
  };

  container.classList.add('chart');
  const chart = new uPlot(opts, data, container);
  const observer = new ResizeObserver(() => {
    const width = Math.max(container.clientWidth - 16, 320);
    if (Math.abs(width - chart.width) > 1) chart.setSize({ width, height });
  });
  observer.observe(container);

  return {
    chart,
    setData(newTimes, newSeries) {
      chart.setData(alignedData(newTimes, newSeries, byIndex));
    },
    /** Shows or hides the markers (a price chart with hundreds of trades starts without them). */
    setMarkersVisible(visible) {
      showMarkers = Boolean(visible);
      chart.redraw(false, false);
    },
    destroy() {
      observer.disconnect();
      chart.destroy();
    },
  };
}

const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
let measuring = null;

/** Width in px of a label in the axis font. */
function textWidth(text) {
  if (!measuring) measuring = document.createElement('canvas').getContext('2d');
  measuring.font = AXIS_FONT;
  return measuring.measureText(text).width;
}

/**
 * The y axis's width follows its longest tick label (uPlot calls this with the formatted labels), so "100.00 %" is
 * never clipped to "00.00 %": label width + tick (10) + gap (5) + padding, plus room for an axis title.
 */
function axisWidth(title) {
  return (u, values) => {
    const widest = Math.max(0, ...(values || []).flatMap((v) => String(v ?? '').split('\n')).map(textWidth));
    return Math.ceil(widest) + 24 + (title ? 18 : 0);
  };
}

/** Decimals that tell ticks `incr` apart: 0.0005 -> 4, 0.002 -> 3, 0.25 -> 2, 5 -> 0. */
export function decimalsFor(incr) {
  if (!(incr > 0) || !Number.isFinite(incr)) return 2;
  let d = 0;
  while (d < 12 && Math.abs(Math.round(incr * 10 ** d) - incr * 10 ** d) > 1e-9 * 10 ** d) d += 1;
  return d;
}

/** Whether no two labels are the same. */
function distinct(labels) {
  return new Set(labels).size === labels.length;
}

/**
 * Tick labels: the caller's format, unless it gives two ticks the same label (a format with too few decimals for the
 * zoom); then the caller's format with more decimals (it keeps its unit: "0.05 %", not "0.0005"), and for a format
 * that takes no decimals, as many decimals as the tick step needs — labels are never repeated.
 */
export function tickLabels(format) {
  return (u, ticks, axisIdx, space, incr) => {
    const label = (f) => ticks.map((v) => (v === null || v === undefined ? '' : f(v)));
    if (format) {
      let labels = label((v) => format(v));
      if (distinct(labels)) return labels;
      for (let d = 0; d <= 10; d += 1) {
        labels = label((v) => format(v, d));
        if (distinct(labels)) return labels;
      }
    }
    const digits = decimalsFor(incr);
    return label((v) => Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  };
}

/**
 * What each axis shows after a draw, kept in the container's data-axes attribute as JSON (for readers of the page and
 * its tests): per axis its scale, whether it is a time axis, the tick labels as drawn (multi-line labels joined with
 * a line break), the scale's range, the axis size, tick length and gap (CSS px), its font and the width of its widest
 * label line in that font (CSS px). A y label fits when widest ≤ size − tickSize − gap.
 */
function recordAxes(u, container) {
  const axes = u.axes.map((a) => {
    const labels = (a._values || []).map((v) => (v === null || v === undefined ? '' : String(v)));
    const scale = u.scales[a.scale] || {};
    return {
      scale: a.scale,
      time: Boolean(scale.time),
      labels,
      min: scale.min,
      max: scale.max,
      size: a._size,
      tickSize: a.ticks && a.ticks.show !== false ? a.ticks.size : 0,
      gap: a.gap,
      font: AXIS_FONT,
      widest: Math.max(0, ...labels.flatMap((l) => l.split('\n')).map(textWidth)),
    };
  });
  container.dataset.axes = JSON.stringify(axes);
}

const DAY = 86400;

/**
 * A time axis labelled in UTC so that no two ticks read alike: years, months (YYYY-MM), days (MM-DD, the year on the
 * first tick and at a new year), or times of day with their date under each (HH:MM over MM-DD).
 */
function timeAxis() {
  return {
    space: 60,
    values: (u, ticks, axisIdx, space, incr) => {
      let lastYear = null;
      return ticks.map((t) => {
        if (t === null || t === undefined) return '';
        const iso = new Date(t * 1000).toISOString();
        const year = iso.slice(0, 4);
        const newYear = year !== lastYear;
        lastYear = year;
        if (incr >= 365 * DAY) return year;
        if (incr >= 28 * DAY) return iso.slice(0, 7);
        if (incr >= DAY) return newYear ? iso.slice(0, 10) : iso.slice(5, 10);
        const time = incr >= 60 ? iso.slice(11, 16) : iso.slice(11, 19);
        return `${time}\n${newYear ? iso.slice(0, 10) : iso.slice(5, 10)}`;
      });
    },
  };
}

function toMarker(m) {
  const value = Number(m.value);
  if (!Number.isFinite(value)) throw chartError(`Marker at ${m.time} has no value.`, 'CHART_DATA');
  return { x: toEpochSeconds(m.time), y: value, shape: m.shape || 'circle', color: m.color || PALETTE[0], filled: m.filled !== false };
}

/** Draws markers inside the plot area (canvas pixels), after the series. */
function drawMarkers(u, markers) {
  const { ctx, bbox } = u;
  const r = 5 * (window.devicePixelRatio || 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.lineWidth = Math.max(1, r / 3);
  for (const m of markers) {
    const x = u.valToPos(m.x, 'x', true);
    const y = u.valToPos(m.y, 'y', true);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.beginPath();
    if (m.shape === 'up') {
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
    } else if (m.shape === 'down') {
      ctx.moveTo(x, y + r);
      ctx.lineTo(x + r, y - r * 0.8);
      ctx.lineTo(x - r, y - r * 0.8);
      ctx.closePath();
    } else {
      ctx.arc(x, y, r * 0.75, 0, 2 * Math.PI);
    }
    if (m.filled) {
      ctx.fillStyle = m.color;
      ctx.fill();
      ctx.strokeStyle = '#ffffff';
    } else {
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = m.color;
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** 'YYYY-MM-DD HH:MM' in UTC. */
function utcMinute(t) {
  return new Date(toEpochSeconds(t) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An x axis over bar indices: a tick and its date at the first bar of each day, thinned to about one per 90 px. */
function dayAxis(times) {
  const days = times.map((t) => utcMinute(t).slice(0, 10));
  const starts = [];
  days.forEach((d, i) => {
    if (i === 0 || d !== days[i - 1]) starts.push(i);
  });
  return {
    splits: (u) => {
      const every = Math.max(1, Math.ceil(starts.length / Math.max(1, Math.floor(u.bbox.width / (devicePixelRatio || 1) / 90))));
      return starts.filter((_, k) => k % every === 0);
    },
    values: (u, ticks) => ticks.map((i) => days[i]),
  };
}

function alignedData(times, series, byIndex = false) {
  const xs = byIndex ? times.map((t, i) => i) : times.map(toEpochSeconds);
  const ys = series.map((s) => {
    const values = s.values || [];
    if (values.length !== xs.length) {
      throw chartError(`Series "${s.label}" has ${values.length} values for ${xs.length} times.`, 'CHART_DATA');
    }
    return values.map((v) => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v)));
  });
  return [xs, ...ys];
}
