// How long the runs took: a histogram of wall times with round bin widths, and the slowest runs.

import type { DurationHistogram, ReportRun } from './model.js';

const MAX_SLOWEST = 10;

/** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `x`. */
export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Wall times in about √n bins (5 to 40) of a round width; null when no duration is known. */
export function durationHistogram(runs: readonly ReportRun[]): DurationHistogram | null {
  const ms = runs.map((r) => r.wallMs).filter((v): v is number => v !== null && v >= 0);
  if (ms.length === 0) return null;
  const min = ms.reduce((a, b) => (b < a ? b : a));
  const max = ms.reduce((a, b) => (b > a ? b : a));
  const bins = Math.min(40, Math.max(5, Math.ceil(Math.sqrt(ms.length))));
  const width = Math.max(1, niceStep((max - min) / bins));
  const start = Math.floor(min / width) * width;
  const n = Math.max(1, Math.floor((max - start) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const v of ms) {
    const i = Math.min(n - 1, Math.floor((v - start) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const edges = Array.from({ length: n + 1 }, (_, i) => roundMs(start + i * width));
  return { edges, counts };
}

/** Binary rounding noise off (0.1 + 0.2) so edges print as the round numbers they are. */
const roundMs = (v: number): number => Number(v.toPrecision(12));

/** Indexes of the longest-running runs, longest first (ties in run order). */
export function slowestRuns(runs: readonly ReportRun[], max = MAX_SLOWEST): number[] {
  return runs
    .map((r, i) => ({ i, ms: r.wallMs }))
    .filter((x): x is { i: number; ms: number } => x.ms !== null)
    .sort((a, b) => b.ms - a.ms || a.i - b.i)
    .slice(0, max)
    .map((x) => x.i);
}
