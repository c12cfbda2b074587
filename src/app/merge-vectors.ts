// Where a merge puts vectors. By default (`files`) each run keeps a vector file of its own in
// OUT (its input hard-linked, see adapters/results/vector-store.ts), which OMNeT++'s tools
// read; `sqlite` appends every run to one SQLite file, OUT/results.vec, for SQL and pandas
// users (OMNeT++ 6.1 lists its vectors but cannot read their data: see README).
//
// Both write only temporary files and name, for the swap, what to rename and remove.

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unlinkedTopFiles } from '../adapters/results/artifact-files.js';
import { fsyncPath, tempPath, type Swap } from '../adapters/results/dataset-folder.js';
import { addTextVectorFile, checkTextVectorFile } from '../adapters/results/merge-files.js';
import {
  isMergedFolder,
  readSqliteRunHeaders,
  readTextHeader,
  vectorFiles,
  type ScannedFile,
} from '../adapters/results/merge-inputs.js';
import { ResultDbWriter } from '../adapters/results/result-db-writer.js';
import { openDatabase } from '../adapters/results/sqlite-api.js';
import {
  copyWithTimes,
  extractSqliteRun,
  finishedIndex,
  unchangedIndex,
  type CheckedIndex,
  linkOrCopy,
  placeIndex,
  preferredName,
  storedVectorRuns,
  vectorFileName,
  type StoredVectors,
} from '../adapters/results/vector-store.js';
import { indexFileName } from '../adapters/results/vector-files.js';
import { briefRun, type RunInfo } from '../core/results/index.js';
import { RESULTS_VEC } from '../core/campaign/layout.js';

export type VectorLayout = 'files' | 'sqlite';

export { RESULTS_VEC };

/** The vectors of the merged dataset being written. */
export interface VectorTarget {
  /**
   * Adds a text .vec (one run); false when it has no vector data. `header` and `index`: its run
   * header and finished index, when the caller has them already.
   */
  addTextFile(
    file: string,
    signal: AbortSignal | undefined,
    header?: RunInfo,
    index?: CheckedIndex,
  ): Promise<boolean>;
  /** Adds the given runs (in that order) of an SQLite input: all of them, or none (it throws). */
  addSqliteRuns(input: ScannedFile, names: readonly string[]): void;
  /** Finishes the temporary files (flushed to disk). */
  finish(): void;
  /** Drops the temporary files. */
  abandon(): void;
  /** Headers of every run the dataset will hold vectors of. */
  headers(): RunInfo[];
  /**
   * What puts the new vectors in place (relative to OUT); `setAside`: top vector files it would
   * have removed that are nobody's but the folder's (see unlinkedTopFiles), moved aside.
   */
  swap(): Promise<Swap & { readonly setAside?: readonly string[] }>;
}

/** The headers of the runs whose vectors OUT holds in the given layout. */
export async function storedHeaders(out: string, layout: VectorLayout): Promise<RunInfo[]> {
  if (layout === 'files') return (await storedVectorRuns(out)).map((s) => s.header);
  const path = join(out, RESULTS_VEC);
  return existsSync(path) ? sqliteHeaders(path) : [];
}

/** Vector files of the other layout in OUT (to carry over into this one, then remove). */
export async function otherLayoutFiles(out: string, layout: VectorLayout): Promise<string[]> {
  if (layout === 'sqlite') return (await storedVectorRuns(out)).map((s) => join(out, s.name));
  const path = join(out, RESULTS_VEC);
  return existsSync(path) ? [path] : [];
}

export function sqliteHeaders(path: string): RunInfo[] {
  const db = openDatabase(path, 'read');
  try {
    return readSqliteRunHeaders(db, path, true).map((h) => h.run);
  } finally {
    db.close();
  }
}

/** Opens the target: `fresh` starts from no vectors, else OUT's are kept. */
export async function openVectorTarget(
  out: string,
  layout: VectorLayout,
  fresh: boolean,
): Promise<VectorTarget> {
  return layout === 'sqlite'
    ? SqliteTarget.open(out, fresh)
    : new FolderTarget(out, fresh ? [] : await storedVectorRuns(out));
}

// --- one SQLite file -------------------------------------------------------------------------

class SqliteTarget implements VectorTarget {
  private constructor(
    private readonly out: string,
    private readonly temp: string,
    private readonly writer: ResultDbWriter,
  ) {}

  static open(out: string, fresh: boolean): SqliteTarget {
    const from = join(out, RESULTS_VEC);
    const temp = tempPath(out, RESULTS_VEC);
    return new SqliteTarget(out, temp, openWriter(fresh ? undefined : from, temp));
  }

  async addTextFile(file: string, signal: AbortSignal | undefined): Promise<boolean> {
    const w = this.writer;
    return w.transactionAsync(() => addTextVectorFile(w, file, signal));
  }

  addSqliteRuns(input: ScannedFile, names: readonly string[]): void {
    this.writer.copyFromSqlite(input.file, names, 'vector');
  }

  finish(): void {
    this.writer.close('vector');
    fsyncPath(this.temp);
  }

  abandon(): void {
    this.writer.abandon();
    rmSync(this.temp, { force: true });
  }

  headers(): RunInfo[] {
    return sqliteHeaders(this.temp);
  }

  async swap(): Promise<Swap> {
    // vector files of the other layout (carried over into this file)
    const others = (await storedVectorRuns(this.out)).map((s) => s.name);
    return {
      renames: [[basename(this.temp), RESULTS_VEC]],
      removals: others.flatMap((name) => [name, indexFileName(name)]),
    };
  }
}

