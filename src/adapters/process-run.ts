// Runs one simulation as its own process group, with its output in a log file, a timeout that
// kills the whole group (a simulation's helpers included), and its exit recorded exactly.
// The log file is the child's stdout and stderr themselves (as `> log 2>&1` in a shell): no
// output passes through this process, so output of any size or shape (100 MB without a newline)
// costs no memory or time here, and a helper that keeps the output open cannot hold the run.
import { spawn } from 'node:child_process';
import {
  type LaunchExit,
  type LaunchRequest,
  type ProcessLauncher,
  signalName,
} from './process-launcher.js';
import { readHead } from './file-ends.js';
import { spawnable } from './raw-argv.js';
import { isTooManyOpenFiles, TooManyOpenFilesError } from './open-files.js';
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';

/** What to run (command, arguments, folder, environment, log file) and how long. */
export interface ProcessSpec extends LaunchRequest {
  readonly timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when stopping the group. */
  readonly killGraceMs?: number;
  /** How often the log's newest lines are passed to `onLine` (default 1 s). */
  readonly lineIntervalMs?: number;
  /**
   * Whether one of the `peers` has exited or is exiting, asked as the process's exit is seen
   * here (the launcher looks at them itself as it reaps the process, a moment sooner).
   */
  readonly peersEnding?: () => boolean;
}

export type ProcessStatus = 'exited' | 'signaled' | 'timeout' | 'spawn-error' | 'interrupted';

export interface ProcessOutcome {
  readonly status: ProcessStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  /** Peak resident memory of the simulation process, where it could be measured. */
  readonly peakKiB: number | undefined;
  readonly error?: string;
  /**
   * When the run's end began (performance.now()): when it was told to stop (a timeout, Ctrl-C),
   * else when its exit was seen. What dies after it (a helper whose peer went away) did not cause it.
   */
  readonly endedAt?: number;
  /** Whether one of the spec's `peers` had exited or was exiting when its exit was seen. */
  readonly peersEnding?: boolean;
}

const GNU_TIME = '/usr/bin/time';
let gnuTimeWorks: boolean | undefined;

function canUseGnuTime(): boolean {
  if (gnuTimeWorks === undefined) gnuTimeWorks = existsSync(GNU_TIME);
  return gnuTimeWorks;
}

export interface RunHandle {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessOutcome>;
  /** Stops the run's whole process group (Ctrl-C of the campaign). */
  stop(): void;
  /** Stops it for having run out of time (a limit kept by the caller). */
  timeOut(): void;
}

/** Lines of the log further back than this are not looked at for progress. */
const TAIL_BYTES = 8192;

/**
 * The complete lines written to `path` since `offset` (at most the last TAIL_BYTES of them), and
 * the offset after the last one: how a running simulation's progress lines are read.
 */
export function newLines(path: string, offset: number): { lines: string[]; offset: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { lines: [], offset };
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return { lines: [], offset: Math.min(offset, size) };
    const from = Math.max(offset, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    const lastNl = buf.lastIndexOf(0x0a, n - 1);
    if (lastNl < 0) return { lines: [], offset };
    // starting inside a line (older output skipped): that line's start is out of view
    const start = from > offset ? buf.indexOf(0x0a) + 1 : 0;
    const end = from + lastNl + 1;
    if (start > lastNl) return { lines: [], offset: end };
    return { lines: buf.subarray(start, lastNl).toString().split('\n'), offset: end };
  } finally {
    closeSync(fd);
  }
}

/** How the process was started: its pid and how it ended, or why it could not start. */
type Started =
  | { readonly pid: number | undefined; readonly exited: Promise<LaunchExit | Error> }
  | { readonly error: string; readonly cancelled?: boolean };

/** Node's own spawn, with GNU time (`-f %M`) for the peak memory when the machine has it. */
function spawnHere(spec: ProcessSpec): Started {
  const rssFile = `${spec.logFile}.rss`;
  const wrap = canUseGnuTime();
  const [file, args] = wrap
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, spec.command, ...spec.args]]
    : [spec.command, [...spec.args]];
  let log: number;
  try {
    log = openSync(spec.logFile, 'w');
  } catch (e) {
    if (isTooManyOpenFiles(e)) throw new TooManyOpenFilesError(`starting ${spec.command}`, e);
    throw e;
  }
  let child;
  try {
    // an ini's byte that is not UTF-8 in an argument (-c Caf\xe9) reaches the program as it is
    child = spawn(...spawnable(file, args), {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // a process group of its own: timeouts and Ctrl-C reach every descendant
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log); // the child has its own copy
  }
  const exited = new Promise<LaunchExit | Error>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!wrap) return resolve({ code, signal, peakKiB: undefined });
      const r = readGnuTime(rssFile, code, signal);
      rmSync(rssFile, { force: true });
      // GNU time could not start the program: it says so first thing, and exits 126 or 127
      const failed = code === 126 || code === 127 ? cannotRun(spec.logFile) : undefined;
      resolve(failed !== undefined ? new Error(failed) : r);
    });
    child.once('error', resolve);
  });
  return { pid: child.pid, exited };
}

