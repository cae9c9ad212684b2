// Robustness evidence (docs/promotion-robustness.md): the trials behind a backtest with its probabilistic and deflated
// Sharpe ratio, and, on a proposal, the cost stress and the Sharpe per calendar quarter that the automatic vote judged.
// Used by the backtest page and the proposal review card.
import { el, table, badge, fmtNumber, fmtPct } from './ui.js';

// GraphQL selections, spliced into the pages' queries
export const SELECTION_FIELDS = `sealedSignature selection { trials trialSharpeVariance observations dailySharpe skewness kurtosis psr
  expectedMaxSharpe expectedMaxSharpeAnnualized dsr annualizationDays }`;
export const ROBUSTNESS_FIELDS = `robustness { engineRuns positiveQuarterShare evaluatedAt
  selection { trials dsr expectedMaxSharpeAnnualized }
  costStress { multiplier transactionCostBps sharpe totalReturn }
  quarters { quarter from to tradingDays sharpe totalReturn } }`;

const ROBUSTNESS_CRITERIA = {
  min_deflated_sharpe: (v) => fmtNumber(v, 3),
  min_sharpe_at_cost_multiplier: (v) => fmtNumber(v, 2),
  min_positive_quarter_share: (v) => fmtPct(v, 0),
};

// How a robustness criterion's threshold or value reads; null for the other criteria.
export function robustnessFormat(name, value) {
  const f = ROBUSTNESS_CRITERIA[name];
  return f ? f(value) : null;
}

// Trials, PSR and DSR of a backtest and the signature sealing them (null: stored before these statistics existed).
export function selectionView(s, sealedSignature) {
  if (!s) return el('p', { class: 'muted', id: 'selection-stats', text: 'No trial count: this backtest was stored before the service counted trials.' });
  const psrKind = (p) => (p == null ? 'neutral' : p >= 0.95 ? 'ok' : p >= 0.5 ? 'warn' : 'bad');
  return el('dl', { class: 'kv', id: 'selection-stats' },
    el('dt', { text: 'Trials (N)' }), el('dd', { id: 'selection-trials', text: `${s.trials} backtests of this experiment family over an overlapping period` }),
    el('dt', { text: 'PSR (benchmark 0)' }), el('dd', {}, badge(fmtNumber(s.psr, 3), psrKind(s.psr)), ' probability that the true Sharpe is above 0, one trial'),
    el('dt', { text: 'Deflated Sharpe (DSR)' }), el('dd', { id: 'selection-dsr' }, badge(fmtNumber(s.dsr, 3), psrKind(s.dsr)),
      ` probability that the true Sharpe is above ${fmtNumber(s.expectedMaxSharpeAnnualized, 2)} (annualised), the best of ${s.trials} zero-skill trials`),
    el('dt', { text: 'Sharpe per day' }), el('dd', { text: `${fmtNumber(s.dailySharpe, 4)} over ${s.observations} days (× √${s.annualizationDays} = annualised)` }),
    el('dt', { text: 'Skewness / kurtosis' }), el('dd', { text: `${fmtNumber(s.skewness, 3)} / ${fmtNumber(s.kurtosis, 3)} (normal: 0 / 3)` }),
    el('dt', { text: 'Variance of the trials\' Sharpe' }), el('dd', { text: s.trialSharpeVariance == null ? '— (one trial)' : `${fmtNumber(s.trialSharpeVariance, 6)} (per-day Sharpe²)` }),
    el('dt', { text: 'Sealed signature' }), el('dd', {}, el('code', { id: 'selection-sealed', text: sealedSignature })));
}

// Cost stress and quarterly Sharpe of a proposal's automatic vote (null: not evaluated).
export function robustnessView(r) {
  if (!r) return el('p', { class: 'muted', id: 'robustness', text: 'No robustness evaluation was made for this proposal.' });
  const atVote = r.selection;
  return el('div', { id: 'robustness' },
    el('p', { id: 'robustness-dsr-at-vote' }, el('strong', { text: 'At the vote: ' }),
      `${atVote.trials} trials of the family, DSR ${fmtNumber(atVote.dsr, 3)} (benchmark ${fmtNumber(atVote.expectedMaxSharpeAnnualized, 2)} annualised)`),
    el('h3', { text: 'Cost stress (same engine, higher cost)' }),
    table([
      { label: 'Cost', render: (c) => `${fmtNumber(c.multiplier, 1)}× = ${fmtNumber(c.transactionCostBps, 2)} bps` },
      { label: 'Sharpe', class: 'num', render: (c) => fmtNumber(c.sharpe, 2) },
      { label: 'Total return', class: 'num', render: (c) => fmtPct(c.totalReturn) },
    ], r.costStress),
    el('h3', { text: `Sharpe per quarter (${fmtPct(r.positiveQuarterShare, 0)} positive)` }),
    table([
      { label: 'Quarter', key: 'quarter' },
      { label: 'Days', class: 'num', key: 'tradingDays' },
      { label: 'Sharpe', class: 'num', render: (q) => fmtNumber(q.sharpe, 2) },
      { label: 'Return', class: 'num', render: (q) => fmtPct(q.totalReturn) },
    ], r.quarters, { rowClass: (q) => (q.sharpe != null && q.sharpe > 0 ? 'criterion-pass' : 'criterion-fail') }),
    el('p', { class: 'muted', text: `${r.engineRuns} engine run(s) for this evaluation.` }));
}
