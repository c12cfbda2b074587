// Result files read for an export in batches of runs in output order, so that memory does not
// grow with the number of runs: a first look at each file lists its runs (and checks what only
// the whole file can show); then each of the exporter's passes reads the files batch by batch,
// each batch into a ResultSet of its own, as loadResults reads the whole (same files, same order,
// same policies, so the same runs and items). SQLite files are read by batch (SqliteBatchReader);
// a text .vec (one run) is read through its index when its run's batch comes (the index of the
// first look, kept for the passes up to a bound); a text .sca (one run, or thousands merged or
// concatenated) is read whole once for where each run's sections are, then section by section
// (readScalarRanges).

import { statSync } from 'node:fs';
import {
  ResultSet,
  compareRunKeys,
  filterResults,
  runSortKey,
  type BatchedResults,
  type ResultBatch,
  type ResultFilter,
  type ResultType,
  type RunSortKey,
  type VectorDataSource,
  type VectorResult,
} from '../../core/results/index.js';
import { FileVectorDataSource, resultFileFormat, vectorFileRecords } from './load.js';
import { openDatabase, type Database } from './sqlite-api.js';
import { SqliteBatchReader, sqliteRunHeads } from './sqlite-files.js';
import { readScalarRanges, scanScalarSections, type ScaRange } from './text-files.js';
import { loadVectorIndex, type LoadedVectorIndex } from './vector-files.js';

/** Runs per batch: enough for few queries, few enough for a small heap (a run's items as read
 * take ~0.5 MB of transient memory: 20 runs peak at ~150 MB, 100 at ~235 MB). */
const BATCH_RUNS = 20;
/** More SQLite files than this are loaded whole (each is kept open between passes). */
const MAX_SQLITE_FILES = 64;
/**
 * The text .vec indexes kept from the first look for the passes, up to this many blocks in all
 * (a block's entry: ~0.3 KB): a .vec without a .vci is indexed by reading it whole (aloha's 42
 * runs: 36 MB), once instead of once a pass; the .vec files past it are indexed again each pass.
 */
const KEPT_INDEX_BLOCKS = 100_000;

const TYPES: readonly ResultType[] = ['parameter', 'scalar', 'statistic', 'histogram', 'vector'];
const maskOf = (types: Iterable<ResultType>): number => {
  let m = 0;
  for (const t of types) m |= 1 << TYPES.indexOf(t);
  return m;
};

interface InputFile {
  readonly path: string;
  readonly db?: Database;
  reader?: SqliteBatchReader;
  /** A text .sca (read section by section). */
  readonly text?: boolean;
  /** A text .vec's index, from the first look (see KEPT_INDEX_BLOCKS). */
  index?: LoadedVectorIndex;
}

/** A text .vec's records (run header, vectors) through its kept index, or a new one. */
async function* vecRecords(input: InputFile, data?: FileVectorDataSource) {
  yield* vectorFileRecords(
    input.path,
    input.index ?? (await loadVectorIndex(input.path, input.path)),
    data,
  );
}

interface RunFile {
  readonly file: number;
  readonly runId: number;
  mask: number;
  /** Its sections in a text .sca, in file order. */
  readonly ranges?: ScaRange[];
}

interface RunEntry {
  readonly runName: string;
  /** configname and runnumber, as the policies of loadResults leave them. */
  readonly keyAttrs: Map<string, string>;
  key?: RunSortKey;
  /** The types it has items of, in all its files. */
  mask: number;
  /** Its files (by index), with its run id in each SQLite one and its types there. */
  readonly files: RunFile[];
  batch: number;
}

export interface BatchedFiles {
  readonly results: BatchedResults;
  readonly data: VectorDataSource;
  /** Runs with items, and items. */
  readonly runs: number;
  readonly items: number;
  close(): void;
}

/**
 * The files (as collectMergeInputs lists them) as batched results, or undefined when there are
 * many SQLite files (load them whole).
 */
export async function readResults(
  files: readonly string[],
  batchRuns = BATCH_RUNS,
  filter?: ResultFilter,
  wholeTextBelow = 0,
  keptIndexBlocks = KEPT_INDEX_BLOCKS,
): Promise<BatchedFiles | undefined> {
  const inputs: InputFile[] = [];
  const close = (): void => {
    for (const f of inputs) f.db?.close();
  };
  try {
    return await read(files, batchRuns, inputs, close, filter, wholeTextBelow, keptIndexBlocks);
  } catch (e) {
    close();
    throw e;
  }
}

