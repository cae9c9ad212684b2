// Proposals (#/proposals[?status=]) and the review card of one proposal (#/proposals/<id>): the automatic first
// vote (recommendation, confidence, reason, criteria with thresholds, comparison with the production model and both
// equity curves), the votes, and the human vote form — disabled with the server's explanation when the user may not
// vote; admins get the override reason field when the automatic vote failed. Each criterion shows where its threshold
// came from (the promotion.yaml floor or the experiment's stricter value); the card shows the hold of
// REQUEST_MORE_TESTS and its history; a vote always sends the evidence hash the card was drawn from, and when the
// service answers that the evidence changed (CONFLICT) the card is drawn again from the new evidence.
import { gql } from '../gql.js';
import {
  el, replace, pageHeader, badge, errorBanner, loading, notice, table, pagedTable, fmtNumber, fmtPct, fmtDateTime,
  fmtDate, hasRole, href,
} from '../ui.js';
import { lineChart, seriesPoints } from '../charts.js';
import { SELECTION_FIELDS, ROBUSTNESS_FIELDS, robustnessFormat, selectionView, robustnessView } from '../robustness.js';

const LIST_QUERY = `query($status: String, $stage: String, $limit: Int, $offset: Int) {
  proposals(status: $status, stage: $stage, limit: $limit, offset: $offset) {
    total offset limit items { id modelId targetStage status finalDecision recommendation confidence override
      requestedByName createdAt expiresAt decidedAt } } }`;

const PROPOSAL_QUERY = `query($id: String!) {
  proposal(id: $id) {
    id modelId targetStage status finalDecision recommendation confidence recommendationReason autoPassed reason
    requestedBy requestedByName override overrideReason overrideBy expiresAt decidedAt createdAt
    evidenceHash evaluatedAt evaluatedContractId round onHold heldBy heldAt withdrawnReason
    criteria { name threshold actual passed source }
    vsBaseline { baselineModelId baselineBacktestId candidateBacktestId candidateSharpe baselineSharpe sharpeImprovement
      candidateMaxDrawdown baselineMaxDrawdown drawdownImprovement improvementThreshold improvementMet note }
    votes { kind voterName voterEmail decision comment override createdAt round evidenceHash
      checklist { backtestReviewed metricsAcceptable teamNotified } }
    backtest { id periodStart periodEnd periodType outOfSample verified engineVersion signature
      metrics { sharpe sortino maxDrawdown winRate numberOfTrades totalReturn profitFactor }
      equitySeries { ts equity } ${SELECTION_FIELDS} }
    ${ROBUSTNESS_FIELDS}
    baselineBacktest { id equitySeries { ts equity } }
    myVoteEligibility { canVote reason overrideRequired }
  } }`;

const VOTE_MUTATION = `mutation($p: String!, $d: VoteDecision!, $c: ChecklistInput, $comment: String, $o: String,
    $e: String) {
  vote(proposalId: $p, decision: $d, checklist: $c, comment: $comment, overrideReason: $o, evidenceHash: $e) {
    id status finalDecision } }`;

const CHECKLIST_LABELS = {
  backtest_reviewed: ['backtestReviewed', 'I reviewed the backtest (metrics, trades, equity curve)'],
  metrics_acceptable: ['metricsAcceptable', 'The metrics are acceptable for the target stage'],
  team_notified: ['teamNotified', 'The team was told about this promotion'],
};

export function statusBadge(p) {
  if (p.finalDecision === 'override_promoted') return badge('override promoted', 'warn');
  if (p.status === 'APPROVED') return badge('promoted', 'ok');
  if (p.status === 'REJECTED') return badge('rejected', 'bad');
  if (p.status === 'EXPIRED') return badge('expired', 'neutral');
  if (p.status === 'WITHDRAWN') return badge('withdrawn', 'neutral');
  if (p.onHold) return badge('on hold', 'warn');
  return badge('pending approval', 'info');
}

function recommendationBadge(r) {
  return badge(r, r === 'PROMOTE' ? 'ok' : r === 'REVIEW' ? 'warn' : 'bad');
}

