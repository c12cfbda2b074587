// Runs one simulation as its own process group, with its output in a log file, a timeout that
// kills the whole group (a simulation's helpers included), and its exit recorded exactly.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile: string;
  readonly timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when stopping the group. */
  readonly killGraceMs?: number;
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

/**
 * Starts the process. Each output line is passed to `onLine` (for progress parsing) and written
 * to the log. Peak memory comes from GNU time (`-f %M`) when the machine has it.
 */
export function startProcess(spec: ProcessSpec, onLine?: (line: string) => void): RunHandle {
  const log = createWriteStream(spec.logFile, { flags: 'w' });
  const rssFile = `${spec.logFile}.rss`;
  const wrap = canUseGnuTime();
  const [file, args] = wrap
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, spec.command, ...spec.args]]
    : [spec.command, [...spec.args]];
  const started = performance.now();
  let stopping: 'timeout' | 'interrupted' | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const child = spawn(file, args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true, // a process group of its own: timeouts and Ctrl-C reach every descendant
    stdio: ['ignore', 'pipe', 'pipe'],
  });

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

  let partial = '';
  const onData = (chunk: Buffer): void => {
    log.write(chunk);
    if (!onLine) return;
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onLine(l);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const done = (async (): Promise<ProcessOutcome> => {
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    const result = await Promise.race([closed, spawnError]);
    if (timer) clearTimeout(timer);
    // the group may outlive its leader (a helper that ignored SIGTERM): make sure it is gone
    if (stopping) killGroup('SIGKILL');
    if (killTimer) clearTimeout(killTimer);
    const wallMs = performance.now() - started;
    log.end();
    await once(log, 'close');
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
