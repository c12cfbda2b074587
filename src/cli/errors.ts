import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDiskFull } from '../adapters/disk-full.js';
import { isTooManyOpenFiles, TooManyOpenFilesError } from '../adapters/open-files.js';
import { IniError } from '../core/ini/index.js';
import { remedyText } from '../core/ini/errors.js';
import { redact } from '../core/git/secrets.js';

/** The remedies of ini errors in the CLI's terms (its options). */
export const CLI_REMEDIES = {
  'choose-config': ': choose with -c NAME',
  'raise-max-runs': ' (raise it with --max-runs)',
} as const;
import { shown } from '../core/campaign/settings.js';
import { ResultFileError } from '../core/results/index.js';

/** A mistake in how the command was called: printed with a hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70, interrupted: 130 } as const;

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};

/** The exit status of a command a signal stopped: 128 + its number, as a shell reports it. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 2);
}

/** The commands, each with its own `--help`. */
export const COMMANDS: ReadonlySet<string> = new Set([
  'plan',
  'run',
  'merge',
  'export',
  'report',
  'runners',
  'submit',
  'watch',
  'fetch',
  'resume',
  'snapshot',
]);

/**
 * Maps anything thrown to the message a user sees and an exit status; no stack for user errors.
 * A usage error points to the help of `command` when it is one.
 */
export function describeError(err: unknown, command?: string): { message: string; code: number } {
  if (err instanceof UsageError) {
    const help = command !== undefined && COMMANDS.has(command) ? `${command} --help` : '--help';
    return { message: `${err.message}\nRun 'opp-campaign ${help}' for usage.`, code: EXIT.usage };
  }
  // a wrong command line found past the option parser (`run -- -c X`)
  if (err instanceof Error && (err as { usage?: unknown }).usage === true) {
    const help = command !== undefined && COMMANDS.has(command) ? `${command} --help` : '--help';
    return { message: `${err.message}\nRun 'opp-campaign ${help}' for usage.`, code: EXIT.usage };
  }
  if (err instanceof IniError)
    return { message: err.describe() + remedyText(err, CLI_REMEDIES), code: EXIT.failure };
  if (err instanceof ResultFileError) return { message: err.describe(), code: EXIT.failure };
  if (err instanceof Error && 'userFacing' in err)
    return { message: err.message, code: EXIT.failure };
  if (isDiskFull(err))
    return {
      message: `no space left on device: ${err instanceof Error ? err.message : String(err)}`,
      code: EXIT.failure,
    };
  // out of file descriptors anywhere else (a file opened, a pipe made): the same clear message
  if (isTooManyOpenFiles(err))
    return {
      message: new TooManyOpenFilesError('opening a file', err).message,
      code: EXIT.failure,
    };
  const fsError = fileSystemError(err);
  if (fsError !== undefined) return { message: fsError, code: EXIT.failure };
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { message: `internal error: ${detail}`, code: EXIT.internal };
}

/** What the file system refused, as the user can act on it: a path that is not writable or not there. */
const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

/**
 * `cannot open '/x/y': permission denied (EACCES)` for an error Node's file system functions
 * throw, naming the path; undefined for anything else.
 */
export function fileSystemError(err: unknown): string | undefined {
  const e = err as { code?: unknown; path?: unknown; syscall?: unknown; dest?: unknown } | null;
  if (!(err instanceof Error) || typeof e?.code !== 'string' || typeof e.path !== 'string')
    return undefined;
  // Node's recursive mkdir says ENOENT where a folder above could not be made: the first
  // folder that is there says why (a read-only file system, no permission)
  if (e.code === 'ENOENT' && e.syscall === 'mkdir') {
    const why = unwritableAncestor(e.path);
    if (why !== undefined)
      return `cannot mkdir '${e.path}': '${why.folder}' is not writable: ${FILE_SYSTEM_REASONS[why.code] ?? why.code} (${why.code})`;
  }
  const reason = FILE_SYSTEM_REASONS[e.code];
  if (reason === undefined) return undefined;
  const what = typeof e.syscall === 'string' ? `${e.syscall} ` : '';
  const to = typeof e.dest === 'string' ? ` to '${e.dest}'` : '';
  return `cannot ${what}'${e.path}'${to}: ${reason} (${e.code})`;
}

/** The first folder above `path` that is there, when it cannot be written (and why). */
function unwritableAncestor(path: string): { folder: string; code: string } | undefined {
  for (let d = dirname(path); ; d = dirname(d)) {
    if (existsSync(d)) {
      try {
        accessSync(d, constants.W_OK);
        return undefined;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return typeof code === 'string' ? { folder: d, code } : undefined;
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * A whole number option within bounds, or a usage error naming it. (Here, not with the GitHub
 * client: `run` loads no GitHub code.)
 */
export function intOption(
  name: string,
  v: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max)
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not ${shown(v)}`);
  return n;
}

/**
 * A typed argument as a message repeats it: a URL's user name and password (`https://me:pw@...`)
 * shown as `***` (a run's URL needs none; the terminal's scrollback and CI logs keep messages).
 */
export const shownArgument = (arg: string): string =>
  // (a password typed with an `@` or a `/` in it, `me:P@ss@host`, `me:pa/ss@host`, goes whole)
  redact(arg, undefined);
