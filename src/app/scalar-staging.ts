// Merging as runs finish: while a campaign runs, each successful run's text scalar file is
// parsed into a staging SQLite file (OUT/.opp-campaign/staged.sca), between the runs' events.
// The merge at the end then copies those runs table to table inside SQLite instead of parsing
// the text while every core is idle but one. A file that changed since it was staged (size or
// time) is read by the merge itself, as is one that could not be staged: staging never decides
// what the dataset holds, it only saves the merge work.

import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { addTextScalarFile } from '../adapters/results/merge-files.js';
import { inputFormat, scanInput, type ScannedFile } from '../adapters/results/merge-inputs.js';
import { ResultDbWriter } from '../adapters/results/result-db-writer.js';
import { checkedIndex, type CheckedIndex } from '../adapters/results/vector-store.js';

/** What a merge may take from a staging file instead of parsing inputs itself. */
export interface StagedScalars {
  /** The staging SQLite file. */
  readonly db: string;
  /** `file` as scanned and the runs staged from it (file order), if it is unchanged since. */
  lookup(file: string): StagedFile | undefined;
}

export interface StagedFile {
  readonly scanned: ScannedFile;
  readonly runs: readonly string[];
  /** A text .vec's finished .vci, as checked while the campaign ran. */
  readonly index?: CheckedIndex;
}

interface Entry extends StagedFile {
  readonly size: number;
  readonly mtimeMs: number;
}

export class ScalarStaging implements StagedScalars {
  private writer: ResultDbWriter | undefined;
  private readonly staged = new Map<string, Entry>();
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly db: string) {
    try {
      mkdirSync(dirname(db), { recursive: true });
      rmSync(db, { force: true });
      this.writer = ResultDbWriter.open(db, true);
    } catch {
      this.writer = undefined; // no staging: the merge parses every file
    }
  }

  /**
   * Stages the text scalar files among a finished run's result files, and reads the headers of
   * its vector files and checks their indexes (in the background), so the merge at the end
   * reads none of them again.
   */
  add(files: readonly string[]): void {
    for (const file of files)
      if (file.endsWith('.sca')) this.queue = this.queue.then(() => this.stage(file));
      else if (file.endsWith('.vec')) this.queue = this.queue.then(() => this.scan(file));
  }

  private async scan(file: string): Promise<void> {
    try {
      const { size, mtimeMs } = statSync(file);
      const scanned = await scanInput(file);
      if (scanned.format !== 'text-vector') return;
      const runName = scanned.runs[0]?.runName;
      const index = runName !== undefined ? await checkedIndex(file, runName) : undefined;
      this.staged.set(file, { scanned, runs: [], size, mtimeMs, ...(index ? { index } : {}) });
    } catch {
      // left to the merge, as above
    }
  }

  private async stage(file: string): Promise<void> {
    const w = this.writer;
    if (w === undefined) return;
    try {
      const { size, mtimeMs } = statSync(file);
      if ((await inputFormat(file)) !== 'text') return;
      // one pass: the file's runs (what scanInput would say of it) are those the parse added
      const headers = await w.transactionAsync(() => addTextScalarFile(w, file, 'all'));
      if (headers.length === 0) return;
      const scanned: ScannedFile = {
        file,
        format: 'text',
        runs: headers.map((h, i) => ({
          runName: h.runName,
          ...(i === 0 ? { header: h } : {}),
          kinds: ['scalar'],
        })),
      };
      this.staged.set(file, { scanned, runs: headers.map((h) => h.runName), size, mtimeMs });
    } catch {
      // left to the merge, which reads the file itself and says what is wrong with it
    }
  }

  /** Waits for what is queued and closes the staging file; lookups stay valid. */
  async finish(): Promise<StagedScalars> {
    await this.queue;
    try {
      this.writer?.close('scalar');
    } catch {
      this.staged.clear();
    }
    this.writer = undefined;
    return this;
  }

  lookup(file: string): StagedFile | undefined {
    const e = this.staged.get(file);
    if (e === undefined) return undefined;
    try {
      const st = statSync(file);
      return st.size === e.size && st.mtimeMs === e.mtimeMs ? e : undefined;
    } catch {
      return undefined;
    }
  }

  /** Removes the staging file. */
  dispose(): void {
    this.writer?.abandon();
    this.writer = undefined;
    rmSync(this.db, { force: true });
  }
}
