// Text vector files (.vec) and their indexes (.vci): loading the index (from an up-to-date
// .vci, else by scanning the .vec), and reading one vector's data block by block.

import { open, stat, type FileHandle } from 'node:fs/promises';
import {
  ResultFileError,
  VectorBlockReader,
  VectorFileIndexer,
  VectorFileParser,
  VectorIndexFileParser,
  fingerprintFromIndexLines,
  isIndexUpToDate,
  type FileFingerprint,
  type IndexedVector,
  type RunInfo,
  type VectorDataLine,
  type VectorDatum,
  type VectorFileIndex,
  type VectorFileParserOptions,
  type VectorIndexEntry,
} from '../../core/results/index.js';
import { readLineBatches } from './text-files.js';

const CHUNK = 1 << 16;
const BATCH = 4096;

/** Size and modification time (whole seconds), as OMNeT++ fingerprints a vector file. */
export async function fileFingerprint(path: string): Promise<FileFingerprint> {
  const s = await stat(path);
  return { size: s.size, mtime: Math.floor(s.mtimeMs / 1000) };
}

/** The .vci next to a .vec (IndexFileUtils::getIndexFileName: the extension replaced). */
export function indexFileName(vecPath: string): string {
  const dot = vecPath.lastIndexOf('.');
  return dot >= 0 ? `${vecPath.slice(0, dot)}.vci` : `${vecPath}.vci`;
}

/** Parses a .vci file. */
export async function readIndexFile(
  vciPath: string,
  displayName: string = vciPath,
): Promise<VectorFileIndex> {
  const parser = new VectorIndexFileParser(displayName);
  for await (const lines of readLineBatches(vciPath))
    for (const l of lines) parser.pushLine(l.text);
  return parser.end();
}

/** Builds the index of a .vec by scanning it (what opp_scavetool does for a missing/stale .vci). */
export async function scanVectorFile(
  vecPath: string,
  displayName: string = vecPath,
  options: VectorFileParserOptions = {},
): Promise<VectorFileIndex> {
  const indexer = new VectorFileIndexer(displayName, options);
  for await (const lines of readLineBatches(vecPath)) for (const l of lines) indexer.pushLine(l);
  return indexer.end((await fileFingerprint(vecPath)).size);
}

export interface LoadedVectorIndex {
  readonly index: VectorFileIndex;
  /** Where the index came from. */
  readonly source: 'vci' | 'scan';
  /** The .vec's fingerprint when the index was loaded. */
  readonly fingerprint: FileFingerprint;
}

export interface VectorIndexOptions extends VectorFileParserOptions {
  /** Use an up-to-date .vci when there is one (default true); false always scans. */
  readonly useIndexFile?: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The index of a .vec: its .vci when that exists and its "file <size> <mtime>" line matches the
 * .vec (or it has no such line), otherwise one built by scanning the .vec. The .vci is not
 * rewritten.
 */
export async function loadVectorIndex(
  vecPath: string,
  displayName: string = vecPath,
  options: VectorIndexOptions = {},
): Promise<LoadedVectorIndex> {
  const fingerprint = await fileFingerprint(vecPath);
  const vci = indexFileName(vecPath);
  if ((options.useIndexFile ?? true) && (await exists(vci))) {
    const vciName = indexFileName(displayName);
    let recorded: FileFingerprint | undefined;
    for await (const lines of readLineBatches(vci)) {
      recorded = fingerprintFromIndexLines(
        lines.map((l) => l.text),
        vciName,
      );
      break;
    }
    if (isIndexUpToDate(recorded, fingerprint))
      return { index: await readIndexFile(vci, vciName), source: 'vci', fingerprint };
  }
  return {
    index: await scanVectorFile(vecPath, displayName, options),
    source: 'scan',
    fingerprint,
  };
}

/**
 * A window of a file kept in memory, serving lines at arbitrary offsets: a vector's blocks are
 * often small and close together, so one read serves many of them.
 */
class LineWindow {
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private len = 0;
  private eof = false;
  /** First "\r" at or after crFrom in the window (-1: none); most files have none. */
  private cr = -1;
  private crFrom = 0;

  constructor(private readonly fh: FileHandle) {}

