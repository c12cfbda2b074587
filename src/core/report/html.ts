// report.html: one self-contained file. The text parts (totals, slowest runs, provenance) are
// written here; the run grid and the charts are drawn in the browser by the page's script with
// Chart.js, both inlined, from the data embedded as JSON.
//
// Everything in the page that came from the inputs (journals, result files, the campaign file)
// is text to the browser: escaped in HTML, `<` escaped in the JSON, set with textContent by the
// script. As a second wall, the Content-Security-Policy runs only the page's own two scripts
// (by their SHA-256; no 'unsafe-inline', so an injected <script>, onerror= or javascript: URL
// would not run) and allows no network access at all (default-src 'none'), nor forms.
// (`navigate-to`, which would also stop navigation, was dropped from CSP and no browser ships it;
// a <meta> policy cannot hold frame-ancestors or sandbox.)

import { createHash } from '../hash.js';
import type { RunStatus } from '../campaign/journal.js';
import { configOptions } from '../campaign/other-builds.js';
import { CHART_JS, CHART_JS_VERSION, PAGE_CSS, PAGE_JS } from './assets.generated.js';
import { formatValue } from './markdown.js';
import {
  STATUS_ORDER,
  type MissingValue,
  type ReportModel,
  type ReportRun,
  type ScalarChart,
} from './model.js';
import { studyVars } from './runs.js';

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Inline script text cannot contain "</script" (it would end the element). */
const scriptText = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

