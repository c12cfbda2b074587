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

/**
 * The size of the next batch: at most `max`, and at most the runs left over twice the slots, so
 * that batches shrink to single runs toward the end and the last runs spread over every slot
 * (opp_runall's fixed batches can leave a slot idle while one process works through its runs).
 */
export function nextBatchSize(max: number, left: number | undefined, slots: number): number {
  if (left === undefined) return Math.max(1, max);
  return Math.max(1, Math.min(max, Math.ceil(left / (2 * Math.max(1, slots)))));
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
