// Herald local dashboard. Plain JavaScript, no dependencies. Every value from the server or from an
// event is inserted with textContent (never innerHTML): event data may carry markup.
'use strict';

const state = { config: null, socket: null, token: null, userId: null, detailEdited: false, frames: 0, refreshing: false };

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function show(node, visible) { node.hidden = !visible; }

function showError(id, message) {
  const node = $(id);
  node.textContent = message || '';
  show(node, Boolean(message));
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return String(text); }
}

async function api(method, url, body, token) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['Authorization'] = 'Bearer ' + token;
  // this run's token: herald up refuses state-changing dashboard calls without it (a page elsewhere cannot read it)
  if (method !== 'GET' && url.startsWith('/dashboard/')) {
    headers['X-Herald-Dashboard-Token'] = document.querySelector('meta[name="herald-dashboard-token"]').content;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Error('cannot reach herald up (' + e.message + '); is it still running?');
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!response.ok) {
    const error = new Error((data && data.message) || ('HTTP ' + response.status + ' ' + response.statusText));
    error.status = response.status;
    error.problems = (data && Array.isArray(data.problems)) ? data.problems : [];
    throw error;
  }
  return data;
}

async function busy(button, progressId, work) {
  button.disabled = true;
  if (progressId) show($(progressId), true);
  try { return await work(); } finally {
    button.disabled = false;
    if (progressId) show($(progressId), false);
  }
}

function defaultDetail(userId) {
  return JSON.stringify({
    recipients: [userId || 'user-1'],
    category: 'orders',
    priority: 'normal',
    channels: ['websocket', 'push', 'email'],
    data: { orderId: 'A-17', eta: '2026-11-24' }
  }, null, 2);
}

async function mintToken(userId) {
  const answer = await api('POST', '/dashboard/api/token', { userId });
  return answer.token;
}

// publishing is a producer's right: the user's own token is refused (403), so Publish uses a producer token
async function producerToken() {
  const answer = await api('POST', '/dashboard/api/producer-token', {});
  return answer.token;
}

function setStatus(text, cls) {
  const node = $('connection-status');
  node.textContent = text;
  node.className = 'status ' + (cls || '');
}

async function connect(event) {
  event.preventDefault();
  showError('connect-error', '');
  const userId = $('user-id').value.trim();
  if (!userId) { showError('connect-error', 'Enter a user id, e.g. user-1.'); return; }
  if (state.socket) state.socket.close(1000, 'reconnecting');
  await busy($('connect-button'), null, async () => {
    setStatus('minting a token…');
    let token;
    try { token = await mintToken(userId); } catch (e) {
      setStatus('not connected', 'closed');
      showError('connect-error', 'Cannot get a token for ' + userId + ': ' + e.message);
      return;
    }
    setStatus('connecting…');
    await new Promise((resolve) => {
      const url = state.config.websocketUrl + '?token=' + encodeURIComponent(token);
      const socket = new WebSocket(url);
      let opened = false;
      socket.onopen = () => {
        opened = true;
        state.socket = socket; state.token = token; state.userId = userId;
        setStatus('connected as ' + userId, 'connected');
        $('disconnect-button').disabled = false;
        if (!state.detailEdited) $('event-detail').value = defaultDetail(userId);
        $('ledger-user-id').value = userId;
        resolve();
      };
      socket.onmessage = (message) => addFrame(message.data, socket);
      socket.onclose = (close) => {
        if (state.socket === socket) { state.socket = null; $('disconnect-button').disabled = true; }
        if (!opened) {
          showError('connect-error', 'The gateway refused the connection (the $connect function said no, or it is not running). Check the herald up log.');
          setStatus('not connected', 'closed');
          resolve();
        } else {
          setStatus('closed (' + close.code + (close.reason ? ' ' + close.reason : '') + ')', 'closed');
        }
      };
    });
  });
}

function addFrame(data, socket) {
  state.frames += 1;
  $('frame-count').textContent = String(state.frames);
  const item = el('li');
  item.className = 'frame';
  item.appendChild(el('span', new Date().toLocaleTimeString(), 'muted'));
  item.appendChild(el('pre', pretty(data)));
  $('frames').prepend(item);
  try {
    const frame = JSON.parse(data);
    if (frame && typeof frame.deliveryId === 'string' && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ action: 'ack', deliveryId: frame.deliveryId }));
      item.appendChild(el('span', 'acknowledged', 'muted'));
      $('ledger-delivery-id').value = frame.deliveryId;
    }
  } catch (e) { /* not JSON: shown as text */ }
}

async function publish(event) {
  event.preventDefault();
  const result = $('publish-result');
  const problems = $('publish-problems');
  result.textContent = '';
  problems.replaceChildren();
  let detail;
  try { detail = JSON.parse($('event-detail').value); } catch (e) {
    problems.appendChild(el('li', 'Detail is not valid JSON: ' + e.message));
    return;
  }
  await busy($('publish-button'), 'publish-progress', async () => {
    try {
      const token = await producerToken();
      const answer = await api('POST', state.config.publishUrl,
        { source: $('event-source').value.trim(), detailType: $('event-type').value.trim(), detail }, token);
      const entries = (answer && answer.Entries) || [];
      const failed = entries.filter((e) => e.ErrorCode);
      if (failed.length) {
        failed.forEach((e) => problems.appendChild(el('li', e.ErrorCode + ': ' + e.ErrorMessage)));
      } else {
        result.textContent = 'Published, event id ' + entries.map((e) => e.EventId).join(', ') + '. Watch the frames and emulators below.';
      }
      setTimeout(refreshEmulators, 1500);
    } catch (e) {
      problems.appendChild(el('li', 'Not published: ' + e.message));
      (e.problems || []).forEach((p) => problems.appendChild(el('li', p.field + ': ' + p.message)));
    }
  });
}