const SCRIPTS = [scriptText(CHART_JS), scriptText(PAGE_JS)];
/** The policy, with the hashes of the page's own scripts and style: nothing else runs. */
const CSP = [
  "default-src 'none'",
  `script-src ${SCRIPTS.map(sha256).join(' ')}`,
  `style-src ${sha256(PAGE_CSS)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** JSON inside <script type="application/json">: `<` escaped, so no tag can end it. */
const jsonText = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const duration = (ms: number | null): string =>
  ms === null ? '' : ms < 1000 ? `${formatValue(ms)} ms` : `${formatValue(ms / 1000)} s`;

const itervarsText = (run: ReportRun): string =>
  run.itervars.map(([k, v]) => `$${k}=${v}`).join(', ');

/**
 * The data the page's script reads. Runs are arrays (field order in assets/report/report.js)
 * to keep a 10,000-run page small; the reproduce command only for runs that did not succeed.
 */
export function pageData(model: ReportModel): unknown {
  const configs = [...new Set(model.runs.map((r) => r.config))];
  const configIndex = new Map(configs.map((c, i) => [c, i]));
  const statusIndex = new Map<RunStatus, number>(STATUS_ORDER.map((s, i) => [s, i]));
  return {
    v: 1,
    statuses: STATUS_ORDER,
    configs,
    runs: model.runs.map((r) => [
      configIndex.get(r.config),
      r.runNumber,
      statusIndex.get(r.status),
      itervarsText(r),
      r.wallMs,
      r.exitCode,
      r.signal,
      r.log,
      r.peakKiB,
      r.attempt,
      r.message,
      r.status === 'ok' ? null : r.command,
      r.journaled ? 1 : 0,
    ]),
    grid: model.grid.map((g) => ({ c: configIndex.get(g.config), l: g.label, r: g.runs })),
    durations: model.durations,
    charts: model.charts.map((c) => chartData(c)),
  };
}

/**
 * What the runs that succeeded did instead of recording a finite value: recorded nan (or inf,
 * `nonFinite` of them), or nothing (the rest).
 */
function recordedInstead(succeeded: number, nonFinite: number): string {
  return nonFinite === 0
    ? 'recorded no value'
    : nonFinite === succeeded
      ? 'recorded nan or inf'
      : `recorded nan or inf (${nonFinite}) or no value (${succeeded - nonFinite})`;
}

/** e.g. `No point at $numHosts=20: its 4 runs did not succeed.` */
export function missingNote(m: MissingValue): string {
  const runs = m.runs === 1 ? 'its run' : `its ${m.runs} runs`;
  const instead = recordedInstead(m.runs - m.failed, m.nonFinite ?? 0);
  const why =
    m.failed === m.runs
      ? `${runs} did not succeed`
      : m.failed > 0
        ? `${m.failed} of ${runs} did not succeed, the others ${instead}`
        : `${runs} ${instead}`;
  const line = m.line ? ` for $${m.line.variable}=${m.line.value}` : '';
  return `No point at $${m.variable}=${m.value}${line}: ${why}.`;
}

/** Notes of single missing points past this many are summed up in one. */
export const MAX_POINT_NOTES = 5;

/** A chart's notes: every missing value, then up to MAX_POINT_NOTES missing points, and a sum. */
export function missingNotes(missing: readonly MissingValue[]): string[] {
  const values = missing.filter((m) => !m.line);
  const points = missing.filter((m) => m.line);
  const notes = [...values, ...points.slice(0, MAX_POINT_NOTES)].map(missingNote);
  const rest = points.slice(MAX_POINT_NOTES);
  if (rest.length > 0) {
    const runs = rest.reduce((n, m) => n + m.runs, 0);
    const failed = rest.reduce((n, m) => n + m.failed, 0);
    const instead = recordedInstead(
      runs - failed,
      rest.reduce((n, m) => n + (m.nonFinite ?? 0), 0),
    );
    const why =
      failed === runs
        ? 'did not succeed'
        : failed > 0
          ? `did not succeed (${failed}) or ${instead}`
          : instead;
    const pair = `($${rest[0]?.variable ?? ''}, $${rest[0]?.line?.variable ?? ''})`;
    notes.push(`No point at ${rest.length} more ${pair} pairs: their ${runs} runs ${why}.`);
  }
  return notes;
}

function chartData(c: ScalarChart): unknown {
  return {
    scalar: c.scalar,
    name: c.scalar.slice(c.scalar.indexOf(':') + 1),
    config: c.config,
    xVar: c.xVar,
    seriesVar: c.seriesVar,
    pooled: c.pooled,
    xNumeric: c.xNumeric,
    xUnit: c.xUnit,
    yUnit: c.yUnit,
    labels: c.xValues,
    nonNegative: c.nonNegative,
    notes: missingNotes(c.missing),
    series: c.series.map((s) => ({
      label: s.label,
      points: s.points.map((p) => [p.x, p.mean, p.lo, p.hi, p.n]),
    })),
  };
}

function totals(model: ReportModel): string {
  const n = model.runs.length;
  const badges = model.totals.map(([s, k]) => {
    const status = escapeHtml(s);
    return `<span class="badge s-${status}" data-status="${status}">${k} ${status}</span>`;
  });
  const bad = model.unreadable ?? null;
  // runs whose records were skipped are missing too: not said to have not run
  const notRun = model.notRun
    ? bad === null
      ? `<p class="not-run" id="not-run"><strong>${model.notRun.missing} of the ${model.notRun.planned} planned runs have not run</strong> (the campaign was interrupted, or is still running).</p>`
      : `<p class="not-run" id="not-run"><strong>${model.notRun.missing} of the ${model.notRun.planned} planned runs are not here</strong>: the campaign was interrupted or is still running, or their journal records are among the unreadable ones.</p>`
    : '';
  const unreadable =
    bad === null
      ? ''
      : `<p class="not-run" id="unreadable-records"><strong>${bad.count} journal record${bad.count === 1 ? ' was' : 's were'} unreadable</strong> and skipped (their runs are shown only as far as result files or a runs.csv know them): ${bad.first
          .map(
            (b) => `<code>${escapeHtml(`${b.journal}:${b.line}`)}</code> ${escapeHtml(b.problem)}`,
          )
          .join(
            '; ',
          )}${bad.count > bad.first.length ? `; ${bad.count - bad.first.length} more` : ''}.</p>`;
  const other = model.otherBuilds;
  const otherBuilds = other
    ? `<p class="not-run" id="other-builds"><strong>${other.runs} run(s) of ${escapeHtml(other.configs.join(', '))} were made with another build</strong> than the latest campaign's (the model changed since they ran): run them again with <code>${escapeHtml(configOptions(other.configs))}</code>.</p>`
    : '';
  return `<p class="totals"><strong>${n} run${n === 1 ? '' : 's'}</strong>${badges.join('')}</p>${notRun}${unreadable}${otherBuilds}`;
}

