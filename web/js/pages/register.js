// Register (#/register): a researcher's two steps from the browser. 1) Upload an experiment YAML: the contract id and
// hashes it becomes, or the refusal with its code and the line it concerns. 2) Register a model: choose the
// experiment, drop the ONNX file and norm_stats.json (size and SHA-256 shown before anything is sent), pick the
// training dataset among the service's exports (or mark it unknown, with what that costs), then read the schema
// check's result. Uploads go to PUT /api/artifacts, the registration to the registerModel mutation.
import { gql } from '../gql.js';
import {
  el, replace, pageHeader, errorBanner, notice, loading, hashCell, fmtInt, fmtDateTime, fmtDate, href,
} from '../ui.js';

const REGISTER_EXPERIMENT = `mutation($yaml: String!) { registerExperiment(yaml: $yaml) { created contract {
  contractId name version configHash rewardConfigHash featureOrderHash featureOrderMatchesService trainRange
  trainStart trainEnd } } }`;
const EXPERIMENTS = `{ experiments(limit: 500) { items { contractId trainRange trainStart trainEnd featureOrderMatchesService } } }`;
const DATASETS = `{ artifacts(kind: "dataset", limit: 100) { items { sha256 size createdBy createdAt } } }`;
const EXPORT_DATASET = `mutation($from: DateTime!, $to: DateTime!) { exportDataset(from: $from, to: $to) {
  sha256 rows from to sizeBytes } }`;
const REGISTER_MODEL = `mutation($input: RegisterModelInput!) { registerModel(input: $input) {
  modelId stage experimentContractId modelHash normStatsHash datasetHash featureOrderHash observationSpec actionSpec } }`;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Where a refusal points in the YAML: the "line N" of a parser message, else the line of the key path it names. */
export function refusalLine(message, yamlText) {
  const explicit = /line (\d+)/i.exec(message || '');
  if (explicit) return Number(explicit[1]);
  const lines = (yamlText || '').split('\n');
  const paths = (message || '').match(/\b[a-z_]+(?:\.[a-z_]+)+\b/g) || [];
  for (const path of paths) {
    const keys = path.split('.');
    let from = 0;
    let found = -1;
    for (const key of keys) {
      const at = lines.findIndex((l, i) => i >= from && new RegExp(`^\\s*${key}\\s*:`).test(l));
      if (at < 0) { found = -1; break; }
      found = at;
      from = at + 1;
    }
    if (found >= 0) return found + 1;
  }
  return null;
}

