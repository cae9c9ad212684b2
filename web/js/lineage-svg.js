// Draws a lineage graph ({nodes: [{kind, id, ref, hash, createdAt, label}], edges: [{from, to, relation}]}) as an
// SVG laid out by dagre (web/vendor/dagre, MIT): nodes in ranks from the sources (left to right), edges routed by the
// layout between the ranks with their relation at the label position dagre reserved, so no edge runs behind an
// unrelated box. The graph pans (drag) and zooms (wheel, buttons) inside its frame; a click on a node (not a drag)
// calls options.onNode.
import dagre from '../vendor/dagre/dagre.esm.js';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 236;
const NODE_H = 54;
const LABEL_CHARS = 32;      // 12 px text in a 236 px box
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 3;
const DRAG_THRESHOLD = 4;    // px moved before a press counts as a pan, not a click

const KIND_COLOURS = {
  experiment: ['#e6f0fb', '#1f5a96'],
  dataset: ['#f1eef7', '#5b4a80'],
  model: ['#e3f4ea', '#1e7d4f'],
  onnx: ['#eef1f5', '#44505e'],
  norm_stats: ['#eef1f5', '#44505e'],
  backtest: ['#fff4d6', '#8a5a00'],
  proposal: ['#fdeaea', '#b3261e'],
  vote: ['#fbeff7', '#8e2a6b'],
};

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function truncate(text, max) {
  const s = String(text ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Node and edge positions from dagre: {nodes: Map id -> {x, y} (top left), edges: [{edge, points, label}], width, height}. */
export function layout(nodes, edges) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 26, ranksep: 36, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  edges.forEach((e, i) => {
    if (!g.hasNode(e.from) || !g.hasNode(e.to)) return;
    // the label's box is part of the layout, so labels never sit on a node or on each other
    g.setEdge(e.from, e.to, { label: e.relation, width: 7 * String(e.relation).length + 8, height: 14, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);
  const positions = new Map(nodes.map((n) => {
    const p = g.node(n.id);
    return [n.id, { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 }];
  }));
  const routed = [];
  edges.forEach((e, i) => {
    const d = g.edge({ v: e.from, w: e.to, name: `e${i}` });
    if (d) routed.push({ edge: e, points: d.points, label: { x: d.x, y: d.y } });
  });
  const { width, height } = g.graph();
  return { nodes: positions, edges: routed, width: Math.ceil(width), height: Math.ceil(height) };
}

/** A smooth path through dagre's points: straight first and last segments, quadratic curves between. */
function pathThrough(points) {
  if (points.length < 3) return `M${points.map((p) => `${p.x},${p.y}`).join(' L')}`;
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i += 1) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${points[i].x},${points[i].y} ${i === points.length - 2 ? `${points[i + 1].x},${points[i + 1].y}` : `${mid.x},${mid.y}`}`;
  }
  return d;
}

/**
 * Returns a frame (div.lineage-frame) holding the <svg> and its zoom controls. options.onNode(node) is called when a
 * node is clicked; options.highlight is the id of a node drawn with a thicker border.
 */
export function lineageSvg(graph, options = {}) {
  const nodes = graph?.nodes || [];
  const edges = graph?.edges || [];
  const placed = layout(nodes, edges);
  const { width, height } = placed;

  const root = svg('svg', {
    class: 'lineage-graph', width: '100%', height: Math.min(Math.max(height, 160), 560), viewBox: `0 0 ${width} ${height}`,
    role: 'img', preserveAspectRatio: 'xMinYMin meet',
    'aria-label': `Lineage of ${graph?.modelId ?? 'the model'}: ${nodes.length} records, ${edges.length} relations`,
    style: 'font-family:system-ui,sans-serif;display:block',
    'data-width': width, 'data-height': height,
  });
  root.append(svg('defs', {}, svg('marker', { id: 'lineage-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#7a8696' }))));
  const scene = svg('g', { class: 'lineage-scene' });
  root.append(scene);

  for (const { edge, points, label } of placed.edges) {
    scene.append(svg('g', { class: 'lineage-edge', 'data-relation': edge.relation, 'data-from': edge.from, 'data-to': edge.to },
      svg('path', { d: pathThrough(points), fill: 'none', stroke: '#7a8696', 'stroke-width': 1.4, 'marker-end': 'url(#lineage-arrow)' }),
      svg('text', { x: label.x, y: label.y + 4, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#5f6b7a',
        'paint-order': 'stroke', stroke: '#ffffff', 'stroke-width': 3 }, edge.relation),
      svg('title', {}, `${edge.from} ${edge.relation} ${edge.to}`)));
  }

  for (const n of nodes) {
    const p = placed.nodes.get(n.id);
    const [fill, stroke] = KIND_COLOURS[n.kind] || ['#ffffff', '#5f6b7a'];
    const group = svg('g', { class: 'lineage-node', 'data-id': n.id, 'data-kind': n.kind, transform: `translate(${p.x},${p.y})`,
      style: options.onNode ? 'cursor:pointer' : null });
    group.append(
      svg('rect', { width: NODE_W, height: NODE_H, rx: 7, fill, stroke, 'stroke-width': n.id === options.highlight ? 2.6 : 1.2 }),
      svg('text', { x: 10, y: 17, 'font-size': 10.5, 'font-weight': 700, fill: stroke }, n.kind.toUpperCase().replace('_', ' ')),
      svg('text', { x: 10, y: 33, 'font-size': 12, fill: '#1d2733' }, truncate(n.label || n.ref, LABEL_CHARS)),
      svg('text', { x: 10, y: 47, 'font-size': 10, fill: '#5f6b7a', 'font-family': 'monospace' },
        n.hash ? `#${n.hash.slice(0, 16)}` : truncate(n.ref, 34)),
      svg('title', {}, [n.label, n.ref, n.hash ? `hash ${n.hash}` : null, n.createdAt ? `created ${n.createdAt}` : null]
        .filter(Boolean).join('\n')));
    scene.append(group);
  }
  return panZoomFrame(root, width, height, options.onNode ? (id) => {
    const n = nodes.find((x) => x.id === id);
    if (n) options.onNode(n);
  } : null);
}

/**
 * Pan (drag) and zoom (wheel, + / − / Fit) by moving the svg's viewBox; a press that does not move is a click on the
 * node under it.
 */
function panZoomFrame(root, width, height, onNodeId) {
  let view = { x: 0, y: 0, w: width, h: height };
  const apply = () => root.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  const zoom = (factor, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const scale = Math.min(Math.max(width / (view.w / factor), MIN_ZOOM), MAX_ZOOM) / (width / view.w);
    const w = view.w / scale;
    const h = view.h / scale;
    view = { x: cx - ((cx - view.x) / view.w) * w, y: cy - ((cy - view.y) / view.h) * h, w, h };
    apply();
  };
  const toGraph = (event) => {
    const box = root.getBoundingClientRect();
    const s = Math.max(view.w / box.width, view.h / box.height);
    return { x: view.x + (event.clientX - box.left) * s, y: view.y + (event.clientY - box.top) * s, s };
  };
  root.addEventListener('wheel', (event) => {
    event.preventDefault();
    const at = toGraph(event);
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, at.x, at.y);
  }, { passive: false });
  let press = null;
  root.addEventListener('pointerdown', (event) => {
    press = { x: event.clientX, y: event.clientY, view: { ...view }, moved: false, node: event.target.closest('.lineage-node') };
  });
  root.addEventListener('pointermove', (event) => {
    if (!press) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!press.moved) root.setPointerCapture(event.pointerId);
    press.moved = true;
    root.classList.add('panning');
    const s = toGraph(event).s;
    view = { ...press.view, x: press.view.x - dx * s, y: press.view.y - dy * s };
    apply();
  });
  const release = () => {
    root.classList.remove('panning');
    if (press && !press.moved && press.node && onNodeId) onNodeId(press.node.getAttribute('data-id'));
    press = null;
  };
  root.addEventListener('pointerup', release);
  root.addEventListener('pointercancel', () => { press = null; root.classList.remove('panning'); });

  const button = (text, title, action, cls) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.title = title;
    b.textContent = text;
    b.addEventListener('click', action);
    return b;
  };
  const controls = document.createElement('div');
  controls.className = 'lineage-controls';
  controls.append(button('+', 'Zoom in', () => zoom(1.25), 'lineage-zoom-in'),
    button('−', 'Zoom out', () => zoom(1 / 1.25), 'lineage-zoom-out'),
    button('Fit', 'Show the whole graph', () => { view = { x: 0, y: 0, w: width, h: height }; apply(); }, 'lineage-fit'));
  const frame = document.createElement('div');
  frame.className = 'lineage-frame';
  frame.append(controls, root);
  // once on screen: a graph wider than its frame opens at 80 % of its natural size (12 px labels stay readable) from
  // its left end, instead of shrinking to fit; the rest is a drag or a zoom away
  requestAnimationFrame(() => {
    const shown = root.getBoundingClientRect().width;
    if (shown > 0 && shown / width < 0.8) {
      const pixelsHigh = Math.min(Math.max(height * 0.8, 160), 560);
      root.setAttribute('height', pixelsHigh);
      view = { x: 0, y: 0, w: shown / 0.8, h: pixelsHigh / 0.8 };
      apply();
    }
  });
  return frame;
}
