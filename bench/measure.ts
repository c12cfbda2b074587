import { spawn } from 'node:child_process';

export interface Measurement {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
  /** User + system CPU time of the process and its children (GNU time), when known. */
  readonly cpuSeconds?: number | undefined;
  readonly code: number | null;
  readonly stdoutBytes: number;
  readonly stderr: string;
}

/**
 * Runs a command, discarding its stdout (counted, not kept), and measures wall time. Peak memory
 * comes from GNU time when present (any program), else from the process itself (Node only).
 */
export async function measure(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Measurement> {
  const useTime = await hasGnuTime();
  const [file, argv] = useTime
    ? ['/usr/bin/time', ['-f', '__bench_maxrss_kb=%M __bench_cpu_s=%U+%S', cmd, ...args]]
    : [cmd, args];
  const start = process.hrtime.bigint();
  const child = spawn(file, argv, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdoutBytes += c.length));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = [...stderr.matchAll(/__bench_maxrss_kb=(\d+)/g)].map((m) => Number(m[1]));
  const peak = rss.length > 0 ? Math.max(...rss) / 1024 : undefined;
  const cpu = /__bench_cpu_s=([\d.]+)\+([\d.]+)/.exec(stderr);
  return {
    seconds,
    peakMiB: peak,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined,
    code,
    stdoutBytes,
    stderr: stderr.replace(/\n?__bench_maxrss_kb=\d+( __bench_cpu_s=\S+)?\n?/g, ''),
  };
}

let gnuTime: boolean | undefined;
async function hasGnuTime(): Promise<boolean> {
  if (gnuTime !== undefined) return gnuTime;
  const child = spawn('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' });
  gnuTime = await new Promise<boolean>((resolve) => {
    child.on('error', () => resolve(false));
    child.on('close', (c) => resolve(c === 0));
  });
  return gnuTime;
}

/** The middle measurement by wall time (the lower middle of an even count). */
export function median(all: readonly Measurement[]): Measurement {
  const m = [...all].sort((a, b) => a.seconds - b.seconds)[Math.floor((all.length - 1) / 2)];
  if (m === undefined) throw new Error('no measurement');
  return m;
}