async function read(
  files: readonly string[],
  batchRuns: number,
  inputs: InputFile[],
  close: () => void,
  filter: ResultFilter | undefined,
  wholeTextBelow: number,
  keptIndexBlocks: number,
): Promise<BatchedFiles | undefined> {
  const formats = [];
  for (const f of files) formats.push(await resultFileFormat(f));
  if (formats.filter((f) => f === 'sqlite').length > MAX_SQLITE_FILES) return undefined;
  // text .sca files (no SQLite one) under 2 MB load whole at less CPU than their sections
  // read batch by batch (aloha's 42 runs: ~0.1 s), in little memory all the same
  if (wholeTextBelow > 0 && formats.includes('text') && !formats.includes('sqlite')) {
    let bytes = 0;
    for (const [i, f] of files.entries()) if (formats[i] === 'text') bytes += statSync(f).size;
    if (bytes < wholeTextBelow) return undefined;
  }

  const runs = new Map<string, RunEntry>();
  const entry = (runName: string): RunEntry => {
    let e = runs.get(runName);
    if (e === undefined)
      runs.set(runName, (e = { runName, keyAttrs: new Map(), mask: 0, files: [], batch: 0 }));
    return e;
  };
  let items = 0;
  let keptBlocks = 0;
  for (const [i, path] of files.entries()) {
    if (formats[i] === 'sqlite') {
      const db = openDatabase(path, 'read');
      inputs.push({ path, db });
      const heads = sqliteRunHeads(db, path);
      items += heads.items;
      for (const h of heads.runs) {
        const e = entry(h.runName);
        // 'merge': the attributes add up (a conflict is an error when the batch is read)
        for (const [k, v] of h.attributes) e.keyAttrs.set(k, v);
        const mask = maskOf(h.types);
        e.mask |= mask;
        e.files.push({ file: i, runId: h.runId, mask });
      }
    } else if (formats[i] === 'text') {
      inputs.push({ path, text: true });
      // a text .sca: its runs' sections, a run's header kept from where it was first met
      // ('keep-first')
      for await (const section of scanScalarSections(path)) {
        const known = runs.has(section.run.runName);
        const e = entry(section.run.runName);
        if (!known)
          for (const k of ['configname', 'runnumber']) {
            const v = section.run.attributes.get(k);
            if (v !== undefined) e.keyAttrs.set(k, v);
          }
        let f = e.files.find((x) => x.file === i);
        if (f === undefined) e.files.push((f = { file: i, runId: 0, mask: 0, ranges: [] }));
        const { start, end, firstLineNo } = section;
        f.ranges?.push({ start, end, firstLineNo });
        const mask = maskOf(section.types);
        f.mask |= mask;
        e.mask |= mask;
        items += section.items;
      }
    } else {
      // a .vec: one run, its header replacing what is known ('replace'); its index kept for
      // the passes while they stay under keptIndexBlocks in all
      const index = await loadVectorIndex(path, path);
      const blocks = index.index.blocks.length;
      const keep = keptBlocks + blocks <= keptIndexBlocks;
      if (keep) keptBlocks += blocks;
      inputs.push(keep ? { path, index } : { path });
      let e: RunEntry | undefined;
      let count = 0;
      for (const r of vectorFileRecords(path, index))
        if (r.type === 'run') {
          e = entry(r.run.runName);
          e.keyAttrs.clear();
          for (const k of ['configname', 'runnumber']) {
            const v = r.run.attributes.get(k);
            if (v !== undefined) e.keyAttrs.set(k, v);
          }
        } else count++;
      if (e !== undefined) {
        const mask = count > 0 ? maskOf(['vector']) : 0;
        e.mask |= mask;
        e.files.push({ file: i, runId: 0, mask });
        items += count;
      }
    }
  }

  // the runs with items in output order, in batches
  const ordered = [...runs.values()].filter((e) => e.mask !== 0);
  for (const e of ordered)
    e.key = runSortKey({
      runName: e.runName,
      attributes: e.keyAttrs,
      itervars: new Map(),
      configEntries: [],
    });
  ordered.sort((a, b) => compareRunKeys(a.key as RunSortKey, b.key as RunSortKey));
  ordered.forEach((e, i) => (e.batch = Math.floor(i / batchRuns)));
  const batches: RunEntry[][] = [];
  for (const e of ordered) (batches[e.batch] ??= []).push(e);
  for (const [i, input] of inputs.entries())
    if (input.db !== undefined) {
      const batchOf = new Map<number, number>();
      for (const e of ordered)
        for (const f of e.files) if (f.file === i) batchOf.set(f.runId, e.batch);
      input.reader = new SqliteBatchReader(input.db, input.path, batchOf);
    }
  await checkSharedRuns(ordered, inputs);
  runs.clear();

  let data = new FileVectorDataSource();
  /** Set once the filter's pass has found which runs have items it selects, of which types. */
  let filtering: ResultFilter | undefined;

  async function* batched(
    types: readonly ResultType[],
    need: { readonly runInfo: boolean; readonly items: boolean },
  ): AsyncGenerator<ResultBatch> {
    const wanted = maskOf(types);
    const loaded = new Set(need.items ? types : []);
    for (const [b, batch] of batches.entries()) {
      const own = batch.filter((e) => (e.mask & wanted) !== 0);
      if (own.length === 0) continue;
      // the files to read: all of the batch's runs' files for their run info (a filter looks at
      // it), else those that have items of `types` (in a text .sca, those runs' sections)
      const runInfo = need.runInfo || filtering !== undefined;
      const read = new Set<number>();
      const ranges = new Map<number, ScaRange[]>();
      for (const e of own)
        for (const f of e.files)
          if (runInfo || (f.mask & wanted) !== 0) {
            read.add(f.file);
            if (f.ranges !== undefined) {
              const list = ranges.get(f.file);
              if (list === undefined) ranges.set(f.file, [...f.ranges]);
              else list.push(...f.ranges);
            }
          }
      const results = new ResultSet();
      data = new FileVectorDataSource();
      for (const i of [...read].sort((x, y) => x - y)) {
        const input = inputs[i] as InputFile;
        results.addFile(input.path);
        if (input.reader !== undefined) {
          const contents = input.reader.read(b, loaded, runInfo);
          data.register(input.path, {
            kind: 'sqlite',
            path: input.path,
            simtimeExps: contents.simtimeExps,
          });
          for (const run of contents.runs) results.addRun(input.path, run, 'merge');
          for (const item of contents.items) results.addItem(item);
        } else if (input.text === true) {
          const inOrder = (ranges.get(i) ?? []).sort((x, y) => x.start - y.start);
          for await (const records of readScalarRanges(input.path, inOrder, {
            headerOnly: !need.items,
            types: loaded,
          }))
            for (const r of records)
              if (r.type === 'run') results.addRun(input.path, r.run, 'keep-first');
              else if (loaded.has(r.type)) results.addItem(r);
        } else
          for await (const r of vecRecords(input, data))
            if (r.type === 'run') results.addRun(input.path, r.run, 'replace');
            else if (loaded.has(r.type)) results.addItem(r);
      }
      // (a filter selects items: a pass for run info only has none to select)
      const selected =
        filtering !== undefined && need.items ? filterResults(results, filtering) : results;
      const runsOf = own.flatMap((e) => selected.getRun(e.runName) ?? []);
      yield { runs: runsOf, results: selected };
    }
  }

  if (filter !== undefined) {
    // a pass over every batch for the items the filter selects: which runs have some, of which
    // types, how many (the CSV-R header and the first rows depend on them)
    const kept = new Map<string, number>();
    items = 0;
    for await (const { runs: own, results } of batched(TYPES, { runInfo: true, items: true }))
      for (const run of own) {
        let mask = 0;
        for (const item of results.itemsOfRuns([run.runName], TYPES))
          if (filter(item, run)) {
            mask |= 1 << TYPES.indexOf(item.type);
            items++;
          }
        kept.set(run.runName, mask);
      }
    for (const e of ordered) e.mask = kept.get(e.runName) ?? 0;
    filtering = filter;
  }
  const present = new Set(TYPES.filter((t) => ordered.some((e) => (e.mask & maskOf([t])) !== 0)));

  return {
    results: { present, batches: batched },
    // the vector data of the batch being written
    data: { readVectorData: (v: VectorResult) => data.readVectorData(v) },
    runs: ordered.filter((e) => e.mask !== 0).length,
    items,
    close,
  };
}

