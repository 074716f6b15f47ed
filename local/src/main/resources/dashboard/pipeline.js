// The live pipeline view: polls /dashboard/api/pipeline every second and redraws the tables and the SVG chart.
// Plain JavaScript, no library; every value is put in with textContent or as an SVG attribute, never as markup.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = { websocket: '#1f77b4', push: '#d62728', email: '#2ca02c' };
const WIDTH = 720;
const HEIGHT = 200;
const PAD = 24;

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = String(value);
  row.appendChild(td);
}

function renderStages(stages) {
  const body = document.querySelector('#stages tbody');
  body.replaceChildren();
  for (const s of stages) {
    const tr = document.createElement('tr');
    tr.className = 'stage';
    tr.dataset.queue = s.queue;
    cell(tr, s.queue);
    cell(tr, s.function || '-');
    if (s.error) {
      const td = document.createElement('td');
      td.colSpan = 3;
      td.className = 'error';
      td.textContent = s.error;
      tr.appendChild(td);
    } else {
      cell(tr, s.waiting);
      cell(tr, s.inFlight);
      cell(tr, s.deadLetters);
    }
    cell(tr, s.invocations);
    body.appendChild(tr);
  }
}

function renderChannels(channels) {
  const body = document.querySelector('#channels tbody');
  body.replaceChildren();
  for (const [name, c] of Object.entries(channels)) {
    const tr = document.createElement('tr');
    tr.className = 'channel';
    tr.dataset.channel = name;
    cell(tr, name);
    for (const status of ['sent', 'failed', 'rejected', 'skipped', 'suppressed']) {
      cell(tr, c[status] || 0);
    }
    body.appendChild(tr);
  }
}

function renderChart(series) {
  const svg = document.getElementById('chart');
  svg.replaceChildren();
  const names = Object.keys(series);
  let max = 1;
  for (const n of names) {
    for (const v of series[n]) {
      max = Math.max(max, v);
    }
  }
  const axis = document.createElementNS(SVG, 'path');
  axis.setAttribute('d', `M${PAD} ${PAD} V${HEIGHT - PAD} H${WIDTH - 4}`);
  axis.setAttribute('stroke', '#888');
  axis.setAttribute('fill', 'none');
  svg.appendChild(axis);
  const top = document.createElementNS(SVG, 'text');
  top.setAttribute('x', 2);
  top.setAttribute('y', PAD - 6);
  top.setAttribute('font-size', '11');
  top.textContent = `${max}/s`;
  svg.appendChild(top);
  const legend = document.getElementById('legend');
  legend.replaceChildren();
  for (const n of names) {
    const values = series[n];
    const step = (WIDTH - PAD - 4) / Math.max(1, values.length - 1);
    const points = values.map((v, i) =>
      `${(PAD + i * step).toFixed(1)},${(HEIGHT - PAD - (v / max) * (HEIGHT - 2 * PAD)).toFixed(1)}`);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', 'series');
    line.setAttribute('data-channel', n);
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLOURS[n] || '#555');
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
    const key = document.createElement('span');
    key.style.color = COLOURS[n] || '#555';
    key.textContent = `${n} (${values.reduce((a, b) => a + b, 0)} sent) `;
    legend.appendChild(key);
  }
}

async function refresh() {
  const error = document.getElementById('pipeline-error');
  try {
    const response = await fetch('/dashboard/api/pipeline', { cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.message || `HTTP ${response.status}`);
    }
    document.getElementById('notifications').textContent = String(body.notifications);
    renderStages(body.stages);
    renderChannels(body.channels);
    renderChart(body.sentPerSecond);
    error.hidden = true;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  } catch (e) {
    error.textContent = `cannot read the pipeline: ${e.message}; is herald up still running?`;
    error.hidden = false;
  }
}

refresh();
setInterval(refresh, 1000);
