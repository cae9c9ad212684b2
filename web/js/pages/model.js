// Model detail (#/model/<id>): every hash with a copy button and download link, the ONNX spec, the experiment
// contract (config and YAML), the lineage graph drawn as SVG, and the stage history.
import { gql } from '../gql.js';
import {
  el, replace, pageHeader, stageBadge, copyButton, errorBanner, loading, notice, table, fmtDateTime, fmtDate,
  prettyJson, href,
} from '../ui.js';
import { lineageSvg } from '../lineage-svg.js';

const MODEL_QUERY = `query($id: String!) {
  model(id: $id) {
    modelId stage experimentContractId modelHash normStatsHash datasetHash datasetKnown featureOrderHash
    featureContractVersion observationSpec actionSpec registeredBy registeredByName trainingRunRef
    promotedAt archivedAt createdAt updatedAt
    onnxArtifact { sha256 size kind mediaType createdAt }
    normStatsArtifact { sha256 size kind mediaType createdAt }
    datasetArtifact { sha256 size kind mediaType createdAt }
    stageHistory { fromStage toStage at by reason }
    experiment { contractId name version description owner configHash rewardConfigHash featureOrderHash
      featureOrderMatchesService featureContractId featureContractVersion dateRangesVersion trainRange trainStart
      trainEnd frozenConfig yaml registeredBy createdAt }
  }
  lineage(modelId: $id) { modelId nodes { kind id ref hash createdAt label } edges { from to relation } }
}`;

/** A full hash with its copy button and, for stored artifacts, a download link. */
function fullHash(hash, downloadable) {
  if (!hash) return el('span', { class: 'muted', text: '—' });
  return el('span', { class: 'full-hash', style: { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: '6px' } },
    el('code', { text: hash, style: { wordBreak: 'break-all' } }),
    copyButton(hash),
    downloadable ? el('a', { class: 'button download', href: `/api/artifacts/${hash}`, download: hash, text: 'Download' }) : null);
}

function bytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function spec(json) {
  try {
    const s = JSON.parse(json);
    const shape = (s.shape || []).map((d) => (d < 0 ? 'batch' : d)).join(', ');
    return `${s.name}: ${s.type} [${shape}]`;
  } catch {
    return json;
  }
}

function hashesCard(m) {
  return el('section', { class: 'card', id: 'model-hashes' },
    el('h2', { text: 'Hashes' }),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Model (ONNX)' }), el('dd', {}, fullHash(m.modelHash, Boolean(m.onnxArtifact)),
        m.onnxArtifact ? el('span', { class: 'muted', text: ` ${bytes(m.onnxArtifact.size)}` }) : null),
      el('dt', { text: 'Norm stats' }), el('dd', {}, fullHash(m.normStatsHash, Boolean(m.normStatsArtifact)),
        m.normStatsArtifact ? el('span', { class: 'muted', text: ` ${bytes(m.normStatsArtifact.size)}` }) : null),
      el('dt', { text: 'Dataset' }), el('dd', {}, fullHash(m.datasetHash, m.datasetKnown),
        m.datasetKnown ? null : el('span', { class: 'badge badge-neutral', title: 'No artifact of kind dataset with this hash is stored in the service', text: 'not stored' })),
      el('dt', { text: 'Feature order' }), el('dd', {}, fullHash(m.featureOrderHash, false),
        el('span', { class: 'muted', text: ` feature contract v${m.featureContractVersion}` })),
      el('dt', { text: 'Experiment config' }), el('dd', {}, fullHash(m.experiment?.configHash, false)),
      el('dt', { text: 'Reward config' }), el('dd', {}, fullHash(m.experiment?.rewardConfigHash, false))));
}

function detailsCard(m) {
  return el('section', { class: 'card', id: 'model-details' },
    el('h2', { text: 'Registration' }),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Observation' }), el('dd', { class: 'mono', text: spec(m.observationSpec) }),
      el('dt', { text: 'Action' }), el('dd', { class: 'mono', text: spec(m.actionSpec) }),
      el('dt', { text: 'Registered by' }), el('dd', { text: m.registeredByName ? `${m.registeredByName} (${m.registeredBy})` : m.registeredBy }),
      el('dt', { text: 'Registered at' }), el('dd', { text: fmtDateTime(m.createdAt) }),
      el('dt', { text: 'Training run' }), el('dd', { class: 'mono', text: m.trainingRunRef || '—' }),
      el('dt', { text: 'Promoted at' }), el('dd', { text: fmtDateTime(m.promotedAt) }),
      el('dt', { text: 'Archived at' }), el('dd', { text: fmtDateTime(m.archivedAt) })));
}

