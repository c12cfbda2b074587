// The loaded contents of a set of result files, organized as OMNeT++ 6.1's ResultFileManager
// does (src/scave/resultfilemanager.cc): runs are shared between files; each (file, run) pair
// is a "file run" holding that file's items of that run. Vector data is not held here: a
// VectorDataSource reads it on demand.

import { ResultFileError, runConflict } from './errors.js';
import type { ResultFilter } from './filter.js';
import {
  sortedMap,
  type ParameterResult,
  type ResultItem,
  type ResultType,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
  type VectorDatum,
  type VectorResult,
} from './model.js';

/** Reads a vector's data, in batches, in file order. */
export interface VectorDataSource {
  readVectorData(vector: VectorResult): AsyncIterable<readonly VectorDatum[]>;
}

export interface FileRun {
  readonly file: string;
  readonly runName: string;
  readonly parameters: readonly ParameterResult[];
  readonly scalars: readonly ScalarResult[];
  /** type 'statistic' */
  readonly statistics: readonly StatisticResult[];
  /** type 'histogram' */
  readonly histograms: readonly StatisticResult[];
  readonly vectors: readonly VectorResult[];
}

interface MutableFileRun extends FileRun {
  readonly parameters: ParameterResult[];
  readonly scalars: ScalarResult[];
  readonly statistics: StatisticResult[];
  readonly histograms: StatisticResult[];
  readonly vectors: VectorResult[];
}

/**
 * How a file's run header combines with what is already known about the run:
 * - 'keep-first': text .sca (and unindexed text) files; an already known run keeps its header;
 * - 'replace': a .vec loaded through its index replaces the header;
 * - 'merge': SQLite files; attributes and itervars must agree, config entries are appended.
 */
export type RunMergePolicy = 'keep-first' | 'replace' | 'merge';

/** Item type order within a file run, as ResultFileManager::getItems() lists IDs. */
const TYPE_ORDER: readonly ResultType[] = [
  'parameter',
  'scalar',
  'statistic',
  'histogram',
  'vector',
];

export class ResultSet {
  private readonly runMap = new Map<string, RunInfo>();
  private readonly fileRunList: MutableFileRun[] = [];
  private readonly fileRunIndex = new Map<string, MutableFileRun>();
  private readonly fileList: string[] = [];
  private readonly fileRunsByRun = new Map<string, MutableFileRun[]>();

  /** Runs in the order they were first seen. */
  get runs(): readonly RunInfo[] {
    return [...this.runMap.values()];
  }

  getRun(runName: string): RunInfo | undefined {
    return this.runMap.get(runName);
  }

  /** File runs in creation order (files in load order, runs in file order). */
  get fileRuns(): readonly FileRun[] {
    return this.fileRunList;
  }

  get files(): readonly string[] {
    return this.fileList;
  }

  /**
   * All items in OMNeT++'s ID order: file run by file run, and within one parameters, scalars,
   * statistics, histograms, vectors. `types` keeps only the given types.
   */
  *items(types?: readonly ResultType[]): Generator<ResultItem> {
    const wanted = types ?? TYPE_ORDER;
    for (const fr of this.fileRunList) {
      for (const t of TYPE_ORDER) {
        if (!wanted.includes(t)) continue;
        yield* itemsOfType(fr, t);
      }
    }
  }

  /** Items of the given types, all of one type before the next (the order CSV-R writes). */
  *itemsByType(types: readonly ResultType[]): Generator<ResultItem> {
    for (const t of types) for (const fr of this.fileRunList) yield* itemsOfType(fr, t);
  }

  /**
   * Items of the given types run by run in the order of `runNames`; a run's items in ID order
   * (file run by file run, and within one in `types`' order).
   */
  *itemsOfRuns(runNames: readonly string[], types: readonly ResultType[]): Generator<ResultItem> {
    for (const name of runNames)
      for (const fr of this.fileRunsOf(name)) for (const t of types) yield* itemsOfType(fr, t);
  }

