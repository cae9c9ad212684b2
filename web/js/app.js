// Dashboard shell: loads the session (`me`) and the configuration (`config`) once, then routes
// #/<page>[/<arg>][?k=v] to web/js/pages/<page>.js and calls its `render(container, {arg, params, me, config})`.
// A page may return (or resolve to) a function: it is called when the user leaves the page (timers, charts).
import { gql } from './gql.js';
import { el, replace, errorBanner, notice, loading } from './ui.js';

const DEFAULT_PAGE = 'home';
const PAGE_NAME = /^[a-z][a-z0-9-]*$/;
const BADGE_REFRESH_MS = 60_000;

const ME_QUERY = '{ me { subject name email roles } }';
const CONFIG_QUERY = `{ config {
  stages { stage minSharpe minWinRate maxDrawdown minTrades minStagingDays autoVote humanApprovals }
  improvementThreshold proposalExpiryDays minReasonLength checklist overrideRole overrideMinReasonLength
  featureContract { contractId version observationDim featureOrderHash normalization normalizationClip minDataQualityScore
    features { name kind formula window units warmupBars overnight missing source } }
  ranges { id start end }
  presets { id start end }
  session { timezone localTimezone open lastBar barsPerSession days }
  macroSeries { id name frequency publicationDelayDays ffillLimitDays unit }
  inferenceCron
  backtest { version initialCapital transactionCostBps costMultiplierMin costMultiplierMax longThreshold shortThreshold
    annualizationDays riskFreeRate chunkRows maxConcurrent queueCapacity }
  monitoring { version bins windowDays minWindowRows minReferenceRows psiWarn psiAlert ksWarn ksAlert liveMaxDrawdown }
} }`;

const state = {
  me: undefined, // undefined: not loaded yet; null: not logged in
  sessionError: null,
  config: null,
  configError: null,
  leavePage: null,
  generation: 0,
};

const view = document.getElementById('view');

// ---------------------------------------------------------------- session and header

async function loadSession() {
  try {
    state.me = (await gql(ME_QUERY)).me;
  } catch (error) {
    if (error.code === 'UNAUTHORIZED') state.me = null;
    else state.sessionError = error;
    return;
  }
  try {
    state.config = (await gql(CONFIG_QUERY)).config;
  } catch (error) {
    state.configError = error;
  }
}

function renderHeader() {
  const user = document.getElementById('user');
  const me = state.me;
  replace(user,
    me ? el('span', { class: 'user-name', id: 'user-name', title: me.email || me.subject, text: me.name || me.subject }) : null,
    me ? el('span', { class: 'user-roles', id: 'user-roles' },
      (me.roles.length ? me.roles : ['no role']).map((r) => el('span', { class: `role role-${r}`, text: r }))) : null,
    me ? el('a', { id: 'logout-link', class: 'header-link', href: '/logout', text: 'Log out' })
      : el('a', { id: 'login-link', class: 'header-link', href: '/login', text: 'Log in' }));
  document.body.classList.toggle('signed-in', Boolean(me));
  // links to pages that only some roles can use (data-roles) are shown to those roles only
  for (const link of document.querySelectorAll('#nav a[data-roles]')) {
    link.hidden = !(me && link.dataset.roles.split(' ').some((r) => me.roles.includes(r)));
  }
}

// ---------------------------------------------------------------- pending-proposals badge

// The badge counts the pending proposals the signed-in user may vote on now (four eyes, roles, holds): what waits
// for *them*, not every open proposal. Users who cannot vote see no badge.
const VOTABLE_QUERY = `{ proposals(status: "PENDING_APPROVAL", limit: 500) { total items { id myVoteEligibility { canVote } } } }`;

async function refreshPendingBadge() {
  const badgeNode = document.getElementById('pending-badge');
  if (!badgeNode || !state.me) return;
  if (!['reviewer', 'admin'].some((r) => state.me.roles.includes(r))) {
    badgeNode.hidden = true;
    return;
  }
  try {
    const page = (await gql(VOTABLE_QUERY)).proposals;
    const count = page.items.filter((p) => p.myVoteEligibility && p.myVoteEligibility.canVote).length;
    badgeNode.textContent = count > 99 ? '99+' : String(count);
    badgeNode.title = `${count} proposal(s) waiting for your vote`;
    badgeNode.hidden = !(count > 0);
  } catch (error) {
    badgeNode.hidden = true;
    console.warn('pending proposals badge:', error.code, error.message);
  }
}

// ---------------------------------------------------------------- router

function parseHash(hash) {
  const raw = (hash || '').replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const segments = path.split('/').filter(Boolean).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  return {
    page: segments[0] || DEFAULT_PAGE,
    arg: segments.length > 1 ? segments.slice(1).join('/') : null,
    params: Object.fromEntries(new URLSearchParams(query)),
  };
}