export async function render(container, { arg, params, me, config }) {
  if (arg) return renderProposal(container, arg, me, config);
  const status = params.status ?? 'PENDING_APPROVAL';
  const filter = el('select', { id: 'proposal-status', title: 'Status' },
    [['', 'All'], ['PENDING_APPROVAL', 'Pending'], ['APPROVED', 'Approved'], ['REJECTED', 'Rejected'], ['EXPIRED', 'Expired'], ['WITHDRAWN', 'Withdrawn']]
      .map(([v, t]) => el('option', { value: v, selected: v === (status === 'all' ? '' : status), text: t })));
  filter.addEventListener('change', () => { location.hash = href('proposals', null, { status: filter.value || 'all' }); });
  const list = pagedTable({
    columns: [
      { label: 'Model', render: (p) => el('a', { href: href('proposals', p.id), text: p.modelId }) },
      { label: 'Target', key: 'targetStage' },
      { label: 'Status', render: statusBadge },
      { label: 'Recommendation', render: (p) => recommendationBadge(p.recommendation) },
      { label: 'Confidence', render: (p) => fmtPct(p.confidence, 0) },
      { label: 'Requested by', key: 'requestedByName' },
      { label: 'Created', render: (p) => fmtDateTime(p.createdAt) },
      { label: 'Expires / decided', render: (p) => (p.decidedAt ? `decided ${fmtDateTime(p.decidedAt)}` : `expires ${fmtDateTime(p.expiresAt)}`) },
    ],
    fetchPage: async (offset, limit) => (await gql(LIST_QUERY, {
      status: status === 'all' ? null : status || null, limit, offset })).proposals,
    empty: 'No proposals with this status.',
  });
  replace(container, pageHeader('Proposals', 'Requests to move a model to staging or production, with the automatic first vote', filter), list.node);
  await list.load();
}

async function renderProposal(container, id, me, config, refusal = null) {
  replace(container, loading());
  let p;
  try {
    p = (await gql(PROPOSAL_QUERY, { id })).proposal;
    for (const bt of [p?.backtest, p?.baselineBacktest]) if (bt) bt.equityCurve = seriesPoints(bt.equitySeries);
  } catch (error) {
    replace(container, pageHeader('Proposal'), errorBanner(error, 'Could not load the proposal'));
    return;
  }
  const stagePolicy = (config?.stages || []).find((s) => String(s.stage).toLowerCase() === p.targetStage);
  const chart = el('div', { class: 'equity-chart', id: 'proposal-equity' });
  replace(container,
    pageHeader(`Proposal: ${p.modelId} → ${p.targetStage}`, `Requested by ${p.requestedByName || p.requestedBy} on ${fmtDateTime(p.createdAt)}`,
      el('a', { class: 'button', href: href('model', p.modelId), text: 'Model and lineage' })),
    refusal ? el('div', { id: 'evidence-changed' }, notice(`Your vote was not recorded: ${refusal} The card below shows`
      + ' the current evidence; review it and vote again.', 'warn')) : null,
    p.override ? notice(`Override: approved by an admin over a failed automatic vote. Reason: ${p.overrideReason}`, 'warn') : null,
    holdView(p),
    el('section', { class: 'card', id: 'review-card' },
      el('h2', {}, 'Automatic vote ', recommendationBadge(p.recommendation), ' ', statusBadge(p)),
      el('p', {}, el('strong', { text: 'Confidence: ' }), fmtPct(p.confidence, 0)),
      el('p', { id: 'recommendation-reason', text: p.recommendationReason }),
      el('p', {}, el('strong', { text: 'Requester\'s reason: ' }), p.reason),
      el('p', { class: 'muted', text: p.status === 'PENDING_APPROVAL' ? `Expires ${fmtDateTime(p.expiresAt)}`
        : `Decided ${fmtDateTime(p.decidedAt)} (${p.finalDecision})` }),
      el('p', { class: 'muted', id: 'evidence' }, `Evidence ${p.evidenceHash ? p.evidenceHash.slice(0, 12) : '—'}, computed `,
        `${fmtDateTime(p.evaluatedAt)} against ${p.evaluatedContractId ? `production contract ${p.evaluatedContractId}` : 'no production contract'}`,
        ` (round ${p.round}); it is recomputed when you vote.`)),
    el('section', { class: 'card' }, el('h2', { text: 'Criteria' }), criteriaTable(p, stagePolicy)),
    el('section', { class: 'card', id: 'robustness-card' }, el('h2', { text: 'Robustness: trials, costs, quarters' }),
      selectionView(p.backtest?.selection, p.backtest?.sealedSignature), robustnessView(p.robustness)),
    el('section', { class: 'card' }, el('h2', { text: 'Against the production model' }), baselineView(p), chart),
    el('section', { class: 'card' }, el('h2', { text: 'Backtest' }), backtestView(p.backtest)),
    el('section', { class: 'card' }, el('h2', { text: 'Votes' }), votesTable(p.votes)),
    el('section', { class: 'card', id: 'vote-section' }, el('h2', { text: 'Your vote' }),
      voteForm(p, me, config, (message) => renderProposal(container, id, me, config, message))));
  drawEquity(chart, p);
}