  /** The file runs of one run, in creation order. */
  fileRunsOf(runName: string): readonly FileRun[] {
    return this.fileRunsByRun.get(runName) ?? [];
  }

  /** Items of one run and type, in ID order (IDList::filterByRun()). */
  itemsOfRun(runName: string, type: ResultType): ResultItem[] {
    return this.fileRunsOf(runName).flatMap((fr) => itemsOfType(fr, type));
  }

  /** Runs that have at least one item of the given types (getUniqueRuns), in creation order. */
  runsWithItems(types?: readonly ResultType[]): RunInfo[] {
    const wanted = types ?? TYPE_ORDER;
    const names = new Set<string>();
    for (const fr of this.fileRunList)
      if (wanted.some((t) => itemsOfType(fr, t).length > 0)) names.add(fr.runName);
    return [...this.runMap.values()].filter((r) => names.has(r.runName));
  }

  // --- loading ---------------------------------------------------------------------------

  /** Registers a file; returns false when a file of that name is already loaded (it is skipped). */
  addFile(file: string): boolean {
    if (this.fileList.includes(file)) return false;
    this.fileList.push(file);
    return true;
  }

  /** Adds a run header read from `file`, combined with what is known as `policy` says. */
  addRun(file: string, run: RunInfo, policy: RunMergePolicy): void {
    const existing = this.runMap.get(run.runName);
    const key = fileRunKey(file, run.runName);
    if (existing === undefined || policy === 'replace') {
      this.runMap.set(run.runName, run);
      this.headerFrom.set(run.runName, file);
      this.addedFrom.delete(run.runName);
    } else if (policy === 'merge') {
      if (this.fileRunIndex.has(key))
        throw new ResultFileError('Non-unique runId in run table', file);
      this.runMap.set(run.runName, this.mergeRun(existing, run, file));
    }
    if (!this.fileRunIndex.has(key)) {
      const fr: MutableFileRun = {
        file,
        runName: run.runName,
        parameters: [],
        scalars: [],
        statistics: [],
        histograms: [],
        vectors: [],
      };
      this.fileRunList.push(fr);
      this.fileRunIndex.set(key, fr);
      const list = this.fileRunsByRun.get(run.runName);
      if (list) list.push(fr);
      else this.fileRunsByRun.set(run.runName, [fr]);
    }
  }

  /** The file each run's header came from (its first file, or the .vec that replaced it). */
  private readonly headerFrom = new Map<string, string>();
  /** Attributes (`a:name`) and itervars (`i:name`) a later file added to a run's header. */
  private readonly addedFrom = new Map<string, Map<string, string>>();

  /** `b` (from `file`) merged into `a`: attributes and itervars must agree. */
  private mergeRun(a: RunInfo, b: RunInfo, file: string): RunInfo {
    const from = (k: string): string =>
      this.addedFrom.get(a.runName)?.get(k) ?? this.headerFrom.get(a.runName) ?? '?';
    const added = (k: string): void => {
      let m = this.addedFrom.get(a.runName);
      if (m === undefined) this.addedFrom.set(a.runName, (m = new Map<string, string>()));
      m.set(k, file);
    };
    const merged = (
      kind: 'attribute' | 'itervar',
      ours: ReadonlyMap<string, string>,
      theirs: ReadonlyMap<string, string>,
    ): Map<string, string> => {
      const into = new Map(ours);
      const key = (k: string): string => `${kind === 'attribute' ? 'a' : 'i'}:${k}`;
      for (const [k, v] of theirs) {
        const old = into.get(k);
        if (old === undefined) added(key(k));
        else if (old !== v)
          throw new ResultFileError(
            runConflict(a.runName, kind, k, v, old, `in ${from(key(k))}`),
            file,
          );
        into.set(k, v);
      }
      return into;
    };
    const attrs = merged('attribute', a.attributes, b.attributes);
    const itervars = merged('itervar', a.itervars, b.itervars);
    return {
      runName: a.runName,
      attributes: sortedMap(attrs),
      itervars: sortedMap(itervars),
      configEntries: [...a.configEntries, ...b.configEntries],
    };
  }

