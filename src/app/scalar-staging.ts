// Merging as runs finish: while a campaign runs, each successful run's text scalar file is
// parsed into a staging SQLite file (OUT/.opp-campaign/staged.sca), between the runs' events.
// The merge at the end then takes that file as the merged scalar file (when it holds exactly the
// runs merged into a new one), or copies those runs table to table inside SQLite, instead of
// parsing the text while every core is idle but one. A file that changed since it was staged
// (size or time) is read by the merge itself, as is one that could not be staged: staging never
// decides what the dataset holds, it only saves the merge work.

import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { addOneRunScalarFile, addTextScalarFile } from '../adapters/results/merge-files.js';
import { inputFormat, scanInput, type ScannedFile } from '../adapters/results/merge-inputs.js';
import { writeWhole } from '../adapters/disk-full.js';
import { ResultDbWriter } from '../adapters/results/result-db-writer.js';
import {
  briefRun,
  sortRunsForOutput,
  storedRunCsv,
  type ResultItem,
  type RunCsv,
  type RunInfo,
} from '../core/results/index.js';
import { scanFinishedVector, type CheckedIndex } from '../adapters/results/vector-store.js';

/** What a merge may take from a staging file instead of parsing inputs itself. */
export interface StagedScalars {
  /** The staging SQLite file. */
  readonly db: string;
  /** `file` as scanned and the runs staged from it (file order), if it is unchanged since. */
  lookup(file: string): StagedFile | undefined;
  /**
   * Writes scalars.csv (what exportSqliteScalarsCsv writes) for a merged scalar file that holds
   * exactly these runs, every one copied from the staging file, from the parts exported as each
   * run was staged; false (nothing written) when some run has no part or their columns differ.
   */
  writeScalarsCsv?(runs: readonly RunInfo[], dest: string): boolean;
  /**
   * Moves the (finished) staging file to `dest`, to be the merged scalar file itself, when it
   * holds `runs` runs and no other: the merge takes every staged run and nothing else. False
   * (nothing moved) otherwise.
   */
  adopt?(runs: number, dest: string): boolean;
}

/** Where a run's CSV parts are in the spool file: its offset and each part's byte length. */
interface SpooledCsv {
  readonly columns: string;
  readonly offset: number;
  readonly lengths: readonly number[];
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

/** Staged files per commit of the staging file (a run's rows: ~25 KB for OMNeT++'s aloha). */
const COMMIT_EVERY = 256;

export class ScalarStaging implements StagedScalars {
  private writer: ResultDbWriter | undefined;
  private readonly staged = new Map<string, Entry>();
  /** The runs the staging file holds. */
  private stagedRuns = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Each staged run's part of scalars.csv (see writeScalarsCsv), spooled to a file. */
  private readonly csvPath: string;
  private csvFd: number | undefined;
  private csvSize = 0;
  private readonly csv = new Map<string, SpooledCsv>();
  /** The columns of the last run spooled (most runs share them: one string for all). */
  private columns = '';

  /** Files staged since the last commit (see COMMIT_EVERY). */
  private sinceCommit = 0;
  /** Whether the staging file was made (or tried): on the first file staged. */
  private opened = false;

  constructor(readonly db: string) {
    this.csvPath = `${db}.csv`;
  }

  /**
   * Makes the staging file and its spool, when the first run's files come: the campaign's
   * start does not wait for SQLite's schema (the first runs start sooner).
   */
  private open(): ResultDbWriter | undefined {
    if (this.opened) return this.writer;
    this.opened = true;
    try {
      mkdirSync(dirname(this.db), { recursive: true });
      rmSync(this.db, { force: true });
      this.writer = ResultDbWriter.open(this.db, true);
      this.writer.lockExclusively();
      // the runs' rows go in as one transaction of SQLite's (each run's a savepoint)
      this.writer.hold();
      this.csvFd = openSync(this.csvPath, 'w+');
    } catch {
      // no staging: the merge parses every file
      this.writer?.abandon();
      this.writer = undefined;
      this.closeSpool();
    }
    return this.writer;
  }

  private closeSpool(): void {
    if (this.csvFd !== undefined) closeSync(this.csvFd);
    this.csvFd = undefined;
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
      // most often from its finished .vci alone
      const finished = await scanFinishedVector(file);
      if (finished !== undefined) {
        // a run of this campaign: its .vci is removed before the run runs again (execute.ts)
        const index: CheckedIndex = { ...finished.index, linkable: true };
        this.staged.set(file, { scanned: finished.scanned, runs: [], size, mtimeMs, index });
        return;
      }
      // no finished .vci (the merge indexes the .vec)
      const scanned = await scanInput(file);
      if (scanned.format === 'text-vector')
        this.staged.set(file, { scanned, runs: [], size, mtimeMs });
    } catch {
      // left to the merge, as above
    }
  }

