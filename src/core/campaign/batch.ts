// Several runs of one configuration in one Cmdenv process, as opp_runall does (`-r 3,4,5`): the
// model is loaded and its NED files read once per batch rather than once per run. Cmdenv runs
// them one after another and opens each run's output with a line of its own, which is how the
// batch's output is told apart: each run gets its own log, exit status and result files.
//
// How a batch ends, run by run (Cmdenv's `cmdenv-stop-batch-on-error`, true by default, stops
// the batch at the first run that fails):
//   - a run whose output is followed by the next run's has ended: it succeeded unless its own
//     output holds OMNeT++'s error line;
//   - the last run that began takes the process's ending (exit status, signal, time limit);
//   - runs that never began are run again later, as if they had not been picked.

/** opp_runall's default: about runs/jobs per process, at most 5. */
export const MAX_AUTO_BATCH = 5;

/** Runs per process when the user chose none: opp_runall's rule. */
export function autoBatchSize(total: number, jobs: number): number {
  return Math.max(1, Math.min(MAX_AUTO_BATCH, Math.ceil(total / Math.max(1, jobs))));
}

/** The mean of the last `n` values added (undefined before the first). */
export function recentMean(n: number): { add(v: number): void; mean(): number | undefined } {
  const last: number[] = [];
  let sum = 0;
  return {
    add(v) {
      last.push(v);
      sum += v;
      if (last.length > n) sum -= last.shift() as number;
    },
    mean: () => (last.length === 0 ? undefined : sum / last.length),
  };
}

/** Runs shorter than this on average are not worth a batch shrunk for (see nextBatchSize). */
export const SHRINK_FROM_MS = 1000;

/**
 * The size of the next batch: at most `max`, and, while runs are long, at most the runs left
 * over twice the slots, so that batches shrink to single runs toward the end and the last runs
 * spread over every slot (opp_runall's fixed batches can leave a slot idle while one process
 * works through its runs). `runMs`: how long recent runs took on average (undefined: none has
 * ended yet). Runs shorter than SHRINK_FROM_MS keep whole batches to the end: a slot waits
 * little for the other's last runs, and each process more loads the model again (the aloha
 * sample's 42 runs of 0.05-0.25 s: 13 processes instead of 9 took ~0.15 s more CPU).
 */
export function nextBatchSize(
  max: number,
  left: number | undefined,
  slots: number,
  runMs?: number,
): number {
  if (left === undefined || (runMs !== undefined && runMs < SHRINK_FROM_MS))
    return Math.max(1, max);
  return Math.max(1, Math.min(max, Math.ceil(left / (2 * Math.max(1, slots)))));
}

/** How often a batch's output is looked at for the next run's start, at most and at least. */
export const BATCH_LOOK_MAX_MS = 250;
export const BATCH_LOOK_MIN_MS = 50;

/**
 * How often to look at a batch's output (ms), given how long recent runs took on average
 * (undefined: none has ended yet). A run is recorded and its results staged only once the next
 * one is seen to begin: with short runs (the aloha sample's 0.05-0.25 s) a look every 0.25 s
 * left the last few runs of each process to be staged after it ended, when it was the last
 * running and the other slot stood idle. A fifth of a run, from 50 ms to 250 ms: each look is a
 * read of what the process wrote since the last (a few tens of microseconds).
 */
export function batchLookMs(runMs: number | undefined): number {
  if (runMs === undefined) return BATCH_LOOK_MIN_MS;
  return Math.round(Math.min(BATCH_LOOK_MAX_MS, Math.max(BATCH_LOOK_MIN_MS, runMs / 5)));
}

/** How Cmdenv opens a run: `Preparing for running configuration C, run #N...` (or, with -s, `C run N: ...`). */
const VERBOSE_MARK = /^Preparing for running configuration (.*), run #(\d+)\.\.\.\s*$/;
const SILENT_MARK = /^(.*) run (\d+): .*\$repetition=/;

/** The line starts that may open a run (to find them fast in a large output). */
export const markPrefixes = (config: string): string[] => [
  'Preparing for running configuration ',
  `${config} run `,
];

/** The run number a line opens, if it is Cmdenv's first line of a run of `config`. */
export function runMarkOf(line: string, config: string): number | undefined {
  const m = VERBOSE_MARK.exec(line) ?? SILENT_MARK.exec(line);
  if (!m || m[1] !== config) return undefined;
  return Number(m[2]);
}

/** A run's output in the batch's output: from its first line's byte offset. */
export interface RunMark {
  readonly runNumber: number;
  readonly offset: number;
}
