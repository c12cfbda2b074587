// Whether a finished run's result file looks complete, in either of OMNeT++'s formats (text, or
// SQLite with outputscalarmanager-class / outputvectormanager-class set to the SQLite managers).
// Memory stays bounded whatever the file's size: a text file is judged by its first and last
// bytes, an SQLite file by its header and a query.
import { closeSync, fstatSync, openSync } from 'node:fs';
import {
  checkResultEnds,
  checkResultText,
  checkSqliteHeader,
  isSqliteHeader,
} from '../../core/campaign/outcome.js';
import { readAt } from '../file-ends.js';
import { openDatabase, SqliteUnavailableError } from './sqlite-api.js';
import { TooManyOpenFilesError } from '../open-files.js';

/** The run a result file must hold. */
export interface ExpectedRun {
  readonly config: string;
  readonly runNumber: number;
}

/**
 * Bytes read from each end of a text file; smaller files are read whole. The version and run
 * lines are a file's first lines, and a run cut short shows in its last: checked for every
 * run as it ends, this stays small (the merge reads every line of what it merges anyway).
 */
export const END_BYTES = 8 * 1024;

/**
 * undefined: the file does not exist; null: it looks complete; otherwise what is wrong with it.
 * Any other error (permissions, I/O) is reported as the file's problem, never taken for absence.
 */
export function checkResultFile(path: string, run: ExpectedRun): string | null | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `cannot be read: ${errorText(e)}`;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 'empty file';
    const head = readAt(fd, 0, Math.min(size, size <= 2 * END_BYTES ? size : END_BYTES));
    if (isSqliteHeader(head)) return checkSqliteHeader(head, size) ?? checkSqliteRun(path, run);
    if (size <= 2 * END_BYTES) return checkResultText(head.toString('utf8'));
    const tail = readAt(fd, size - END_BYTES, END_BYTES);
    return checkResultEnds(head.toString('utf8'), tail.toString('utf8'));
  } catch (e) {
    if (e instanceof SqliteUnavailableError) throw e; // this Node's problem, not the file's
    return `cannot be read: ${errorText(e)}`;
  } finally {
    closeSync(fd);
  }
}

/** Opens the database and looks for the run among its runs (a file may hold several). */
function checkSqliteRun(path: string, run: ExpectedRun): string | null {
  let db;
  try {
    db = openDatabase(path, 'read');
  } catch (e) {
    // (no descriptor left is this process's problem, not the run's)
    if (e instanceof SqliteUnavailableError || e instanceof TooManyOpenFilesError) throw e;
    return `not a readable SQLite database: ${errorText(e)}`;
  }
  try {
    const found = db
      .prepare(
        `SELECT COUNT(*) FROM run r
          WHERE EXISTS (SELECT 1 FROM runAttr a WHERE a.runId = r.runId
                          AND a.attrName = 'configname' AND a.attrValue = ?)
            AND EXISTS (SELECT 1 FROM runAttr a WHERE a.runId = r.runId
                          AND a.attrName = 'runnumber' AND a.attrValue = ?)`,
      )
      .pluck()
      .get(run.config, String(run.runNumber));
    if (Number(found) > 0) return null;
    const any = Number(db.prepare('SELECT COUNT(*) FROM run').pluck().get());
    return any === 0
      ? 'SQLite result file without a run'
      : `SQLite result file without run ${run.config} #${run.runNumber} (it has ${any} other run(s))`;
  } catch (e) {
    return `not a readable OMNeT++ SQLite result file: ${errorText(e)}`;
  } finally {
    db.close();
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