/**
 * Starts the process with its output going to the log file: from `launcher` when given (see
 * process-launcher.ts), else by Node itself. While it runs, the log's new lines are passed to
 * `onLine` every `lineIntervalMs` (for progress parsing). When the process ends, whatever it
 * left in its process group (a background helper) is killed.
 */
export async function startProcess(
  spec: ProcessSpec,
  onLine?: (line: string) => void,
  launcher?: ProcessLauncher,
): Promise<RunHandle> {
  // without a live helper (it died: killed, out of memory), runs are started from here
  let how: Started = launcher?.alive ? await launcher.launch(spec) : spawnHere(spec);
  if ('error' in how && launcher !== undefined && !launcher.alive) how = spawnHere(spec);
  // out of file descriptors (`ulimit -n` too low): no run can start, and the campaign stops
  if ('error' in how && isTooManyOpenFiles(how.error))
    throw new TooManyOpenFilesError(`starting ${spec.command}`, new Error(how.error));
  const started = performance.now(); // a launch may wait in the launcher's queue: not counted
  if ('error' in how) {
    const outcome: ProcessOutcome = {
      status: 'cancelled' in how && how.cancelled ? 'interrupted' : 'spawn-error',
      exitCode: null,
      signal: null,
      wallMs: 0,
      peakKiB: undefined,
      error: how.error,
    };
    const none = (): void => undefined;
    return { pid: undefined, done: Promise.resolve(outcome), stop: none, timeOut: none };
  }
  const { pid } = how;
  let stopping: 'timeout' | 'interrupted' | undefined;
  let stoppedAt: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const killGroup = (sig: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  const stopGroup = (reason: 'timeout' | 'interrupted'): void => {
    if (stopping) return;
    stopping = reason;
    stoppedAt = performance.now();
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), spec.killGraceMs ?? 2000);
  };
  const timer =
    spec.timeoutMs !== undefined
      ? setTimeout(() => stopGroup('timeout'), spec.timeoutMs)
      : undefined;
  let offset = 0;
  const lineTimer = onLine
    ? setInterval(() => {
        const r = newLines(spec.logFile, offset);
        offset = r.offset;
        for (const l of r.lines) onLine(l);
      }, spec.lineIntervalMs ?? 1000)
    : undefined;

  const done = (async (): Promise<ProcessOutcome> => {
    const result = await how.exited;
    const endedAt = stoppedAt ?? performance.now();
    const peersEnding =
      result instanceof Error ? undefined : (result.peersEnding ?? spec.peersEnding?.());
    // the run is over when its main process is: helpers it left behind go with it
    killGroup('SIGKILL');
    if (timer) clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    if (lineTimer) clearInterval(lineTimer);
    const wallMs = performance.now() - started;
    if (result instanceof Error && isTooManyOpenFiles(result))
      throw new TooManyOpenFilesError(`starting ${spec.command}`, result);
    if (result instanceof Error)
      return {
        status: 'spawn-error',
        exitCode: null,
        signal: null,
        wallMs,
        peakKiB: undefined,
        error: result.message,
        endedAt,
      };
    const { code, signal, peakKiB } = result;
    const status: ProcessStatus = stopping ?? (signal ? 'signaled' : 'exited');
    // the helper's own clock when it has one: the pid and exit lines may be read together
    return {
      status,
      exitCode: code,
      signal,
      wallMs: result.wallMs ?? wallMs,
      peakKiB,
      endedAt,
      ...(peersEnding !== undefined ? { peersEnding } : {}),
    };
  })();

  return {
    pid,
    done,
    stop: () => stopGroup('interrupted'),
    timeOut: () => stopGroup('timeout'),
  };
}

/** GNU time's "cannot run PROGRAM: REASON" at the start of the log, if it is there. */
function cannotRun(logFile: string): string | undefined {
  // no log to tell (removed meanwhile): the exit status says what is known
  const text = readHead(logFile, 512)?.toString() ?? '';
  return /^\S*time: cannot run (.*)$/m.exec(text)?.[1];
}

/**
 * GNU time exits with the child's status, or prints "Command terminated by signal N" and exits
 * 128+N. It writes the peak RSS (KiB) on the last line of its output file.
 */
function readGnuTime(file: string, code: number | null, signal: NodeJS.Signals | null): LaunchExit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { code, signal, peakKiB: undefined };
  }
  const lines = text.trim().split('\n');
  const peak = Number(lines[lines.length - 1]);
  const m = /terminated by signal (\d+)/.exec(text);
  if (m) {
    const sig = signalName(Number(m[1]));
    return { code: null, signal: sig, peakKiB: Number.isFinite(peak) ? peak : undefined };
  }
  return { code, signal, peakKiB: Number.isFinite(peak) ? peak : undefined };
}
