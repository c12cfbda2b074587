// The V8 heap of a campaign. Node 24 lets the young generation grow with the machine's memory
// (two 64 MB semi-spaces on a 24 GiB machine), and a campaign of many runs grows it that far: the
// process then holds ~100 MB it does not use (a campaign of 100,000 runs: 361 MiB at its peak,
// of which 128 MB the young generation). `--max-semi-space-size` would cap it, but V8 reads that
// only as the process starts; the growth factor it reads each time the young generation is to
// grow, so setting it to 1 stops the growth from then on.

/** node:v8, loaded when first needed (not while a campaign starts). */
const v8 = (): typeof import('node:v8') => process.getBuiltinModule('node:v8');

/** The young generation's size (both semi-spaces) past which it is kept as it is. */
const YOUNG_CAP_BYTES = 32 << 20;

let capped = false;

/**
 * Stops the young generation from growing any further (for the rest of the process; a growth V8
 * had decided on already may still follow, seen once under load in tests).
 */
export function stopYoungGrowth(): void {
  if (capped) return;
  v8().setFlagsFromString('--semi-space-growth-factor=1');
  capped = true;
}

let calls = 0;

/**
 * Stops the young generation's growth once it has reached 32 MB (what `--max-semi-space-size=16`
 * gives). Called as each run ends; looks at the heap (~2 µs) every 16th call.
 */
export function capYoungGeneration(): void {
  if (capped || calls++ % 16 !== 0) return;
  const young = v8()
    .getHeapSpaceStatistics()
    .find((s) => s.space_name === 'new_space');
  if (young !== undefined && young.space_size >= YOUNG_CAP_BYTES) stopYoungGrowth();
}

/** V8's own collector, once exposed (null: it could not be). */
let collector: (() => void) | null | undefined;

/**
 * A full garbage collection now (V8's `gc()`, exposed for this once: `--expose-gc` takes effect
 * in contexts made after it is set). For a moment when a core stands idle anyway: the merge at a
 * campaign's end then starts with the runs' garbage gone, instead of V8 collecting it (an
 * incremental mark and a compaction, ~4-9 ms for the aloha sample) while every other core waits.
 * False when the collector could not be had.
 */
export function collectGarbage(): boolean {
  if (collector === undefined)
    try {
      v8().setFlagsFromString('--expose-gc');
      const vm = process.getBuiltinModule('node:vm');
      const gc: unknown = vm.runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collector = null;
    }
  if (collector === null) return false;
  collector();
  return true;
}
