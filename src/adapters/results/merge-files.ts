// Adding one text result file to a merged SQLite file: a .sca record by record, a .vec line by
// line in file order (no index needed: each vector's summary is collected on the way, as
// OMNeT++'s SQLite writer collects it while recording). Memory does not grow with the data.

import {
  ResultFileError,
  VectorFileParser,
  VectorSummaryCollector,
  formatG,
  separateItervarsFromAttrs,
  simtimeExpOf,
  simtimeToRaw,
  sortedMap,
  type MergeKind,
  type ResultItem,
  type ResultType,
  type RunInfo,
  type ScaRecord,
  type SimTime,
  type TextLine,
  type VectorIndexEntry,
} from '../../core/results/index.js';
import { loadResults } from './load.js';
import type { ResultDbWriter } from './result-db-writer.js';
import { readScalarBatches } from './text-files.js';
import { parseDigits, parseSimtimeRaw, parseValue, parsed, scanLines } from './vec-data-lines.js';

/** A run header with iteration variables separated from attributes (version 2 files). */
export function normalizeRun(run: RunInfo): RunInfo {
  const attrs = new Map(run.attributes);
  const itervars = new Map(run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  return { ...run, attributes: sortedMap(attrs), itervars: sortedMap(itervars) };
}

/**
 * Adds the given runs of a text .sca (scalars, parameters, statistics, histograms), or all of
 * them; the headers of the runs added, in file order (one pass over the file).
 */
export async function addTextScalarFile(
  w: ResultDbWriter,
  path: string,
  runs: ReadonlySet<string> | 'all',
  /** Told of each item added, in the order added. */
  onItem?: (item: ResultItem) => void,
): Promise<RunInfo[]> {
  const ids = new Map<string, number>();
  const headers: RunInfo[] = [];
  for await (const batch of readScalarBatches(path)) for (const rec of batch) addRecord(rec);
  return headers;

  function addRecord(rec: ScaRecord): void {
    if (rec.type === 'run') {
      const name = rec.run.runName;
      if ((runs === 'all' || runs.has(name)) && !ids.has(name)) {
        const run = normalizeRun(rec.run);
        ids.set(name, w.addRun(run, simtimeExpOf(run)));
        headers.push(run);
      }
      return;
    }
    const runId = ids.get(rec.runName);
    if (runId === undefined) return;
    switch (rec.type) {
      case 'scalar':
        w.addScalar(runId, rec);
        break;
      case 'parameter':
        w.addParameter(runId, rec);
        break;
      case 'statistic':
      case 'histogram':
        w.addStatistic(runId, rec);
        break;
      case 'vector':
        return; // a vector declaration in a scalar file has no data here
    }
    onItem?.(rec);
  }
}

interface VectorState {
  readonly vectorId: number;
  readonly entry: VectorIndexEntry;
  readonly summary: VectorSummaryCollector;
  /** Tab-separated fields of the vector's data lines: 4 for ETV, 3 for TV, 0 for others. */
  readonly fields: number;
}

// The common shape of data lines ("<id>\t<event>\t<time>\t<value>", as OMNeT++ writes them),
// parsed without the general tokenizer; any other line goes through VectorFileParser.
const ID = /^\d{1,9}$/;
const EVENT = /^\d{1,15}$/;
const TIME = /^(0|[1-9]\d{0,17})(?:\.(\d{0,17}[1-9]))?$/;
const VALUE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Where addTextVectorFile puts a .vec's run, vectors and data (a ResultDbWriter, or nothing). */
export interface VectorSink {
  nextVectorId(): number;
  addRun(run: RunInfo, simtimeExp: number): number;
  addVectorDatum(vectorId: number, eventNumber: number, raw: number | bigint, value: number): void;
  flushVectorData(): void;
  discardVectorData(): void;
  addVector(
    runId: number,
    vectorId: number,
    module: string,
    name: string,
    attributes: ReadonlyMap<string, string>,
    s: VectorSummaryCollector,
  ): void;
}

/** A sink that keeps nothing: reading a .vec into it checks every line of it. */
const CHECK_ONLY: VectorSink = {
  nextVectorId: () => 1,
  addRun: () => 1,
  addVectorDatum: () => undefined,
  flushVectorData: () => undefined,
  discardVectorData: () => undefined,
  addVector: () => undefined,
};

/** Reads a whole text .vec as a merge would, storing nothing; throws at its first bad line. */
export async function checkTextVectorFile(path: string, signal?: AbortSignal): Promise<boolean> {
  return addTextVectorFile(CHECK_ONLY, path, signal);
}

/**
 * Adds a text .vec: its run, and each vector that has data. A vector's id is the next free id
 * plus its position among the file's declarations, so vectors keep their declaration order
 * (declared vectors without data leave a gap: like opp_scavetool, which reads vectors through
 * the index, the merge leaves them out). Returns false when the file has no vector data.
 */
export async function addTextVectorFile(
  w: VectorSink,
  path: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const parser = new VectorFileParser(path);
  const base = w.nextVectorId();
  const vectors = new Map<number, VectorState>();
  const position = new Map<VectorIndexEntry, number>();
  let runId = -1;
  let exp = 0;

  const stateOf = (id: number): VectorState => {
    if (runId < 0) {
      const run = normalizeRun(parser.run);
      exp = simtimeExpOf(run);
      runId = w.addRun(run, exp);
    }
    const declared = parser.vectors;
    for (let i = position.size; i < declared.length; i++) {
      const e = declared[i];
      if (e !== undefined) position.set(e, i);
    }
    const entry = parser.vectorById(id);
    if (entry === undefined) throw new ResultFileError('Missing vector declaration', path);
    const v: VectorState = {
      vectorId: base + (position.get(entry) ?? 0),
      entry,
      summary: new VectorSummaryCollector(),
      fields: entry.columns === 'ETV' ? 4 : entry.columns === 'TV' ? 3 : 0,
    };
    vectors.set(id, v);
    return v;
  };
  const add = (v: VectorState, event: number, time: SimTime, value: number, line: number) => {
    const raw = simtimeToRaw(time, exp);
    if (raw === undefined)
      throw new ResultFileError(
        `simulation time ${time} cannot be stored with the run's time resolution (1e${exp}s)`,
        path,
        line,
      );
    v.summary.collect(event, raw, value);
    w.addVectorDatum(v.vectorId, event, raw, value);
  };
  /** A data line of a vector seen before, in the common shape; false for anything else. */
  const fast = (line: TextLine): boolean => {
    const t = line.text;
    const c = t.charCodeAt(0);
    if (c < 48 || c > 57 || !line.terminated) return false;
    const tab1 = t.indexOf('\t');
    if (tab1 < 0 || !ID.test(t.slice(0, tab1))) return false;
    const v = vectors.get(Number(t.slice(0, tab1)));
    if (v === undefined || v.fields === 0) return false;
    const tab2 = t.indexOf('\t', tab1 + 1);
    const tab3 = tab2 < 0 ? -1 : t.indexOf('\t', tab2 + 1);
    const etv = v.fields === 4;
    if (tab2 < 0 || (etv ? tab3 < 0 || t.includes('\t', tab3 + 1) : tab3 >= 0)) return false;
    const event = etv ? t.slice(tab1 + 1, tab2) : '';
    const time = etv ? t.slice(tab2 + 1, tab3) : t.slice(tab1 + 1, tab2);
    const value = t.slice((etv ? tab3 : tab2) + 1);
    if ((etv && !EVENT.test(event)) || !TIME.test(time) || !VALUE.test(value)) return false;
    add(v, etv ? Number(event) : -1, time, Number(value), line.lineNo);
    return true;
  };

  /**
   * The same as fast(), from the line's bytes: a data line of a vector seen before, in the
   * common shape, added without making strings; false (nothing done) for anything else.
   */
  const fastBytes = (data: Buffer, start: number, stop: number, lineNo: number): boolean => {
    const c = data[start] as number;
    if (c < 48 || c > 57) return false;
    parseDigits(data, start, stop, 9);
    let i = parsed.end;
    if (i < 0 || i >= stop || data[i] !== 9) return false;
    const v = vectors.get(parsed.value);
    if (v === undefined || v.fields === 0) return false;
    let event = -1;
    if (v.fields === 4) {
      parseDigits(data, i + 1, stop, 15);
      if (parsed.end < 0 || parsed.end >= stop || data[parsed.end] !== 9) return false;
      event = parsed.value;
      i = parsed.end;
    }
    const timeStart = i + 1;
    parseSimtimeRaw(data, timeStart, stop, -exp);
    const timeEnd = parsed.end;
    if (timeEnd < 0 || timeEnd >= stop || data[timeEnd] !== 9) return false;
    const raw = parsed.value;
    parseValue(data, timeEnd + 1, stop);
    if (parsed.end < 0) return false;
    if (raw < 0) add(v, event, data.toString('latin1', timeStart, timeEnd), parsed.value, lineNo);
    else {
      v.summary.collect(event, raw, parsed.value);
      w.addVectorDatum(v.vectorId, event, raw, parsed.value);
    }
    return true;
  };
  const slow = (line: TextLine): void => {
    if (fast(line)) return;
    const d = parser.pushLine(line);
    if (d === undefined) return;
    const v = vectors.get(d.vectorId) ?? stateOf(d.vectorId);
    add(v, d.datum.eventNumber, d.datum.simtime, d.datum.value, d.lineNo);
  };

  try {
    signal?.throwIfAborted();
    await scanLines(
      path,
      (data, start, stop, lineNo, offset) => {
        if (stop > start && fastBytes(data, start, stop, lineNo)) return;
        slow({ text: data.toString('utf8', start, stop), lineNo, offset, terminated: true });
      },
      slow,
      () => signal?.throwIfAborted(),
    );
    w.flushVectorData();
  } catch (e) {
    w.discardVectorData();
    throw e;
  }
  for (const v of [...vectors.values()].sort((a, b) => a.vectorId - b.vectorId))
    w.addVector(
      runId,
      v.vectorId,
      v.entry.module,
      v.entry.name,
      sortedMap(v.entry.attributes),
      v.summary,
    );
  return runId >= 0;
}

const TYPES: Record<MergeKind, readonly ResultType[]> = {
  scalar: ['parameter', 'scalar', 'statistic', 'histogram'],
  vector: ['vector'],
};

/**
 * What a file holds of one run, as comparable text: every item of the kind with its module,
 * name, attributes and values (doubles at 14 significant digits, as text files hold them;
 * vectors by their summary: count, min, max, first and last time). Used to tell a repeated
 * copy of a run from a different run under the same id.
 */
export async function runContents(file: string, runName: string, kind: MergeKind): Promise<string> {
  const { results } = await loadResults([file]);
  const g = (v: number): string => formatG(v, 14);
  const describe = (item: ResultItem): unknown[] => {
    const common = [item.type, item.module, item.name, [...item.attributes]];
    switch (item.type) {
      case 'scalar':
        return [...common, g(item.value)];
      case 'parameter':
        return [...common, item.value];
      case 'statistic':
      case 'histogram': {
        const s = item.statistics;
        const h = item.histogram;
        return [
          ...common,
          [s.count, s.min, s.max, s.sumWeights, s.sumWeightedValues].map(g),
          h && [h.binEdges.map(g), h.binValues.map(g), g(h.underflows), g(h.overflows)],
        ];
      }
      case 'vector': {
        const s = item.summary;
        return [
          ...common,
          s && [g(s.statistics.count), g(s.statistics.min), g(s.statistics.max)],
          s && [s.startTime, s.endTime],
        ];
      }
    }
  };
  const items = TYPES[kind].flatMap((t) => results.itemsOfRun(runName, t).map(describe));
  return JSON.stringify(items);
}