/** A writer on a temporary copy of `from` (or a new file when there is none). */
export function openWriter(from: string | undefined, to: string): ResultDbWriter {
  rmSync(to, { force: true });
  const fresh = from === undefined || !existsSync(from);
  if (!fresh) copyWithTimes(from, to);
  return ResultDbWriter.open(to, fresh);
}

// --- a file per run --------------------------------------------------------------------------

interface Staged {
  readonly name: string;
  readonly header: RunInfo;
  /** Its .vci was staged too. */
  readonly index: boolean;
  /** Written or copied here (to be flushed), not linked. */
  readonly written: boolean;
}

/** The folder new vector files are put in until the swap (a dot folder: no reader looks in). */
export const STAGING = 'vectors';

class FolderTarget implements VectorTarget {
  private readonly staging: string;
  private readonly staged: Staged[] = [];
  private readonly taken: Set<string>;

  /** `kept`: the vector files of OUT that the new dataset keeps. */
  constructor(
    private readonly out: string,
    private readonly kept: readonly StoredVectors[],
  ) {
    this.staging = tempPath(out, STAGING);
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging);
    this.taken = new Set(kept.map((k) => k.name));
  }

  private name(preferred: string | undefined, runName: string): string {
    const name = vectorFileName(this.taken, preferred, runName);
    this.taken.add(name);
    return name;
  }

  async addTextFile(
    file: string,
    signal: AbortSignal | undefined,
    scanned?: RunInfo,
    index?: CheckedIndex,
  ): Promise<boolean> {
    const header = scanned ?? briefRun(await readTextHeader(file));
    // a .vec that OMNeT++ finished (its .vci says so) is taken as it is; others are read whole
    // first, so that a cut or corrupt one is refused as bad input
    const vci = (index && unchangedIndex(index)) ?? (await finishedIndex(file, header.runName));
    if (vci === undefined && !(await checkTextVectorFile(file, signal))) return false;
    const name = this.name(preferredName(file), header.runName);
    const dest = join(this.staging, name);
    const how = linkOrCopy(file, dest);
    if (vci !== undefined) placeIndex(index, vci, indexFileName(dest));
    this.staged.push({ name, header, index: vci !== undefined, written: how === 'copy' });
    return true;
  }

  addSqliteRuns(input: ScannedFile, names: readonly string[]): void {
    const only = input.runs.length === 1 && input.runs[0]?.kinds.join() === 'vector';
    const before = this.staged.length;
    try {
      this.stageSqliteRuns(input, names, only);
    } catch (e) {
      // whole or nothing: the runs of this file staged before the failure go again
      for (const s of this.staged.splice(before)) {
        rmSync(join(this.staging, s.name), { force: true });
        this.taken.delete(s.name);
      }
      throw e;
    }
  }

  private stageSqliteRuns(input: ScannedFile, names: readonly string[], only: boolean): void {
    for (const runName of names) {
      const header = input.runs.find((r) => r.runName === runName)?.header;
      if (header === undefined) continue;
      if (only) {
        const name = this.name(preferredName(input.file), runName);
        const how = linkOrCopy(input.file, join(this.staging, name));
        this.staged.push({ name, header, index: false, written: how === 'copy' });
      } else {
        // a file of several runs (or with scalars too): the run's vectors in a file of its own
        const name = this.name(undefined, runName);
        extractSqliteRun(input.file, runName, join(this.staging, name));
        this.staged.push({ name, header, index: false, written: true });
      }
    }
  }

  finish(): void {
    for (const s of this.staged)
      if (s.written) {
        fsyncPath(join(this.staging, s.name));
        if (s.index) fsyncPath(indexFileName(join(this.staging, s.name)));
      }
    fsyncPath(this.staging);
  }

  abandon(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }

  /** The vector files OUT holds now (as a merged folder; none when it is not one yet). */
  private async storedNames(): Promise<string[]> {
    return isMergedFolder(this.out) ? (await vectorFiles(this.out)).map((f) => basename(f)) : [];
  }

  headers(): RunInfo[] {
    return [...this.kept.map((k) => k.header), ...this.staged.map((s) => s.header)];
  }

  async swap(): Promise<Swap & { readonly setAside: readonly string[] }> {
    const stage = basename(this.staging);
    const renames: Array<[string, string]> = [];
    const removals: string[] = [];
    const keep = new Set(this.kept.map((k) => k.name));
    for (const s of this.staged) {
      keep.add(s.name);
      const vci = indexFileName(s.name);
      renames.push([join(stage, s.name), s.name]);
      if (s.index) renames.push([join(stage, vci), vci]);
      else removals.push(vci); // an index of an earlier file of that name
    }
    // files of runs the new dataset does not hold (a rebuild), with their indexes; only those
    // that are hard links of files kept elsewhere (a run's in .runs/): any other is moved aside
    const gone = (await this.storedNames()).filter((old) => !keep.has(old));
    const aside = unlinkedTopFiles(this.out, gone);
    const setAside = aside.names;
    // (moved as the swap is made, not before: a merge stopped before it moves nothing)
    renames.unshift(...aside.renames);
    for (const old of gone) if (!setAside.includes(old)) removals.push(old, indexFileName(old));
    removals.push(stage);
    if (existsSync(join(this.out, RESULTS_VEC))) removals.push(RESULTS_VEC);
    return { renames, removals, setAside };
  }
}
