// Runs a client command (submit, watch, fetch, resume) in-process with captured output, its own
// environment and folder, and a fake clock: sleeping advances time at once and is recorded, so
// backoff and polling are asserted without waiting.
import { PassThrough } from 'node:stream';
import type { Clock } from '../../src/app/remote-campaign.js';
import { describeError } from '../../src/cli/errors.js';
import type { ClientCommandContext } from '../../src/cli/github-client.js';
import { LineWriter } from '../../src/cli/output.js';
import type { CliResult } from './cli.js';

/** 2025-12-31T23:50:00Z: ten minutes before the fixtures' rate limit resets. */
export const T0 = Date.UTC(2025, 11, 31, 23, 50, 0);

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = T0) {}
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
}

export type ClientCommand = (
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  ctx: ClientCommandContext,
) => Promise<number>;

export async function runClient(
  command: ClientCommand,
  argv: string[],
  ctx: { env: Record<string, string | undefined>; cwd: string; clock?: Clock },
): Promise<CliResult> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const out = new LineWriter(stdout);
  let stderr = '';
  const err = { write: (s: string): void => void (stderr += s) };
  let code: number;
  try {
    code = await command(argv, out, err, {
      env: ctx.env,
      cwd: ctx.cwd,
      clock: ctx.clock ?? new FakeClock(),
      stdoutIsTTY: false,
    });
  } catch (e) {
    const d = describeError(e);
    stderr += `opp-campaign: error: ${d.message}\n`;
    code = d.code;
  }
  await out.flush();
  return { code, stdout: Buffer.concat(chunks).toString(), stderr };
}
