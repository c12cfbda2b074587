// The records OMNeT++ result files hold, as typed values. Names and semantics follow
// OMNeT++ 6.1's result file manager (src/scave/resultitems.h, src/common/statistics.cc).

import type { SimTime } from './simtime.js';

/** name -> value, iterated in OMNeT++'s std::map order (byte order of the UTF-8 names). */
export type AttributeMap = ReadonlyMap<string, string>;

/** A simulation run: its id ("runName"), attributes, iteration variables, config entries. */
export interface RunInfo {
  readonly runName: string;
  readonly attributes: AttributeMap;
  readonly itervars: AttributeMap;
  /** Config entries in file order; keys may repeat (one entry per ini line that applied). */
  readonly configEntries: ReadonlyArray<readonly [string, string]>;
}

interface ResultItemBase {
  readonly runName: string;
  readonly module: string;
  readonly name: string;
  readonly attributes: AttributeMap;
  /** The file the item was read from, as the caller named it. */
  readonly file: string;
  /** Line of the item's first line in a text file (undefined for SQLite). */
  readonly line?: number | undefined;
}

export interface ScalarResult extends ResultItemBase {
  readonly type: 'scalar';
  readonly value: number;
}

export interface ParameterResult extends ResultItemBase {
  readonly type: 'parameter';
  /** The value as written (NED expression text; string values keep their quotes). */
  readonly value: string;
}

/**
 * Summary statistics in OMNeT++'s representation (common/statistics.h). For unweighted
 * statistics sumWeights = sumSquaredWeights = count, sumWeightedValues is the sum and
 * sumWeightedSquaredValues the sum of squares.
 */
export interface Statistics {
  readonly weighted: boolean;
  /** int64 in OMNeT++; -1 when unknown. */
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sumWeights: number;
  readonly sumWeightedValues: number;
  readonly sumSquaredWeights: number;
  readonly sumWeightedSquaredValues: number;
}

/** Histogram bins: n+1 edges for n bins, plus the under- and overflow weights. */
export interface Histogram {
  readonly binEdges: readonly number[];
  readonly binValues: readonly number[];
  readonly underflows: number;
  readonly overflows: number;
}

/** A `statistic` (type 'statistic'), or one with histogram bins (type 'histogram'). */
export interface StatisticResult extends ResultItemBase {
  readonly type: 'statistic' | 'histogram';
  readonly statistics: Statistics;
  /** Present for type 'histogram'. */
  readonly histogram?: Histogram | undefined;
}

/** What an index (.vci, or the SQLite vector table) knows about a vector's data. */
export interface VectorSummary {
  readonly statistics: Statistics;
  readonly startEventNum: number;
  readonly endEventNum: number;
  readonly startTime: SimTime;
  readonly endTime: SimTime;
}

/** A vector's declaration; its data is read separately (see VectorDataSource). */
export interface VectorResult extends ResultItemBase {
  readonly type: 'vector';
  /** The vector id in its file (text: the declaration's id; SQLite: vectorId). */
  readonly vectorId: number;
  /** Data columns: E = event number, T = simulation time, V = value (text default "TV"). */
  readonly columns: string;
  readonly summary?: VectorSummary | undefined;
}

export type ResultItem = ScalarResult | ParameterResult | StatisticResult | VectorResult;
export type ResultType = ResultItem['type'];

/** One vector data point. */
export interface VectorDatum {
  /** -1 when the vector has no event number column. */
  readonly eventNumber: number;
  /** Exact simulation time (decimal text, as OMNeT++ prints it). */
  readonly simtime: SimTime;
  readonly value: number;
}

// --- Statistics, computed as common/statistics.cc does ------------------------------------

export function makeUnweightedStatistics(
  count: number,
  min: number,
  max: number,
  sum: number,
  sumSquares: number,
): Statistics {
  return {
    weighted: false,
    count,
    min,
    max,
    sumWeights: count,
    sumWeightedValues: sum,
    sumSquaredWeights: count,
    sumWeightedSquaredValues: sumSquares,
  };
}