/** The hold of REQUEST_MORE_TESTS: its state, and its history from the votes (held, re-opened with a new backtest). */
function holdView(p) {
  const events = [];
  for (const v of p.votes) {
    if (v.kind === 'HUMAN' && v.decision === 'REQUEST_MORE_TESTS') {
      events.push({ when: v.createdAt, what: `Held by ${v.voterName} (round ${v.round})`, note: v.comment || '' });
    } else if (v.kind === 'AUTO' && v.round > 1) {
      events.push({ when: v.createdAt, what: `Re-opened with a newer backtest (round ${v.round}); automatic vote ${v.decision}`, note: v.comment || '' });
    }
  }
  if (p.status === 'WITHDRAWN') {
    events.push({ when: p.decidedAt, what: 'Withdrawn by the requester', note: p.withdrawnReason || '' });
  }
  if (!p.onHold && events.length === 0) return null;
  return el('section', { class: 'card', id: 'hold-card' },
    el('h2', { text: 'Hold' }),
    p.onHold ? el('div', { id: 'hold-state' }, notice(`On hold: ${p.heldBy} requested more tests on ${fmtDateTime(p.heldAt)}.`
      + ' No approval until the requester attaches a newer verified backtest (the automatic vote then runs again) or'
      + ' withdraws the proposal.', 'warn')) : el('p', { id: 'hold-state', text: 'Not on hold.' }),
    el('div', { id: 'hold-history' }, table([
      { label: 'When', render: (e) => fmtDateTime(e.when) }, { label: 'What', key: 'what' }, { label: 'Note', key: 'note' },
    ], events, { empty: 'No holds.' })));
}

/** Where a threshold came from: the promotion.yaml floor, or the experiment's stricter value. */
function sourceBadge(source) {
  const fromExperiment = String(source || '').startsWith('experiment:');
  return el('span', { class: 'threshold-source' }, badge(fromExperiment ? 'experiment (stricter)' : 'floor', fromExperiment ? 'info' : 'neutral'),
    ` ${source || ''}`);
}

function criteriaTable(p, stagePolicy) {
  const configured = {
    min_sharpe: stagePolicy?.minSharpe, min_win_rate: stagePolicy?.minWinRate, max_drawdown: stagePolicy?.maxDrawdown,
    min_trades: stagePolicy?.minTrades, min_staging_days: stagePolicy?.minStagingDays,
  };
  const fmt = (name, v) => robustnessFormat(name, v) ?? (name === 'min_win_rate' || name === 'max_drawdown' ? fmtPct(v) : name === 'min_sharpe' ? fmtNumber(v, 2) : fmtNumber(v, name === 'min_staging_days' ? 1 : 0));
  return table([
    { label: 'Criterion', key: 'name' },
    { label: 'Threshold', render: (c) => `${c.name.startsWith('max_') ? '≤' : '≥'} ${fmt(c.name, c.threshold)}` },
    { label: 'Actual', render: (c) => fmt(c.name, c.actual) },
    { label: 'Result', render: (c) => badge(c.passed ? 'pass' : 'fail', c.passed ? 'ok' : 'bad') },
    { label: 'Threshold source', render: (c) => sourceBadge(c.source) },
    { label: `promotion.yaml (${p.targetStage})`, render: (c) => fmt(c.name, configured[c.name]) },
  ], p.criteria, { rowClass: (c) => (c.passed ? 'criterion-pass' : 'criterion-fail') });
}

