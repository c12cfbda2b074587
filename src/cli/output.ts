import type { Writable } from 'node:stream';

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

/** Writes lines in large chunks and waits when the stream asks it to (a pipe to `head`). */
export class LineWriter {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly out: Writable) {}

  async line(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  /** Bytes as they are (after the lines before them). */
  async raw(chunk: Buffer): Promise<void> {
    await this.flush();
    if (!this.out.write(chunk)) await drained(this.out);
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await drained(this.out);
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
 * Once the reader of `stream` has gone (EPIPE: `| head` has its lines, a `tee` was stopped by the
 * same Ctrl-C), what is written there is dropped: the command finishes its work (the journal,
 * the merge, an interrupted campaign's clean stop) instead of dying of an unhandled error.
 */
export function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // EIO: the terminal it wrote to has closed
    if (e.code !== 'EPIPE' && e.code !== 'EIO') throw e;
    stream.write = (...args: unknown[]): boolean => {
      const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      if (done) queueMicrotask(done);
      return true;
    };
  });
}
