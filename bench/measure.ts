import { spawn } from 'node:child_process';

export interface Measurement {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
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
  opts: { cwd?: string } = {},
): Promise<Measurement> {
  const useTime = await hasGnuTime();
  const [file, argv] = useTime
    ? ['/usr/bin/time', ['-f', '__bench_maxrss_kb=%M', cmd, ...args]]
    : [cmd, args];
  const start = process.hrtime.bigint();
  const child = spawn(file, argv, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdoutBytes += c.length));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = [...stderr.matchAll(/__bench_maxrss_kb=(\d+)/g)].map((m) => Number(m[1]));
  const peak = rss.length > 0 ? Math.max(...rss) / 1024 : undefined;
  return {
    seconds,
    peakMiB: peak,
    code,
    stdoutBytes,
    stderr: stderr.replace(/\n?__bench_maxrss_kb=\d+\n?/g, ''),
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
