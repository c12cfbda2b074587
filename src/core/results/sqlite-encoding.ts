// How values are stored in OMNeT++'s SQLite result files (src/common/sqlitescalarfilewriter.cc,
// sqlitevectorfilewriter.cc): simulation times as int64 mantissas of the run's time scale,
// statistics with their derived mean and stddev, histograms as (lowerEdge, value) rows with the
// underflows under -inf and the overflows under the last edge, vectors with summary columns.

import {
  makeUnweightedStatistics,
  makeWeightedStatistics,
  statisticsMean,
  statisticsStddev,
  type Histogram,
  type RunInfo,
  type StatisticResult,
  type Statistics,
} from './model.js';
import type { SimTime } from './simtime.js';

/** OMNeT++'s default `simtime-resolution` (ps). */
export const DEFAULT_SIMTIME_EXP = -12;

const UNIT_EXP: Readonly<Record<string, number>> = {
  s: 0,
  ms: -3,
  us: -6,
  ns: -9,
  ps: -12,
  fs: -15,
  as: -18,
};

/**
 * The time scale exponent a run used, from its `simtime-resolution` config entry (a unit such
 * as `ns`, a power-of-ten multiple such as `100ps`, or an exponent such as `-9`) or the older
 * `simtime-scale`; OMNeT++'s default (-12) when neither is recorded or the value is not one of
 * those forms. Text result files do not record the exponent otherwise.
 */
