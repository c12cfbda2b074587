// Adding one text result file to a merged SQLite file: a .sca record by record, a .vec line by
// line in file order (no index needed: each vector's summary is collected on the way, as
// OMNeT++'s SQLite writer collects it while recording). Memory does not grow with the data.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  ResultFileError,
  RunCsvRows,
  ScalarFileParser,
  TokenizeError,
  VectorFileParser,
  VectorSummaryCollector,
  formatG,
  normalizeRun,
  parseCDouble,
  simtimeExpOf,
  simtimeToRaw,
  sortedMap,
  type MergeKind,
  storedRunCsvOfRows,
  tokenizeLine,
  decodeLine,
  decodeLines,
  type AttributeMap,
  type ResultItem,
  type ResultType,
  type RunCsv,
  type RunInfo,
  type ScaRecord,
  type SimTime,
  type StatisticResult,
  type TextLine,
  type VectorIndexEntry,
} from '../../core/results/index.js';
import { isSqliteHeader } from '../../core/campaign/outcome.js';
import { loadResults } from './load.js';
import type { ResultDbWriter } from './result-db-writer.js';
import { readScalarBatches } from './text-files.js';
import { parseDigits, parseSimtimeRaw, parseValue, parsed, scanLines } from './vec-data-lines.js';

/** A file the one-run path does not take (see addOneRunScalarFile). */
class NotOneRunFile extends Error {}

/** Larger files are read in chunks by addTextScalarFile, which lets other events in between. */
const ONE_RUN_MAX_BYTES = 4 << 20;

/**
 * addTextScalarFile for the common case, a .sca of one run as OMNeT++ writes it, and that run's
 * part of scalars.csv (storedRunCsv's), in one pass that makes no record of each scalar and
 * parameter: their rows go to the writer and to the export as their lines are read. The run
 * header and each statistic are read by ScalarFileParser itself, and every line is split by
 * tokenizeLine, so the rows are those addTextScalarFile adds. Undefined, with nothing added, for
 * any other file (several runs, a line out of place, a CR, a BOM, a file of over 4 MiB...):
 * addTextScalarFile then reads it and says what is wrong with it.
 */
export function addOneRunScalarFile(
  w: ResultDbWriter,
  path: string,
): { readonly run: RunInfo; readonly csv: RunCsv | undefined } | 'sqlite' | undefined {
  let text: string;
  try {
    const bytes = readSmallFile(path);
    if (bytes === undefined) return undefined;
    // (what isSqliteFile says of it: no further look at the file's format is needed)
    if (bytes.length >= 100 && isSqliteHeader(bytes)) return 'sqlite';
    text = decodeLines(bytes);
  } catch {
    return undefined;
  }
  // lines end in LF only, the last one too; no BOM
  if (!text.endsWith('\n') || text.includes('\r') || text.charCodeAt(0) === 0xfeff)
    return undefined;
  try {
    return w.transaction(() => addOneRunLines(w, path, text.split('\n')));
  } catch (e) {
    if (e instanceof NotOneRunFile || e instanceof ResultFileError || e instanceof TokenizeError)
      return undefined;
    throw e;
  }
}

/** The whole of a file of up to ONE_RUN_MAX_BYTES; undefined for a larger one (not read). */
function readSmallFile(path: string): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > ONE_RUN_MAX_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

const NOT_ONE_RUN = new NotOneRunFile('not a .sca of one run as OMNeT++ writes it');

/** The first token of a line (what tokenizeLine gives first), most often without splitting it. */
function firstToken(line: string): string | undefined {
  let c = line.charCodeAt(0);
  if (c === 32 || c === 9 || c === 34) return tokenizeLine(line)[0];
  let end = 0;
  while (end < line.length && (c = line.charCodeAt(end)) !== 32 && c !== 9) end++;
  return end === 0 ? undefined : line.slice(0, end);
}

/**
 * tokenizeLine of a line with no quote, no tab and single spaces between its tokens (most are):
 * split at its spaces; undefined for any other line.
 */
function splitPlain(line: string): string[] | undefined {
  if (line.includes('"') || line.includes('\t')) return undefined;
  const t = line.split(' ');
  for (let k = 0; k < t.length; k++) if ((t[k] as string).length === 0) return undefined;
  return t;
}

/** The header lines a run may have before its first result. */
const RUN_HEADER = new Set(['version', 'run', 'attr', 'itervar', 'config', 'param']);

