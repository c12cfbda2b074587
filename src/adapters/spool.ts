// Output held back until it is complete: a command whose output is one document (plan --json)
// writes nothing when it fails midway, so a reader never gets a truncated document. Small
// output stays in memory; past `memoryBytes` it goes to an unlinked temporary file, so memory
// stays flat however large the document, and nothing is left behind if the process is killed.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHUNK = 1 << 20;

export class Spool {
  private parts: string[] = [];
  private held = 0;
  private fd: number | undefined;
  private path: string | undefined;
  private written = 0;

  constructor(private readonly memoryBytes = 8 << 20) {}

  write(text: string): void {
    this.parts.push(text);
    this.held += text.length;
    if (this.fd === undefined ? this.held > this.memoryBytes : this.held >= CHUNK) this.spill();
  }

  /** Everything written, in order, in chunks of at most 1 MiB (or all of it when it is small). */
  *chunks(): Generator<Buffer> {
    if (this.fd !== undefined && this.parts.length > 0) this.spill();
    if (this.fd === undefined) {
      yield Buffer.from(this.parts.join(''), 'utf8');
      return;
    }
    const buf = Buffer.alloc(CHUNK);
    for (let pos = 0; pos < this.written;) {
      const n = readSync(this.fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      yield Buffer.from(buf.subarray(0, n));
    }
  }

  close(): void {
    this.parts = [];
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.path !== undefined) rmSync(this.path, { recursive: true, force: true });
    this.path = undefined;
  }

  /** Moves what is held in memory to the file (opened on the first call). */
  private spill(): void {
    if (this.fd === undefined) this.open();
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.held = 0;
    for (let off = 0; off < data.length;) {
      const n = writeSync(this.fd as number, data, off, data.length - off, this.written);
      off += n;
      this.written += n;
    }
  }

  private open(): void {
    const dir = mkdtempSync(join(tmpdir(), 'opp-campaign-spool-'));
    const file = join(dir, 'output');
    this.fd = openSync(file, 'w+', 0o600);
    try {
      unlinkSync(file);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.path = dir; // a system that cannot unlink an open file: removed on close()
    }
  }
}
