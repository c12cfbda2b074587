// The journal on disk: appended with one write(2) per record, so a killed campaign keeps every
// record it wrote; fdatasync runs in the background so a crashed machine loses at most the last
// few, never a record in the middle.
import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import {
  readJournal,
  serializeRecord,
  type JournalRecord,
  type JournalState,
} from '../core/campaign/journal.js';

export class JournalFile {
  private fd: number | undefined;
  private syncing = false;
  private dirty = false;

  constructor(readonly path: string) {}

  read(): JournalState {
    if (!existsSync(this.path)) return { runs: new Map(), damagedLines: [] };
    return readJournal(readFileSync(this.path, 'utf8'));
  }

  append(rec: JournalRecord): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'a+');
      // a torn last line from a crash must not glue itself to the next record
      const { size } = fstatSync(this.fd);
      const last = Buffer.alloc(1);
      if (size > 0 && readSync(this.fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a)
        writeSync(this.fd, '\n');
    }
    writeSync(this.fd, serializeRecord(rec));
    this.dirty = true;
    this.sync();
  }

  private sync(): void {
    if (this.syncing || this.fd === undefined || !this.dirty) return;
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, () => {
      this.syncing = false;
      this.sync();
    });
  }

  async close(): Promise<void> {
    while (this.syncing) await new Promise((r) => setTimeout(r, 5));
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
