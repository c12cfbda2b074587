import { writeSync } from 'node:fs';

// A full disk (or an exhausted quota) is the user's to fix, not a bug: it is recognised where
// it surfaces (a file write, a stream, SQLite) and reported as one clear message naming the
// folder, with what was kept and what to do.

/** ENOSPC or EDQUOT from the file system, or SQLite's SQLITE_FULL. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  return e instanceof Error && /database or disk is full|no space left on device/i.test(e.message);
}

/**
 * Writes all of `data` at the file's position, or throws: a write the disk cut short (it returns
 * fewer bytes, with no error of its own) is a full disk.
 */
export function writeWhole(fd: number, data: string | Uint8Array, path: string): number {
  const [n, length] =
    typeof data === 'string'
      ? [writeSync(fd, data), Buffer.byteLength(data)]
      : [writeSync(fd, data), data.length];
  if (n !== length)
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), {
      code: 'ENOSPC',
    });
  return n;
}

export class DiskFullError extends Error {
  readonly userFacing = true;
  /** `folder` ran out of space; `consequence` says what was kept and what to do. */
  constructor(folder: string, cause: unknown, consequence: string) {
    const what = cause instanceof Error ? cause.message : String(cause);
    super(`no space left on the device of ${folder} (${what}). ${consequence}`);
    this.name = 'DiskFullError';
  }
}