function experimentCard(e) {
  if (!e) return null;
  return el('section', { class: 'card', id: 'model-experiment' },
    el('h2', {}, 'Experiment ', el('span', { class: 'mono', text: e.contractId })),
    e.description ? el('p', { text: e.description }) : null,
    e.featureOrderMatchesService ? null
      : notice(`This experiment was trained on feature order ${e.featureOrderHash}, not the service's.`, 'warn'),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Name / version' }), el('dd', { text: `${e.name} ${e.version}` }),
      el('dt', { text: 'Owner' }), el('dd', { text: e.owner || '—' }),
      el('dt', { text: 'Train range' }), el('dd', { text: `${e.trainRange}: ${fmtDate(e.trainStart)} → ${fmtDate(e.trainEnd)}` }),
      el('dt', { text: 'Feature contract' }), el('dd', { text: `${e.featureContractId} v${e.featureContractVersion}` }),
      el('dt', { text: 'Date ranges version' }), el('dd', { text: e.dateRangesVersion }),
      el('dt', { text: 'Registered' }), el('dd', { text: `${fmtDateTime(e.createdAt)} by ${e.registeredBy}` })),
    el('details', { id: 'experiment-config' }, el('summary', { text: 'Frozen config (canonical JSON)' }),
      el('pre', { class: 'json', text: prettyJson(e.frozenConfig) })),
    el('details', { id: 'experiment-yaml' }, el('summary', {}, 'YAML as registered ', copyButton(e.yaml || '', 'Copy YAML')),
      el('pre', { class: 'json', text: e.yaml || '' })));
}

/** The page of a lineage record, or null for artifacts (shown in the caption with their hash). */
function pageOf(node, graph) {
  switch (node.kind) {
    case 'model': return href('model', node.ref);
    case 'experiment': return href('models', null, { experiment: node.ref });
    case 'backtest': return href('backtests', node.ref);
    case 'proposal': return href('proposals', node.ref);
    case 'vote': {
      // a vote's page is its proposal's
      const link = graph.edges.find((e) => e.from === node.id || e.to === node.id);
      const other = link && graph.nodes.find((n) => n.id === (link.from === node.id ? link.to : link.from) && n.kind === 'proposal');
      return other ? href('proposals', other.ref) : null;
    }
    default: return null;
  }
}

function lineageCard(graph, modelId) {
  const nodeId = `model:${modelId}`;
  const caption = el('p', { class: 'muted', id: 'lineage-selected',
    text: 'Click a record to open its page (artifacts: to see the full hash). Drag to pan, wheel or +/− to zoom.' });
  const svgNode = lineageSvg(graph, {
    highlight: nodeId,
    onNode: (n) => {
      const page = n.id === nodeId ? null : pageOf(n, graph);
      if (page) {
        location.hash = page;
        return;
      }
      replace(caption, el('strong', { text: n.label }), ' ', el('span', { class: 'mono', text: n.ref }),
        n.hash ? [' ', copyButton(n.hash, 'Copy hash')] : null,
        n.createdAt ? el('span', { class: 'muted', text: ` created ${fmtDateTime(n.createdAt)}` }) : null);
    },
  });
  return el('section', { class: 'card', id: 'model-lineage' },
    el('h2', { text: 'Lineage' }),
    el('div', { class: 'lineage-wrap' }, svgNode),
    caption);
}

function historyCard(history) {
  return el('section', { class: 'card', id: 'model-history' },
    el('h2', { text: 'Stage history' }),
    table([
      { key: 'at', label: 'At (UTC)', render: (h) => fmtDateTime(h.at) },
      { key: 'from', label: 'From', render: (h) => (h.fromStage ? stageBadge(h.fromStage) : el('span', { class: 'muted', text: '—' })) },
      { key: 'to', label: 'To', render: (h) => stageBadge(h.toStage) },
      { key: 'by', label: 'By', render: (h) => h.by },
      { key: 'reason', label: 'Reason', render: (h) => h.reason },
    ], history, { empty: 'No stage changes.' }));
}

export async function render(container, { arg } = {}) {
  if (!arg) {
    replace(container, notice('No model given. Pick one on the Models page.', 'info', el('a', { href: href('models'), text: 'Models' })));
    return;
  }
  replace(container, loading(`Loading ${arg}…`));
  let data;
  try {
    data = await gql(MODEL_QUERY, { id: arg });
  } catch (error) {
    replace(container, el('p', {}, el('a', { href: href('models'), text: '← Models' })),
      errorBanner(error, `Could not load model ${arg}`));
    return;
  }
  const m = data.model;
  replace(container,
    el('p', {}, el('a', { href: href('models'), text: '← Models' })),
    pageHeader(m.modelId, `Experiment ${m.experimentContractId}`, stageBadge(m.stage)),
    hashesCard(m),
    lineageCard(data.lineage, m.modelId),
    el('div', { class: 'grid' }, detailsCard(m), experimentCard(m.experiment)),
    historyCard(m.stageHistory));
}
