// Loading result files and folders into a ResultSet, the way `opp_scavetool` loads its
// arguments (src/scave/opp_scavetool.cc loadFiles(), ResultFileManager::loadFile()), and
// writing exports to files.

import { closeSync, openSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ResultFileError,
  ResultSet,
  compareNames,
  resultsFromIndex,
  type FileFingerprint,
  type IndexedVector,
  type RunMergePolicy,
  type ScaRecord,
  type TextParserOptions,
  type VectorDataSource,
  type VectorDatum,
  type VectorResult,
} from '../../core/results/index.js';
import { writeWhole } from '../disk-full.js';
import { isSqliteFile, readSqliteFile, readSqliteVectorData } from './sqlite-files.js';
import { readScalarFile } from './text-files.js';
import {
  loadVectorIndex,
  readVectorBlocks,
  type LoadedVectorIndex,
  type VectorIndexOptions,
} from './vector-files.js';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function collectInDirectory(dir: string, suffix: string, out: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => compareNames(a.name, b.name));
  const prefix = dir === '.' ? '' : dir.endsWith('/') ? dir : `${dir}/`;
  for (const e of entries) {
    const path = prefix + e.name;
    if (e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(path))))
      await collectInDirectory(path, suffix, out);
    else if (e.name.endsWith(suffix)) out.push(path);
  }
}

/**
 * The files a list of arguments names: files as they are; folders searched recursively (dot
 * files skipped, names sorted) for *.sca files, then for *.vec files.
 */
export async function collectResultFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (await isDirectory(p)) {
      await collectInDirectory(p, '.sca', out);
      await collectInDirectory(p, '.vec', out);
    } else out.push(p);
  }
  return out;
}

export type ResultFileFormat = 'text' | 'text-vector' | 'sqlite';

/** Which reader handles a file: SQLite by content, text vector files by the .vec extension. */
export async function resultFileFormat(path: string): Promise<ResultFileFormat> {
  let sqlite: boolean;
  try {
    sqlite = await isSqliteFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ResultFileError(`Cannot open for read (${code})`, path);
  }
  if (sqlite) return 'sqlite';
  return path.endsWith('.vec') ? 'text-vector' : 'text';
}

export interface ReadOptions extends VectorIndexOptions, TextParserOptions {
  /**
   * Read SQLite files' scalars only, not their other items, nor their runs' config entries (the
   * report needs no more).
   */
  readonly scalarsOnly?: boolean;
}

interface VectorLocation {
  readonly kind: 'text' | 'sqlite';
  readonly path: string;
  readonly fingerprint?: FileFingerprint | undefined;
  readonly vectors?: ReadonlyMap<number, IndexedVector> | undefined;
  readonly simtimeExps?: ReadonlyMap<number, number> | undefined;
}

/** Reads vector data from the files a ResultSet was loaded from. */
export class FileVectorDataSource implements VectorDataSource {
  private readonly locations = new Map<string, VectorLocation>();

  register(file: string, location: VectorLocation): void {
    this.locations.set(file, location);
  }

  readVectorData(vector: VectorResult): AsyncIterable<readonly VectorDatum[]> {
    const loc = this.locations.get(vector.file);
    if (loc === undefined)
      throw new ResultFileError('no vector data known for this file', vector.file);
    if (loc.kind === 'sqlite')
      return readSqliteVectorData(
        loc.path,
        vector.vectorId,
        loc.simtimeExps?.get(vector.vectorId) ?? 0,
        vector.file,
      );
    const indexed = loc.vectors?.get(vector.vectorId);
    if (indexed === undefined)
      throw new ResultFileError(`vector ${vector.vectorId} is not in the index`, vector.file);
    return readVectorBlocks(loc.path, indexed, vector.file, loc.fingerprint);
  }
}

/**
 * Reads one result file of any format as records: run headers, then the items of each run.
 * A .vec is read through its index (an up-to-date .vci, or a scan); `vectorData`, when given,
 * is told where the file's vector data is.
 */
export async function* readResultFile(
  path: string,
  options: ReadOptions = {},
  vectorData?: FileVectorDataSource,
): AsyncGenerator<ScaRecord> {
  const format = await resultFileFormat(path);
  if (format === 'sqlite') {
    const contents = readSqliteFile(path, path, options.scalarsOnly);
    vectorData?.register(path, { kind: 'sqlite', path, simtimeExps: contents.simtimeExps });
    for (const run of contents.runs) yield { type: 'run', run, file: path };
    yield* contents.items;
  } else if (format === 'text-vector') {
    yield* vectorFileRecords(path, await loadVectorIndex(path, path, options), vectorData);
  } else {
    yield* readScalarFile(path, path, options);
  }
}

/**
 * A text .vec's records (its run header, then its vectors) from its index, loaded already (an
 * export reads a .vec once per pass: its index is kept from the first); `vectorData`, when
 * given, is told where the file's vector data is.
 */
export function* vectorFileRecords(
  path: string,
  loaded: LoadedVectorIndex,
  vectorData?: FileVectorDataSource,
): Generator<ScaRecord> {
  const r = resultsFromIndex(loaded.index, path);
  if (r === undefined) return;
  const vectors = new Map(loaded.index.vectors.map((v) => [v.vectorId, v]));
  vectorData?.register(path, {
    kind: 'text',
    path,
    fingerprint: loaded.fingerprint,
    vectors,
  });
  yield { type: 'run', run: r.run, file: path };
  yield* r.vectors;
}

const POLICY: Record<ResultFileFormat, RunMergePolicy> = {
  text: 'keep-first',
  'text-vector': 'replace',
  sqlite: 'merge',
};

export interface LoadedResults {
  readonly results: ResultSet;
  readonly data: FileVectorDataSource;
  /** The files loaded, in order. */
  readonly files: readonly string[];
}

/**
 * Loads result files and folders (see collectResultFiles) as opp_scavetool does: a file named
 * twice is loaded once; runs met again in other files are shared.
 */
export async function loadResults(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<LoadedResults> {
  const results = new ResultSet();
  const data = new FileVectorDataSource();
  for (const file of await collectResultFiles(paths)) {
    if (!results.addFile(file)) continue;
    const policy = POLICY[await resultFileFormat(file)];
    for await (const record of readResultFile(file, options, data)) {
      if (record.type === 'run') results.addRun(file, record.run, policy);
      else results.addItem(record);
    }
  }
  return { results, data, files: results.files };
}

/** Writes exporter output (e.g. exportCsvRecords(...)) to a file; "-" writes to stdout. */
export async function writeExport(chunks: AsyncIterable<string>, outPath: string): Promise<void> {
  if (outPath === '-') {
    await pipeline(Readable.from(chunks), process.stdout, { end: false });
    return;
  }
  // a file: each chunk written as it comes, straight from the string (no stream between: the
  // end of a campaign waits for its scalars.csv)
  const fd = openSync(outPath, 'w');
  try {
    for await (const chunk of chunks) writeWhole(fd, chunk, outPath);
  } finally {
    closeSync(fd);
  }
}