  private async stage(file: string): Promise<void> {
    const w = this.open();
    if (w === undefined) return;
    try {
      const { size, mtimeMs } = statSync(file);
      // one pass: the file's runs (what scanInput would say of it) are those the parse added;
      // a file of one run gets its rows of scalars.csv as they are added
      let headers: RunInfo[];
      const one = addOneRunScalarFile(w, file);
      if (one === 'sqlite') return;
      if (one !== undefined) {
        headers = [one.run];
        this.spool(one.csv);
      } else {
        if ((await inputFormat(file)) !== 'text') return;
        const items: ResultItem[] = [];
        headers = await w.transactionAsync(() =>
          addTextScalarFile(w, file, 'all', (item) => items.push(item)),
        );
        const run = headers[0];
        if (headers.length === 1 && run !== undefined) this.spool(storedRunCsv(run, items));
      }
      this.stagedRuns += headers.length;
      // committed now and then: what SQLite holds in memory until then stays small
      if (++this.sinceCommit >= COMMIT_EVERY) {
        this.sinceCommit = 0;
        w.release();
        w.hold();
      }
      if (headers.length === 0) return;
      const scanned: ScannedFile = {
        file,
        format: 'text',
        runs: headers.map((h, i) => ({
          runName: h.runName,
          // brief: kept for every run of the campaign until its merge
          ...(i === 0 ? { header: briefRun(h) } : {}),
          kinds: ['scalar'],
        })),
      };
      this.staged.set(file, { scanned, runs: headers.map((h) => h.runName), size, mtimeMs });
    } catch {
      // left to the merge, which reads the file itself and says what is wrong with it
    }
  }

  /** Appends a run's parts to the spool file (a run without parts has none there). */
  private spool(parts: RunCsv | undefined): void {
    const fd = this.csvFd;
    if (parts === undefined || fd === undefined) return;
    // one string written (encoded once); each part's length in bytes
    const lengths = [
      Buffer.byteLength(parts.meta),
      Buffer.byteLength(parts.scalars),
      Buffer.byteLength(parts.parameters),
      Buffer.byteLength(parts.statistics),
    ];
    const size = lengths.reduce((a, b) => a + b, 0);
    const text = parts.meta + parts.scalars + parts.parameters + parts.statistics;
    if (writeSync(fd, text, this.csvSize, 'utf8') !== size) return;
    if (parts.columns !== this.columns) this.columns = parts.columns;
    this.csv.set(parts.runName, { columns: this.columns, offset: this.csvSize, lengths });
    this.csvSize += size;
  }

  writeScalarsCsv(runs: readonly RunInfo[], dest: string): boolean {
    const fd = this.csvFd;
    const first = runs[0] && this.csv.get(runs[0].runName);
    if (fd === undefined || first === undefined) return false;
    const byRun = new Map<RunInfo, SpooledCsv>();
    for (const run of runs) {
      const p = this.csv.get(run.runName);
      if (p === undefined || p.columns !== first.columns) return false;
      byRun.set(run, p);
    }
    const ordered = sortRunsForOutput([...runs]).map((r) => byRun.get(r) as SpooledCsv);
    const out = openSync(dest, 'w');
    try {
      let chunk: Buffer[] = [Buffer.from(first.columns)];
      let size = 0;
      const flush = (): void => {
        writeWhole(out, Buffer.concat(chunk), dest);
        chunk = [];
        size = 0;
      };
      // each part of the export (run metadata, scalars, parameters, statistics), run by run
      for (let part = 0; part < 4; part++)
        for (const p of ordered) {
          const length = p.lengths[part] ?? 0;
          const b = Buffer.allocUnsafe(length);
          const at = p.offset + p.lengths.slice(0, part).reduce((a, l) => a + l, 0);
          if (readSync(fd, b, 0, length, at) !== length) return false; // exported whole instead
          chunk.push(b);
          size += length;
          if (size >= 1 << 20) flush();
        }
      flush();
    } finally {
      closeSync(out);
    }
    return true;
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

  adopt(runs: number, dest: string): boolean {
    if (this.writer !== undefined || this.staged.size === 0 || runs !== this.stagedRuns)
      return false;
    try {
      renameSync(this.db, dest);
      return true;
    } catch {
      return false;
    }
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

  /** Removes the staging file and the CSV parts. */
  dispose(): void {
    this.writer?.abandon();
    this.writer = undefined;
    this.closeSpool();
    rmSync(this.db, { force: true });
    rmSync(this.csvPath, { force: true });
  }
}
