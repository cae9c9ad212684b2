// Overview (the page for #/): who is logged in, what each section is for, and the promotion thresholds
// the gate applies, read from the service's configuration.
import { el, replace, fmtNumber, fmtPct, pageHeader } from '../ui.js';

const SECTIONS = [
  { page: 'models', title: 'Models', text: 'Registered policies, their artifacts, hashes and lineage.' },
  { page: 'market', title: 'Market', text: 'USD/COP 5-minute bars, macro series and data quality.' },
  { page: 'backtests', title: 'Backtests', text: 'Runs on fixed periods with costs, and their metrics.' },
  { page: 'proposals', title: 'Proposals', text: 'Requests to promote a model, with votes and decisions.' },
  { page: 'production', title: 'Production', text: 'The active production contract and its live signals.' },
  { page: 'audit', title: 'Audit', text: 'The hash-chained log of every change and decision.' },
];

const ROLE_TEXT = {
  researcher: 'register models, run backtests and propose promotions',
  reviewer: 'review proposals, vote and read the audit log',
  admin: 'override votes, verify the audit chain and manage production',
  automation: 'call the API from pipelines',
};

function thresholds(config) {
  if (!config || !Array.isArray(config.stages) || config.stages.length === 0) return null;
  const rows = config.stages.map((s) => el('tr', {},
    el('td', { class: 'stage-cell' }, el('span', { class: `badge stage stage-${String(s.stage).toLowerCase()}`, text: String(s.stage).toLowerCase() })),
    el('td', { class: 'num', text: fmtNumber(s.minSharpe, 2) }),
    el('td', { class: 'num', text: fmtPct(s.minWinRate, 0) }),
    el('td', { class: 'num', text: fmtPct(s.maxDrawdown, 0) }),
    el('td', { class: 'num', text: String(s.minTrades) }),
    el('td', { class: 'num', text: String(s.minStagingDays) }),
    el('td', { text: [s.autoVote ? 'automatic' : null, s.humanApprovals > 0 ? `${s.humanApprovals} human` : null].filter(Boolean).join(' + ') || '—' })));
  return el('section', { class: 'card' },
    el('h2', { text: 'Promotion thresholds' }),
    el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, ['Target stage', 'Min Sharpe', 'Min win rate', 'Max drawdown', 'Min trades', 'Min staging days', 'Votes']
        .map((h, i) => el('th', { class: i > 0 && i < 6 ? 'num' : null, text: h })))),
      el('tbody', {}, rows))),
    el('p', { class: 'muted', text: `A candidate must also beat production's Sharpe by ${fmtPct(config.improvementThreshold, 0)}; `
      + `undecided proposals expire after ${config.proposalExpiryDays} days.` }));
}

/** Sections whose nav link the shell hid (not for the user's roles) are not offered here either. */
function visibleInNav(page) {
  const link = document.querySelector(`#nav a[data-page="${page}"]`);
  return !link || !link.hidden;
}

export function render(container, { me, config }) {
  const roles = me.roles.filter((r) => ROLE_TEXT[r]);
  replace(container,
    pageHeader(`Welcome, ${me.name || me.subject}`, 'usdcop-gate stands between RL research and production for USD/COP 5-minute policies.'),
    el('section', { class: 'card' },
      el('h2', { text: 'Your access' }),
      roles.length
        ? el('ul', {}, roles.map((r) => el('li', {}, el('strong', { text: r }), `: ${ROLE_TEXT[r]}.`)))
        : el('p', { class: 'muted', text: 'You hold no role in usdcop-gate yet: ask an administrator for one.' })),
    el('div', { class: 'grid' }, SECTIONS.filter((s) => visibleInNav(s.page)).map((s) => el('a', { class: 'card section-link', href: `#/${s.page}` },
      el('h3', { text: s.title }), el('p', { class: 'muted', text: s.text })))),
    thresholds(config));
}
