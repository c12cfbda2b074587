// The campaign report page's script: draws the run grid and the charts from the JSON that
// report.html embeds (src/core/report/html.ts writes it), with Chart.js inlined before it.
// Runs in the browser; no network access (the page's Content-Security-Policy forbids it).
/* global document, window, Chart */
'use strict';

(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const PALETTE = [
    '#4e79a7',
    '#f28e2b',
    '#e15759',
    '#76b7b2',
    '#59a14f',
    '#edc948',
    '#b07aa1',
    '#ff9da7',
    '#9c755f',
    '#bab0ac',
  ];
  // run fields, as html.ts packs them
  const R = {
    config: 0,
    run: 1,
    status: 2,
    itervars: 3,
    wallMs: 4,
    exitCode: 5,
    signal: 6,
    log: 7,
    peakKiB: 8,
    attempt: 9,
    message: 10,
    command: 11,
    journaled: 12,
  };

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fmt(v) {
    if (v === null || v === undefined) return '';
    if (!isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3).replace(/\.?0+e/, 'e');
    return String(Number(v.toPrecision(4)));
  }

  function seconds(ms) {
    if (ms === null) return 'unknown';
    return ms < 1000 ? ms + ' ms' : fmt(ms / 1000) + ' s';
  }

  // --- the run grid --------------------------------------------------------------------

  function runTitle(r) {
    return data.configs[r[R.config]] + ' #' + r[R.run];
  }

  function tooltipLines(r) {
    const status = data.statuses[r[R.status]];
    const lines = [[runTitle(r), status]];
    if (r[R.itervars]) lines.push(['iteration variables', r[R.itervars]]);
    lines.push(['duration', seconds(r[R.wallMs])]);
    let exit = r[R.exitCode] === null ? '' : 'exit code ' + r[R.exitCode];
    if (r[R.signal]) exit += (exit ? ', ' : '') + 'signal ' + r[R.signal];
    lines.push(['exit status', exit || (r[R.journaled] ? 'none' : 'not recorded (no journal)')]);
    if (r[R.peakKiB] !== null) lines.push(['peak memory', fmt(r[R.peakKiB] / 1024) + ' MiB']);
    if (r[R.attempt] !== null && r[R.attempt] > 1) lines.push(['attempts', String(r[R.attempt])]);
    if (r[R.message]) lines.push(['message', r[R.message]]);
    if (r[R.command]) lines.push(['reproduce', r[R.command]]);
    lines.push(['log', r[R.log] || 'not at hand']);
    return lines;
  }

  const tooltip = document.getElementById('tooltip');

  function showTooltip(cell) {
    const r = data.runs[Number(cell.dataset.i)];
    if (!r) return;
    tooltip.replaceChildren();
    tooltipLines(r).forEach(function (line, i) {
      const row = el('div', i === 0 ? 'tt-head' : 'tt-row');
      row.append(el('span', 'tt-key', line[0]), el('span', 'tt-val', line[1]));
      tooltip.append(row);
    });
    tooltip.hidden = false;
    const box = cell.getBoundingClientRect();
    const tip = tooltip.getBoundingClientRect();
    let left = box.left + box.width / 2 - tip.width / 2;
    left = Math.max(4, Math.min(left, window.innerWidth - tip.width - 4));
    let top = box.bottom + 6;
    if (top + tip.height > window.innerHeight - 4) top = box.top - tip.height - 6;
    tooltip.style.left = left + 'px';
    tooltip.style.top = Math.max(4, top) + 'px';
  }

  // the variable every row label of a config names ("$name=value"), or null
  function rowVariable(groups) {
    let name = null;
    for (const g of groups) {
      const m = /^\$([^=]+)=/.exec(g.l);
      if (!m || (name !== null && m[1] !== name)) return null;
      name = m[1];
    }
    return name;
  }

  function drawGrid() {
    const host = document.getElementById('run-grid');
    const n = data.runs.length;
    host.style.setProperty('--cell', (n <= 300 ? 22 : n <= 3000 ? 14 : 9) + 'px');
    const frag = document.createDocumentFragment();
    let lastConfig = -1;
    let variable = null;
    data.grid.forEach(function (g, k) {
      if (g.c !== lastConfig) {
        if (data.configs.length > 1) frag.append(el('div', 'grid-config', data.configs[g.c]));
        // the rows' variable (they are "$name=value", one per value of it) is said once above
        // them, each row labelled with its value alone: a long name cannot push the values,
        // which tell the rows apart, out of the label column
        let end = k;
        while (end < data.grid.length && data.grid[end].c === g.c) end++;
        variable = rowVariable(data.grid.slice(k, end));
        if (variable !== null) {
          const head = el('div', 'grid-row grid-head');
          head.append(el('div', 'grid-label', '$' + variable));
          frag.append(head);
        }
      }
      lastConfig = g.c;
      const row = el('div', 'grid-row');
      const text = g.l || data.configs[g.c];
      // a long label wraps (nothing cut off); its whole text is its tooltip
      const label = el(
        'div',
        'grid-label',
        variable === null ? text : text.slice(variable.length + 2),
      );
      label.title = text;
      row.append(label);
      const cells = el('div', 'grid-cells');
      for (const i of g.r) {
        const r = data.runs[i];
        const status = data.statuses[r[R.status]];
        const cell = el(r[R.log] ? 'a' : 'span', 'cell s-' + status);
        if (r[R.log]) cell.href = r[R.log];
        else cell.tabIndex = 0;
        cell.dataset.i = String(i);
        cell.setAttribute('aria-label', runTitle(r) + ': ' + status);
        cells.append(cell);
      }
      row.append(cells);
      frag.append(row);
    });
    host.append(frag);
    const over = function (e) {
      const cell = e.target.closest && e.target.closest('.cell');
      if (cell) showTooltip(cell);
    };
    const out = function (e) {
      const cell = e.target.closest && e.target.closest('.cell');
      if (cell) tooltip.hidden = true;
    };
    host.addEventListener('mouseover', over);
    host.addEventListener('focusin', over);
    host.addEventListener('mouseout', out);
    host.addEventListener('focusout', out);
  }

  // --- charts ---------------------------------------------------------------------------

  // Chart.js draws the means; this draws each point's 95% interval as a whisker.
  // values near Number.MAX_VALUE: Chart.js's own y ticks (the ends rounded out to a step)
  // overflow to Infinity, and it never finishes the axis: fixed ends and 5 ticks instead
  const finiteAxis = {
    id: 'finiteAxis',
    beforeInit: function (chart) {
      const y = chart.config.options.scales.y;
      const end = Math.max(Math.abs(y.suggestedMin), Math.abs(y.suggestedMax));
      if (end > Number.MAX_VALUE / 16)
        Object.assign(y, { min: y.suggestedMin, max: y.suggestedMax, ticks: { count: 5 } });
    },
  };

  const errorBars = {
    id: 'errorBars',
    afterDatasetsDraw: function (chart) {
      const ctx = chart.ctx;
      const y = chart.scales.y;
      chart.data.datasets.forEach(function (ds, i) {
        if (!chart.isDatasetVisible(i)) return;
        const meta = chart.getDatasetMeta(i);
        const area = chart.chartArea;
        ctx.save();
        // an interval past the axis (below 0 on a non-negative one) ends at its edge
        ctx.beginPath();
        ctx.rect(area.left - 5, area.top, area.right - area.left + 10, area.bottom - area.top);
        ctx.clip();
        ctx.strokeStyle = ds.borderColor;
        ctx.lineWidth = 1.5;
        meta.data.forEach(function (pt, j) {
          const d = ds.data[j];
          if (!d || d.lo === null || d.hi === null) return;
          const top = y.getPixelForValue(d.hi);
          const bottom = y.getPixelForValue(d.lo);
          ctx.beginPath();
          ctx.moveTo(pt.x, top);
          ctx.lineTo(pt.x, bottom);
          ctx.moveTo(pt.x - 4, top);
          ctx.lineTo(pt.x + 4, top);
          ctx.moveTo(pt.x - 4, bottom);
          ctx.lineTo(pt.x + 4, bottom);
          ctx.stroke();
        });
        ctx.restore();
      });
    },
  };

  Chart.defaults.animation = false;
  Chart.defaults.font.family =
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.color = '#333';

  function drawDurations() {
    const d = data.durations;
    const canvas = document.getElementById('duration-chart');
    if (!d || !canvas) return;
    const labels = d.counts.map(function (_, i) {
      return fmt(d.edges[i] / 1000) + '–' + fmt(d.edges[i + 1] / 1000);
    });
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          {
            label: 'runs',
            data: d.counts,
            backgroundColor: '#4e79a7',
            barPercentage: 1,
            categoryPercentage: 0.95,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { title: { display: true, text: 'wall time (s)' }, grid: { display: false } },
          y: { title: { display: true, text: 'runs' }, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  }

  function chartCard(c, index) {
    const card = el('figure', 'chart-card');
    const points = c.series.map(function (s) {
      return s.points.length;
    });
    card.dataset.series = String(c.series.length);
    card.dataset.points = points.join(',');
    card.dataset.scalar = c.scalar;
    card.dataset.xvar = c.xVar;
    const caption = el('figcaption');
    caption.append(el('div', 'chart-title', c.scalar + ' vs $' + c.xVar));
    let sub = c.config + ' · ';
    sub += c.seriesVar ? 'a line per value of $' + c.seriesVar : 'one line';
    if (c.pooled.length) sub += ' · pooled over ' + c.pooled.map((v) => '$' + v).join(', ');
    sub += ' · mean and 95% CI over repetitions';
    caption.append(el('div', 'chart-sub', sub));
    card.append(caption);
    const box = el('div', 'chart-box');
    const canvas = el('canvas');
    canvas.id = 'scalar-chart-' + index;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', c.scalar + ' against ' + c.xVar);
    box.append(canvas);
    card.append(box);
    // values of the variables that have no point (their runs failed): said, not left out
    if (c.notes.length) card.append(el('p', 'chart-note', c.notes.join(' ')));
    return { card: card, canvas: canvas };
  }

  // ticks at the variable's values (when there are few), a little room at both ends
  function numericX(values, title) {
    const lo = Math.min.apply(null, values);
    const hi = Math.max.apply(null, values);
    const pad = (hi - lo) * 0.04 || 1;
    const scale = {
      type: 'linear',
      min: lo - pad,
      max: hi + pad,
      title: { display: true, text: title },
    };
    if (values.length <= 15)
      scale.afterBuildTicks = function (axis) {
        axis.ticks = values.map(function (v) {
          return { value: v };
        });
      };
    return scale;
  }

  function drawScalarChart(c, canvas) {
    let min = Infinity;
    let max = -Infinity;
    const datasets = c.series.map(function (s, i) {
      const color = PALETTE[i % PALETTE.length];
      return {
        label: s.label,
        borderColor: color,
        backgroundColor: color,
        pointRadius: 3,
        borderWidth: 2,
        data: s.points.map(function (p) {
          min = Math.min(min, p[2] === null ? p[1] : p[2]);
          max = Math.max(max, p[3] === null ? p[1] : p[3]);
          return { x: p[0], y: p[1], lo: p[2], hi: p[3], n: p[4] };
        }),
      };
    });
    const pad = Math.min((max - min) * 0.05 || Math.abs(max) * 0.05 || 1, Number.MAX_VALUE);
    // values near Number.MAX_VALUE: the axis ends stay finite (Chart.js never finishes an axis
    // with an infinite end); max + pad below is at most Number.MAX_VALUE
    max = Math.min(max, Number.MAX_VALUE - pad);
    // a quantity never below 0 (a count, a time) gets no room below 0, even where an interval
    // reaches there
    const bottom = Math.max(c.nonNegative ? 0 : -Number.MAX_VALUE, min - pad);
    const xTitle = '$' + c.xVar + (c.xUnit ? ' (' + c.xUnit + ')' : '');
    const x = c.xNumeric
      ? numericX(c.labels, xTitle)
      : { type: 'category', labels: c.labels, title: { display: true, text: xTitle } };
    new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        parsing: { xAxisKey: 'x', yAxisKey: 'y' },
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          legend: { display: c.series.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: function (item) {
                const d = item.raw;
                let text = item.dataset.label + ': ' + fmt(d.y);
                if (d.lo !== null) text += '  [' + fmt(d.lo) + ' … ' + fmt(d.hi) + ']';
                return text + '  n=' + d.n;
              },
            },
          },
        },
        scales: {
          x: x,
          y: {
            suggestedMin: bottom,
            suggestedMax: max + pad,
            title: { display: true, text: c.name + (c.yUnit ? ' (' + c.yUnit + ')' : '') },
          },
        },
      },
      plugins: [errorBars, finiteAxis],
    });
  }

  function drawScalars() {
    const host = document.getElementById('scalar-charts');
    if (!host) return;
    const made = data.charts.map(chartCard);
    made.forEach(function (m) {
      host.append(m.card);
    });
    made.forEach(function (m, i) {
      drawScalarChart(data.charts[i], m.canvas);
    });
  }

  drawGrid();
  drawDurations();
  drawScalars();
  document.body.dataset.ready = 'true';
})();
