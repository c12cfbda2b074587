// Spreading a campaign's runs over at most N shards (GitHub allows 256 jobs in a matrix).
// Without earlier durations, shards get contiguous slices of equal size (±1): neighbouring runs
// share a config and often a build, and a shard's runs read as a range. With durations from an
// earlier campaign's run index, runs are placed longest first on the least loaded shard (LPT,
// within 4/3 of the optimum), runs without a known duration counting as the median.

export const MAX_SHARDS = 256;

export interface ShardableRun {
  readonly key: string;
  readonly config: string;
  readonly runNumber: number;
}

export interface Shard<R extends ShardableRun = ShardableRun> {
  readonly index: number;
  readonly runs: R[];
  /** Sum of the expected durations (ms), when durations were known. */
  readonly expectedMs: number | undefined;
}

export function shardCount(runs: number, maxShards: number): number {
  if (!Number.isInteger(maxShards) || maxShards < 1 || maxShards > MAX_SHARDS)
    throw new RangeError(
      `max-shards must be a whole number from 1 to ${MAX_SHARDS}, not ${maxShards}`,
    );
  return Math.max(1, Math.min(maxShards, runs));
}

export function shardByCount<R extends ShardableRun>(
  runs: readonly R[],
  maxShards: number,
): Shard<R>[] {
  return countSlices(runs.length, maxShards).map(([from, to], index) => ({
    index,
    runs: runs.slice(from, to),
    expectedMs: undefined,
  }));
}

/** Where shardByCount cuts `runs` runs: each shard's [from, to). */
export function countSlices(runs: number, maxShards: number): [number, number][] {
  const n = shardCount(runs, maxShards);
  const base = Math.floor(runs / n);
  const extra = runs % n;
  const slices: [number, number][] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    slices.push([at, at + size]);
    at += size;
  }
  return slices;
}

export function shardByDuration<R extends ShardableRun>(
  runs: readonly R[],
  maxShards: number,
  durationMs: ReadonlyMap<string, number>,
): Shard<R>[] {
  const n = shardCount(runs.length, maxShards);
  const known = runs.map((r) => durationMs.get(r.key)).filter((d): d is number => d !== undefined);
  if (known.length === 0) return shardByCount(runs, maxShards);
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const order = runs
    .map((r, i) => ({ r, i, d: durationMs.get(r.key) ?? median }))
    .sort((a, b) => b.d - a.d || a.i - b.i);
  const loads = Array.from({ length: n }, (_, index) => ({
    index,
    load: 0,
    items: [] as { r: R; i: number }[],
  }));
  for (const item of order) {
    // least loaded shard; ties to the lowest index, so the result is deterministic
    let best = loads[0] as (typeof loads)[number];
    for (const s of loads) if (s.load < best.load) best = s;
    best.load += item.d;
    best.items.push(item);
  }
  return loads.map((s) => ({
    index: s.index,
    runs: s.items.sort((a, b) => a.i - b.i).map((x) => x.r),
    expectedMs: Math.round(s.load),
  }));
}

/** A shard's run numbers by config (each config's sorted, once each), from the plan's runs. */
export function runNumbersByConfig(
  runs: readonly (readonly [string, number, string])[],
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [config, run] of runs) {
    let list = out.get(config);
    if (list === undefined) out.set(config, (list = []));
    list.push(run);
  }
  for (const [config, list] of out)
    out.set(
      config,
      [...new Set(list)].sort((a, b) => a - b),
    );
  return out;
}

/** Sorted run numbers as a run list OMNeT++'s -r takes (`0..99,120`); '' for none. */
export function runListText(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const from = sorted[i] as number;
    let to = from;
    while (i + 1 < sorted.length && sorted[i + 1] === to + 1) to = sorted[++i] as number;
    i++;
    parts.push(from === to ? String(from) : `${from}..${to}`);
  }
  return parts.join(',');
}
