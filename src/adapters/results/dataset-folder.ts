// The folder a merge writes: one writer at a time (a lock file naming its process), files
// written under temporary names and made durable before they are renamed into place.

import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Another live process holds the folder's lock. */
export class FolderBusyError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'FolderBusyError';
  }
}

const LOCK = '.merge.lock';

/** The temporary name of `file` in `dir` while this process writes it. */
export const tempPath = (dir: string, file: string): string =>
  join(dir, `.${file}.${process.pid}.tmp`);

/**
 * Takes the folder's lock (a lock left by a dead process is taken over) and removes the
 * temporary files of `files` that a killed writer left; returns the function that releases it.
 */
export function lockFolder(dir: string, files: readonly string[]): () => void {
  const path = join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new FolderBusyError(
          `another merge (process ${pid}) is writing ${dir} (if it is not, remove ${path})`,
        );
      rmSync(path, { force: true });
    }
  }
  const leftovers = new Set(files.map((f) => `.${f}.`));
  for (const f of readdirSync(dir))
    if (f.endsWith('.tmp') && [...leftovers].some((p) => f.startsWith(p)))
      rmSync(join(dir, f), { force: true });
  return () => rmSync(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Flushes a file (or a folder's entries) to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