export function simtimeExpOf(run: RunInfo): number {
  for (const [key, raw] of run.configEntries) {
    if (key !== 'simtime-resolution' && key !== 'simtime-scale') continue;
    const value = raw.trim();
    const exp = /^-?\d+$/.test(value) ? Number(value) : undefined;
    if (exp !== undefined && exp >= -18 && exp <= 0) return exp;
    const m = /^(1|10|100)?\s*(s|ms|us|ns|ps|fs|as)$/.exec(value);
    if (m) {
      const e = (UNIT_EXP[m[2] ?? ''] ?? 0) + (m[1] ?? '1').length - 1;
      if (e <= 0) return e;
    }
    return DEFAULT_SIMTIME_EXP;
  }
  return DEFAULT_SIMTIME_EXP;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * A simulation time (as the parsers produce it: BigDecimal text) as the int64 mantissa for
 * scale 10^exp: a number when it fits in 15 digits, else a bigint. Undefined when the time is
 * special (NaN, infinite, "Nil"), has more decimals than the scale holds, or overflows int64.
 */
export function simtimeToRaw(t: SimTime, exp: number): number | bigint | undefined {
  const decimals = -exp;
  const negative = t.charCodeAt(0) === 45; // '-'
  const first = t.charCodeAt(negative ? 1 : 0);
  if (first < 48 || first > 57) return undefined; // NaN, +Inf, -Inf, Nil
  const dot = t.indexOf('.');
  const fracDigits = dot < 0 ? 0 : t.length - dot - 1;
  if (fracDigits > decimals) return undefined;
  const intDigits = (dot < 0 ? t.length : dot) - (negative ? 1 : 0);
  if (intDigits + decimals <= 15) {
    // below 10^15 the product is within 0.25 of the exact mantissa: rounding recovers it
    const raw = Math.round(Number(t) * 10 ** decimals);
    return raw === 0 ? 0 : raw;
  }
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const digits = dot < 0 ? t : t.slice(0, dot) + t.slice(dot + 1);
  const raw = BigInt(digits) * 10n ** BigInt(decimals - fracDigits);
  return raw > INT64_MAX || raw < INT64_MIN ? undefined : raw;
}

/** The columns of a `statistic` row after runId, moduleName, statName, in schema order. */
export interface StatisticRow {
  readonly isHistogram: 0 | 1;
  readonly isWeighted: 0 | 1;
  readonly statCount: number;
  readonly statMean: number;
  readonly statStddev: number;
  readonly statSum: number | null;
  readonly statSqrsum: number | null;
  readonly statMin: number;
  readonly statMax: number;
  readonly statWeights: number | null;
  readonly statWeightedSum: number | null;
  readonly statSqrSumWeights: number | null;
  readonly statWeightedSqrSum: number | null;
}

/** A statistic as OMNeT++'s writer stores it: sums in the unweighted or the weighted columns. */
export function statisticRow(item: StatisticResult): StatisticRow {
  const s = item.statistics;
  return {
    isHistogram: item.type === 'histogram' ? 1 : 0,
    isWeighted: s.weighted ? 1 : 0,
    statCount: s.count,
    statMean: statisticsMean(s),
    statStddev: statisticsStddev(s),
    statSum: s.weighted ? null : s.sumWeightedValues,
    statSqrsum: s.weighted ? null : s.sumWeightedSquaredValues,
    statMin: s.min,
    statMax: s.max,
    statWeights: s.weighted ? s.sumWeights : null,
    statWeightedSum: s.weighted ? s.sumWeightedValues : null,
    statSqrSumWeights: s.weighted ? s.sumSquaredWeights : null,
    statWeightedSqrSum: s.weighted ? s.sumWeightedSquaredValues : null,
  };
}

/** histogramBin rows: (-inf, underflows), (edge_i, value_i) for each bin, (last edge, overflows). */
export function histogramBinRows(h: Histogram): Array<readonly [number, number]> {
  if (h.binEdges.length === 0) return [];
  const rows: Array<readonly [number, number]> = [[-Infinity, h.underflows]];
  h.binValues.forEach((v, i) => rows.push([h.binEdges[i] ?? NaN, v]));
  rows.push([h.binEdges[h.binValues.length] ?? NaN, h.overflows]);
  return rows;
}

/** The statistics a stored `statistic` row holds (its sums from the weighted or the unweighted columns). */
export function statisticsFromRow(
  r: Pick<
    StatisticRow,
    | 'isWeighted'
    | 'statCount'
    | 'statMin'
    | 'statMax'
    | 'statSum'
    | 'statSqrsum'
    | 'statWeights'
    | 'statWeightedSum'
    | 'statSqrSumWeights'
    | 'statWeightedSqrSum'
  >,
  num: (v: number | null) => number,
): Statistics {
  return r.isWeighted
    ? makeWeightedStatistics(
        num(r.statCount),
        num(r.statMin),
        num(r.statMax),
        num(r.statWeights),
        num(r.statWeightedSum),
        num(r.statSqrSumWeights),
        num(r.statWeightedSqrSum),
      )
    : makeUnweightedStatistics(
        num(r.statCount),
        num(r.statMin),
        num(r.statMax),
        num(r.statSum),
        num(r.statSqrsum),
      );
}

/** The histogram stored as `histogramBin` rows in ascending edge order (see histogramBinRows). */
export function histogramFromBinRows(rows: ReadonlyArray<readonly [number, number]>): Histogram {
  return {
    binEdges: rows.slice(1).map((r) => r[0]),
    binValues: rows.slice(1, -1).map((r) => r[1]),
    underflows: rows.length > 0 ? (rows[0]?.[1] ?? 0) : 0,
    overflows: rows.length > 0 ? (rows[rows.length - 1]?.[1] ?? 0) : 0,
  };
}

/** The summary columns of a `vector` row, collected over its data as OMNeT++'s writer does. */
export class VectorSummaryCollector {
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  sumSqr = 0;
  startEventNum = -1;
  endEventNum = -1;
  startRaw: number | bigint = 0;
  endRaw: number | bigint = 0;

  collect(eventNumber: number, raw: number | bigint, value: number): void {
    if (this.count === 0) {
      this.startEventNum = eventNumber;
      this.startRaw = raw;
    }
    this.endEventNum = eventNumber;
    this.endRaw = raw;
    this.count++;
    // as Statistics::collect() compares (a NaN value makes min and max NaN)
    this.min = this.min < value ? this.min : value;
    this.max = this.max > value ? this.max : value;
    this.sum += value;
    this.sumSqr += value * value;
  }
}
