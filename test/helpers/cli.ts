import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
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
    return {
      code,
      stdout: Buffer.concat(chunks.out).toString(),
      stderr: Buffer.concat(chunks.err).toString(),
    };
  } finally {
    if (cwd) process.chdir(before);
  }
}