function addOneRunLines(
  w: ResultDbWriter,
  path: string,
  lines: string[],
): { run: RunInfo; csv: RunCsv | undefined } {
  const n = lines.length - 1; // the last is the empty text after the last LF
  // the run header, up to the first result's line, and then each statistic, read by the parser
  const parser = new ScalarFileParser(path);
  const records: ScaRecord[] = [];
  let runs = 0;
  let i = 0;
  for (; i < n; i++) {
    const line = lines[i] as string;
    const first = firstToken(line);
    if (first === 'scalar' || first === 'par' || first === 'statistic') break;
    if (first === 'run' && ++runs > 1) throw NOT_ONE_RUN;
    if (first !== undefined && first.charCodeAt(0) !== 35 && !RUN_HEADER.has(first))
      throw NOT_ONE_RUN;
    parser.pushLineInto(records, line);
  }
  parser.completeItem(records);
  const rec = records[0];
  if (records.length !== 1 || rec?.type !== 'run') throw NOT_ONE_RUN;
  const run = normalizeRun(rec.run);
  const runId = w.addRun(run, simtimeExpOf(run));
  const rows = new RunCsvRows(run.runName);
  const statistics: StatisticResult[] = [];

  // the scalar or parameter being read (its attribute lines follow it)
  let kind: 'scalar' | 'parameter' | undefined;
  let module = '';
  let name = '';
  let scalarValue = 0;
  let paramValue = '';
  const attrs: Array<[string, string]> = [];
  const endItem = (): void => {
    if (kind === undefined) return;
    const a: AttributeMap = attrs.length === 0 ? NO_ATTRIBUTES : sortedMap(attrs);
    if (kind === 'scalar') {
      w.addScalarOf(runId, module, name, scalarValue, a);
      rows.scalar(module, name, scalarValue, a);
    } else {
      w.addParameterOf(runId, module, name, paramValue, a);
      rows.parameter(module, name, paramValue, a);
    }
    kind = undefined;
    attrs.length = 0;
  };

  while (i < n) {
    const line = lines[i] as string;
    const first = firstToken(line);
    if (first === 'statistic') {
      endItem();
      // a statistic with its field, bin and attribute lines, read by the parser itself
      records.length = 0;
      parser.pushLineInto(records, line);
      for (i++; i < n; i++) {
        const f = firstToken(lines[i] as string);
        if (
          f !== undefined &&
          f !== 'field' &&
          f !== 'bin' &&
          f !== 'attr' &&
          f.charCodeAt(0) !== 35
        )
          break;
        parser.pushLineInto(records, lines[i] as string);
      }
      parser.completeItem(records);
      const item = records[0];
      if (records.length !== 1 || (item?.type !== 'statistic' && item?.type !== 'histogram'))
        throw NOT_ONE_RUN;
      w.addStatistic(runId, item);
      statistics.push(item);
      continue;
    }
    i++;
    if (first === undefined || first.charCodeAt(0) === 35) continue; // empty, or a comment
    const t = splitPlain(line) ?? tokenizeLine(line);
    if (first === 'attr') {
      if (kind === undefined || t.length !== 3) throw NOT_ONE_RUN;
      attrs.push([t[1] as string, t[2] as string]);
      continue;
    }
    endItem();
    if (t.length !== 4) throw NOT_ONE_RUN;
    module = t[1] as string;
    name = t[2] as string;
    if (first === 'scalar') {
      const v = parseCDouble(t[3] as string);
      if (v === undefined) throw NOT_ONE_RUN;
      kind = 'scalar';
      scalarValue = v;
    } else if (first === 'par') {
      kind = 'parameter';
      paramValue = t[3] as string;
    } else throw NOT_ONE_RUN;
  }
  endItem();
  return { run, csv: storedRunCsvOfRows(run, rows, statistics) };
}

const NO_ATTRIBUTES: AttributeMap = new Map();

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
 * Adds a text .vec: its run, and each vector it declares, with its data. A vector's id is the
 * next free id plus its position among the file's declarations, so vectors keep their
 * declaration order. Returns false when the file declares no vector.
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
        slow({ text: decodeLine(data, start, stop), lineNo, offset, terminated: true });
      },
      slow,
      () => signal?.throwIfAborted(),
    );
    w.flushVectorData();
  } catch (e) {
    w.discardVectorData();
    throw e;
  }
  // vectors declared but never written: kept, as OMNeT++'s own SQLite writer keeps them (count
  // 0, event numbers and times 0) and opp_scavetool lists them from the .vci
  for (const entry of parser.vectors)
    if (!vectors.has(entry.vectorId)) {
      const v = stateOf(entry.vectorId);
      v.summary.startEventNum = 0;
      v.summary.endEventNum = 0;
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
export async function runContents(
  file: string,
  runName: string,
  kind: MergeKind,
): Promise<{ readonly header: string; readonly items: string }> {
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
  // its attributes and iteration variables too: a run of one name with other values (a run of
  // another campaign that happens to share the name) is no duplicate
  const run = results.getRun(runName);
  return {
    header: JSON.stringify(run && [[...run.attributes], [...run.itervars]]),
    items: JSON.stringify(items),
  };
}
