// The control pages: routes (with a pattern tester), templates (edit with a live preview), users, topics.
// Plain JavaScript, no library; every value is put in with textContent, never as markup.
'use strict';

const TOKEN = document.querySelector('meta[name="herald-dashboard-token"]').content;
const $ = (id) => document.getElementById(id);

async function api(method, url, body) {
  const headers = {};
  if (method !== 'GET') headers['X-Herald-Dashboard-Token'] = TOKEN;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(answer.message || ('HTTP ' + response.status));
    error.answer = answer;
    throw error;
  }
  return answer;
}

function text(value) {
  return value === undefined || value === null ? '' : (typeof value === 'string' ? value : JSON.stringify(value));
}

function row(body, values, className) {
  const tr = document.createElement('tr');
  if (className) tr.className = className;
  for (const v of values) {
    const td = document.createElement('td');
    if (v instanceof Node) td.appendChild(v); else td.textContent = text(v);
    tr.appendChild(td);
  }
  body.appendChild(tr);
  return tr;
}

function item(list, value, className) {
  const li = document.createElement('li');
  li.textContent = text(value);
  if (className) li.className = className;
  list.appendChild(li);
}

function showError(id, message) {
  const p = $(id);
  p.textContent = message || '';
  p.hidden = !message;
}

// ---- routes
async function loadRoutes() {
  try {
    const answer = await api('GET', '/dashboard/api/routes');
    $('routes-origin').textContent = answer.origin;
    const body = document.querySelector('#routes-table tbody');
    body.replaceChildren();
    for (const r of answer.routes) {
      row(body, [r.name, r.pattern, channelsOf(r), r.template, r.category, (r.recipients || []).join(', ')], 'route');
    }
  } catch (e) { showError('routes-error', 'Cannot list the routes: ' + e.message); }
}

// a route's channels, or its steps in order: "websocket, then push after PT30S, then email after PT15M"
function channelsOf(r) {
  if (Array.isArray(r.steps)) {
    return r.steps.map(s => s.after ? s.channel + ' after ' + s.after : s.channel).join(', then ');
  }
  return (r.channels || []).join(', ');
}

async function testPattern() {
  const list = $('test-result');
  list.replaceChildren();
  showError('routes-error', '');
  let event;
  try { event = JSON.parse($('event-input').value); } catch (e) {
    showError('routes-error', 'The event is not JSON: ' + e.message);
    return;
  }
  try {
    const answer = await api('POST', '/dashboard/api/routes/test', event);
    if (answer.matched.length === 0) item(list, 'No route matches this event.', 'no-match');
    for (const name of answer.matched) item(list, name, 'matched');
  } catch (e) { showError('routes-error', e.message); }
}

// ---- templates
const PARTS = ['title', 'body', 'subject', 'html', 'text'];
let previewTimer = null;

async function loadTemplates() {
  const answer = await api('GET', '/dashboard/api/templates');
  const body = document.querySelector('#templates-table tbody');
  body.replaceChildren();
  for (const t of answer.templates) {
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.className = 'edit-template';
    edit.dataset.template = t.templateId + '/' + t.locale;
    edit.addEventListener('click', () => editTemplate(t));
    row(body, [t.templateId, t.locale, t.title || t.subject, edit], 'template');
  }
}

function editTemplate(t) {
  $('tpl-id').value = t.templateId;
  $('tpl-locale').value = t.locale;
  for (const p of PARTS) $('tpl-' + p).value = t[p] || '';
  schedulePreview();
}

function templateParts() {
  const parts = {};
  for (const p of PARTS) parts[p] = $('tpl-' + p).value;
  return parts;
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 250);
}

async function preview() {
  let data;
  const failures = $('preview-failures');
  failures.replaceChildren();
  try { data = JSON.parse($('tpl-data').value || '{}'); } catch (e) {
    item(failures, 'The sample data is not JSON: ' + e.message);
    return;
  }
  try {
    const answer = await api('POST', '/dashboard/api/templates/preview', { templateId: $('tpl-id').value || 'preview',
      locale: $('tpl-locale').value || 'en', userId: $('tpl-user').value, data, template: templateParts() });
    const note = answer.rendered.websocket || answer.rendered.push || {};
    const email = answer.rendered.email || {};
    $('preview-title').textContent = text(note.title);
    $('preview-body').textContent = text(note.body);
    $('preview-subject').textContent = text(email.subject);
    $('preview-html').textContent = text(email.html);
    $('preview-text').textContent = text(email.text);
    for (const [channel, reason] of Object.entries(answer.failures)) item(failures, channel + ': ' + reason);
  } catch (e) { item(failures, e.message); }
}

