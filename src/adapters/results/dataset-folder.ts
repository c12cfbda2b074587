// The folder a merge writes: one writer at a time (a lock file naming its process), files
// written under temporary names and made durable before they are put in place. Putting them in
// place takes several renames (results.sca, the vector files, the CSVs, report.html), so it is
// recorded first in a swap file: a merge killed half way leaves the swap file, readers refuse a
// folder that has one, and the next merge into the folder completes the swap (every step can be
// repeated) before it does anything else. The folder is then never seen mixed.

import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { isDiskFull } from '../disk-full.js';
import { campaignCommand } from '../../core/campaign/command.js';
import { SQLITE_MAX_PATH } from './sqlite-api.js';

/** Another live process holds the folder's lock. */
export class FolderBusyError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'FolderBusyError';
  }
}

const LOCK = '.merge.lock';
/** The list of renames and removals that puts a merge's new files in place. */
const SWAP = '.merge-swap.json';

/** The temporary name of `file` in `dir` while this process writes it. */
/**
 * SQLite opens no file by a path of more than 512 bytes (Unix's MAX_PATHNAME), and the merged
 * results.sca is an SQLite file in OUT (with its temporary name, journal and staging file beside
 * it): a folder whose path leaves too little room is said before any run, not after them all.
 */
const SQLITE_NAMES_ROOM = 64;

/** Why `dir` cannot hold the merged dataset (its path is too long for SQLite), if so. */
export function datasetPathProblem(dir: string): string | undefined {
  const bytes = Buffer.byteLength(resolve(dir));
  return bytes + SQLITE_NAMES_ROOM > SQLITE_MAX_PATH
    ? `the results folder's path is ${bytes} bytes long: the merged results.sca is an SQLite file, and SQLite opens no file of a path over ${SQLITE_MAX_PATH} bytes; choose a folder of a path under ${SQLITE_MAX_PATH - SQLITE_NAMES_ROOM} bytes (${dir})`
    : undefined;
}

export const tempPath = (dir: string, file: string): string =>
  join(dir, `.${file}.${process.pid}.tmp`);

/**
 * Takes the folder's lock (a lock left by a dead process is taken over), completes a swap that
 * a killed writer left half done, and removes the temporary files and folders of `files` that a
 * killed writer left; returns the function that releases the lock.
 */
export function lockFolder(dir: string, files: readonly string[]): () => void {
  const path = join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid))
        throw new FolderBusyError(
          `another merge (process ${pid}) is writing ${dir} (if it is not, remove ${path})`,
        );
      rmSync(path, { force: true });
    }
  }
  try {
    completeSwap(dir);
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
  const leftovers = new Set([...files.map((f) => `.${f}.`), `${SWAP}.`]);
  for (const f of readdirSync(dir))
    if (/\.(tmp|old)$/.test(f) && [...leftovers].some((p) => f.startsWith(p)))
      rmSync(join(dir, f), { force: true, recursive: true });
  return () => rmSync(path, { force: true });
}

// --- the swap ---------------------------------------------------------------------------------

/** What puts a merge's new files in place: renames (temporary -> final), then removals. */
export interface Swap {
  /** [from, to], relative to the folder; a step whose `from` is gone was done already. */
  readonly renames: ReadonlyArray<readonly [string, string]>;
  /** Files and folders (relative) that the new dataset no longer has. */
  readonly removals: readonly string[];
}

/** A folder that a merge was putting new files into and did not finish (or is finishing now). */
export class IncompleteDatasetError extends Error {
  readonly userFacing = true;
  constructor(readonly dir: string) {
    super(
      `${dir}: a merge was replacing its files and did not finish (killed?); merge into it again ` +
        `to complete it (${campaignCommand('merge', dir, '-o', dir)}), or wait for the running merge`,
    );
    this.name = 'IncompleteDatasetError';
  }
}

/** Readers call this: refuses a folder whose swap is under way or was left half done. */
export function checkComplete(dir: string): void {
  if (existsSync(join(dir, SWAP))) throw new IncompleteDatasetError(dir);
}

/** Test hook: SIGKILLs this process between the swap's steps (a crash at the worst moment). */
function crashPoint(step: number): void {
  if (process.env['OPP_CAMPAIGN_TEST_KILL_IN_SWAP'] === String(step))
    process.kill(process.pid, 'SIGKILL');
}

/**
 * Puts new files in place: records the swap durably, performs it, then forgets it. Every new
 * file must already be complete and flushed (fsyncPath) when this is called.
 */
export function swapIn(dir: string, swap: Swap): void {
  const temp = join(dir, `${SWAP}.${process.pid}.tmp`);
  writeFileSync(temp, JSON.stringify(swap));
  fsyncPath(temp);
  renameSync(temp, join(dir, SWAP));
  fsyncPath(dir);
  try {
    performSwap(dir, swap);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || isDiskFull(e)) throw e;
    throw new SwapFailedError(dir, e as Error);
  }
}

/** A swap that the file system refused part-way: recorded, so the next merge completes it. */
export class SwapFailedError extends Error {
  readonly userFacing = true;
  constructor(dir: string, cause: Error) {
    super(
      `${dir}: could not put the merged files in place (${cause.message}); they are kept, and ` +
        `the next merge into the folder puts them in place (${campaignCommand('merge', dir, '-o', dir)})`,
    );
    this.name = 'SwapFailedError';
  }
}

function performSwap(dir: string, swap: Swap): void {
  swap.renames.forEach(([from, to], i) => {
    crashPoint(i);
    if (existsSync(join(dir, from))) renameSync(join(dir, from), join(dir, to));
  });
  for (const f of swap.removals) rmSync(join(dir, f), { force: true, recursive: true });
  fsyncPath(dir);
  rmSync(join(dir, SWAP), { force: true });
  fsyncPath(dir);
}

/**
 * A swap is recorded in `dir` (swapIn got that far): its files are the swap's now, for the next
 * lock to complete, and must not be cleaned up by a merge that failed part-way through it.
 */
export function swapRecorded(dir: string): boolean {
  return existsSync(join(dir, SWAP));
}

/** Completes the swap a killed merge left (the caller holds the lock). */
function completeSwap(dir: string): void {
  const path = join(dir, SWAP);
  if (!existsSync(path)) return;
  let swap: Swap;
  try {
    swap = JSON.parse(readFileSync(path, 'utf8')) as Swap;
  } catch {
    // never written half: it is renamed into place complete
    throw new IncompleteDatasetError(dir);
  }
  performSwap(dir, swap);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Flushes a file (or a folder's entries) to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