function markActiveNav(page) {
  for (const link of document.querySelectorAll('#nav a[data-page]')) {
    const active = link.dataset.page === page;
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function pageTitle(page) {
  const link = document.querySelector(`#nav a[data-page="${page}"]`);
  return link ? link.firstChild.textContent.trim() : page.charAt(0).toUpperCase() + page.slice(1);
}

function notAvailable(page) {
  return el('div', { class: 'unavailable', id: 'page-unavailable' },
    el('h1', { text: pageTitle(page) }),
    notice(`This page is not available in this build ("${page}").`, 'warn',
      el('p', {}, 'It arrives with a later release of usdcop-gate. ', el('a', { href: '#/', text: 'Back to the overview' }))));
}

/** A page whose nav link names roles (data-roles) is readable with one of them; other pages by anyone signed in. */
function mayRead(page) {
  const link = document.querySelector(`#nav a[data-page="${page}"][data-roles]`);
  return !link || link.dataset.roles.split(' ').some((r) => state.me.roles.includes(r));
}

function notForYourRoles(page) {
  const link = document.querySelector(`#nav a[data-page="${page}"]`);
  return el('div', { class: 'unavailable', id: 'page-not-for-roles' },
    el('h1', { text: pageTitle(page) }),
    notice(`This section is for the roles ${link.dataset.roles.split(' ').join(', ')}; `
      + `yours: ${state.me.roles.length ? state.me.roles.join(', ') : 'none'}. Ask an administrator for a role.`, 'info',
    el('p', {}, el('a', { href: '#/market', text: 'The Market page' }), ' and ', el('a', { href: '#/', text: 'the overview' }),
      ' are open to every signed-in user.')));
}

function loginCallToAction() {
  return el('section', { class: 'card login-cta', id: 'login-cta' },
    el('h1', { text: 'Log in to usdcop-gate' }),
    el('p', { text: 'The gate between research and production for USD/COP trading policies. '
      + 'Log in with your organisation account to see models, backtests, proposals and the audit log.' }),
    el('a', { class: 'button primary', id: 'login-button', href: '/login', text: 'Log in' }));
}

async function route() {
  const { page, arg, params } = parseHash(location.hash);
  const generation = ++state.generation;
  if (typeof state.leavePage === 'function') {
    try { state.leavePage(); } catch (e) { console.warn('leaving page:', e); }
  }
  state.leavePage = null;
  markActiveNav(page);
  document.title = `usdcop-gate · ${pageTitle(page)}`;

  if (state.sessionError) {
    replace(view, errorBanner(state.sessionError, 'Could not load your session'));
    return;
  }
  if (state.me === null) {
    replace(view, loginCallToAction());
    return;
  }

  const container = el('div', { class: `page page-${page}`, dataset: { page } });
  replace(view, state.configError ? errorBanner(state.configError, 'Could not load the configuration') : null,
    container);
  container.append(loading());

  if (!PAGE_NAME.test(page)) {
    replace(container, notAvailable(page));
    return;
  }
  if (!mayRead(page)) {
    replace(container, notForYourRoles(page));
    return;
  }
  let module;
  try {
    module = await import(`./pages/${page}.js`);
  } catch (error) {
    if (generation !== state.generation) return;
    if (error instanceof SyntaxError) {
      replace(container, errorBanner({ code: 'PAGE_ERROR', message: `The ${page} page failed to load: ${error.message}` }));
    } else {
      replace(container, notAvailable(page));
    }
    return;
  }
  if (generation !== state.generation) return;
  if (typeof module.render !== 'function') {
    replace(container, notAvailable(page));
    return;
  }
  replace(container);
  try {
    const leave = await module.render(container, { arg, params, me: state.me, config: state.config });
    if (generation === state.generation) state.leavePage = leave;
    else if (typeof leave === 'function') leave();
  } catch (error) {
    if (generation !== state.generation) return;
    container.prepend(errorBanner(error, `The ${pageTitle(page)} page failed`));
  }
}

// ---------------------------------------------------------------- return to the page after login

// The OIDC round trip always ends on '/', and the server never sees the hash: remember it in the tab.
const RETURN_KEY = 'usdcop-gate.returnTo';

function rememberPageOnLogin(event) {
  const link = event.target.closest && event.target.closest('a[href="/login"]');
  if (link && location.hash && location.hash !== '#/') sessionStorage.setItem(RETURN_KEY, location.hash);
}

function restorePageAfterLogin() {
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  if (back && state.me && (location.hash === '' || location.hash === '#/')) history.replaceState(null, '', back);
}

// ---------------------------------------------------------------- start

async function start() {
  replace(view, loading('Loading your session…'));
  document.addEventListener('click', rememberPageOnLogin);
  await loadSession();
  restorePageAfterLogin();
  renderHeader();
  window.addEventListener('hashchange', () => { route(); refreshPendingBadge(); });
  // Pages that change proposals dispatch this so the badge follows at once.
  window.addEventListener('gate:refresh-badges', refreshPendingBadge);
  await route();
  await refreshPendingBadge();
  setInterval(refreshPendingBadge, BADGE_REFRESH_MS);
  document.body.dataset.ready = 'true';
}

start();
