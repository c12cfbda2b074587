import type { Writable } from 'node:stream';
import { OutputError, readerGone } from '../adapters/output-error.js';
import { hasRawBytes, iniBytes } from '../core/ini/index.js';

export { OutputError };

/**
 * Whether a line may be redrawn in place on `stream` (`\r`, `\x1b[2K`): a terminal, unless it
 * says it understands no escape codes (TERM=dumb: Emacs' shell, some CI consoles), where they
 * would show as garbage.
 */
export function redrawsLines(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** The streams `writeIniBytes` has taken on. */
const keepingBytes = new WeakSet<object>();

/**
 * Makes text written to `stream` carry an ini's bytes that are not UTF-8 as those bytes (a
 * Latin-1 `caf\xe9` in a run's progress line, a summary, an error naming a config), as opp_run
 * prints them, instead of U+FFFD: the text holds such a byte as a character of its own (see
 * iniText), which Node would encode as U+FFFD. Text without one is written as it was.
 */
export function writeIniBytes(stream: Writable): void {
  if (keepingBytes.has(stream)) return;
  keepingBytes.add(stream);
  const write = stream.write.bind(stream) as (...a: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]): boolean =>
    write(
      typeof chunk === 'string' && hasRawBytes(chunk) ? Buffer.from(iniBytes(chunk)) : chunk,
      ...rest,
    )) as Writable['write'];
}

/** What went wrong writing each output stream, the first failure (see `dropOutputOnceClosed`). */
const failures = new WeakMap<object, NodeJS.ErrnoException>();

function recordFailure(stream: object, e: NodeJS.ErrnoException): void {
  if (!failures.has(stream)) failures.set(stream, e);
}

/** Writes lines in large chunks and waits when the stream asks it to (a pipe to `head`). */
export class LineWriter {
  private buf: string[] = [];
  private size = 0;
  /** Settles once the stream has taken (or failed) the last chunk written. */
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly out: Writable) {}

  /**
   * Whether writing has failed (a reader gone, a full disk): what is written from now on is
   * dropped. A command whose output is its whole point (`plan`) stops there.
   */
  get failed(): boolean {
    return failures.has(this.out);
  }

  async line(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  /** Bytes as they are (after the lines before them). */
  async raw(chunk: Buffer): Promise<void> {
    await this.flush();
    if (!this.write(chunk)) await drained(this.out);
  }

  /**
   * Hands the lines to the stream. A failure does not stop the command (its work, a journal,
   * a merge, goes on): `finish` reports it at the end.
   */
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    // an ini's bytes that are not UTF-8 (`plan -q runs`) as they are in the file, as opp_run
    // prints them, not as U+FFFD
    if (!this.write(hasRawBytes(chunk) ? Buffer.from(iniBytes(chunk)) : chunk))
      await drained(this.out);
  }

  /**
   * Flushes and waits until the stream has taken everything. Throws an OutputError when the
   * output could not be written (a full disk), unless its reader has merely gone (`| head`).
   */
  async finish(): Promise<void> {
    await this.flush();
    await this.settled();
    const failure = failures.get(this.out);
    if (failure && !readerGone(failure)) throw new OutputError(failure);
  }

  /**
   * As `finish`, for output that is the command's whole point (a credential): a reader gone is
   * a failure too.
   */
  async confirm(): Promise<void> {
    await this.flush();
    await this.settled();
    const failure = failures.get(this.out);
    if (failure) throw new OutputError(failure);
  }

  private write(chunk: string | Buffer): boolean {
    let more = true;
    this.last = new Promise<void>((taken) => {
      more = this.out.write(chunk, (e?: Error | null) => {
        if (e) recordFailure(this.out, e);
        taken();
      });
    });
    return more;
  }

  /** The last chunk taken, or the stream closed (a destroyed stream may never call back). */
  private async settled(): Promise<void> {
    if (this.out.destroyed) return;
    let off = (): void => undefined;
    const closed = new Promise<void>((resolve) => {
      this.out.once('close', resolve);
      off = () => this.out.off('close', resolve);
    });
    await Promise.race([this.last, closed]);
    off();
  }
}

/** Until the stream takes more, or fails (a reader gone: no 'drain' ever comes). */
function drained(out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('error', done);
    out.once('close', done);
  });
}

/**
 * Once writing to `stream` has failed, what is written there is dropped: the command finishes its
 * work (the journal, the merge, an interrupted campaign's clean stop) instead of dying of an
 * unhandled error. The failure is kept: `LineWriter.finish` reports it at the end (exit status 1),
 * except when the reader has merely gone (EPIPE: `| head` has its lines, a `tee` was stopped by
 * the same Ctrl-C; EIO: the terminal it wrote to has closed); `LineWriter.confirm` reports that
 * too, for a credential that would be lost.
 */
export function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    recordFailure(stream, e);
    stream.write = (...args: unknown[]): boolean => {
      const done = args.find((a) => typeof a === 'function') as
        ((e?: Error | null) => void) | undefined;
      if (done) queueMicrotask(() => done(e));
      return true;
    };
  });
}
