// Models page: registered models with stage badges, filterable by stage and experiment (kept in the URL), each
// linking to #/model/<id>; below, the experiment contracts.
import { gql } from '../gql.js';
import { el, replace, pageHeader, pagedTable, stageBadge, hashCell, fmtDateTime, fmtDate, href } from '../ui.js';

const STAGES = ['registered', 'staging', 'production', 'archived'];
const DEFAULT_LIMIT = 50;

const MODELS_QUERY = `query($stage: String, $experiment: String, $limit: Int, $offset: Int) {
  models(stage: $stage, experiment: $experiment, limit: $limit, offset: $offset) {
    total offset limit
    items { modelId stage experimentContractId modelHash registeredBy registeredByName trainingRunRef createdAt }
  } }`;

const EXPERIMENTS_QUERY = `query($limit: Int, $offset: Int) { experiments(limit: $limit, offset: $offset) {
  total offset limit
  items { contractId name version owner configHash featureOrderMatchesService trainStart trainEnd registeredBy createdAt }
} }`;

function positiveInt(value, fallback) {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function render(container, { params = {} } = {}) {
  let filters = { stage: STAGES.includes(params.stage) ? params.stage : '', experiment: params.experiment || '' };

  const syncUrl = (offset, limit) => {
    const query = { ...filters };
    if (offset) query.offset = offset;
    if (limit && limit !== DEFAULT_LIMIT) query.limit = limit;
    history.replaceState(null, '', href('models', null, query));
  };

  const stageSelect = el('select', { name: 'stage', id: 'models-stage' },
    el('option', { value: '', text: 'All stages' }),
    STAGES.map((s) => el('option', { value: s, selected: s === filters.stage, text: s })));
  const experimentInput = el('input', { type: 'text', name: 'experiment', id: 'models-experiment',
    placeholder: 'name or CTR-EXP-…', value: filters.experiment });
  const form = el('form', { class: 'filters card', id: 'models-filters' },
    el('label', {}, 'Stage', stageSelect),
    el('label', {}, 'Experiment', experimentInput),
    el('div', { class: 'buttons' },
      el('button', { type: 'submit', class: 'primary', text: 'Apply' }),
      el('button', { type: 'button', id: 'models-reset', text: 'Reset', onclick: () => {
        stageSelect.value = '';
        experimentInput.value = '';
        apply();
      } })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  stageSelect.addEventListener('change', () => apply());

  function apply() {
    filters = { stage: stageSelect.value, experiment: experimentInput.value.trim() };
    syncUrl(0, list.limit);
    list.load(0, list.limit);
  }

  const filterExperiment = (value) => {
    experimentInput.value = value;
    apply();
  };

  const columns = [
    { key: 'modelId', label: 'Model', render: (m) => el('a', { class: 'model-link', href: href('model', m.modelId), text: m.modelId }) },
    { key: 'stage', label: 'Stage', render: (m) => stageBadge(m.stage) },
    { key: 'experiment', label: 'Experiment', render: (m) => el('button', { type: 'button', class: 'link mono',
      title: `Only models of ${m.experimentContractId}`, text: m.experimentContractId,
      onclick: () => filterExperiment(m.experimentContractId) }) },
    { key: 'modelHash', label: 'Model hash', render: (m) => hashCell(m.modelHash) },
    { key: 'registeredBy', label: 'Registered by', render: (m) => m.registeredByName || m.registeredBy },
    { key: 'createdAt', label: 'Registered (UTC)', render: (m) => el('span', { class: 'nowrap', text: fmtDateTime(m.createdAt) }) },
    { key: 'trainingRunRef', label: 'Training run', render: (m) => (m.trainingRunRef ? el('span', { class: 'mono', text: m.trainingRunRef }) : null) },
  ];

  const list = pagedTable({
    columns,
    limit: positiveInt(params.limit, DEFAULT_LIMIT) || DEFAULT_LIMIT,
    offset: positiveInt(params.offset, 0),
    empty: 'No models match these filters. Automation registers models with the registerModel mutation.',
    fetchPage: async (offset, limit) => {
      return (await gql(MODELS_QUERY, {
        stage: filters.stage || null, experiment: filters.experiment || null, limit, offset,
      })).models;
    },
    onPageChange: (offset, limit) => syncUrl(offset, limit),
    onRow: (m, tr) => { tr.dataset.modelId = m.modelId; },
  });
  list.node.id = 'models-table';

  const experiments = pagedTable({
    columns: [
      { key: 'contractId', label: 'Contract', render: (e) => el('button', { type: 'button', class: 'link mono',
        title: 'Show this experiment\'s models', text: e.contractId, onclick: () => filterExperiment(e.contractId) }) },
      { key: 'owner', label: 'Owner', render: (e) => e.owner },
      { key: 'configHash', label: 'Config hash', render: (e) => hashCell(e.configHash) },
      { key: 'train', label: 'Train range', render: (e) => `${fmtDate(e.trainStart)} → ${fmtDate(e.trainEnd)}` },
      { key: 'order', label: 'Feature order', render: (e) => (e.featureOrderMatchesService
        ? el('span', { class: 'badge badge-ok', text: 'matches' })
        : el('span', { class: 'badge badge-bad', title: 'Models of this experiment are refused', text: 'differs' })) },
      { key: 'registeredBy', label: 'Registered by', render: (e) => e.registeredBy },
      { key: 'createdAt', label: 'Registered (UTC)', render: (e) => fmtDateTime(e.createdAt) },
    ],
    limit: 10,
    empty: 'No experiment contracts yet.',
    fetchPage: async (offset, limit) => (await gql(EXPERIMENTS_QUERY, { limit, offset })).experiments,
  });
  experiments.node.id = 'experiments-table';

  replace(container,
    pageHeader('Models', 'Registered policies and their stage. Click a model for its hashes, experiment and lineage.'),
    form,
    list.node,
    el('h2', { text: 'Experiment contracts' }),
    experiments.node);
  list.load();
  experiments.load();
}
