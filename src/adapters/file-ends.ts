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

/**
 * readTail, whole lines: a tail that begins inside a line begins at that line's start instead,
 * with up to `lineBytes` of it (then `…`), so that a line longer than the tail (a model's error
 * message of megabytes) is seen by its start. A line that began over `maxBack` bytes before the
 * tail is left as readTail leaves it.
 */
export function readTailLines(
  path: string,
  bytes: number,
  lineBytes: number,
  maxBack = 64 * 1024 * 1024,
): { text: string; fromStart: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(0, size - bytes);
    const tail = readAt(fd, from, size - from);
    if (from === 0) return { text: tail.toString('utf8'), fromStart: true };
    // where the line the tail begins in began
    let start = from;
    const chunk = 64 * 1024;
    while (start > 0 && from - start < maxBack) {
      const at = Math.max(0, start - chunk);
      const nl = readAt(fd, at, start - at).lastIndexOf(10);
      if (nl >= 0) {
        start = at + nl + 1;
        break;
      }
      start = at;
    }
    if (start > 0 && from - start >= maxBack)
      return { text: tail.toString('utf8'), fromStart: false };
    const nl = tail.indexOf(10);
    const end = nl >= 0 ? from + nl : size;
    const head = readAt(fd, start, Math.min(lineBytes, end - start));
    const cut = end - start > lineBytes ? '…' : '';
    const rest = nl >= 0 ? tail.subarray(nl).toString('utf8') : '';
    return { text: head.toString('utf8') + cut + rest, fromStart: true };
  } finally {
    closeSync(fd);
  }
}
