// Herald local dashboard: scheduled sends and pending channel steps (GET /dashboard/api/waiting).
// Values are inserted with textContent only.
'use strict';

(function () {
  const table = document.getElementById('waiting');
  if (!table) return;
  const body = table.querySelector('tbody');
  const error = document.getElementById('waiting-error');

  async function refresh() {
    let answer;
    try {
      const response = await fetch('/dashboard/api/waiting', { headers: { 'Accept': 'application/json' } });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.message || ('HTTP ' + response.status));
      error.hidden = true;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    body.replaceChildren();
    for (const row of answer.rows) {
      const tr = document.createElement('tr');
      for (const field of ['notificationId', 'userId', 'channel', 'status', 'reason', 'createdAt']) {
        const td = document.createElement('td');
        td.textContent = row[field] == null ? '' : String(row[field]);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    document.getElementById('waiting-count').textContent = answer.rows.length + (answer.more ? '+' : '');
  }

  document.getElementById('refresh-waiting').addEventListener('click', refresh);
  refresh();
})();
