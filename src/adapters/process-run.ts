// Runs one simulation as its own process group, with its output in a log file, a timeout that
// kills the whole group (a simulation's helpers included), and its exit recorded exactly.
// The log file is the child's stdout and stderr themselves (as `> log 2>&1` in a shell): no
// output passes through this process, so output of any size or shape (100 MB without a newline)
// costs no memory or time here, and a helper that keeps the output open cannot hold the run.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from 'node:fs';

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile: string;
  readonly timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when stopping the group. */
  readonly killGraceMs?: number;
  /** How often the log's newest lines are passed to `onLine` (default 1 s). */
  readonly lineIntervalMs?: number;
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

/**
 * Starts the process with its output going to the log file. While it runs, the log's new lines
 * are passed to `onLine` every `lineIntervalMs` (for progress parsing). When the process ends,
 * whatever it left in its process group (a background helper) is killed. Peak memory comes
 * from GNU time (`-f %M`) when the machine has it.
 */
export function startProcess(spec: ProcessSpec, onLine?: (line: string) => void): RunHandle {
  const rssFile = `${spec.logFile}.rss`;
  const wrap = canUseGnuTime();
  const [file, args] = wrap
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, spec.command, ...spec.args]]
    : [spec.command, [...spec.args]];
  const started = performance.now();
  let stopping: 'timeout' | 'interrupted' | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const log = openSync(spec.logFile, 'w');
  let child;
  try {
    child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // a process group of its own: timeouts and Ctrl-C reach every descendant
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log); // the child has its own copy
  }

  const killGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const stopGroup = (reason: 'timeout' | 'interrupted'): void => {
    if (stopping) return;
    stopping = reason;
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
    const result = await new Promise<[number | null, NodeJS.Signals | null] | Error>((resolve) => {
      child.once('exit', (code, signal) => resolve([code, signal]));
      child.once('error', resolve);
    });
    // the run is over when its main process is: helpers it left behind go with it
    killGroup('SIGKILL');
    if (timer) clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    if (lineTimer) clearInterval(lineTimer);
    const wallMs = performance.now() - started;
    if (result instanceof Error)
      return {
        status: 'spawn-error',
        exitCode: null,
        signal: null,
        wallMs,
        peakKiB: undefined,
        error: result.message,
      };
    let [code, signal] = result;
    let peakKiB: number | undefined;
    if (wrap) {
      ({ code, signal, peakKiB } = readGnuTime(rssFile, code, signal));
      rmSync(rssFile, { force: true });
    }
    const status: ProcessStatus = stopping ?? (signal ? 'signaled' : 'exited');
    return { status, exitCode: code, signal, wallMs, peakKiB };
  })();

  return { pid: child.pid, done, stop: () => stopGroup('interrupted') };
}

/**
 * GNU time exits with the child's status, or prints "Command terminated by signal N" and exits
 * 128+N. It writes the peak RSS (KiB) on the last line of its output file.
 */
function readGnuTime(
  file: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): { code: number | null; signal: NodeJS.Signals | null; peakKiB: number | undefined } {
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

const SIGNALS: Record<number, NodeJS.Signals> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
};
const signalName = (n: number): NodeJS.Signals =>
  SIGNALS[n] ?? (('SIG' + String(n)) as NodeJS.Signals);
