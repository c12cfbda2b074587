// runs.csv of a merge: the runs of the merged files, with the columns a campaign journal gives
// (matched through the result files each run wrote), runs a journal knows only as failures, and
// what earlier runs.csv files knew where nothing fresher is known.

import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { JournalIndex, type Journal } from '../adapters/results/journals.js';
import type { RunRecord } from '../core/campaign/journal.js';
import { mergedFolderOf, type ScannedFile } from '../adapters/results/merge-inputs.js';
import {
  journalColumns,
  journalOnlyRow,
  parseRunsCsv,
  previousJournalInfo,
  resultRunRow,
  runsTable,
  type RunInfo,
  type RunsRow,
} from '../core/results/index.js';

/**
 * runs.csv rows an earlier merge wrote: OUT's own (unless `own` is false: OUT rebuilt), and
 * those of merged folders among the inputs (their log paths rebased onto OUT).
 */
export function previousRows(
  out: string,
  inputFiles: readonly string[],
  own = true,
): PreviousRow[] {
  const dirs = own ? [out] : [];
  for (const f of inputFiles) {
    const dir = mergedFolderOf(f);
    if (dir !== undefined && dir !== out && !dirs.includes(dir)) dirs.push(dir);
  }
  return dirs.flatMap((dir) => {
    const csv = join(dir, 'runs.csv');
    if (!existsSync(csv)) return [];
    return parseRunsCsv(readFileSync(csv, 'utf8')).map((row) => {
      const log = row.get('log') ?? '';
      if (log === '' || dir === out) return { row, csv };
      return { row: new Map(row).set('log', relative(out, resolve(dir, log))), csv };
    });
  });
}

/** A row of an earlier runs.csv, and that file. */
export interface PreviousRow {
  readonly row: RunsRow;
  readonly csv: string;
}

/**
 * Whether a run recorded result files (.sca, .vec): a run of a campaign whose result files are
 * none (`results: { files: [] }`: a clean exit is success) has none, and its row comes from the
 * journal, as a failed run's does.
 */
const madeResults = (rec: RunRecord): boolean => rec.files.some((f) => /\.(sca|vec)$/.test(f.path));

/**
 * The runs.csv of the merged files: their runs (`headers`: a run's first header counts; the
 * scalar file's come first), journal columns, journal-only runs (failed, or succeeded without
 * result files).
 */
export function runsCsvRows(
  out: string,
  headers: readonly RunInfo[],
  inputs: readonly ScannedFile[],
  journals: readonly Journal[],
  previous: readonly PreviousRow[],
): {
  header: string[];
  rows: string[][];
  journalOnly: number;
  /** Runs without results known only from an earlier runs.csv: how many from each file. */
  runsCsvOnly: Map<string, number>;
} {
  const runs = new Map<string, RunInfo>();
  for (const run of headers) if (!runs.has(run.runName)) runs.set(run.runName, run);
  const logPath = (j: Journal, log: string): string => relative(out, resolve(j.dir, log));
  const index = new JournalIndex(journals);
  const fresh = new Map<string, Map<string, string>>();
  for (const input of inputs) {
    const found = index.recordOf(input.file);
    if (found === undefined) continue;
    const columns = journalColumns(found.rec, logPath(found.journal, found.rec.log));
    for (const r of input.runs) fresh.set(r.runName, columns);
  }
  const earlier = previousJournalInfo(previous.map((p) => p.row));
  const csvOf = new Map(previous.map((p) => [p.row, p.csv]));
  const rows: RunsRow[] = [...runs.values()].map((run) =>
    resultRunRow(run, fresh.get(run.runName) ?? earlier.journalOf.get(run.runName)),
  );
  const keys = new Set(rows.map((r) => r.get('key') ?? ''));
  let journalOnly = 0;
  for (const j of journals)
    for (const rec of j.runs)
      if ((rec.status !== 'ok' || !madeResults(rec)) && !keys.has(rec.key)) {
        rows.push(journalOnlyRow(rec, logPath(j, rec.log)));
        keys.add(rec.key);
        journalOnly++;
      }
  // a run a journal set aside as superseded is forgotten, whatever an earlier runs.csv kept of it
  const superseded = new Set(journals.flatMap((j) => [...(j.superseded ?? [])]));
  const runsCsvOnly = new Map<string, number>();
  for (const [key, row] of earlier.journalOnly)
    if (!keys.has(key) && !superseded.has(key)) {
      rows.push(row);
      keys.add(key);
      const csv = csvOf.get(row) ?? '';
      runsCsvOnly.set(csv, (runsCsvOnly.get(csv) ?? 0) + 1);
    }
  return { ...runsTable(rows), journalOnly, runsCsvOnly };
}
