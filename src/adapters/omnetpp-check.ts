// Asks the model's own OMNeT++ program what it accepts, before any run starts: the same command
// line as a run, in a mode that validates the configuration and exits at once, and the list of
// the options the program registers (OMNeT++'s own, the user interfaces linked in, and the
// model's libraries').
import { spawn } from 'node:child_process';
import type { CommandLine } from '../core/campaign/command.js';
import { spawnable } from './raw-argv.js';
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

/** How long output may still come once the program has exited (a child may hold it open). */
const AFTER_EXIT_MS = 200;
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Runs the check in a process group of its own, and waits for the program to exit, not for its
 * output to close: a launcher script that leaves a helper running (`sleep 1000 &`, a co-simulation
 * starter) holds the output open. Once the program has exited (or timed out), what is left of its
 * group is killed.
 */
function run(cmd: CommandLine, cwd: string, env: Record<string, string>): Promise<Exec> {
  return new Promise((resolve) => {
    let child;
    try {
      // an ini's byte that is not UTF-8 in an argument (-c Caf\xe9) reaches the program as it is
      const [file, args] = spawnable(cmd.command, cmd.args);
      child = spawn(file, args, {
        cwd,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: '', spawnError: (e as Error).message });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const take = (into: Buffer[]) => (c: Buffer) => {
      if (size >= MAX_OUTPUT) return;
      size += c.length;
      into.push(c);
    };
    // no pipes when there were no descriptors for them (EMFILE): the error follows
    child.stdout?.on('data', take(out));
    child.stderr?.on('data', take(err));
    let settled = false;
    const finish = (exec: Exec): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // (the group has ended)
      }
      resolve(exec);
    };
    const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
    const timer = setTimeout(
      () => finish({ code: null, stdout: text(out), stderr: text(err) }),
      TIMEOUT_MS,
    );
    child.once('error', (e) =>
      finish({ code: null, stdout: '', stderr: '', spawnError: e.message }),
    );
    child.once('exit', (code) => {
      const done = (): void => finish({ code, stdout: text(out), stderr: text(err) });
      const grace = setTimeout(done, AFTER_EXIT_MS);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
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
