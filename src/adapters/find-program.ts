// Where a run's program is, found as execvp would find it (a name with a slash is a path from
// the run's folder; a bare name is looked up on PATH, its `.`, empty and relative entries from
// the run's folder), so that a missing one is reported once,
// before the campaign starts, rather than by every run (GNU time's "cannot run", exit 127).
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';

/** undefined when the program can be started; otherwise why not. */
export function programProblem(
  command: string,
  cwd: string,
  path: string | undefined,
): string | undefined {
  if (command.includes('/')) return fileProblem(resolve(cwd, command));
  return findProgram(command, cwd, path) === undefined ? 'not found on PATH' : undefined;
}

/** The program's file, found as execvp would find it, or undefined. */
export function findProgram(
  command: string,
  cwd: string,
  path: string | undefined,
): string | undefined {
  if (command.includes('/'))
    return fileProblem(resolve(cwd, command)) === undefined ? resolve(cwd, command) : undefined;
  // as the shell and execvp look: an empty entry (`:/usr/bin`, `a::b`) is the current folder,
  // as `.` is, and an entry that is no absolute path is taken from the folder the program is
  // started in (`cwd`), not from this process's
  for (const dir of (path ?? '').split(delimiter)) {
    const file = resolve(cwd, dir === '' ? '.' : dir, command);
    if (fileProblem(file) === undefined) return file;
  }
  return undefined;
}

/** Bytes of a program looked at for the libraries it loads (ELF's names come early). */
const LINKED_NAMES_BYTES = 1 << 20;

/**
 * The program is OMNeT++'s Cmdenv: an executable linked with OMNeT++'s libraries (opp_run, or
 * a model built by opp_makemake, names liboppcmdenv or liboppenvir among the libraries it
 * loads). What else takes opp_run's options (a script, a stand-in) is not taken for it.
 */
export function isOmnetppProgram(command: string, cwd: string, path: string | undefined): boolean {
  const file = findProgram(command, cwd, path);
  if (file === undefined) return false;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(LINKED_NAMES_BYTES);
    const n = readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    if (bytes.subarray(0, 4).toString('latin1') !== '\x7fELF') return false;
    return bytes.includes('liboppcmdenv') || bytes.includes('liboppenvir');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileProblem(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return `${file} is not a file`;
  } catch {
    return `${file} does not exist`;
  }
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return `${file} is not executable`;
  }
  return undefined;
}
