// The chosen scalars against the iteration variables: for each scalar, config and variable that
// takes two or more values, the mean and 95% interval over repetitions at each value, one line
// per value of the next variable (in nesting order). A third and further variable would need a
// chart per combination; they are pooled into each point instead, and the chart says so.

import { meanCi } from './confidence.js';
import type {
  ChartPoint,
  ChartSeries,
  MissingValue,
  ReportRun,
  ScalarChart,
  ScalarTableRow,
} from './model.js';
import { studyVars } from './runs.js';

export const MAX_CHARTS = 24;

/** A run with the value of one chosen scalar. */
export interface ScalarSample {
  readonly run: ReportRun;
  /** The run's iteration variables without repetition. */
  readonly vars: ReadonlyMap<string, string>;
  readonly value: number;
}

export const sampleOf = (run: ReportRun, value: number): ScalarSample => ({
  run,
  vars: studyVars(run),
  value,
});

const NUMBER_WITH_UNIT = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z%]*)\s*$/;

/** The values as numbers when every one is a number with the same unit (or none). */
export function numericAxis(
  values: readonly string[],
): { unit: string; of: Map<string, number> } | undefined {
  const of = new Map<string, number>();
  let unit: string | undefined;
  for (const v of values) {
    const m = NUMBER_WITH_UNIT.exec(v);
    if (!m) return undefined;
    if (unit !== undefined && unit !== m[2]) return undefined;
    unit = m[2] ?? '';
    of.set(v, Number(m[1]));
  }
  return { unit: unit ?? '', of };
}

/** Distinct values in order: numerically when they are numbers, else as first met. */
function orderedValues(values: readonly string[]): string[] {
  const distinct = [...new Set(values)];
  const axis = numericAxis(distinct);
  if (axis) distinct.sort((a, b) => (axis.of.get(a) ?? 0) - (axis.of.get(b) ?? 0));
  return distinct;
}

/**
 * The variables of a config's runs, in nesting order, that take two or more values. `runs`: also
 * the values of runs without a sample (failed, or without the scalar), so that a variable whose
 * other value's runs all failed still gets its chart, with a note of the missing value.
 */
export function varyingVars(
  samples: readonly ScalarSample[],
  runs: readonly ReportRun[] = [],
): string[] {
  const values = new Map<string, Set<string>>();
  for (const vars of [...samples.map((s) => s.vars), ...runs.map(studyVars)])
    for (const [k, v] of vars) {
      const set = values.get(k) ?? new Set<string>();
      set.add(v);
      values.set(k, set);
    }
  return [...values].filter(([, set]) => set.size > 1).map(([k]) => k);
}

function point(x: number | string, values: readonly number[]): ChartPoint | undefined {
  const s = meanCi(values);
  return s && { x, mean: s.mean, lo: s.lo ?? null, hi: s.hi ?? null, n: s.n };
}

/** One chart: `scalar` against `xVar` over the samples of one config. */
export function scalarChart(
  scalar: string,
  config: string,
  samples: readonly ScalarSample[],
  xVar: string,
  others: readonly string[],
  runs: readonly ReportRun[] = [],
  yUnit = '',
  nonFinite: ReadonlySet<ReportRun> = new Set(),
): ScalarChart {
  const seriesVar = others[0] ?? null;
  const xs = orderedValues(samples.map((s) => s.vars.get(xVar) ?? ''));
  const axis = numericAxis(xs);
  const keys = seriesVar ? orderedValues(samples.map((s) => s.vars.get(seriesVar) ?? '')) : [''];
  const cells = new Map<string, number[]>();
  for (const s of samples) {
    const key = `${seriesVar ? (s.vars.get(seriesVar) ?? '') : ''}\u0000${s.vars.get(xVar) ?? ''}`;
    const list = cells.get(key) ?? [];
    list.push(s.value);
    cells.set(key, list);
  }
  const series: ChartSeries[] = keys.map((k) => ({
    label: seriesVar ? `$${seriesVar}=${k}` : 'all runs',
    points: xs.flatMap((x) => {
      const p = point(axis ? (axis.of.get(x) ?? 0) : x, cells.get(`${k}\u0000${x}`) ?? []);
      return p ? [p] : [];
    }),
  }));
  return {
    scalar,
    config,
    xVar,
    seriesVar,
    pooled: others.slice(1),
    xNumeric: axis !== undefined,
    xUnit: axis?.unit ?? '',
    yUnit,
    xValues: axis ? xs.map((x) => axis.of.get(x) ?? 0) : xs,
    series: series.filter((s) => s.points.length > 0),
    nonNegative: samples.every((s) => s.value >= 0),
    missing: [
      ...[xVar, ...(seriesVar ? [seriesVar] : [])].flatMap((v) =>
        missingValues(v, samples, runs, nonFinite),
      ),
      ...(seriesVar ? missingPoints(xVar, seriesVar, samples, runs, nonFinite) : []),
    ],
  };
}

/**
 * The (x value, line) pairs that runs of the config have but no sample has, where both values
 * have points elsewhere (a value no sample has at all is noted by missingValues): every run of
 * that pair failed, so its line skips a point that the chart would otherwise hide.
 */