export function makeWeightedStatistics(
  count: number,
  min: number,
  max: number,
  sumWeights: number,
  sumWeightedValues: number,
  sumSquaredWeights: number,
  sumWeightedSquaredValues: number,
): Statistics {
  return {
    weighted: true,
    count,
    min,
    max,
    sumWeights,
    sumWeightedValues,
    sumSquaredWeights,
    sumWeightedSquaredValues,
  };
}

export const statisticsMean = (s: Statistics): number => s.sumWeightedValues / s.sumWeights;

export function statisticsVariance(s: Statistics): number {
  if (s.count <= 1) return NaN;
  if (s.min === s.max) return 0;
  const v = s.weighted
    ? (s.sumWeights * s.sumWeightedSquaredValues - s.sumWeightedValues * s.sumWeightedValues) /
      (s.sumWeights * s.sumWeights - s.sumSquaredWeights)
    : (s.sumWeightedSquaredValues - (s.sumWeightedValues * s.sumWeightedValues) / s.sumWeights) /
      (s.sumWeights - 1);
  return v < 0 ? 0 : v;
}

export const statisticsStddev = (s: Statistics): number => Math.sqrt(statisticsVariance(s));

/** Adds another block's statistics (Statistics::adjoin). */
export function adjoinStatistics(a: Statistics, b: Statistics): Statistics {
  return {
    weighted: a.weighted,
    count: a.count + b.count,
    min: a.min < b.min ? a.min : b.min,
    max: a.max > b.max ? a.max : b.max,
    sumWeights: a.sumWeights + b.sumWeights,
    sumWeightedValues: a.sumWeightedValues + b.sumWeightedValues,
    sumSquaredWeights: a.sumSquaredWeights + b.sumSquaredWeights,
    sumWeightedSquaredValues: a.sumWeightedSquaredValues + b.sumWeightedSquaredValues,
  };
}

/** Statistics of nothing yet (Statistics::clear()). */
export const EMPTY_STATISTICS: Statistics = {
  weighted: false,
  count: 0,
  min: Infinity,
  max: -Infinity,
  sumWeights: 0,
  sumWeightedValues: 0,
  sumSquaredWeights: 0,
  sumWeightedSquaredValues: 0,
};

/** Statistics::makeInvalid(): what a vector has when no index is known. */
export const INVALID_STATISTICS: Statistics = {
  weighted: false,
  count: -1,
  min: NaN,
  max: NaN,
  sumWeights: NaN,
  sumWeightedValues: NaN,
  sumSquaredWeights: NaN,
  sumWeightedSquaredValues: NaN,
};

// --- Ordering ------------------------------------------------------------------------------

/** Compares strings by code point, i.e. the byte order of their UTF-8 encodings. */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // surrogates (U+D800..U+DFFF) encode code points above U+FFFF: they sort after all others
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** True when the map's names are in sortedMap's order (and so sortedMap would copy it as it is). */
export function inNameOrder(m: ReadonlyMap<string, string>): boolean {
  if (m.size < 2) return true;
  let last: string | undefined;
  for (const k of m.keys()) {
    if (last !== undefined && compareNames(last, k) >= 0) return false;
    last = k;
  }
  return true;
}

/** A map sorted by name, as OMNeT++'s StringMap iterates. */
export function sortedMap(entries: Iterable<readonly [string, string]>): Map<string, string> {
  const m = new Map<string, string>();
  let sorted = true;
  let last: string | undefined;
  for (const [k, v] of entries) {
    // in order already (most are: none or one entry, or read back sorted): no second map
    if (sorted && last !== undefined && !m.has(k) && compareNames(last, k) > 0) sorted = false;
    m.set(k, v);
    if (last === undefined || compareNames(last, k) < 0) last = k;
  }
  return sorted ? m : new Map([...m].sort((x, y) => compareNames(x[0], y[0])));
}
