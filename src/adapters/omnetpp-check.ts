// Asks the model's own OMNeT++ program what it accepts, before any run starts: the same command
// line as a run, in a mode that validates the configuration and exits at once, and the list of
// the options the program registers (OMNeT++'s own, the user interfaces linked in, and the
// model's libraries').
import { execFile } from 'node:child_process';
import type { CommandLine } from '../core/campaign/command.js';
import { parseOptionList, type OptionInfo } from '../core/ini/option-names.js';

export type ConfigCheck =
  | { readonly kind: 'accepted' }
  /** OMNeT++ refused the configuration: its `<!> Error:` text. */
  | { readonly kind: 'refused'; readonly error: string }
  /** The program did not say (could not start, or is no OMNeT++ program). */
  | { readonly kind: 'unknown'; readonly reason: string };

interface Exec {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly spawnError?: string;
}

/** A check is a few hundred milliseconds; a program that takes longer is not answering. */
const TIMEOUT_MS = 60_000;

function run(cmd: CommandLine, cwd: string, env: Record<string, string>): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(
      cmd.command,
      [...cmd.args],
      { cwd, env, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        const spawnError = err && typeof err.code === 'string' ? err.message : undefined;
        resolve({ code, stdout, stderr, ...(spawnError ? { spawnError } : {}) });
      },
    );
  });
}

const ERROR = /^<!> Error: (.*)$/m;

/**
 * The run's command line with `-s -q sectioninheritance` instead of its run: OMNeT++ validates
 * every key of every section at start-up (SectionBasedConfiguration::validate), then prints the
 * config's section chain and exits, without loading NED files or counting runs.
 */
export async function checkConfiguration(
  cmd: CommandLine,
  cwd: string,
  env: Record<string, string>,
): Promise<ConfigCheck> {
  const args: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i] as string;
    if (a === '-r') i++;
    else if (!a.startsWith('--result-dir=')) args.push(a);
  }
  const r = await run(
    { command: cmd.command, args: [...args, '-s', '-q', 'sectioninheritance'] },
    cwd,
    env,
  );
  if (r.spawnError !== undefined) return { kind: 'unknown', reason: r.spawnError };
  if (r.code === 0) return { kind: 'accepted' };
  const error = ERROR.exec(r.stderr)?.[1] ?? ERROR.exec(r.stdout)?.[1];
  return error !== undefined
    ? { kind: 'refused', error: error.trim() }
    : { kind: 'unknown', reason: `exit status ${r.code ?? 'unknown'}` };
}

/**
 * The options the program registers: `PROGRAM -l LIB... -s -f /dev/null -h config` (an empty
 * ini, so that a wrong key does not stop the listing). Undefined when it lists none.
 */
export async function registeredOptions(
  cmd: CommandLine,
  cwd: string,
  env: Record<string, string>,
): Promise<OptionInfo[] | undefined> {
  const libs: string[] = [];
  for (let i = 0; i < cmd.args.length; i++)
    if (cmd.args[i] === '-l' && i + 1 < cmd.args.length) libs.push('-l', cmd.args[++i] as string);
  const r = await run(
    { command: cmd.command, args: [...libs, '-s', '-f', '/dev/null', '-h', 'config'] },
    cwd,
    env,
  );
  if (r.code !== 0) return undefined;
  const options = parseOptionList(r.stdout);
  return options.length > 0 ? options : undefined;
}
