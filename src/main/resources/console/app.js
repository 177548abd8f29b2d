// The IP Access Management page. Every change goes through the public API, so the page is held
// to the same rules as scripts: the server parses, normalises and guards; the page only shows.
import { call, firstError, allErrors, ipsBody, useCsrfToken, SETTINGS } from './api.js';
import { el, byId, clear, show, cell, menu, when } from './dom.js';

const state = {
  currentIp: null,
  attempts: [],
  picked: new Map(), // normalised entry -> what it was entered as, from the "+" buttons
  typed: [], // [{input, ip} | {input, error}] from the manual field, as the server read them
  typedSeq: 0,
  pending: [], // normalised entries waiting for "Save"
  removing: null,
};

const ACTIONS = {
  entries_added: 'Entries added',
  entries_removed: 'Entries removed',
  list_disabled: 'List disabled',
  access_restored: 'Access restored',
};
const ACTORS = { user: 'user', api_key: 'API key', operator: 'operator' };

// ---- Views -------------------------------------------------------------------------------

function showOnly(view) {
  for (const id of ['login-view', 'refused-view', 'settings-view']) {
    show(byId(id), id === view);
  }
  const signedIn = view === 'settings-view';
  show(byId('who'), signedIn);
  show(byId('logout'), signedIn);
}

function notify(text, kind = 'info') {
  const notice = byId('notice');
  notice.textContent = text;
  notice.className = `notice ${kind}`;
  show(notice, Boolean(text));
}

function showLogin(message) {
  useCsrfToken(null);
  closeDialogs();
  showOnly('login-view');
  show(byId('login-error'), false);
  notify(message || '');
  byId('login-password').value = '';
  byId('login-username').focus();
}

function showRefused(reply) {
  closeDialogs();
  notify('');
  byId('refused-message').textContent = firstError(reply);
  byId('refused-ip').textContent = (reply.data && reply.data.ip) || 'unknown';
  showOnly('refused-view');
}

function closeDialogs() {
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    dialog.close();
  }
}

/** Handles the answers that end the page's work: signed out (401) or refused (403). */
function endsSession(reply) {
  if (reply.status === 401) {
    showLogin('Your session has ended. Please sign in again.');
    return true;
  }
  if (reply.status === 403) {
    showRefused(reply);
    return true;
  }
  return false;
}

// ---- Sign in and out -------------------------------------------------------------------

async function boot() {
  const reply = await call('GET', '/console/api/session');
  if (reply.status === 200) {
    await enter(reply.data);
  } else if (reply.status === 403) {
    showRefused(reply);
  } else {
    showLogin();
  }
}

async function login(event) {
  event.preventDefault();
  const reply = await call('POST', '/console/api/login', {
    username: byId('login-username').value,
    password: byId('login-password').value,
  });
  if (reply.status === 200) {
    notify('');
    await enter(reply.data);
  } else if (reply.status === 403) {
    showRefused(reply);
  } else {
    const error = byId('login-error');
    error.textContent = firstError(reply);
    show(error, true);
  }
}

async function enter(session) {
  useCsrfToken(session.csrf_token);
  byId('who').textContent = `${session.username} \u00B7 ${session.account}`;
  showOnly('settings-view');
  await refresh();
}

async function logout(message) {
  await call('POST', '/console/api/logout');
  showLogin(message);
}

// ---- Loading and showing the settings ---------------------------------------------------

async function refresh() {
  const [current, list, activity, history] = await Promise.all([
    call('GET', `${SETTINGS}/current_ip`),
    call('GET', `${SETTINGS}/whitelist`),
    call('GET', `${SETTINGS}/activity?limit=50`),
    call('GET', `${SETTINGS}/history?limit=50`),
  ]);
  for (const reply of [current, list, activity, history]) {
    if (endsSession(reply)) {
      return;
    }
    if (reply.status !== 200) {
      notify(firstError(reply), 'error');
      return;
    }
  }
  state.currentIp = current.data.ip;
  state.attempts = activity.data.result;
  renderEntries(list.data.result);
  renderAttempts(state.attempts);
  renderHistory(history.data.result);
  renderPending();
}

