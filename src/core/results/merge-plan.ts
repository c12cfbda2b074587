// Which runs of which input files a merge adds, and in what order. Runs are identified by their
// run id (OMNeT++ puts the config, run number, date, time and process id in it, so one id means
// one execution). Each merged file keeps its own set: a run goes into the scalar file with the
// first input that has its scalars, parameters or statistics, and into the vector file with the
// first input that has its vectors.

import { compareNames, type RunInfo } from './model.js';
import { compareRunKeys, runSortKey, type RunSortKey } from './run-order.js';

export type MergeKind = 'scalar' | 'vector';

export interface ScannedRun {
  readonly runName: string;
  /** The run header when known (for the first run of a text file, and every SQLite run). */
  readonly header?: RunInfo | undefined;
  readonly kinds: readonly MergeKind[];
}

/** An input file as a quick look at it (its headers, not its data) describes it. */
export interface ScannedInput {
  readonly file: string;
  readonly runs: readonly ScannedRun[];
}

export interface PlannedFile {
  readonly file: string;
  /** The runs to add from this file, per kind. */
  readonly scalar: ReadonlySet<string>;
  readonly vector: ReadonlySet<string>;
}

export interface RunInFile {
  readonly file: string;
  readonly runName: string;
  readonly kind: MergeKind;
}

export interface MergePlan {
  /** Files with something to add, in the order to add them. */
  readonly files: readonly PlannedFile[];
  /** Runs already in the merged file of their kind: not added again. */
  readonly present: readonly RunInFile[];
  /** Runs that an earlier input of the plan already provides: `first` names that input. */
  readonly repeated: ReadonlyArray<RunInFile & { readonly first: string }>;
}

const NO_KEY: RunSortKey = { config: '\uffff', runNumber: Number.MAX_SAFE_INTEGER, runName: '' };

/**
 * Plans a merge. Inputs are taken in the order given; files are then added in the order of the
 * first run each adds (config, run number, run id), so that a merge of one-run-per-file inputs
 * lists its runs in that order.
 */
export function planMerge(
  inputs: readonly ScannedInput[],
  alreadyMerged: Readonly<Record<MergeKind, ReadonlySet<string>>>,
): MergePlan {
  const firstSource: Record<MergeKind, Map<string, string>> = {
    scalar: new Map(),
    vector: new Map(),
  };
  const present: RunInFile[] = [];
  const repeated: Array<RunInFile & { first: string }> = [];
  const planned: Array<PlannedFile & { key: RunSortKey }> = [];
  for (const input of inputs) {
    const add: Record<MergeKind, Set<string>> = { scalar: new Set(), vector: new Set() };
    let key: RunSortKey | undefined;
    for (const run of input.runs)
      for (const kind of run.kinds) {
        const entry = { file: input.file, runName: run.runName, kind };
        const first = firstSource[kind].get(run.runName);
        if (alreadyMerged[kind].has(run.runName)) present.push(entry);
        else if (first !== undefined) repeated.push({ ...entry, first });
        else {
          firstSource[kind].set(run.runName, input.file);
          add[kind].add(run.runName);
          const k = run.header ? runSortKey(run.header) : { ...NO_KEY, runName: run.runName };
          if (key === undefined || compareRunKeys(k, key) < 0) key = k;
        }
      }
    if (key !== undefined)
      planned.push({ file: input.file, scalar: add.scalar, vector: add.vector, key });
  }
  planned.sort((a, b) => compareRunKeys(a.key, b.key) || compareNames(a.file, b.file));
  return {
    files: planned.map(({ file, scalar, vector }) => ({ file, scalar, vector })),
    present,
    repeated,
  };
}