function slowestTable(model: ReportModel): string {
  if (model.slowest.length === 0) return '';
  const rows = model.slowest.map((i, rank) => {
    const r = model.runs[i];
    if (r === undefined) return '';
    const name = escapeHtml(`${r.config} #${r.runNumber}`);
    const log = r.log ? `<a href="${escapeHtml(r.log)}">log</a>` : '';
    const status = escapeHtml(r.status);
    return `<tr><td class="num">${rank + 1}</td><td>${name}</td><td>${escapeHtml(itervarsText(r))}</td><td class="num">${escapeHtml(duration(r.wallMs))}</td><td><span class="badge s-${status}">${status}</span></td><td>${log}</td></tr>`;
  });
  return `<h3>Slowest runs</h3><table id="slowest"><thead><tr><th class="num">#</th><th>run</th><th>iteration variables</th><th class="num">wall time</th><th>status</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The causes of failures, largest group first, each with its first run's log. */
function failuresSection(model: ReportModel): string {
  if (model.failures.length === 0) return '';
  const rows = model.failures.map((f) => {
    const first = model.runs[f.runs[0] ?? -1];
    const name = first ? escapeHtml(`${first.config} #${first.runNumber}`) : '';
    const link = first?.log ? `<a href="${escapeHtml(first.log)}">${name}</a>` : name;
    const cause = f.head === '' ? '<span class="unrecorded">no message</span>' : escapeHtml(f.head);
    return `<tr><td class="num">${f.runs.length}</td><td><span class="badge s-${f.status}">${f.status}</span></td><td>${cause}</td><td>${link}</td></tr>`;
  });
  return `<section id="failures"><h2>Failures</h2><p class="hint">Runs that did not succeed, grouped by cause (the model's own error message where it printed one), the largest group first.</p><table id="failure-causes"><thead><tr><th class="num">runs</th><th>status</th><th>cause</th><th>first run</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function durationsSection(model: ReportModel): string {
  const body = model.durations
    ? `<div class="chart-box"><canvas id="duration-chart" role="img" aria-label="histogram of run wall times"></canvas></div>`
    : `<p class="hint">No run durations recorded (no campaign journal was found).</p>`;
  return `<section id="durations"><h2>Run durations</h2>${body}${slowestTable(model)}</section>`;
}

export const NOT_CHARTED =
  'Statistics and histograms (<code>name:stats</code>, <code>name:histogram</code>) are not charted, only scalars.';

/** Why no run has results: none succeeded (how many did not), or those that did left none. */
export function noResults(model: Pick<ReportModel, 'runs'>): string {
  const ok = model.runs.filter((r) => r.status === 'ok').length;
  return ok === 0
    ? `no run succeeded (${model.runs.length} did not)`
    : 'no run that succeeded left result files';
}

/** Where the chosen scalars are chosen, as a hint to a warning that one of them matched nothing. */
function choiceHint(from: ReportModel['scalarsFrom']): string {
  return from === 'command line'
    ? '--scalar MODULE:NAME'
    : 'report.scalars in the campaign file: "module pattern:scalar name"';
}

/** "; did you mean **.sink:lifeTime:mean?" when a recorded scalar is close to a chosen one. */
function didYouMean(model: Pick<ReportModel, 'scalarsNear'>, label: string): string {
  const near = model.scalarsNear.find(([l]) => l === label)?.[1] ?? [];
  return near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
}

/**
 * A warning (without the program's prefix) for each chosen scalar that no chart shows: no run
 * recorded it, or only as NaN or infinite values. What `run`, `merge` and `report` print.
 */
export function scalarWarnings(
  model: Pick<
    ReportModel,
    | 'runs'
    | 'scalarsNotFound'
    | 'scalarsNotFinite'
    | 'runsWithResults'
    | 'scalarsRecorded'
    | 'scalarsFrom'
    | 'scalarsNear'
  >,
): string[] {
  return model.scalarsNotFound.map((label) =>
    model.scalarsNotFinite.includes(label)
      ? `the scalar ${label} is NaN or infinite in every run that has it: no chart`
      : model.runsWithResults === 0
        ? `no run has the scalar ${label}: ${noResults(model)}`
        : model.scalarsRecorded
          ? `no run has the scalar ${label}${didYouMean(model, label)} (${choiceHint(model.scalarsFrom)})`
          : `no run has the scalar ${label}: the runs recorded no scalars (statistics and histograms are not charted)`,
  );
}

/** "did you mean <code>…:lifeTime:mean</code> for <code>…:lifetime:mean</code>?" per label with a close recorded scalar. */
function nearHtml(model: Pick<ReportModel, 'scalarsNear'>, labels: readonly string[]): string[] {
  return labels.flatMap((l) => {
    const near = model.scalarsNear.find(([x]) => x === l)?.[1] ?? [];
    const code = (t: string): string => `<code>${escapeHtml(t)}</code>`;
    return near.length ? [`did you mean ${near.map(code).join(' or ')} for ${code(l)}?`] : [];
  });
}

/** The chosen scalars left out of the charts when others are charted: each named, with why. */
function notChartedNote(model: ReportModel): string {
  const missing = model.scalarsNotFound.filter((l) => !model.scalarsNotFinite.includes(l));
  const nan = model.scalarsNotFinite;
  if (missing.length + nan.length === 0 || model.scalarsNotFound.length === model.scalars.length)
    return '';
  const list = (labels: readonly string[]): string =>
    labels.map((l) => `<code>${escapeHtml(l)}</code>`).join(', ');
  const parts = [
    ...(missing.length
      ? [
          `no run recorded ${list(missing)} (no module and scalar name matched${nearHtml(
            model,
            missing,
          )
            .map((n) => `; ${n}`)
            .join('')})`,
        ]
      : []),
    ...(nan.length
      ? [
          `${list(nan)} ${nan.length === 1 ? 'is' : 'are'} NaN or infinite in every run that has ${nan.length === 1 ? 'it' : 'them'}`,
        ]
      : []),
  ];
  return `<p class="hint" id="scalars-not-charted">Not charted: ${parts.join('; ')}.</p>`;
}

/**
 * "the report holds one run, nothing to chart across runs" when that is why there is no chart (a
 * report of one hand-picked run whose chosen scalars it has): what the page and `report` say,
 * not that no iteration variable takes more than one value. Undefined otherwise (another reason).
 */
export function oneRun(
  model: Pick<
    ReportModel,
    'runs' | 'charts' | 'runsWithResults' | 'scalarsRecorded' | 'scalars' | 'scalarsNotFound'
  >,
): string | undefined {
  return model.runs.length === 1 &&
    model.charts.length === 0 &&
    model.runsWithResults === 1 &&
    model.scalarsRecorded &&
    model.scalars.length > 0 &&
    model.scalarsNotFound.length < model.scalars.length
    ? 'the report holds one run, nothing to chart across runs'
    : undefined;
}

/**
 * The configs whose runs take two or more values of an iteration variable, with those variables:
 * with no chart, none of their runs has a point (all failed, or lack the chosen scalars).
 */
function varyingConfigs(
  runs: readonly ReportRun[],
): { config: string; vars: string[]; runs: number; ok: number }[] {
  const of = new Map<string, { values: Map<string, Set<string>>; runs: number; ok: number }>();
  for (const run of runs) {
    const c = of.get(run.config) ?? { values: new Map<string, Set<string>>(), runs: 0, ok: 0 };
    c.runs++;
    if (run.status === 'ok') c.ok++;
    for (const [k, v] of studyVars(run)) {
      const set = c.values.get(k) ?? new Set<string>();
      set.add(v);
      c.values.set(k, set);
    }
    of.set(run.config, c);
  }
  return [...of].flatMap(([config, c]) => {
    const vars = [...c.values].filter(([, set]) => set.size > 1).map(([k]) => k);
    return vars.length > 0 ? [{ config, vars, runs: c.runs, ok: c.ok }] : [];
  });
}

/**
 * Why there is no chart, as it is: no run succeeded, no scalar at all, none of those chosen, the
 * runs whose variables vary failed, or nothing varies.
 */
function noChartReason(model: ReportModel): string {
  // runs that failed may have left files (a header, parameters) but no run succeeded: that is why
  if (model.runsWithResults === 0 || !model.runs.some((r) => r.status === 'ok'))
    return `No chart: ${noResults(model)}.`;
  if (!model.scalarsRecorded) return `No chart: the runs recorded no scalars. ${NOT_CHARTED}`;
  if (model.scalars.length === 0)
    return 'No chart: no scalar was recorded by every run of a config; choose some with <code>report: { scalars: [...] }</code> in the campaign file.';
  if (model.scalarsNotFound.length === model.scalars.length)
    return `No chart: no run has ${model.scalars.length === 1 ? 'the chosen scalar' : 'any of the chosen scalars'}.${nearHtml(
      model,
      model.scalarsNotFound,
    )
      .map((n) => ` ${n[0]?.toUpperCase()}${n.slice(1)}`)
      .join('')} ${NOT_CHARTED}`;
  const one = oneRun(model);
  if (one !== undefined) return `No chart: ${one}.`;
  // the variables do vary, in runs with nothing to chart (before: "no iteration variable takes
  // more than one value", as if they did not)
  const varying = varyingConfigs(model.runs);
  if (varying.length > 0)
    return `No chart: ${varying
      .map(
        (c) =>
          `config ${escapeHtml(c.config)} varies ${c.vars.map((v) => `$${escapeHtml(v)}`).join(', ')}, but ${
            c.ok === 0
              ? `none of its ${c.runs} ${c.runs === 1 ? 'run' : 'runs'} succeeded`
              : `its ${c.ok} ${c.ok === 1 ? 'run' : 'runs'} that succeeded have no finite value of the chosen scalars`
          }`,
      )
      .join('; ')}.`;
  return 'No chart: no iteration variable takes more than one value in the runs with the chosen scalars.';
}

function scalarsSection(model: ReportModel): string {
  const chosen = model.scalars.length
    ? model.scalars.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')
    : 'none';
  const source =
    model.scalarsFrom === 'command line'
      ? 'chosen on the command line (<code>--scalar</code>)'
      : model.scalarsFrom === 'campaign file'
        ? 'chosen in the campaign file (<code>report: { scalars: [...] }</code>)'
        : 'by default, a few scalars every run of a config recorded, chosen per config (choose with <code>report: { scalars: [...] }</code> in the campaign file)';
  const empty =
    model.charts.length === 0 ? `<p class="hint" id="no-chart">${noChartReason(model)}</p>` : '';
  const notCharted = notChartedNote(model);
  const omitted = model.chartsOmitted
    ? `<p class="hint">${model.chartsOmitted} more charts left out.</p>`
    : '';
  return `<section id="scalars"><h2>Scalars</h2><p class="hint">Scalars: ${chosen}, ${source}. Each point is the mean over the runs with those values of the iteration variables (repetitions), with its 95% confidence interval (Student's t).</p>${notCharted}${empty}<div class="charts" id="scalar-charts" data-charts="${model.charts.length}"></div>${omitted}</section>`;
}

