import type { Writable } from 'node:stream';

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
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', r));
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', r));
  }
}
