// The runs of a report: journal facts joined with the runs found in the results, sorted and
// grouped into the rows of the run grid.

import {
  compareNames,
  parseItervarsText,
  type RunInfo,
  type ScalarResult,
} from '../results/index.js';
import type { GridGroup, ReportRun, RunFacts } from './model.js';

/** A run of the loaded results with its scalars. */
export interface ResultRun {
  readonly run: RunInfo;
  readonly scalars: readonly ScalarResult[];
}

export interface JoinedRun extends ReportRun {
  readonly result: ResultRun | undefined;
}

const runNumberOf = (run: RunInfo): number => {
  const n = Number(run.attributes.get('runnumber') ?? '');
  return Number.isSafeInteger(n) && n >= 0 ? n : -1;
};

/**
 * The facts of the runs whose results are at hand (by run id, else config and run number): a
 * report of chosen result files covers those runs, not every run of the journal found beside.
 */
export function factsOfResults(
  facts: readonly RunFacts[],
  results: readonly ResultRun[],
): RunFacts[] {
  const names = new Set(results.map((r) => r.run.runName));
  const numbers = new Set(
    results.map((r) => `${r.run.attributes.get('configname') ?? ''}\u0000${runNumberOf(r.run)}`),
  );
  return facts.filter((f) =>
    f.runName !== undefined && f.runName !== ''
      ? names.has(f.runName)
      : numbers.has(`${f.config}\u0000${f.run}`),
  );
}

/** A result run's iteration variables in nesting order (its `iterationvars` attribute). */
function resultItervars(run: RunInfo): Array<[string, string]> {
  const text = run.attributes.get('iterationvars');
  const vars = text
    ? parseItervarsText(text)
    : [...run.itervars].map(([k, v]): [string, string] => [k, v]);
  const rep = run.attributes.get('repetition');
  if (rep !== undefined && !vars.some(([k]) => k === 'repetition')) vars.push(['repetition', rep]);
  return vars;
}

/**
 * Each fact finds its results by run id when it names one, else by config and run number (the
 * newest run id when a run number was run more than once). Results no fact claims are runs of
 * their own: they succeeded (they have results) but nothing else is known about them.
 */
export function joinRuns(facts: readonly RunFacts[], results: readonly ResultRun[]): JoinedRun[] {
  const byName = new Map(results.map((r) => [r.run.runName, r]));
  const byNumber = new Map<string, ResultRun>();
  for (const r of results) {
    const key = `${r.run.attributes.get('configname') ?? ''}\u0000${runNumberOf(r.run)}`;
    const had = byNumber.get(key);
    if (had === undefined || compareNames(had.run.runName, r.run.runName) < 0) byNumber.set(key, r);
  }
  const claimed = new Set<string>();
  const runs: JoinedRun[] = facts.map((f) => {
    const found =
      f.runName !== undefined && f.runName !== ''
        ? byName.get(f.runName)
        : f.status === 'ok'
          ? byNumber.get(`${f.config}\u0000${f.run}`)
          : undefined;
    const result = found && !claimed.has(found.run.runName) ? found : undefined;
    if (result) claimed.add(result.run.runName);
    return {
      config: f.config,
      runNumber: f.run,
      itervars: parseItervarsText(f.itervars),
      status: f.status,
      journaled: true,
      hasResults: result !== undefined,
      exitCode: f.exitCode,
      signal: f.signal,
      wallMs: f.wallMs,
      peakKiB: f.peakKiB,
      attempt: f.attempt,
      log: f.log,
      message: f.message ?? null,
      command: f.command ?? null,
      result,
    };
  });
  for (const r of results) {
    if (claimed.has(r.run.runName)) continue;
    runs.push({
      config: r.run.attributes.get('configname') ?? '',
      runNumber: runNumberOf(r.run),
      itervars: resultItervars(r.run),
      status: 'ok',
      journaled: false,
      hasResults: true,
      exitCode: null,
      signal: null,
      wallMs: null,
      peakKiB: null,
      attempt: null,
      log: null,
      message: null,
      command: null,
      result: r,
    });
  }
  return runs.sort(
    (a, b) =>
      compareNames(a.config, b.config) ||
      a.runNumber - b.runNumber ||
      compareNames(a.result?.run.runName ?? '', b.result?.run.runName ?? ''),
  );
}

/** The grid's rows: per config, one per value of the outermost iteration variable. */
export function gridGroups(runs: readonly ReportRun[]): GridGroup[] {
  const groups = new Map<string, { config: string; label: string; runs: number[] }>();
  runs.forEach((run, i) => {
    const outer = run.itervars.find(([k]) => k !== 'repetition');
    const label = outer ? `$${outer[0]}=${outer[1]}` : '';
    const key = `${run.config}\u0000${label}`;
    const g = groups.get(key);
    if (g) g.runs.push(i);
    else groups.set(key, { config: run.config, label, runs: [i] });
  });
  return [...groups.values()];
}

/** The runs' iteration variables without repetition, as a map. */
export const studyVars = (run: ReportRun): Map<string, string> =>
  new Map(run.itervars.filter(([k]) => k !== 'repetition'));
