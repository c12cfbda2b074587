// The vectors of a merged dataset: one file per run directly in OUT, next to results.sca, as
// OMNeT++ wrote it (a text .vec with its .vci, or an SQLite .vec), so that OMNeT++'s usual
// inputs, `results/*.sca` and `results/*.vec`, are the dataset. OMNeT++ 6.1 reads vector data only from files
// that hold one run (src/scave/vectorutils.cc: "More than one run in vector file."), so the
// runs are not combined. A run's own file is hard-linked, not copied: OMNeT++ deletes a run's
// .vec before it writes it again, so a later execution of the run does not change the dataset.
// Its .vci is copied (small), because OMNeT++ rewrites a .vci in place, unless whoever runs the
// run again removes the .vci first, as a campaign does (see CheckedIndex.linkable).

import {
  constants,
  copyFileSync,
  linkSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { createHash } from '../../core/hash.js';
import { basename } from 'node:path';
import {
  ResultFileError,
  VectorIndexFileParser,
  fingerprintFromIndexLines,
  briefRun,
  normalizeRun,
  splitLines,
  type RunInfo,
} from '../../core/results/index.js';
import {
  inputFormat,
  isMergedFolder,
  readTextHeader,
  scanSqlite,
  vectorFiles,
  type ScannedFile,
} from './merge-inputs.js';
import { ResultDbWriter } from './result-db-writer.js';
import { fileFingerprint, indexFileName } from './vector-files.js';

/** A run's vector file in a merged folder. */
export interface StoredVectors {
  readonly runName: string;
  /** The file's name in the folder. */
  readonly name: string;
  readonly header: RunInfo;
}

/**
 * The vector files of one run each in the merged folder `dir`, with their runs (from each
 * file's header). A folder that is no merged dataset yet has none: its .vec files are inputs.
 */
export async function storedVectorRuns(dir: string): Promise<StoredVectors[]> {
  const out: StoredVectors[] = [];
  if (!isMergedFolder(dir)) return out;
  for (const path of await vectorFiles(dir)) {
    const name = basename(path);
    if ((await inputFormat(path)) === 'sqlite')
      for (const r of scanSqlite(path)) {
        if (r.header) out.push({ runName: r.runName, name, header: r.header });
      }
    else {
      const header = briefRun(await readTextHeader(path));
      out.push({ runName: header.runName, name, header });
    }
  }
  return out;
}

/** Characters kept in a file name made from a run id (artifact uploads refuse `:` and others). */
const UNSAFE = /[^A-Za-z0-9._,=#@+-]/g;

/**
 * The name of a run's vector file in the merged folder: `preferred` (its input's name) when free, else one
 * made unique by a hash of the run id. Deterministic: the same inputs give the same names.
 */
export function vectorFileName(
  taken: ReadonlySet<string>,
  preferred: string | undefined,
  runName: string,
): string {
  const name = preferred ?? `${runName.replace(UNSAFE, '_')}.vec`;
  if (!taken.has(name) && name !== 'results.vec') return name;
  const hash = createHash('sha256').update(runName).digest('hex').slice(0, 10);
  return `${name.slice(0, -'.vec'.length)}~${hash}.vec`;
}

/** True when `e` says a hard link cannot be made here (another file system, no support). */
function cannotLink(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return ['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'].includes(code ?? '');
}

/** Copies a file keeping its modification time (a .vci records its .vec's size and time). */
export function copyWithTimes(src: string, dest: string): void {
  copyFileSync(src, dest, constants.COPYFILE_FICLONE);
  const st = statSync(src);
  utimesSync(dest, st.atime, st.mtime);
}

/** Hard-links `src` as `dest`; copies it (times kept) where links are not possible. */
export function linkOrCopy(src: string, dest: string): 'link' | 'copy' {
  try {
    linkSync(src, dest);
    return 'link';
  } catch (e) {
    if (!cannotLink(e)) throw e;
  }
  copyWithTimes(src, dest);
  return 'copy';
}

/**
 * Gives a text .vec copied from elsewhere (an artifact's upload and download, a copy) the
 * modification time its .vci records, when that .vci was written for this very file: the size
 * it records is the file's and both name the same run. Copies keep no times, and a .vci whose
 * recorded time differs from its .vec's counts as stale: OMNeT++'s tools index the .vec again
 * and a merge leaves the .vci out. Returns whether the time was set.
 */
export async function restoreIndexedTime(vecPath: string): Promise<boolean> {
  const vci = indexFileName(vecPath);
  let text: string;
  try {
    text = readFileSync(vci, 'utf8');
  } catch {
    return false;
  }
  try {
    const lines = splitLines(text);
    const recorded = fingerprintFromIndexLines(lines, vci);
    if (recorded === undefined || recorded.size !== statSync(vecPath).size) return false;
    const parser = new VectorIndexFileParser(vci);
    for (const line of lines) {
      if (line.startsWith('vector ')) break;
      parser.pushLine(line);
    }
    if ((await readTextHeader(vecPath)).runName !== parser.end().run.runName) return false;
    utimesSync(vecPath, recorded.mtime, recorded.mtime);
    return true;
  } catch (e) {
    if (e instanceof ResultFileError) return false;
    throw e;
  }
}

/** A finished .vci (see finishedIndex) as it was when it was checked. */
export interface CheckedIndex {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * It may be linked into a dataset, not copied: it is a campaign's own run's, and the campaign
   * removes a run's .vci before it runs the run again (execute.ts), so OMNeT++'s rewrite in
   * place never reaches the dataset. A copy made as each run finished cost a file creation per
   * run while the simulations kept both cores busy.
   */
  readonly linkable?: boolean;
}

/**
 * Puts the checked .vci `vci` (see unchangedIndex) at `dest`: linked when it may be (see
 * CheckedIndex.linkable), else copied.
 */
export function placeIndex(c: CheckedIndex | undefined, vci: string, dest: string): void {
  if (c?.linkable === true && c.path === vci) linkOrCopy(vci, dest);
  else copyWithTimes(vci, dest);
}

/** The .vci checked earlier, if it has not changed since (its .vec must not have either). */
export function unchangedIndex(c: CheckedIndex): string | undefined {
  const st = statSync(c.path, { throwIfNoEntry: false });
  return st && st.size === c.size && st.mtimeMs === c.mtimeMs ? c.path : undefined;
}

/**
 * The .vci of a text .vec when OMNeT++ finished writing both and neither changed since: the
 * index records the .vec's size and time (a run killed while writing leaves no such record), it
 * parses, and it names the same run. Such a .vec is taken as it is, as OMNeT++'s tools take it.
 */
export async function finishedIndex(vecPath: string, runName: string): Promise<string | undefined> {
  const found = await readFinishedIndex(vecPath);
  return found?.run.runName === runName ? found.vci : undefined;
}

/**
 * The finished .vci of a text .vec (see finishedIndex), and the run it names. `headerOnly`: the
 * lines after the run's header (its vectors' declarations and blocks) are not parsed.
 */
async function readFinishedIndex(
  vecPath: string,
  headerOnly = false,
): Promise<{ readonly vci: string; readonly run: RunInfo } | undefined> {
  const vci = indexFileName(vecPath);
  let text: string;
  try {
    // small, and read at once: no stream for a few kilobytes
    text = readFileSync(vci, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const lines = splitLines(text);
    const recorded = fingerprintFromIndexLines(lines, vci);
    const actual = await fileFingerprint(vecPath);
    if (recorded?.size !== actual.size || recorded.mtime !== actual.mtime) return undefined;
    const parser = new VectorIndexFileParser(vci);
    for (const line of lines) {
      // OMNeT++ writes the run's header first, then the vectors
      if (headerOnly && line.startsWith('vector ')) break;
      parser.pushLine(line);
    }
    return { vci, run: parser.end().run };
  } catch (e) {
    if (e instanceof ResultFileError) return undefined;
    throw e;
  }
}

/**
 * A text .vec with a finished .vci, as scanInput describes it, and its checked index, from the
 * .vci alone: OMNeT++ writes the run's header into both, so the .vec itself is not read.
 * Undefined when the .vec has no finished .vci. For a run the campaign has just seen end well
 * (its files checked complete): of the .vci, its fingerprint of the .vec and the run's header
 * are read, not its vectors' declarations and blocks, which OMNeT++'s tools read later.
 */
export async function scanFinishedVector(
  vecPath: string,
): Promise<{ readonly scanned: ScannedFile; readonly index: CheckedIndex } | undefined> {
  const found = await readFinishedIndex(vecPath, true);
  if (found === undefined) return undefined;
  const { size, mtimeMs } = statSync(found.vci);
  const header = briefRun(normalizeRun(found.run));
  return {
    scanned: {
      file: vecPath,
      format: 'text-vector',
      runs: [{ runName: header.runName, header, kinds: ['vector'] }],
    },
    index: { path: found.vci, size, mtimeMs },
  };
}

/** Writes one run of a multi-run SQLite file as an SQLite vector file of its own. */
export function extractSqliteRun(src: string, runName: string, dest: string): void {
  const w = ResultDbWriter.open(dest, true);
  try {
    w.copyFromSqlite(src, [runName], 'vector');
    w.close('vector');
  } catch (e) {
    w.abandon();
    rmSync(dest, { force: true });
    throw e;
  }
}

/** The name an input file suggests for the vectors of its run. */
export const preferredName = (file: string): string =>
  file.endsWith('.vec') ? basename(file) : `${basename(file)}.vec`;
