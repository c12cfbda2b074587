// Why a run failed, in the model's own words, and failures grouped by that cause: 42 runs that
// all say `Class "aloha::Server" not found` are one problem, not 42 lines of "exit status 1".
import { compareNames } from '../results/model.js';
import type { RunStatus } from './journal.js';

/** OMNeT++'s error line (Cmdenv prints it to stderr, after an empty line). */
const ERROR_LINE = /^\s*<!> Error:?\s*(.*\S)/;

/** Cmdenv's own lines around a run: never the cause of a failure. */
const CMDENV_CHROME =
  /^(End\.|\*\* Event #|\s+Speed:|\s+Messages:|<!> Simulation time limit reached|<!> Warning|Calling finish\(\)|Running simulation\.\.\.|Initializing\.\.\.|OMNeT\+\+ Discrete Event Simulation|Version: |See the license |Setting up Cmdenv\.\.\.|Loading NED files from |Preparing for running configuration |Assigned runID=|Setting up network |Scenario: |Run statistics:)/;

/**
 * A run's text as a terminal or GitHub may show it: control characters but newline and tab
 * (ESC of a colour or a window title, BEL, CR, DEL, C1's CSI) as `\x1b`, so that a model's
 * output cannot change the user's terminal. The logs keep the bytes as they were.
 */
export const visible = (s: string): string =>
  s.replace(
    // eslint-disable-next-line no-control-regex
    /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );

/** The longest cause kept: a cause is one line of a summary, not a log. */
const MAX_CAUSE = 500;

/** What a run's output says about why it failed. */
export interface FailureCause {
  readonly text: string;
  /** The model (OMNeT++) reported an error: not a crash from outside, never worth a retry. */
  readonly modelError: boolean;
  /** OMNeT++ was stopped by a SIGTERM or SIGINT from outside (it exits with status 2). */
  readonly terminated?: boolean;
}

/** What Cmdenv prints when a SIGTERM or SIGINT stops it (then finish(), then exit status 2). */
const TERMINATED = /^\s*<!> (SIGINT or SIGTERM received.*\S)/;

/** With debug-on-errors=true, OMNeT++ prints `<!> MESSAGE`, then this, then raises SIGTRAP. */
const TRAPPING = /^TRAPPING on the exception above/;
const TRAPPED_ERROR = /^\s*<!> (.*\S)/;

/**
 * The cause of a failure from the end of a run's output: the first `<!> Error:` line (its text
 * after the marker), or the `<!>` line that debug-on-errors traps on, else the last line that is
 * not Cmdenv's own (stdout and stderr share the log, so "the last line the program wrote" stands
 * for its last stderr line). `tail` may begin inside a line; that fragment is not used.
 */
export function failureCause(tail: string, fromStart: boolean): FailureCause | undefined {
  const lines = tail.split('\n');
  if (!fromStart) lines.shift();
  let last: string | undefined;
  let marked: string | undefined;
  for (const line of lines) {
    const m = ERROR_LINE.exec(line);
    if (m) return { text: clip(m[1] as string), modelError: true };
    const term = TERMINATED.exec(line);
    if (term) return { text: clip(term[1] as string), modelError: false, terminated: true };
    if (TRAPPING.test(line) && marked !== undefined)
      return { text: clip(marked), modelError: true };
    const t = TRAPPED_ERROR.exec(line);
    if (t && !CMDENV_CHROME.test(line)) marked = t[1];
    const text = line.trim();
    if (text !== '' && !CMDENV_CHROME.test(line)) last = text;
  }
  return last === undefined ? undefined : { text: clip(last), modelError: false };
}

/** A cause cut to its start, saying where the rest is. */
const clip = (s: string): string =>
  s.length > MAX_CAUSE ? `${s.slice(0, MAX_CAUSE - 1)}… (cut: all of it is in the run's log)` : s;

/** A failure message with its cause: `exit status 1: Class "aloha::Server" not found -- ...`. */
export const withCause = (message: string, cause: string | undefined): string =>
  cause === undefined ? message : `${message}: ${cause}`;

/** GNU time, which measures a run's peak memory, could not start the program (exit 127). */
const CANNOT_RUN = /^(?:\S*\/)?time: (cannot run .*)$/;

/**
 * Signals a program raises itself after its own error: abort(), debug-on-errors' trap (GNU
 * time's numbers are named by the process adapter, 5 and 6 included).
 */
const SELF_RAISED = new Set(['SIGTRAP', 'SIGABRT']);

/**
 * The verdict on a failed or crashed run, in the light of what its output says: the cause joins
 * the message; a program that could not be started is a `spawn-error`; a SIGTRAP or SIGABRT
 * that follows the model's own error is that error (`failed`: a deterministic failure, not
 * retried), not a crash from outside.
 */
export function explainFailure(
  verdict: { readonly status: RunStatus; readonly message?: string },
  signal: string | null,
  cause: FailureCause | undefined,
): { status: RunStatus; message?: string } {
  if (cause === undefined || verdict.message === undefined) return verdict;
  // killed from outside (an administrator, a scheduler): a crash, worth a retry, not the model's
  if (cause.terminated && verdict.status === 'failed')
    return { status: 'crashed', message: `stopped from outside: ${cause.text}` };
  const notRun = CANNOT_RUN.exec(cause.text);
  if (verdict.status === 'failed' && notRun) return { status: 'spawn-error', message: notRun[1] };
  if (
    verdict.status === 'crashed' &&
    cause.modelError &&
    signal !== null &&
    SELF_RAISED.has(signal)
  )
    return {
      status: 'failed',
      message: `${signal} after the model's error: ${cause.text}`,
    };
  return { status: verdict.status, message: withCause(verdict.message, cause.text) };
}

/**
 * What failures are grouped by: the message up to OMNeT++'s first " -- " (the context that
 * follows it, such as `-- in module (...) at t=0.5s, event #3`, differs from run to run).
 */
export const messageHead = (message: string): string => {
  const cut = message.indexOf(' -- ');
  return cut === -1 ? message : message.slice(0, cut);
};

export interface FailureLike {
  readonly status: RunStatus;
  readonly message?: string | null | undefined;
}

export interface FailureGroup<T> {
  readonly status: RunStatus;
  /** The shared cause, e.g. `exit status 1: Class "aloha::Server" not found`. */
  readonly head: string;
  readonly runs: readonly T[];
}

/**
 * Failures with the same status and message head, largest group first (then in the order the
 * runs come, which callers keep deterministic).
 */
export function groupFailures<T extends FailureLike>(runs: readonly T[]): FailureGroup<T>[] {
  const groups = new Map<string, { status: RunStatus; head: string; runs: T[]; first: number }>();
  runs.forEach((r, i) => {
    const head = messageHead(r.message ?? '');
    const key = `${r.status}\u0000${head}`;
    const g = groups.get(key);
    if (g) g.runs.push(r);
    else groups.set(key, { status: r.status, head, runs: [r], first: i });
  });
  return [...groups.values()]
    .sort((a, b) => b.runs.length - a.runs.length || a.first - b.first)
    .map(({ status, head, runs: members }) => ({ status, head, runs: members }));
}

/** "42 runs: failed: exit status 1: Class "aloha::Server" not found" (one run: no count). */
export function describeGroup(g: FailureGroup<unknown>): string {
  const what = g.head === '' ? g.status : `${g.status}: ${g.head}`;
  return g.runs.length === 1 ? what : `${g.runs.length} runs: ${what}`;
}

/** What a summary names a run by. */
export interface NamedRun {
  readonly config: string;
  readonly run: number;
  readonly itervars: string;
}

/** Config name, then run number: the order summaries list runs in. */
export const compareRuns = (a: NamedRun, b: NamedRun): number =>
  compareNames(a.config, b.config) || a.run - b.run;

export const runLabel = (r: NamedRun): string => `${r.config} #${r.run} (${r.itervars})`;

/** "A #1 (...); A #2 (...); and 40 more": the first few runs of a group. */
export function someRuns<T extends NamedRun>(
  runs: readonly T[],
  name: (r: T) => string = runLabel,
  shown = 5,
): string {
  const more = runs.length - shown;
  return runs.slice(0, shown).map(name).join('; ') + (more > 0 ? `; and ${more} more` : '');
}