  /**
   * The line starting at `pos` ("\n", "\r\n" or "\r" ended, or the file's unterminated last
   * line), or undefined when the window must be refilled first.
   */
  line(pos: number): { text: string; next: number } | undefined {
    const i = pos - this.start;
    if (i < 0 || i > this.len || (i === this.len && !this.eof)) return undefined;
    const data = this.buf.subarray(0, this.len);
    let lf = data.indexOf(10, i);
    if (lf < 0) lf = this.len;
    if (this.cr >= 0 && this.cr < i && this.crFrom <= i) {
      this.cr = data.indexOf(13, i);
      this.crFrom = i;
    }
    let cr = this.crFrom <= i ? this.cr : data.indexOf(13, i);
    if (cr < 0 || cr > lf) cr = this.len;
    const stop = Math.min(lf, cr);
    if (stop === this.len) {
      // no terminator in the window: the rest of the file, or the window is too short
      if (!this.eof || i === this.len) return undefined;
      return { text: data.toString('utf8', i, stop), next: this.start + stop };
    }
    let next = stop + 1;
    if (stop === cr) {
      if (next === this.len && !this.eof) return undefined; // is a "\n" next? read on
      if (next < this.len && data[next] === 10) next++;
    }
    return { text: data.toString('utf8', i, stop), next: this.start + next };
  }

  /** Loads the window at `pos`; grows it when it already starts there (a very long line). */
  async fill(pos: number): Promise<boolean> {
    if (pos === this.start && this.len === this.buf.length)
      this.buf = Buffer.allocUnsafe(this.buf.length * 2);
    const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length, pos);
    this.start = pos;
    this.len = bytesRead;
    this.eof = bytesRead < this.buf.length;
    this.cr = this.buf.subarray(0, bytesRead).indexOf(13);
    this.crFrom = 0;
    return bytesRead > 0;
  }
}

/**
 * Reads one vector's data from a .vec, block by block as the index locates them, in batches.
 * Throws when the file changed since `expected` was taken.
 */
export async function* readVectorBlocks(
  vecPath: string,
  vector: IndexedVector,
  displayName: string = vecPath,
  expected?: FileFingerprint,
): AsyncGenerator<VectorDatum[]> {
  if (expected !== undefined) {
    const now = await fileFingerprint(vecPath);
    if (now.size !== expected.size || now.mtime !== expected.mtime)
      throw new ResultFileError('vector file changed on disk since it was indexed', displayName);
  }
  const fh = await open(vecPath, 'r');
  try {
    const window = new LineWindow(fh);
    let out: VectorDatum[] = [];
    const first = vector.blocks[0];
    const reader = first && new VectorBlockReader(displayName, vector, first);
    for (const block of vector.blocks) {
      if (reader === undefined) break;
      reader.startBlock(block);
      let pos = block.offset;
      while (!reader.done) {
        const line = window.line(pos);
        if (line === undefined) {
          if (!(await window.fill(pos)))
            throw new ResultFileError(
              `unexpected end of file in the block at byte offset ${block.offset}`,
              displayName,
            );
          continue;
        }
        pos = line.next;
        const d = reader.pushLine(line.text);
        if (d === undefined) continue;
        out.push(d);
        if (out.length >= BATCH) {
          yield out;
          out = [];
        }
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await fh.close();
  }
}

/** A .vec read in file order without an index: the run header, declarations and every data line. */
export interface VectorFileContents {
  /** Data lines, in batches. When iteration ends, `run()` and `vectors()` are complete. */
  readonly data: AsyncIterable<readonly VectorDataLine[]>;
  run(): RunInfo;
  vectors(): VectorIndexEntry[];
}

/** Streams a .vec's data lines in file order (no index needed). */
export function readVectorFile(
  vecPath: string,
  displayName: string = vecPath,
  options: VectorFileParserOptions = {},
): VectorFileContents {
  const parser = new VectorFileParser(displayName, options);
  async function* data(): AsyncGenerator<VectorDataLine[]> {
    for await (const lines of readLineBatches(vecPath)) {
      const out: VectorDataLine[] = [];
      for (const l of lines) {
        const d = parser.pushLine(l);
        if (d !== undefined) out.push(d);
      }
      if (out.length > 0) yield out;
    }
  }
  return { data: data(), run: () => parser.run, vectors: () => [...parser.vectors] };
}