function provenanceSection(model: ReportModel): string {
  const rows = model.provenance.map(
    (p) =>
      `<dt>${escapeHtml(p.label)}</dt><dd${p.value === 'not recorded' ? ' class="unrecorded"' : ''}>${escapeHtml(p.value)}</dd>`,
  );
  return `<section id="provenance"><h2>Provenance</h2><dl class="provenance">${rows.join('')}</dl></section>`;
}

export function renderReportHtml(model: ReportModel): string {
  const title = escapeHtml(model.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="opp-campaign">
<title>${title}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>${title}</h1>
${totals(model)}
<nav><a href="#grid">Runs</a>${model.failures.length ? '<a href="#failures">Failures</a>' : ''}<a href="#durations">Durations</a><a href="#scalars">Scalars</a><a href="#provenance">Provenance</a></nav>
</header>
<main>
<section id="grid"><h2>Runs</h2><p class="hint">Each square is a run, in run-number order, a row per value of the outermost iteration variable. Hover for its iteration variables, duration and exit status; click to open its log.</p><div id="run-grid" data-runs="${model.runs.length}"></div></section>
${failuresSection(model)}${durationsSection(model)}
${scalarsSection(model)}
${provenanceSection(model)}
</main>
<footer>Written by opp-campaign. Charts by Chart.js ${escapeHtml(CHART_JS_VERSION)} (MIT License), inlined: this page needs no network.</footer>
<div id="tooltip" role="tooltip" hidden></div>
<script type="application/json" id="report-data">${jsonText(pageData(model))}</script>
${SCRIPTS.map((js) => `<script>${js}</script>`).join('\n')}
</body>
</html>
`;
}
