// Where a run's program is, found as execvp would find it (a name with a slash is a path from
// the run's folder; a bare name is looked up on PATH), so that a missing one is reported once,
// before the campaign starts, rather than by every run (GNU time's "cannot run", exit 127).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** undefined when the program can be started; otherwise why not. */
export function programProblem(
  command: string,
  cwd: string,
  path: string | undefined,
): string | undefined {
  if (command.includes('/')) return fileProblem(resolve(cwd, command));
  const dirs = (path ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of dirs) if (fileProblem(join(dir, command)) === undefined) return undefined;
  return 'not found on PATH';
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