function baselineView(p) {
  const v = p.vsBaseline;
  if (!v) return el('p', { id: 'vs-baseline', text: p.targetStage === 'production' ? 'There was no production model to compare with.' : 'Staging proposals are not compared with production.' });
  return el('div', { id: 'vs-baseline' },
    table([
      { label: '', key: 'label' }, { label: 'Candidate', key: 'c' }, { label: `Production (${v.baselineModelId})`, key: 'b' }, { label: 'Improvement', key: 'i' },
    ], [
      { label: 'Sharpe', c: fmtNumber(v.candidateSharpe), b: fmtNumber(v.baselineSharpe), i: fmtPct(v.sharpeImprovement, 1) },
      { label: 'Max drawdown', c: fmtPct(v.candidateMaxDrawdown), b: fmtPct(v.baselineMaxDrawdown), i: fmtPct(v.drawdownImprovement, 1) },
    ]),
    el('p', {}, badge(v.improvementMet ? 'improvement met' : 'improvement short', v.improvementMet ? 'ok' : 'warn'),
      ` required ≥ ${fmtPct(v.improvementThreshold, 1)} Sharpe improvement. ${v.note || ''}`),
    v.baselineBacktestId && v.candidateBacktestId
      ? el('p', {}, el('a', { class: 'button', id: 'proposal-compare-link',
        href: href('backtests', 'compare', { a: v.baselineBacktestId, b: v.candidateBacktestId }),
        text: `Compare the candidate with ${v.baselineModelId} on the same period` }))
      : null);
}

function backtestView(b) {
  if (!b) return el('p', { text: '—' });
  const m = b.metrics || {};
  return el('div', {},
    el('p', {}, el('a', { href: href('backtests', b.id), text: b.id }), ` ${fmtDate(b.periodStart)} – ${fmtDate(b.periodEnd)} (${b.periodType}) `,
      badge(b.outOfSample ? 'out of sample' : 'in sample', b.outOfSample ? 'ok' : 'bad'), ' ',
      badge(b.verified ? 'verified' : 'unverified', b.verified ? 'ok' : 'bad'), ` ${b.engineVersion}`),
    table([{ label: 'Sharpe', render: () => fmtNumber(m.sharpe) }, { label: 'Sortino', render: () => fmtNumber(m.sortino) },
      { label: 'Max drawdown', render: () => fmtPct(m.maxDrawdown) }, { label: 'Win rate', render: () => fmtPct(m.winRate) },
      { label: 'Trades', render: () => fmtNumber(m.numberOfTrades, 0) }, { label: 'Total return', render: () => fmtPct(m.totalReturn) },
      { label: 'Profit factor', render: () => fmtNumber(m.profitFactor) }], [m]));
}

function votesTable(votes) {
  const tick = (v) => (v ? '✓' : '✗');
  return table([
    { label: 'Kind', key: 'kind' },
    { label: 'Voter', render: (v) => v.voterName || '—' },
    { label: 'Decision', render: (v) => el('span', {}, badge(v.decision, v.decision === 'APPROVE' ? 'ok' : v.decision === 'REJECT' ? 'bad' : 'warn'), v.override ? ' ' : null, v.override ? badge('override', 'warn') : null) },
    { label: 'Checklist', render: (v) => (v.kind === 'AUTO' ? '—' : `${tick(v.checklist.backtestReviewed)} backtest · ${tick(v.checklist.metricsAcceptable)} metrics · ${tick(v.checklist.teamNotified)} team`) },
    { label: 'Comment', render: (v) => v.comment || '' },
    { label: 'When', render: (v) => fmtDateTime(v.createdAt) },
  ], votes, { empty: 'No votes.' });
}