async function saveTemplate() {
  const status = $('tpl-status');
  status.className = '';
  status.textContent = 'saving…';
  try {
    await api('PUT', '/dashboard/api/templates/' + encodeURIComponent($('tpl-id').value) + '/' + encodeURIComponent($('tpl-locale').value),
      templateParts());
    status.textContent = 'saved';
    await loadTemplates();
  } catch (e) {
    status.className = 'error';
    status.textContent = e.message;
  }
}

// ---- users
async function loadUser(event) {
  event.preventDefault();
  showError('users-error', '');
  try {
    const u = await api('GET', '/dashboard/api/users/' + encodeURIComponent($('user-id').value) + '/overview');
    const profile = document.querySelector('#user-profile tbody');
    profile.replaceChildren();
    if (u.profile) for (const [k, v] of Object.entries(u.profile)) row(profile, [k, v]);
    else row(profile, ['no profile']);
    const prefs = document.querySelector('#user-preferences tbody');
    prefs.replaceChildren();
    row(prefs, ['opt-outs', u.preferences.optOuts.join(', ') || 'none']);
    row(prefs, ['quiet hours', u.preferences.quietHours || 'none']);
    row(prefs, ['time zone', u.preferences.timeZone]);
    for (const [id, values, show] of [['user-devices', u.devices, (d) => d.platform + ' ' + d.app + ' ' + d.token],
      ['user-connections', u.connections, (c) => c.connectionId + ' since ' + c.connectedAt], ['user-topics', u.topics, (t) => t]]) {
      const list = $(id);
      list.replaceChildren();
      if (values.length === 0) item(list, 'none');
      for (const v of values) item(list, show(v));
    }
    const inbox = document.querySelector('#user-inbox tbody');
    inbox.replaceChildren();
    for (const n of u.inbox) row(inbox, [n.notificationId, n.title, n.status, n.createdAt], 'inbox-entry');
    $('user-view').hidden = false;
  } catch (e) { showError('users-error', e.message); }
}

// ---- topics
let topicCursor = null;

async function loadMembers(first) {
  showError('topics-error', '');
  if (first) { topicCursor = null; $('topic-members').replaceChildren(); }
  const url = '/dashboard/api/topics/' + encodeURIComponent($('topic-name').value) + '/members?limit=' + encodeURIComponent($('topic-limit').value)
    + (topicCursor ? '&cursor=' + encodeURIComponent(topicCursor) : '');
  try {
    const page = await api('GET', url);
    for (const m of page.members) item($('topic-members'), m, 'member');
    topicCursor = page.cursor || null;
    $('topic-next').hidden = !topicCursor;
  } catch (e) { showError('topics-error', e.message); }
}

async function changeMember(add) {
  const url = '/dashboard/api/topics/' + encodeURIComponent($('topic-name').value) + '/members/' + encodeURIComponent($('member-id').value);
  try {
    await api(add ? 'PUT' : 'DELETE', url);
    await loadMembers(true);
  } catch (e) { showError('topics-error', e.message); }
}

// ---- the section this path names
const section = location.pathname.split('/').pop();
const shown = document.getElementById(section);
if (shown && shown.hasAttribute('data-section')) shown.hidden = false;
if (section === 'routes') {
  loadRoutes();
  $('test-button').addEventListener('click', testPattern);
} else if (section === 'templates') {
  loadTemplates().catch((e) => item($('preview-failures'), 'Cannot list the templates: ' + e.message));
  for (const id of ['tpl-id', 'tpl-locale', 'tpl-user', 'tpl-data', ...PARTS.map((p) => 'tpl-' + p)]) {
    $(id).addEventListener('input', schedulePreview);
  }
  $('tpl-save').addEventListener('click', saveTemplate);
} else if (section === 'users') {
  $('user-form').addEventListener('submit', loadUser);
} else if (section === 'topics') {
  $('topic-form').addEventListener('submit', (e) => { e.preventDefault(); loadMembers(true); });
  $('topic-next').addEventListener('click', () => loadMembers(false));
  $('member-add').addEventListener('click', () => changeMember(true));
  $('member-remove').addEventListener('click', () => changeMember(false));
}