function renderEntries(entries) {
  const body = byId('allowed-table').tBodies[0];
  clear(body);
  show(byId('empty-explanation'), entries.length === 0);
  show(byId('allowed-table'), entries.length > 0);
  show(byId('open-disable'), entries.length > 0);
  for (const entry of entries) {
    body.append(el('tr', {},
      cell('IP address or range', entry.ip),
      cell('Added', when(entry.created_at)),
      cell('Actions', menu(`Actions for ${entry.ip}`, [
        ['Remove From Allow List', () => askRemove(entry)],
      ]))));
  }
}

function renderAttempts(attempts) {
  const body = byId('attempts-table').tBodies[0];
  clear(body);
  show(byId('attempts-empty'), attempts.length === 0);
  show(byId('attempts-table'), attempts.length > 0);
  for (const attempt of attempts) {
    body.append(el('tr', {},
      cell('IP', attempt.ip),
      cell('Location', attempt.location || 'Unknown'),
      cell('Method', attempt.auth_method),
      cell('First attempt', when(attempt.first_at)),
      cell('Most recent attempt', when(attempt.last_at)),
      cell('Result', el('span', { class: attempt.allowed ? 'badge ok' : 'badge blocked' },
        attempt.allowed ? 'Allowed' : 'Blocked')),
      cell('Actions', menu(`Actions for ${attempt.ip}`, [
        ['Add To Allowed List', () => save([attempt.ip])],
      ]))));
  }
}

function renderHistory(events) {
  const body = byId('history-table').tBodies[0];
  clear(body);
  show(byId('history-empty'), events.length === 0);
  show(byId('history-table'), events.length > 0);
  for (const event of events) {
    body.append(el('tr', {},
      cell('When', when(event.at)),
      cell('Change', ACTIONS[event.action] || event.action),
      cell('Entries', el('span', { class: 'entries' }, event.detail)),
      cell('By', `${event.actor} (${ACTORS[event.actor_kind] || event.actor_kind})`),
      cell('From', event.ip || 'this machine')));
  }
}

function renderPending() {
  const body = byId('pending-table').tBodies[0];
  clear(body);
  show(byId('pending'), state.pending.length > 0);
  for (const ip of state.pending) {
    body.append(el('tr', {},
      cell('IP address or range', ip),
      cell('Actions', el('button', {
        type: 'button',
        class: 'link',
        'aria-label': `Do not add ${ip}`,
        click: () => {
          state.pending = state.pending.filter((other) => other !== ip);
          renderPending();
        },
      }, 'Remove'))));
  }
}

// ---- Saving, with the lockout prompt ----------------------------------------------------

/** Adds entries; when they would leave the caller's own address out, asks first. */
async function save(ips) {
  const reply = await call('POST', `${SETTINGS}/whitelist`, ipsBody(ips));
  if (reply.status === 409) {
    askLockout(ips);
    return;
  }
  await afterSave(reply, ips);
}

async function afterSave(reply, ips) {
  if (endsSession(reply)) {
    return;
  }
  if (reply.status !== 201) {
    notify(allErrors(reply).join(' '), 'error');
    return;
  }
  state.pending = state.pending.filter((ip) => !ips.includes(ip));
  notify(`Saved ${ips.length === 1 ? '1 IP address' : `${ips.length} IP addresses`} to the`
    + ' allow list.');
  await refresh();
}

function askLockout(ips) {
  byId('lockout-message').textContent = `Your current IP ${state.currentIp} is not covered by`
    + ' the allow list you are saving. Without it you will be logged out and can no longer'
    + ` reach this account from ${state.currentIp}. Add ${state.currentIp} to the list?`;
  const dialog = byId('lockout-dialog');
  byId('lockout-add').onclick = async () => {
    dialog.close();
    await save([...ips, state.currentIp]);
  };
  byId('lockout-skip').onclick = async () => {
    dialog.close();
    const reply = await call('POST', `${SETTINGS}/whitelist?force=true`, ipsBody(ips));
    if (reply.status === 201) {
      await logout(`Saved. ${state.currentIp} is no longer allowed, so you have been logged`
        + ' out.');
    } else {
      await afterSave(reply, ips);
    }
  };
  dialog.showModal();
}

