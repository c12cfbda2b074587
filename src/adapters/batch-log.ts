// A batch's output (several runs in one Cmdenv process, see core/campaign/batch.ts): where each
// run's output begins, found while the process writes it, and each run's own log cut from it.
// The output is read once, in chunks, whatever its size or shape (a line of 100 MB included).
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { markPrefixes, runMarkOf, type RunMark } from '../core/campaign/batch.js';

const CHUNK = 1 << 20;
/** A line longer than this is not one of Cmdenv's run marks: it is passed over unread. */
const MAX_MARK_LINE = 64 * 1024;

/**
 * Finds run marks in a growing log: each `poll` reads what was written since the last. The log
 * is opened once, at the first poll that finds it, and read through that descriptor until
 * `close` (a poll every 50-250 ms of a batch, and each run's log cut from it: no open and close
 * each time).
 */
export class BatchLogScanner {
  private fd: number | undefined;
  private offset = 0;
  /** Inside a line too long to be a mark: its rest is skipped. */
  private skipping = false;
  readonly marks: RunMark[] = [];
  private readonly prefixes: Buffer[];

  constructor(
    private readonly path: string,
    private readonly config: string,
  ) {
    this.prefixes = markPrefixes(config).map((p) => Buffer.from(p));
  }

  /** The log, opened at the first call that finds it (undefined until the process made it). */
  private file(): number | undefined {
    if (this.fd === undefined)
      try {
        this.fd = openSync(this.path, 'r');
      } catch {
        return undefined;
      }
    return this.fd;
  }

  /** Closes the log (a later poll or writeRunLog opens it again). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The marks found in the output written since the last poll (complete lines only). */
  poll(): RunMark[] {
    const fd = this.file();
    if (fd === undefined) return [];
    const found: RunMark[] = [];
    const size = fstatSync(fd).size;
    while (this.offset < size) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - this.offset));
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      if (n <= 0) break;
      const chunk = buf.subarray(0, n);
      const lastNl = chunk.lastIndexOf(0x0a);
      if (lastNl < 0) {
        // no complete line yet: wait for it, unless it is already too long to be a mark
        if (this.skipping || n >= MAX_MARK_LINE) {
          this.skipping = true;
          this.offset += n;
          continue;
        }
        break;
      }
      let pos = 0;
      if (this.skipping) {
        pos = chunk.indexOf(0x0a) + 1;
        this.skipping = false;
      }
      this.scan(chunk, pos, lastNl, found);
      this.offset += lastNl + 1;
    }
    this.marks.push(...found);
    return found;
  }

  /**
   * Writes a run's own log: the lines before the first run (Cmdenv's banner, the NED files
   * loaded: up to `preambleEnd`), then the run's part of the output, from `start` up to `end`
   * (where the next run's begins; undefined: the end of the output). The run's failure cause is
   * read from that log as a run alone's is (execute's causeInLog).
   */
  writeRunLog(preambleEnd: number, start: number, end: number | undefined, logFile: string): void {
    const fd = this.file();
    if (fd === undefined) throw new Error(`${this.path}: the batch's output is gone`);
    const stop = end ?? fstatSync(fd).size;
    const out = openSync(logFile, 'w');
    try {
      copyRange(fd, out, 0, preambleEnd);
      copyRange(fd, out, start, stop);
    } finally {
      closeSync(out);
    }
  }

  /** Marks among the lines of chunk[from, end), each line starting at a line start. */
  private scan(chunk: Buffer, from: number, end: number, found: RunMark[]): void {
    for (const prefix of this.prefixes) {
      for (let at = from; at <= end;) {
        const i = chunk.indexOf(prefix, at);
        if (i < 0 || i > end) break;
        at = i + 1;
        if (i > 0 && chunk[i - 1] !== 0x0a) continue;
        const nl = chunk.indexOf(0x0a, i);
        const runNumber = runMarkOf(chunk.toString('utf8', i, nl), this.config);
        if (runNumber !== undefined) found.push({ runNumber, offset: this.offset + i });
      }
    }
    found.sort((a, b) => a.offset - b.offset);
  }
}

/** The peak resident memory of a running process so far (Linux's VmHWM, KiB), if known. */
export function peakSoFar(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function copyRange(from: number, to: number, start: number, end: number): void {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(0, end - start)));
  for (let at = start; at < end;) {
    const n = readSync(from, buf, 0, Math.min(buf.length, end - at), at);
    if (n <= 0) break;
    writeSync(to, buf, 0, n);
    at += n;
  }
}