/** SHA-256 of a file's bytes in hex through Web Crypto; null where the page is not a secure context. */
async function sha256Hex(file) {
  if (!(window.crypto && crypto.subtle)) return null;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fmtBytes(n) {
  if (n < 1024) return `${fmtInt(n)} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB (${fmtInt(n)} bytes)`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB (${fmtInt(n)} bytes)`;
}

/**
 * A drop zone with a file input inside: a dropped or chosen file is read, its size and SHA-256 shown; empty files are
 * refused here already. Returns { node, file() -> {file, sha256} | null }.
 */
function dropZone(id, label, accept) {
  const input = el('input', { type: 'file', id: `${id}-input`, accept });
  const info = el('div', { class: 'drop-info', id: `${id}-info`, text: 'No file yet.' });
  const zone = el('label', { class: 'drop-zone', id, for: `${id}-input` },
    el('strong', { text: label }), el('span', { class: 'muted', text: ' — drop the file here or click to choose' }), input, info);
  let chosen = null;
  const take = async (file) => {
    chosen = null;
    zone.classList.remove('has-file', 'refused');
    if (!file) { info.textContent = 'No file yet.'; return; }
    if (file.size === 0) {
      zone.classList.add('refused');
      replace(info, el('span', { class: 'refusal', text: `${file.name} is empty (0 bytes): choose the real file.` }));
      return;
    }
    info.textContent = `Reading ${file.name}…`;
    const sha = await sha256Hex(file);
    chosen = { file, sha256: sha };
    zone.classList.add('has-file');
    replace(info, el('div', {}, el('span', { class: 'file-name', text: file.name }), ` · ${fmtBytes(file.size)}`),
      sha ? el('div', {}, 'SHA-256 ', el('code', { class: 'file-sha', text: sha }))
        : el('div', { class: 'muted', text: 'SHA-256 is computed by the service (this page is not a secure context).' }));
  };
  input.addEventListener('change', () => take(input.files[0]));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    take(e.dataTransfer.files[0]);
  });
  return { node: zone, file: () => chosen };
}

/** PUT /api/artifacts?kind=…; resolves to the stored artifact's {sha256, size}; errors carry the server's code. */
async function upload(file, kind) {
  let response;
  try {
    response = await fetch(`/api/artifacts?kind=${encodeURIComponent(kind)}`, {
      method: 'PUT', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': 'application/octet-stream', 'X-Requested-With': 'JavaScript' },
    });
  } catch (e) {
    throw Object.assign(new Error(`Cannot reach the service (${e.message}).`), { code: 'NETWORK' });
  }
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    throw Object.assign(new Error((body && body.message) || `Upload of ${file.name} failed (HTTP ${response.status}).`),
      { code: (body && body.code) || `HTTP_${response.status}` });
  }
  return body;
}

export function render(container) {
  const experimentCard = el('section', { class: 'card', id: 'experiment-card' });
  const modelCard = el('section', { class: 'card', id: 'model-card' });
  replace(container, pageHeader('Register', 'An experiment contract, then a trained model under it'),
    experimentCard, modelCard);
  const refreshExperiments = renderModelForm(modelCard);
  renderExperimentForm(experimentCard, refreshExperiments);
  return undefined;
}

// ---------------------------------------------------------------- experiment

function renderExperimentForm(card, onRegistered) {
  const text = el('textarea', { id: 'exp-yaml', rows: 12, spellcheck: 'false', class: 'mono',
    placeholder: 'experiment:\n  name: …\n  version: "1.0.0"\n…' });
  const file = el('input', { type: 'file', id: 'exp-file', accept: '.yaml,.yml,text/yaml' });
  const result = el('div', { id: 'exp-result' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'exp-register', text: 'Register experiment' });
  file.addEventListener('change', async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  const form = el('form', { id: 'exp-form' },
    el('p', { class: 'muted', text: 'The YAML format of config/experiments/*.yaml. The same text again returns the same '
      + 'contract; a change needs a new experiment.version.' }),
    el('label', { class: 'block' }, 'YAML file ', file), text, el('div', { class: 'buttons' }, submit), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      replace(result, notice('Paste the YAML or choose the file first.', 'warn'));
      return;
    }
    submit.disabled = true;
    replace(result, loading('Registering…'));
    try {
      const r = (await gql(REGISTER_EXPERIMENT, { yaml: text.value })).registerExperiment;
      const c = r.contract;
      replace(result, el('div', { class: 'banner banner-ok', id: 'exp-registered' },
        el('div', { class: 'banner-title' }, r.created ? 'Registered ' : 'Already registered (same bytes) ',
          el('code', { id: 'exp-contract-id', text: c.contractId })),
        el('dl', { class: 'kv' },
          el('dt', { text: 'config_hash' }), el('dd', {}, hashCell(c.configHash, 64)),
          el('dt', { text: 'reward_config_hash' }), el('dd', {}, hashCell(c.rewardConfigHash, 64)),
          el('dt', { text: 'feature_order_hash' }), el('dd', {}, hashCell(c.featureOrderHash, 64),
            c.featureOrderMatchesService ? ' matches the service' : el('strong', { text: ' differs from the service: models will be refused' })),
          el('dt', { text: 'Training range' }), el('dd', { text: `${c.trainRange} (${fmtDate(c.trainStart)} to ${fmtDate(c.trainEnd)})` }))));
      onRegistered(c.contractId);
    } catch (e) {
      const line = refusalLine(e.message, text.value);
      replace(result, el('div', { class: 'banner banner-error', id: 'exp-refused', role: 'alert', dataset: { code: e.code } },
        el('div', { class: 'banner-title' }, el('span', { class: 'code', text: e.code }), ' Refused',
          line ? el('span', { id: 'exp-refused-line', text: ` at line ${line}` }) : null),
        el('div', { class: 'banner-message', text: e.message }),
        line ? el('pre', { class: 'yaml-excerpt' }, excerpt(text.value, line)) : null));
    } finally {
      submit.disabled = false;
    }
  });
  replace(card, el('h2', { text: '1. Experiment contract' }), form);
}

/** The lines around `line` (1-based), the line itself marked. */
function excerpt(yamlText, line) {
  const lines = yamlText.split('\n');
  const nodes = [];
  for (let i = Math.max(1, line - 2); i <= Math.min(lines.length, line + 2); i += 1) {
    nodes.push(el('span', { class: i === line ? 'excerpt-line hit' : 'excerpt-line', text: `${String(i).padStart(4)}  ${lines[i - 1]}\n` }));
  }
  return nodes;
}

// ---------------------------------------------------------------- model

function renderModelForm(card) {
  const experiment = el('select', { id: 'model-experiment', required: true });
  const modelId = el('input', { type: 'text', id: 'model-id', placeholder: 'generated as <experiment>-<UTC time> if empty' });
  const runRef = el('input', { type: 'text', id: 'model-run-ref', placeholder: 'e.g. an MLflow run id' });
  const onnx = dropZone('drop-onnx', 'ONNX policy', '.onnx');
  const norm = dropZone('drop-norm', 'norm_stats.json', '.json,application/json');
  const dataset = el('select', { id: 'model-dataset' });
  const externalHash = el('input', { type: 'text', id: 'model-dataset-hash', class: 'mono', hidden: true,
    placeholder: 'SHA-256 of your dataset (64 hex)' });
  const datasetNote = el('div', { id: 'model-dataset-note', class: 'muted' });
  const exportButton = el('button', { type: 'button', id: 'model-export-dataset', text: 'Export the training range now' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'model-register', text: 'Upload and register' });
  const result = el('div', { id: 'model-result' });
  let experiments = [];

  const selectedExperiment = () => experiments.find((x) => x.contractId === experiment.value);
  const showDatasetNote = () => {
    const unknown = dataset.value === 'unknown';
    externalHash.hidden = !unknown;
    replace(datasetNote, unknown
      ? notice('Unknown dataset: the service cannot see what the model was trained on. The lineage shows the dataset as '
        + 'external, and whether a backtest is out of sample rests only on the experiment\'s declared training range. '
        + 'Give the hash of your own dataset so the registration still names it.', 'warn')
      : 'A dataset exported by the service: its rows and range are known and linked in the lineage.');
  };
  const loadDatasets = async (select) => {
    const items = (await gql(DATASETS)).artifacts.items;
    replace(dataset, items.map((d) => el('option', { value: d.sha256,
      text: `${d.sha256.slice(0, 16)}… · ${fmtBytes(d.size)} · exported ${fmtDateTime(d.createdAt)} by ${d.createdBy}` })),
    el('option', { value: 'unknown', text: 'Unknown: trained on data outside the service' }));
    if (select) dataset.value = select;
    else if (!items.length) dataset.value = 'unknown';
    showDatasetNote();
  };
  const loadExperiments = async (select) => {
    experiments = (await gql(EXPERIMENTS)).experiments.items;
    replace(experiment, experiments.map((x) => el('option', { value: x.contractId, selected: x.contractId === select,
      text: `${x.contractId}${x.featureOrderMatchesService ? '' : ' (feature order differs: refused)'}` })));
  };
  dataset.addEventListener('change', showDatasetNote);
  exportButton.addEventListener('click', async () => {
    const x = selectedExperiment();
    if (!x) return;
    exportButton.disabled = true;
    try {
      const d = (await gql(EXPORT_DATASET, { from: `${x.trainStart}T00:00:00Z`, to: `${x.trainEnd}T23:59:59Z` })).exportDataset;
      await loadDatasets(d.sha256);
      datasetNote.append(el('p', { id: 'model-dataset-exported', text: `Exported ${fmtInt(d.rows)} feature rows of ${x.trainRange} (${fmtDate(x.trainStart)} to ${fmtDate(x.trainEnd)}).` }));
    } catch (e) {
      replace(datasetNote, errorBanner(e, 'The export failed'));
    } finally {
      exportButton.disabled = false;
    }
  });

  const form = el('form', { id: 'model-form' },
    el('div', { class: 'form-grid' },
      el('label', {}, 'Experiment', experiment),
      el('label', {}, 'Model id', modelId),
      el('label', {}, 'Training run', runRef)),
    el('div', { class: 'drop-row' }, onnx.node, norm.node),
    el('fieldset', { class: 'dataset' }, el('legend', { text: 'Training dataset' }),
      el('div', { class: 'buttons' }, dataset, exportButton), externalHash, datasetNote),
    el('div', { class: 'buttons' }, submit), result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const policy = onnx.file();
    const stats = norm.file();
    const missing = [!policy && 'the ONNX policy', !stats && 'norm_stats.json', !experiment.value && 'an experiment'].filter(Boolean);
    const datasetHash = dataset.value === 'unknown' ? externalHash.value.trim().toLowerCase() : dataset.value;
    if (!SHA256_HEX.test(datasetHash || '')) missing.push('the dataset (pick an export, or give the 64-hex SHA-256 of yours)');
    if (missing.length) {
      replace(result, notice(`Still needed: ${missing.join(', ')}.`, 'warn'));
      return;
    }
    submit.disabled = true;
    try {
      replace(result, loading(`Uploading ${policy.file.name}…`));
      const storedPolicy = await upload(policy.file, 'onnx');
      replace(result, loading(`Uploading ${stats.file.name}…`));
      const storedStats = await upload(stats.file, 'norm_stats');
      for (const [chosen, stored] of [[policy, storedPolicy], [stats, storedStats]]) {
        if (chosen.sha256 && chosen.sha256 !== stored.sha256) {
          throw Object.assign(new Error(`${chosen.file.name} hashed to ${chosen.sha256} here but ${stored.sha256} at the service: the upload was altered on the way.`), { code: 'INTEGRITY' });
        }
      }
      replace(result, loading('Checking the ONNX schema and registering…'));
      const m = (await gql(REGISTER_MODEL, { input: {
        modelId: modelId.value.trim() || null, experimentContractId: experiment.value, onnxSha256: storedPolicy.sha256,
        normStatsSha256: storedStats.sha256, datasetHash, trainingRunRef: runRef.value.trim() || null,
      } })).registerModel;
      const spec = (json) => { try { const s = JSON.parse(json); return `${s.name}: ${s.type} [${(s.shape || []).join(', ')}]`; } catch { return json; } };
      replace(result, el('div', { class: 'banner banner-ok', id: 'model-registered' },
        el('div', { class: 'banner-title' }, 'Registered ', el('a', { id: 'model-registered-link', href: href('model', m.modelId), text: m.modelId }),
          ` (${m.stage})`),
        el('dl', { class: 'kv', id: 'model-schema' },
          el('dt', { text: 'Schema check' }), el('dd', { text: 'passed: ONNX Runtime loaded the graph and its shapes match the feature contract' }),
          el('dt', { text: 'Input' }), el('dd', { text: spec(m.observationSpec) }),
          el('dt', { text: 'Output' }), el('dd', { text: spec(m.actionSpec) }),
          el('dt', { text: 'feature_order_hash' }), el('dd', {}, el('code', { text: m.featureOrderHash })),
          el('dt', { text: 'model_hash' }), el('dd', {}, hashCell(m.modelHash, 64)),
          el('dt', { text: 'norm_stats_hash' }), el('dd', {}, hashCell(m.normStatsHash, 64)),
          el('dt', { text: 'dataset_hash' }), el('dd', {}, hashCell(m.datasetHash, 64))),
        el('p', {}, el('a', { class: 'button', href: href('backtests', null, { model: m.modelId }), text: 'Backtest it' }))));
    } catch (e) {
      replace(result, errorBanner(e, 'Not registered'));
    } finally {
      submit.disabled = false;
    }
  });

  replace(card, el('h2', { text: '2. Model' }),
    el('p', { class: 'muted', text: 'The ONNX file must take float32 [batch, 15] (the feature contract\'s order) and return '
      + 'one action per row; norm_stats.json must cover the 13 market features.' }), form);
  Promise.all([loadExperiments(), loadDatasets()]).catch((e) => replace(result, errorBanner(e, 'Could not load the choices')));
  return (contractId) => loadExperiments(contractId).catch((e) => replace(result, errorBanner(e)));
}