// ---- Removing and disabling ---------------------------------------------------------------

function askRemove(entry) {
  state.removing = { entry, force: false };
  byId('remove-message').textContent = `Remove ${entry.ip} from the allow list?`;
  show(byId('remove-warning'), false);
  byId('remove-confirm').textContent = 'Remove IP';
  byId('remove-dialog').showModal();
}

async function confirmRemove() {
  const { entry, force } = state.removing;
  const reply = await call('DELETE',
    `${SETTINGS}/whitelist/${encodeURIComponent(entry.id)}${force ? '?force=true' : ''}`);
  if (reply.status === 409) {
    // The server found that this entry is what lets the caller in: warn before going on.
    state.removing = { entry, force: true };
    const warning = byId('remove-warning');
    warning.textContent = `${entry.ip} covers your current IP ${state.currentIp}. If you`
      + ' remove it you will be logged out and can no longer reach this account from'
      + ` ${state.currentIp}.`;
    show(warning, true);
    byId('remove-confirm').textContent = 'Remove IP and log out';
    return;
  }
  byId('remove-dialog').close();
  if (endsSession(reply)) {
    return;
  }
  if (reply.status !== 204) {
    notify(firstError(reply), 'error');
    return;
  }
  if (force) {
    await logout(`Removed ${entry.ip}. ${state.currentIp} is no longer allowed, so you have`
      + ' been logged out.');
    return;
  }
  notify(`Removed ${entry.ip} from the allow list.`);
  await refresh();
}

async function confirmDisable() {
  byId('disable-dialog').close();
  const reply = await call('POST', `${SETTINGS}/disable`);
  if (endsSession(reply)) {
    return;
  }
  if (reply.status !== 204) {
    notify(firstError(reply), 'error');
    return;
  }
  notify('The allow list is disabled: any IP address can reach this account.');
  await refresh();
}

// ---- Adding: acknowledgements, then the add pane ----------------------------------------

function openAcknowledgements() {
  byId('ack-only-listed').checked = false;
  byId('ack-own-ip').checked = false;
  updateAcknowledgements();
  byId('ack-dialog').showModal();
}

function updateAcknowledgements() {
  byId('ack-confirm').disabled = !(byId('ack-only-listed').checked && byId('ack-own-ip').checked);
}

function openAddPane() {
  byId('ack-dialog').close();
  state.picked = new Map();
  state.typed = [];
  byId('manual-input').value = '';
  show(byId('manual'), false);
  show(byId('open-manual'), true);
  renderSuggestions();
  renderToAdd();
  byId('add-dialog').showModal();
}

function recentIps() {
  const seen = new Set();
  return state.attempts
    .map((attempt) => attempt.ip)
    .filter((ip) => ip !== state.currentIp && !seen.has(ip) && seen.add(ip))
    .slice(0, 10);
}

function renderSuggestions() {
  const current = byId('current-ip-list');
  clear(current);
  current.append(suggestion(state.currentIp, 'current'));
  const recent = byId('recent-ip-list');
  clear(recent);
  const ips = recentIps();
  for (const ip of ips) {
    recent.append(suggestion(ip, 'recent'));
  }
  show(byId('recent-empty'), ips.length === 0);
  show(byId('add-all-recent'), ips.length > 0);
}

function suggestion(ip, kind) {
  return el('li', { 'data-kind': kind },
    el('span', { class: 'ip' }, ip),
    el('button', {
      type: 'button',
      class: 'plus',
      'aria-label': `Add ${ip} to the form`,
      click: () => pick([ip]),
    }, '+'));
}

/** Puts entries into the form, in the form the server will store them. */
async function pick(inputs) {
  const reply = await call('POST', `${SETTINGS}/normalize`, ipsBody(inputs));
  if (endsSession(reply)) {
    return;
  }
  if (reply.status !== 200) {
    notify(firstError(reply), 'error');
    return;
  }
  for (const item of reply.data.result) {
    if (item.ip) {
      state.picked.set(item.ip, item.input);
    }
  }
  renderToAdd();
}

