// The order merged datasets and exports list runs in. OMNeT++'s own order (the Run objects'
// addresses, see result-set.ts orderRuns) is not reproducible; this one is: by config name, then
// run number (numerically, so run 10 comes after run 9), then run id (which holds the start
// date and time, so reruns of one run number come oldest first).

import { compareNames, type RunInfo } from './model.js';

export interface RunSortKey {
  readonly config: string;
  /** -1 when the run has no (integer) runnumber attribute. */
  readonly runNumber: number;
  readonly runName: string;
}

export function runSortKey(run: RunInfo): RunSortKey {
  const n = Number(run.attributes.get('runnumber') ?? '');
  return {
    config: run.attributes.get('configname') ?? '',
    runNumber: Number.isSafeInteger(n) && n >= 0 ? n : -1,
    runName: run.runName,
  };
}

export function compareRunKeys(a: RunSortKey, b: RunSortKey): number {
  return (
    compareNames(a.config, b.config) ||
    a.runNumber - b.runNumber ||
    compareNames(a.runName, b.runName)
  );
}

/** The runs sorted by config name, run number and run id (a new array). */
export function sortRunsForOutput<T extends RunInfo>(runs: readonly T[]): T[] {
  return runs
    .map((run) => ({ run, key: runSortKey(run) }))
    .sort((x, y) => compareRunKeys(x.key, y.key))
    .map((x) => x.run);
}
