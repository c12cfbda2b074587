// Reading the ends of a file that may be too large to read whole (a multi-gigabyte .vec, the log
// of a chatty run): memory stays bounded by what is asked for.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Up to `length` bytes from `position` (fewer at the end of the file). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The first `bytes` of a file (fewer when it is shorter); undefined when it cannot be opened. */
export function readHead(path: string, bytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    return readAt(fd, 0, bytes);
  } finally {
    closeSync(fd);
  }
}

/** The last `bytes` of a file as text; `fromStart` when that is the whole file. */
export function readTail(path: string, bytes: number): { text: string; fromStart: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(0, size - bytes);
    return { text: readAt(fd, from, size - from).toString('utf8'), fromStart: from === 0 };
  } finally {
    closeSync(fd);
  }
}