function voteForm(p, me, config, reload) {
  const e = p.myVoteEligibility;
  const isAdmin = hasRole(me, config?.overrideRole || 'admin');
  const disabled = !e.canVote;
  const boxes = (config?.checklist || Object.keys(CHECKLIST_LABELS)).map((key) => {
    const [field, label] = CHECKLIST_LABELS[key] || [key, key];
    const input = el('input', { type: 'checkbox', name: field, id: `check-${field}`, disabled });
    return { field, node: el('label', { class: 'check' }, input, ' ', label), input };
  });
  const comment = el('textarea', { id: 'vote-comment', rows: 3, placeholder: 'Comment (shown with your vote)', disabled });
  const override = e.overrideRequired && isAdmin
    ? el('textarea', { id: 'override-reason', rows: 2, disabled,
      placeholder: `Override reason: the automatic vote failed; approving needs at least ${config?.overrideMinReasonLength ?? 20} characters` })
    : null;
  const result = el('div', { id: 'vote-result' });
  async function send(decision) {
    const checklist = Object.fromEntries(boxes.map((b) => [b.field, b.input.checked]));
    try {
      await gql(VOTE_MUTATION, { p: p.id, d: decision, c: checklist, comment: comment.value || null,
        o: override ? override.value || null : null, e: p.evidenceHash });
      await reload();
    } catch (error) {
      if (error.code === 'CONFLICT') {
        await reload(error.message); // the evidence or the proposal changed: draw the card from what is current
      } else {
        replace(result, errorBanner(error, 'Your vote was not recorded'));
      }
    }
  }
  const button = (decision, text, kind) => el('button', { type: 'button', class: `button ${kind}`, id: `vote-${decision.toLowerCase()}`, disabled, onclick: () => send(decision), text });
  const approve = button('APPROVE', e.overrideRequired ? 'Approve (override)' : 'Approve', 'primary');
  const refreshApprove = () => {
    const all = boxes.every((b) => b.input.checked);
    const overrideOk = !e.overrideRequired || (override && override.value.trim().length >= (config?.overrideMinReasonLength ?? 20));
    approve.disabled = disabled || !all || !overrideOk;
    approve.title = !all ? 'Tick all three checklist items to approve' : !overrideOk ? 'Only an admin with a written override reason can approve over a failed automatic vote' : '';
  };
  boxes.forEach((b) => b.input.addEventListener('change', refreshApprove));
  if (override) override.addEventListener('input', refreshApprove);
  refreshApprove();
  return el('form', { id: 'vote-form', class: disabled ? 'disabled' : null, onsubmit: (ev) => ev.preventDefault() },
    disabled ? notice(e.reason || 'You may not vote on this proposal.', 'warn') : e.reason ? notice(e.reason, 'info') : null,
    el('fieldset', { disabled }, boxes.map((b) => b.node), comment, override,
      el('div', { class: 'actions' }, approve, button('REJECT', 'Reject', 'danger'), button('REQUEST_MORE_TESTS', 'Request more tests', ''))),
    result);
}

async function drawEquity(node, p) {
  const candidate = p.backtest?.equityCurve || [];
  const baseline = p.baselineBacktest?.equityCurve || [];
  if (candidate.length === 0) return;
  const byTs = new Map(baseline.map((pt) => [pt.ts, pt.equity]));
  try {
    await lineChart(node, {
      title: baseline.length ? 'Equity: candidate and production model, same period' : 'Equity of the candidate\'s backtest',
      times: candidate.map((pt) => pt.ts),
      series: [
        { label: p.modelId, values: candidate.map((pt) => pt.equity) },
        ...(baseline.length ? [{ label: p.vsBaseline?.baselineModelId || 'production', values: candidate.map((pt) => byTs.get(pt.ts) ?? null) }] : []),
      ],
      yLabel: 'USD',
      yFormat: (v, d = 0) => fmtNumber(v, d),
    });
  } catch (error) {
    replace(node, errorBanner(error, 'Could not draw the equity curves'));
  }
}