function cell(row, text) { row.appendChild(el('td', text)); }

function time(value) { return value ? new Date(value).toLocaleTimeString() : ''; }

async function refreshEmulators() {
  if (state.refreshing) return;
  state.refreshing = true;
  try {
    await busy($('refresh-emulators'), 'emulators-progress', async () => {
      try {
        const [pushes, emails, webhooks, sms] = await Promise.all([api('GET', '/dashboard/api/pushes'), api('GET', '/dashboard/api/emails'),
          api('GET', '/dashboard/api/webhooks'), api('GET', '/dashboard/api/sms')]);
        const pushBody = $('pushes').tBodies[0];
        const rows = [];
        pushes.apns.forEach((n) => {
          const row = el('tr'); row.className = 'push';
          cell(row, time(n.receivedAt)); cell(row, 'APNs ' + (n.topic || '')); cell(row, n.token);
          cell(row, n.accepted ? 'accepted' : 'rejected: ' + n.rejection); cell(row, n.payload);
          rows.push(row);
        });
        pushes.fcm.forEach((m) => {
          const row = el('tr'); row.className = 'push';
          cell(row, time(m.receivedAt)); cell(row, 'FCM ' + m.project); cell(row, m.token);
          cell(row, m.rejection ? 'rejected: ' + m.rejection : 'accepted');
          cell(row, [m.title, m.body].filter(Boolean).join(' - '));
          rows.push(row);
        });
        pushBody.replaceChildren(...rows);
        const emailBody = $('emails').tBodies[0];
        emailBody.replaceChildren(...emails.map((m) => {
          const row = el('tr'); row.className = 'email';
          cell(row, time(m.receivedAt)); cell(row, (m.to || []).join(', ')); cell(row, m.subject);
          cell(row, m.text); cell(row, Object.entries(m.tags || {}).map(([k, v]) => k + '=' + v).join(' '));
          return row;
        }));
        $('webhooks').tBodies[0].replaceChildren(...webhooks.map((w) => {
          const row = el('tr'); row.className = 'webhook';
          cell(row, time(w.receivedAt)); cell(row, w.webhookId); cell(row, w.signatureValid ? 'valid' : 'INVALID'); cell(row, w.body);
          return row;
        }));
        $('sms').tBodies[0].replaceChildren(...sms.sent.map((s) => {
          const row = el('tr'); row.className = 'sms';
          cell(row, time(s.receivedAt)); cell(row, s.destinationPhoneNumber); cell(row, String(s.segments));
          cell(row, s.messageBody); cell(row, (s.context || {}).deliveryId);
          return row;
        }));
        showError('emulators-error', '');
      } catch (e) {
        showError('emulators-error', 'Cannot read the emulators: ' + e.message);
      }
    });
  } finally {
    state.refreshing = false;
  }
}

function ledgerRows(rows) {
  $('ledger').tBodies[0].replaceChildren(...rows.map((r) => {
    const row = el('tr'); row.className = 'ledger-row';
    [r.deliveryId, r.userId, r.channel, r.status, r.reason, r.attempts, r.title, r.updatedAt].forEach((v) => cell(row, v));
    return row;
  }));
}

async function ledgerFind(event) {
  event.preventDefault();
  const id = $('ledger-delivery-id').value.trim();
  if (!id) { showError('ledger-error', 'Enter a delivery id (frames show theirs), or list a user\'s rows.'); return; }
  await ledger($('ledger-find'), '/dashboard/api/deliveries/' + encodeURIComponent(id), (row) => [row]);
}

async function ledgerList() {
  const userId = $('ledger-user-id').value.trim();
  if (!userId) { showError('ledger-error', 'Enter a user id.'); return; }
  await ledger($('ledger-list'), '/dashboard/api/users/' + encodeURIComponent(userId) + '/deliveries', (rows) => rows);
}

async function ledger(button, url, toRows) {
  showError('ledger-error', '');
  await busy(button, 'ledger-progress', async () => {
    try {
      const rows = toRows(await api('GET', url));
      ledgerRows(rows);
      if (!rows.length) showError('ledger-error', 'No rows yet.');
    } catch (e) {
      ledgerRows([]);
      showError('ledger-error', e.message);
    }
  });
}

async function start() {
  try {
    state.config = await api('GET', '/dashboard/api/config');
  } catch (e) {
    showError('connect-error', 'Cannot load the dashboard configuration: ' + e.message);
    return;
  }
  const list = $('demo-users');
  state.config.users.forEach((u) => { const o = el('option'); o.value = u; list.appendChild(o); });
  $('event-detail').value = defaultDetail($('user-id').value.trim());
  $('event-detail').addEventListener('input', () => { state.detailEdited = true; });
  $('connect-form').addEventListener('submit', connect);
  $('disconnect-button').addEventListener('click', () => { if (state.socket) state.socket.close(1000, 'bye'); });
  $('publish-form').addEventListener('submit', publish);
  $('refresh-emulators').addEventListener('click', refreshEmulators);
  $('ledger-form').addEventListener('submit', ledgerFind);
  $('ledger-list').addEventListener('click', ledgerList);
  refreshEmulators();
  setInterval(() => { if (!document.hidden) refreshEmulators(); }, 5000);
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
