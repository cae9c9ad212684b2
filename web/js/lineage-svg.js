// Draws a lineage graph ({nodes: [{kind, id, ref, hash, createdAt, label}], edges: [{from, to, relation}]}) as an
// SVG: nodes in columns by their depth from the sources (left to right), edges as curves with their relation.
// Pure DOM (no library); other pages (proposals, production) can reuse it.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 236;
const NODE_H = 54;
const COL_GAP = 90;
const ROW_GAP = 22;
const PAD = 16;

const KIND_COLOURS = {
  experiment: ['#e6f0fb', '#1f5a96'],
  dataset: ['#f1eef7', '#5b4a80'],
  model: ['#e3f4ea', '#1e7d4f'],
  onnx: ['#eef1f5', '#44505e'],
  norm_stats: ['#eef1f5', '#44505e'],
  backtest: ['#fff4d6', '#8a5a00'],
  proposal: ['#fdeaea', '#b3261e'],
};

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** Column of each node = length of the longest path reaching it (cycles, if any, are cut). */
function depths(nodes, edges) {
  const depth = new Map(nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < nodes.length; i += 1) {
    let changed = false;
    for (const e of edges) {
      if (!depth.has(e.from) || !depth.has(e.to)) continue;
      const d = depth.get(e.from) + 1;
      if (d > depth.get(e.to)) {
        depth.set(e.to, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

function truncate(text, max) {
  const s = String(text ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Returns an <svg> element. options.onNode(node) is called when a node is clicked (e.g. to navigate);
 * options.highlight is the id of a node drawn with a thicker border.
 */
export function lineageSvg(graph, options = {}) {
  const nodes = graph?.nodes || [];
  const edges = graph?.edges || [];
  const depth = depths(nodes, edges);
  const columns = [];
  for (const n of nodes) {
    const d = depth.get(n.id);
    (columns[d] = columns[d] || []).push(n);
  }
  const rows = Math.max(1, ...columns.map((c) => (c ? c.length : 0)));
  const width = PAD * 2 + columns.length * NODE_W + Math.max(0, columns.length - 1) * COL_GAP;
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP;
  const pos = new Map();
  columns.forEach((col, c) => {
    if (!col) return;
    const offset = ((rows - col.length) * (NODE_H + ROW_GAP)) / 2;
    col.forEach((n, r) => pos.set(n.id, { x: PAD + c * (NODE_W + COL_GAP), y: PAD + offset + r * (NODE_H + ROW_GAP) }));
  });

  const root = svg('svg', {
    class: 'lineage-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Lineage of ${graph?.modelId ?? 'the model'}: ${nodes.length} records, ${edges.length} relations`,
    // never below 80 % of its natural size (12 px labels stay readable): a wide graph scrolls in its container
    style: `max-width:100%;min-width:${Math.round(width * 0.8)}px;height:auto;font-family:system-ui,sans-serif`,
  });
  root.append(svg('defs', {}, svg('marker', { id: 'lineage-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#7a8696' }))));

  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const backwards = x2 <= x1;
    const bend = backwards ? 60 : (x2 - x1) / 2;
    const d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    const group = svg('g', { class: 'lineage-edge', 'data-relation': e.relation },
      svg('path', { d, fill: 'none', stroke: '#7a8696', 'stroke-width': 1.4, 'marker-end': 'url(#lineage-arrow)' }),
      svg('title', {}, `${e.from} ${e.relation} ${e.to}`));
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2 - 4;
    group.append(svg('text', { x: mx, y: my, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#5f6b7a',
      'paint-order': 'stroke', stroke: '#ffffff', 'stroke-width': 3 }, e.relation));
    root.append(group);
  }

  for (const n of nodes) {
    const p = pos.get(n.id);
    const [fill, stroke] = KIND_COLOURS[n.kind] || ['#ffffff', '#5f6b7a'];
    const group = svg('g', { class: 'lineage-node', 'data-id': n.id, 'data-kind': n.kind, transform: `translate(${p.x},${p.y})`,
      style: options.onNode ? 'cursor:pointer' : null });
    group.append(
      svg('rect', { width: NODE_W, height: NODE_H, rx: 7, fill, stroke, 'stroke-width': n.id === options.highlight ? 2.6 : 1.2 }),
      svg('text', { x: 10, y: 17, 'font-size': 10.5, 'font-weight': 700, fill: stroke }, n.kind.toUpperCase().replace('_', ' ')),
      svg('text', { x: 10, y: 33, 'font-size': 12, fill: '#1d2733' }, truncate(n.label || n.ref, 35)),
      svg('text', { x: 10, y: 47, 'font-size': 10, fill: '#5f6b7a', 'font-family': 'monospace' },
        n.hash ? `#${n.hash.slice(0, 16)}` : truncate(n.ref, 30)),
      svg('title', {}, [n.label, n.ref, n.hash ? `hash ${n.hash}` : null, n.createdAt ? `created ${n.createdAt}` : null]
        .filter(Boolean).join('\n')));
    if (options.onNode) group.addEventListener('click', () => options.onNode(n));
    root.append(group);
  }
  return root;
}
