// The journal on disk: appended with one write(2) per record, so a killed campaign keeps every
// record it wrote; fdatasync runs in the background so a crashed machine loses at most the last
// records (those of the last 50 ms or so), never a record in the middle.
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
} from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { writeWhole } from './disk-full.js';
import {
  JournalReader,
  serializeRecord,
  type JournalRecord,
  type JournalState,
} from '../core/campaign/journal.js';

const SYNC_GAP_MS = 50;

/** Reads the journal file at `path` a block at a time (never the whole file as one string). */
export function readJournalAt(path: string): JournalState {
  const fd = openSync(path, 'r');
  try {
    const reader = new JournalReader();
    const decoder = new StringDecoder('utf8');
    const block = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, block, 0, block.length, null)) > 0;)
      reader.push(decoder.write(block.subarray(0, n)));
    reader.push(decoder.end());
    return reader.end();
  } finally {
    closeSync(fd);
  }
}

export class JournalFile {
  private fd: number | undefined;
  /** The journal's length after the last complete record. */
  private size = 0;
  private dirty = false;
  /** The fdatasync under way, if any. */
  private flushing: Promise<void> | undefined;
  /** The pause after a flush (at most one flush every SYNC_GAP_MS). */
  private gap: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(readonly path: string) {}

  read(): JournalState {
    if (!existsSync(this.path))
      return { runs: new Map(), damagedLines: [], badRecords: [], campaigns: [] };
    return readJournalAt(this.path);
  }

  append(rec: JournalRecord): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'a+');
      // a torn last line from a crash must not glue itself to the next record
      this.size = fstatSync(this.fd).size;
      const last = Buffer.alloc(1);
      if (this.size > 0 && readSync(this.fd, last, 0, 1, this.size - 1) === 1 && last[0] !== 0x0a)
        this.write('\n');
    }
    this.write(serializeRecord(rec));
    this.dirty = true;
    this.sync();
  }

  /** Appends all of `text` or nothing: a write cut short (a full disk) is taken back. */
  private write(text: string): void {
    const fd = this.fd as number;
    const bytes = Buffer.from(text);
    try {
      this.size += writeWhole(fd, bytes, this.path);
    } catch (e) {
      try {
        ftruncateSync(fd, this.size);
      } catch {
        // the reader skips a torn last line; the next append starts a new one
      }
      throw e;
    }
  }

  private sync(): void {
    if (this.flushing || this.gap || this.fd === undefined || !this.dirty) return;
    this.dirty = false;
    const fd = this.fd;
    this.flushing = new Promise<void>((done) => fdatasync(fd, () => done()));
    void this.flushing.then(() => {
      this.flushing = undefined;
      if (this.closing) return;
      // at most one flush every SYNC_GAP_MS: a campaign of short runs ends hundreds a second
      this.gap = setTimeout(() => {
        this.gap = undefined;
        this.sync();
      }, SYNC_GAP_MS);
    });
  }

  /**
   * Flushes what is not yet on disk and closes the file. It does not wait out the pause between
   * flushes: a campaign's last record is on disk as soon as the disk allows.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.gap);
    this.gap = undefined;
    await this.flushing;
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    if (this.dirty) fdatasyncSync(fd);
    this.dirty = false;
    closeSync(fd);
  }
}