/**
 * The run info of each run that an SQLite file merges into what earlier files said of it, merged
 * now in file order as its batch will merge it (a .vec's header replacing what came before, a
 * text .sca's kept when it came first), so that files disagreeing on a run's attributes or
 * iteration variables are an error before any row is written, not after the earlier batches
 * went out.
 */
async function checkSharedRuns(ordered: readonly RunEntry[], inputs: readonly InputFile[]) {
  const shared = ordered.filter((e) =>
    e.files.some((f, k) => k > 0 && inputs[f.file]?.reader !== undefined),
  );
  for (const b of new Set(shared.map((e) => e.batch))) {
    const own = shared.filter((e) => e.batch === b);
    const names = new Set(own.map((e) => e.runName));
    const files = new Set(own.flatMap((e) => e.files.map((f) => f.file)));
    const check = new ResultSet();
    for (const i of [...files].sort((x, y) => x - y)) {
      const input = inputs[i] as InputFile;
      if (input.reader !== undefined) {
        for (const run of input.reader.read(b, new Set(), false).runs)
          if (names.has(run.runName)) check.addRun(input.path, run, 'merge');
      } else if (input.text === true) {
        const ranges = own
          .flatMap((e) => e.files.filter((f) => f.file === i).flatMap((f) => f.ranges ?? []))
          .sort((x, y) => x.start - y.start);
        for await (const records of readScalarRanges(input.path, ranges, { headerOnly: true }))
          for (const r of records)
            if (r.type === 'run') check.addRun(input.path, r.run, 'keep-first');
      } else
        for await (const r of vecRecords(input))
          if (r.type === 'run') {
            check.addRun(input.path, r.run, 'replace');
            break; // a .vec of one run: its header is all that is needed
          }
    }
  }
}
