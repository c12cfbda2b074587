// Mean and 95% confidence interval of a scalar over repetitions: mean ± t(0.975, n-1) · s/√n,
// with Student's t quantile computed from the closed-form CDF for integer degrees of freedom
// (Abramowitz & Stegun 26.7.3-4), so no table and no approximation for small samples.

export interface MeanCi {
  readonly n: number;
  readonly mean: number;
  /** Lower and upper end of the 95% interval; undefined for fewer than two values. */
  readonly lo: number | undefined;
  readonly hi: number | undefined;
  readonly min: number;
  readonly max: number;
}

/** P(|T| <= t) for Student's t with `df` degrees of freedom (A&S 26.7.3 and 26.7.4). */
export function studentTwoSidedCdf(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 1) {
    if (df === 1) return (2 * theta) / Math.PI;
    // sinθ·(cosθ + 2/3 cos³θ + (2·4)/(3·5) cos⁵θ + ... up to cos^(df-2)θ)
    let term = Math.cos(theta);
    let sum = term;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  // sinθ·(1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + ... up to cos^(df-2)θ)
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= (c2 * (k - 1)) / k;
    sum += term;
  }
  return s * sum;
}

const Z975 = 1.959963984540054;
const quantiles = new Map<number, number>();

/** The t value with P(|T| <= t) = 0.95 (the 97.5% quantile), for df >= 1. */
export function tQuantile95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom: ${df}`);
  // past this, A&S 26.7.5's first two terms are exact to 1e-8
  if (df > 5000) return Z975 * (1 + (Z975 * Z975 + 1) / (4 * df));
  const known = quantiles.get(df);
  if (known !== undefined) return known;
  let lo = 1.9;
  let hi = 13;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedCdf(mid, df) < 0.95) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  quantiles.set(df, t);
  return t;
}

/**
 * Mean, range and 95% interval of the finite values (NaN and infinities are left out). Values
 * whose sum or squared deviations overflow (near Number.MAX_VALUE) are scaled by a power of two
 * first, which is exact: the mean and interval are what the same arithmetic gives without
 * overflow, and ordinary values give the same results to the last bit.
 */
export function meanCi(values: readonly number[]): MeanCi | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  let spread = meanAndHalf(xs, 1);
  if (!Number.isFinite(spread.mean) || !Number.isFinite(spread.half)) {
    // 2^k near the largest magnitude (log2 of Number.MAX_VALUE rounds to 1024, and 2^1024 is
    // Infinity: at most 2^1023): the scaled values are below 2, their sums below 16n
    const top = Math.max(Math.abs(min), Math.abs(max));
    const scale = 2 ** Math.min(1023, Math.floor(Math.log2(top)));
    const scaled = meanAndHalf(xs, scale);
    spread = { mean: scaled.mean * scale, half: scaled.half * scale };
  }
  const { mean, half } = spread;
  if (n < 2) return { n, mean, lo: undefined, hi: undefined, min, max };
  return { n, mean, lo: mean - half, hi: mean + half, min, max };
}

/** The mean and the interval's half width (0 for one value) of the values divided by `scale`. */
function meanAndHalf(xs: readonly number[], scale: number): { mean: number; half: number } {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x / scale;
  const mean = sum / n;
  if (n < 2) return { mean, half: 0 };
  let ss = 0;
  for (const x of xs) ss += (x / scale - mean) ** 2;
  return { mean, half: tQuantile95(n - 1) * Math.sqrt(ss / (n - 1) / n) };
}
