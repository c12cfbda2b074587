import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/program.js';
import { REPO } from './project.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as written (bytes that are not UTF-8 included) */
  stdoutBytes?: Buffer;
  /** stderr as written */
  stderrBytes?: Buffer;
}

/** Runs the CLI in-process with captured output, in `cwd` if given. */
export async function runCli(argv: string[], cwd?: string): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(argv, { stdout, stderr });
    const stdoutBytes = Buffer.concat(chunks.out);
    const stderrBytes = Buffer.concat(chunks.err);
    return {
      code,
      stdout: stdoutBytes.toString(),
      stdoutBytes,
      stderr: stderrBytes.toString(),
      stderrBytes,
    };
  } finally {
    if (cwd) process.chdir(before);
  }
}

export interface CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** stdout and stderr so far, interleaved. */
  readonly output: () => string;
}

/** Runs the CLI as a child process (for tests that signal it), from the repository's root. */
export function spawnCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...argv],
    {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return { child, exited, output: () => out };
}