  /** Adds an item; its run must have been added from the same file. */
  addItem(item: ResultItem): void {
    const fr = this.fileRunIndex.get(fileRunKey(item.file, item.runName));
    if (fr === undefined)
      throw new ResultFileError(
        `line must be preceded by a 'run' line (no run '${item.runName}')`,
        item.file,
        item.line,
      );
    switch (item.type) {
      case 'parameter':
        fr.parameters.push(item);
        break;
      case 'scalar':
        fr.scalars.push(item);
        break;
      case 'statistic':
        fr.statistics.push(item);
        break;
      case 'histogram':
        fr.histograms.push(item);
        break;
      case 'vector':
        fr.vectors.push(item);
        break;
    }
  }
}

function itemsOfType(fr: FileRun, t: ResultType): readonly ResultItem[] {
  switch (t) {
    case 'parameter':
      return fr.parameters;
    case 'scalar':
      return fr.scalars;
    case 'statistic':
      return fr.statistics;
    case 'histogram':
      return fr.histograms;
    case 'vector':
      return fr.vectors;
  }
}

const fileRunKey = (file: string, runName: string): string => `${file}\u0000${runName}`;

/**
 * Orders runs for export. OMNeT++'s exporters list runs in the order of the Run objects'
 * memory addresses (a std::set<Run*>), which differs between invocations; this puts the runs
 * named in `order` first, in that order, and the others after them in load order.
 */
export function orderRuns(runs: readonly RunInfo[], order?: readonly string[]): RunInfo[] {
  if (order === undefined || order.length === 0) return [...runs];
  const rank = new Map(order.map((name, i) => [name, i]));
  const listed = runs.filter((r) => rank.has(r.runName));
  listed.sort((x, y) => (rank.get(x.runName) ?? 0) - (rank.get(y.runName) ?? 0));
  return [...listed, ...runs.filter((r) => !rank.has(r.runName))];
}

/** The results the filter selects, as a ResultSet of their own (runs keep all their metadata). */
export function filterResults(results: ResultSet, filter: ResultFilter): ResultSet {
  const out = new ResultSet();
  for (const fr of results.fileRuns) {
    const run = results.getRun(fr.runName);
    const items = [
      ...fr.parameters,
      ...fr.scalars,
      ...fr.statistics,
      ...fr.histograms,
      ...fr.vectors,
    ].filter((item) => filter(item, run));
    if (items.length === 0 || run === undefined) continue;
    out.addFile(fr.file);
    out.addRun(fr.file, run, 'keep-first');
    for (const item of items) out.addItem(item);
  }
  return out;
}

/** Runs in output order and a ResultSet holding (at least) their items. */
export interface ResultBatch {
  readonly runs: readonly RunInfo[];
  readonly results: ResultSet;
}

/**
 * Results as the exporters read them: batches of runs in output order, so that a reader of files
 * can hold a batch of runs at a time rather than the whole dataset.
 */
export interface BatchedResults {
  /** The result types that have at least one item. */
  readonly present: ReadonlySet<ResultType>;
  /**
   * The runs that have items of `types`, in output order, in batches; each batch's ResultSet has
   * their items of `types` when `need.items`, and their whole run info (config entries too)
   * when `need.runInfo`.
   */
  batches(
    types: readonly ResultType[],
    need: { readonly runInfo: boolean; readonly items: boolean },
  ): AsyncIterable<ResultBatch>;
}

/** Results as batches: a loaded ResultSet as one batch, its runs in `runOrder` (see orderRuns). */
export function inBatches(
  results: ResultSet | BatchedResults,
  runOrder?: readonly string[],
): BatchedResults {
  if (!(results instanceof ResultSet)) return results;
  const present = new Set<ResultType>();
  for (const fr of results.fileRuns)
    for (const t of TYPE_ORDER) if (itemsOfType(fr, t).length > 0) present.add(t);
  return {
    present,
    // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable, as a reader's
    async *batches(types) {
      yield { runs: orderRuns(results.runsWithItems(types), runOrder), results };
    },
  };
}