function openManual() {
  show(byId('manual'), true);
  show(byId('open-manual'), false);
  byId('manual-input').focus();
}

let typingTimer = null;

function manualChanged() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(readManual, 250);
}

/** Asks the server how it reads each value of the manual field; the latest answer wins. */
async function readManual() {
  const inputs = byId('manual-input').value.split(/[\s,]+/).filter((value) => value !== '');
  const seq = ++state.typedSeq;
  if (inputs.length === 0) {
    state.typed = [];
    renderToAdd();
    return;
  }
  const reply = await call('POST', `${SETTINGS}/normalize`, ipsBody(inputs));
  if (seq !== state.typedSeq) {
    return;
  }
  if (endsSession(reply)) {
    return;
  }
  if (reply.status !== 200) {
    state.typed = [{ input: inputs.join(' '), error: firstError(reply) }];
  } else {
    state.typed = reply.data.result;
  }
  renderToAdd();
}

function toAdd() {
  const rows = new Map(state.picked);
  for (const item of state.typed) {
    if (item.ip && !rows.has(item.ip)) {
      rows.set(item.ip, item.input);
    }
  }
  return rows;
}

function renderToAdd() {
  const rows = toAdd();
  const body = byId('to-add-table').tBodies[0];
  clear(body);
  for (const [ip, input] of rows) {
    const fromPick = state.picked.has(ip);
    body.append(el('tr', {},
      cell('IP address or range', ip),
      cell('Entered as', input),
      cell('Actions', fromPick ? el('button', {
        type: 'button',
        class: 'link',
        'aria-label': `Do not add ${ip}`,
        click: () => {
          state.picked.delete(ip);
          renderToAdd();
        },
      }, 'Remove') : '')));
  }
  const invalid = byId('manual-invalid');
  clear(invalid);
  for (const item of state.typed.filter((typed) => typed.error)) {
    invalid.append(el('li', {}, item.error));
  }
  const button = byId('add-confirm');
  button.textContent = `Add ${rows.size} ${rows.size === 1 ? 'IP' : 'IPs'}`;
  button.disabled = rows.size === 0;
}

function confirmAdd() {
  for (const ip of toAdd().keys()) {
    if (!state.pending.includes(ip)) {
      state.pending.push(ip);
    }
  }
  byId('add-dialog').close();
  renderPending();
}

// ---- Wiring ------------------------------------------------------------------------------

function wire() {
  byId('login-form').addEventListener('submit', login);
  byId('logout').addEventListener('click', () => logout('You have been logged out.'));
  byId('refused-back').addEventListener('click', () => showLogin());
  byId('open-add').addEventListener('click', openAcknowledgements);
  byId('ack-only-listed').addEventListener('change', updateAcknowledgements);
  byId('ack-own-ip').addEventListener('change', updateAcknowledgements);
  byId('ack-confirm').addEventListener('click', openAddPane);
  byId('ack-cancel').addEventListener('click', () => byId('ack-dialog').close());
  byId('add-all-recent').addEventListener('click', () => pick(recentIps()));
  byId('open-manual').addEventListener('click', openManual);
  byId('manual-input').addEventListener('input', manualChanged);
  byId('add-confirm').addEventListener('click', confirmAdd);
  byId('add-cancel').addEventListener('click', () => byId('add-dialog').close());
  byId('save-pending').addEventListener('click', () => save([...state.pending]));
  byId('discard-pending').addEventListener('click', () => {
    state.pending = [];
    renderPending();
  });
  byId('lockout-cancel').addEventListener('click', () => byId('lockout-dialog').close());
  byId('remove-confirm').addEventListener('click', confirmRemove);
  byId('remove-cancel').addEventListener('click', () => byId('remove-dialog').close());
  byId('open-disable').addEventListener('click', () => byId('disable-dialog').showModal());
  byId('disable-confirm').addEventListener('click', confirmDisable);
  byId('disable-cancel').addEventListener('click', () => byId('disable-dialog').close());
}

wire();
boot();
