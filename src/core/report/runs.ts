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

/** The files a run's results were read from, and those a journal record says its run wrote. */
export interface RunFiles {
  /** The files of a result run (by run id), as keys comparable with `ofFact`'s. */
  readonly ofRun: (runName: string) => readonly string[];
  /** The files a fact's run wrote, as they are still on disk (none for a runs.csv row). */
  readonly ofFact: (fact: RunFacts) => readonly string[];
}

/**
 * The facts of the runs whose results are at hand: a report of chosen result files covers those
 * runs, not every run of the journal found beside them. Each result run gets at most one fact and
 * each fact at most one result run, which the fact then names (its run id): a run is counted
 * once, whatever the journal says of other runs of the same number. A fact is a result run's
 * when its record lists the run's file as it is on disk, else when it names the run's id (a row
 * of runs.csv), else when it says a run of that config and number succeeded (files copied
 * elsewhere; the newest run id of that number first). A fact of a run that did not succeed is
 * not taken for a result file it does not list: that file comes from another run.
 */
export function factsOfResults(
  facts: readonly RunFacts[],
  results: readonly ResultRun[],
  files?: RunFiles,
): RunFacts[] {
  const names = new Set(results.map((r) => r.run.runName));
  const claimed = new Set<string>();
  const matched = new Map<RunFacts, string>();
  const claim = (f: RunFacts, runName: string): void => {
    claimed.add(runName);
    matched.set(f, runName);
  };
  if (files !== undefined) {
    const byFile = new Map<string, string>();
    for (const r of results)
      for (const file of files.ofRun(r.run.runName)) byFile.set(file, r.run.runName);
    for (const f of facts)
      for (const file of files.ofFact(f)) {
        const name = byFile.get(file);
        if (name !== undefined && !claimed.has(name) && !matched.has(f)) claim(f, name);
      }
  }
  for (const f of facts)
    if (!matched.has(f) && f.runName && names.has(f.runName) && !claimed.has(f.runName))
      claim(f, f.runName);
  const byNumber = new Map<string, string[]>();
  for (const r of results) {
    const key = `${r.run.attributes.get('configname') ?? ''}\u0000${runNumberOf(r.run)}`;
    byNumber.set(key, [...(byNumber.get(key) ?? []), r.run.runName]);
  }
  for (const list of byNumber.values()) list.sort((a, b) => compareNames(b, a));
  for (const f of facts) {
    if (matched.has(f) || f.runName || f.status !== 'ok') continue;
    const name = byNumber.get(`${f.config}\u0000${f.run}`)?.find((n) => !claimed.has(n));
    if (name !== undefined) claim(f, name);
  }
  return facts.flatMap((f) => {
    const runName = matched.get(f);
    return runName === undefined ? [] : [{ ...f, runName }];
  });
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