function missingPoints(
  xVar: string,
  seriesVar: string,
  samples: readonly ScalarSample[],
  runs: readonly ReportRun[],
  nonFinite: ReadonlySet<ReportRun>,
): MissingValue[] {
  if (runs.length <= samples.length) return [];
  const key = (x: string, s: string): string => `${x}\u0000${s}`;
  const xs = new Set(samples.map((s) => s.vars.get(xVar)));
  const lines = new Set(samples.map((s) => s.vars.get(seriesVar)));
  const shown = new Set(
    samples.map((s) => key(s.vars.get(xVar) ?? '', s.vars.get(seriesVar) ?? '')),
  );
  const counts = new Map<
    string,
    { x: string; line: string; runs: number; failed: number; nonFinite: number }
  >();
  for (const run of runs) {
    const vars = studyVars(run);
    const x = vars.get(xVar);
    const line = vars.get(seriesVar);
    if (x === undefined || line === undefined || !xs.has(x) || !lines.has(line)) continue;
    const k = key(x, line);
    if (shown.has(k)) continue;
    const c = counts.get(k) ?? { x, line, runs: 0, failed: 0, nonFinite: 0 };
    c.runs++;
    if (run.status !== 'ok') c.failed++;
    else if (nonFinite.has(run)) c.nonFinite++;
    counts.set(k, c);
  }
  const lineOrder = orderedValues([...lines].map((l) => l ?? ''));
  const xOrder = orderedValues([...xs].map((x) => x ?? ''));
  return [...counts.values()]
    .sort(
      (a, b) =>
        lineOrder.indexOf(a.line) - lineOrder.indexOf(b.line) ||
        xOrder.indexOf(a.x) - xOrder.indexOf(b.x),
    )
    .map((c) => ({
      variable: xVar,
      value: c.x,
      line: { variable: seriesVar, value: c.line },
      runs: c.runs,
      failed: c.failed,
      ...(c.nonFinite > 0 ? { nonFinite: c.nonFinite } : {}),
    }));
}

/**
 * The values of `variable` among `runs` that no sample has (every run with it failed, or none
 * recorded the scalar): a chart without them would hide that they were asked for.
 */
function missingValues(
  variable: string,
  samples: readonly ScalarSample[],
  runs: readonly ReportRun[],
  nonFinite: ReadonlySet<ReportRun>,
): MissingValue[] {
  if (runs.length <= samples.length) return []; // every run has a point (the usual case)
  const shown = new Set(samples.map((s) => s.vars.get(variable)));
  const counts = new Map<string, { runs: number; failed: number; nonFinite: number }>();
  for (const run of runs) {
    const value = studyVars(run).get(variable);
    if (value === undefined || shown.has(value)) continue;
    const c = counts.get(value) ?? { runs: 0, failed: 0, nonFinite: 0 };
    c.runs++;
    if (run.status !== 'ok') c.failed++;
    else if (nonFinite.has(run)) c.nonFinite++;
    counts.set(value, c);
  }
  return orderedValues([...counts.keys()]).map((value) => {
    const c = counts.get(value) as { runs: number; failed: number; nonFinite: number };
    return {
      variable,
      value,
      runs: c.runs,
      failed: c.failed,
      ...(c.nonFinite > 0 ? { nonFinite: c.nonFinite } : {}),
    };
  });
}

/** Samples grouped by config, configs in run order. */
function byConfig(samples: readonly ScalarSample[]): Map<string, ScalarSample[]> {
  const out = new Map<string, ScalarSample[]>();
  for (const s of samples) {
    const list = out.get(s.run.config) ?? [];
    list.push(s);
    out.set(s.run.config, list);
  }
  return out;
}

/**
 * Every chart of one chosen scalar: per config, one per varying variable. `runs`: all the runs,
 * those without the scalar included, for the values a chart has no point of.
 */
export function scalarCharts(
  scalar: string,
  samples: readonly ScalarSample[],
  runs: readonly ReportRun[] = [],
  yUnit = '',
  nonFinite: ReadonlySet<ReportRun> = new Set(),
): ScalarChart[] {
  const charts: ScalarChart[] = [];
  for (const [config, list] of byConfig(samples)) {
    const ofConfig = runs.filter((r) => r.config === config);
    const vars = varyingVars(list, ofConfig);
    for (const x of vars)
      charts.push(
        scalarChart(
          scalar,
          config,
          list,
          x,
          vars.filter((v) => v !== x),
          ofConfig,
          yUnit,
          nonFinite,
        ),
      );
  }
  return charts;
}

/** The mean of the scalar at each value of each varying variable (over all other runs). */
export function scalarTableRows(
  scalar: string,
  samples: readonly ScalarSample[],
): ScalarTableRow[] {
  const rows: ScalarTableRow[] = [];
  for (const [config, list] of byConfig(samples)) {
    const vars = varyingVars(list);
    const groups: Array<[string, string]> = vars.length
      ? vars.flatMap((v) =>
          orderedValues(list.map((s) => s.vars.get(v) ?? '')).map((x): [string, string] => [v, x]),
        )
      : [['', '']];
    for (const [variable, value] of groups) {
      const values = list
        .filter((s) => variable === '' || s.vars.get(variable) === value)
        .map((s) => s.value);
      const s = meanCi(values);
      if (s)
        rows.push({
          scalar,
          config,
          variable,
          value,
          n: s.n,
          mean: s.mean,
          lo: s.lo ?? null,
          hi: s.hi ?? null,
          min: s.min,
          max: s.max,
        });
    }
  }
  return rows;
}
