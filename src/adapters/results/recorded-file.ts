// Whether a run's result file is as its journal recorded it. Locally a file is recognised by its
// size and time (one stat). A file from the merge job's results artifact has new times (an
// archive's extraction sets them); its record carries the content's SHA-256, which decides
// where the size is as recorded and the time is not. A file found the same by content gets its
// recorded time back, so later looks are a stat again.
import { closeSync, openSync, readSync, statSync, utimesSync, type Stats } from 'node:fs';
import type { ResultFileRecord } from '../../core/campaign/journal.js';
import { createHash } from '../../core/hash.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** The SHA-256 (hex) of a file's content, read in 1 MiB pieces. */
export function fileSha256(path: string): string {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * Whether the file at `abs` is the one `f` records: its size and time, or (a record with a
 * SHA-256, a file of the recorded size) its content. `st`: the file's stat, when the caller has it.
 */
export function asRecorded(abs: string, f: ResultFileRecord, st?: Stats): boolean {
  let stat = st;
  if (stat === undefined)
    try {
      stat = statSync(abs);
    } catch {
      return false;
    }
  if (stat.size !== f.size) return false;
  if (stat.mtimeMs === f.mtimeMs) return true;
  if (typeof f.sha256 !== 'string' || !SHA256.test(f.sha256) || !stat.isFile()) return false;
  try {
    if (fileSha256(abs) !== f.sha256) return false;
  } catch {
    return false;
  }
  try {
    // (seconds as a double: back to the same mtimeMs on Linux; where not, the next look hashes)
    utimesSync(abs, stat.atimeMs / 1000, f.mtimeMs / 1000);
  } catch {
    // a read-only file or folder: the content decided, as it will next time
  }
  return true;
}
