// `opp-campaign merge`: result files and folders in, one dataset out:
//
//   OUT/results.sca   every run's scalars, parameters, statistics, histograms (OMNeT++ SQLite)
//   OUT/results.vec   every run's vectors (OMNeT++ SQLite)
//   OUT/scalars.csv   opp_scavetool's CSV-R export of results.sca, runs in a fixed order
//   OUT/runs.csv      one row per run, with the campaign journal's columns when known
//
// Steps: look at every input's headers; plan which runs are new (run ids already in OUT are
// skipped); copy OUT's SQLite files to temporary files and append the new runs, one input per
// transaction (a bad input is rolled back and listed, the rest is merged); write the CSVs; then
// rename everything into place. An interrupted merge leaves OUT as it was.

import {
  copyFileSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fsyncPath, lockFolder, tempPath } from '../adapters/results/dataset-folder.js';
import {
  findJournals,
  journalIn,
  succeededRunFiles,
  type Journal,
} from '../adapters/results/journals.js';
import { writeExport } from '../adapters/results/load.js';
import {
  addTextScalarFile,
  addTextVectorFile,
  runContents,
} from '../adapters/results/merge-files.js';
import {
  collectMergeInputs,
  scanInput,
  type ScannedFile,
} from '../adapters/results/merge-inputs.js';
import { ResultDbWriter } from '../adapters/results/result-db-writer.js';
import { openDatabase } from '../adapters/results/sqlite-api.js';
import { exportSqliteScalarsCsv } from '../adapters/results/sqlite-csv.js';
import {
  ResultFileError,
  compareRunKeys,
  formatCsv,
  planMerge,
  runSortKey,
  type MergeKind,
  type MergePlan,
  type RunInFile,
} from '../core/results/index.js';
import { previousRows, runsCsvRows } from './merge-runs-csv.js';
import { writeFolderReport } from './report.js';

/** A merge that cannot start or finish (OUT unusable, busy): nothing was changed. */
export class MergeError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

export type MergeMode = 'add' | 'rebuild' | 'sync';

export interface MergeOptions {
  readonly inputs: readonly string[];
  readonly outDir: string;
  /**
   * add (default): keep OUT's runs, add the new ones; rebuild: start from an empty OUT; sync:
   * add, but rebuild when OUT holds runs that are not among the inputs (`opp-campaign run` uses
   * it, so that a rerun replaces the run it repeats).
   */
  readonly mode?: MergeMode;
  /** Campaign journals to take run outcomes from (default: those found near the inputs). */
  readonly journals?: readonly Journal[];
  readonly signal?: AbortSignal;
}

export interface BadInput {
  readonly file: string;
  readonly message: string;
}

export interface MergeReport {
  readonly outDir: string;
  readonly inputFiles: number;
  /** Run ids added to each merged file. */
  readonly added: Readonly<Record<MergeKind, readonly string[]>>;
  /** Runs the merged files already held (skipped). */
  readonly present: readonly RunInFile[];
  /** Runs an earlier input already provided, with the same contents (skipped). */
  readonly duplicates: ReadonlyArray<RunInFile & { readonly first: string }>;
  readonly bad: readonly BadInput[];
  readonly rebuilt: boolean;
  /** Rows of runs.csv: runs with results, and runs known only from a journal. */
  readonly runs: number;
  readonly journalOnlyRuns: number;
  readonly journals: readonly string[];
}

export const OUTPUT_FILES = {
  sca: 'results.sca',
  vec: 'results.vec',
  scalarsCsv: 'scalars.csv',
  runsCsv: 'runs.csv',
} as const;
type OutputFile = keyof typeof OUTPUT_FILES;

export async function mergeResults(opts: MergeOptions): Promise<MergeReport> {
  const out = resolve(opts.outDir);
  mkdirSync(out, { recursive: true });
  const target = (f: OutputFile): string => join(out, OUTPUT_FILES[f]);
  const temp = (f: OutputFile): string => tempPath(out, OUTPUT_FILES[f]);
  const release = lockFolder(out, Object.values(OUTPUT_FILES));
  try {
    const files = await collectMergeInputs(opts.inputs, [target('sca'), target('vec')]);
    const bad: BadInput[] = [];
    const scanned = await scanAll(files, bad);
    let mode = opts.mode ?? 'add';
    let merged = mode === 'rebuild' ? noRuns() : mergedRuns(target('sca'), target('vec'));
    if (mode === 'sync' && holdsOthers(merged, scanned)) {
      mode = 'rebuild';
      merged = noRuns();
    }
    const plan = planMerge(scanned, merged);
    const duplicates = await sortOutRepeated(plan, bad);
    const rewrite =
      plan.files.length > 0 ||
      mode === 'rebuild' ||
      !existsSync(target('sca')) ||
      !existsSync(target('vec'));
    let added: Record<MergeKind, string[]> = { scalar: [], vector: [] };
    if (rewrite) {
      added = await writeResultFiles(plan, scanned, {
        sca: { from: mode === 'rebuild' ? undefined : target('sca'), to: temp('sca') },
        vec: { from: mode === 'rebuild' ? undefined : target('vec'), to: temp('vec') },
        bad,
        signal: opts.signal,
      });
    }
    const sca = rewrite ? temp('sca') : target('sca');
    const vec = rewrite ? temp('vec') : target('vec');
    await writeExport(exportSqliteScalarsCsv(sca), temp('scalarsCsv'));
    const journals = opts.journals ?? findJournals(opts.inputs);
    const previous = mode === 'rebuild' ? [] : previousRows(out, files);
    const table = runsCsvRows(out, [sca, vec], scanned, journals, previous);
    writeFileSync(temp('runsCsv'), formatCsv(table.header, table.rows));

    const order: OutputFile[] = rewrite
      ? ['vec', 'sca', 'scalarsCsv', 'runsCsv']
      : ['scalarsCsv', 'runsCsv'];
    for (const f of order) fsyncPath(temp(f));
    for (const f of order) renameSync(temp(f), target(f));
    fsyncPath(out);
    await writeFolderReport(out, { journals });
    return {
      outDir: out,
      inputFiles: files.length,
      added,
      present: plan.present,
      duplicates,
      bad,
      rebuilt: mode === 'rebuild',
      runs: table.rows.length,
      journalOnlyRuns: table.journalOnly,
      journals: journals.map((j) => join(j.dir, 'journal.jsonl')),
    };
  } catch (e) {
    for (const f of Object.keys(OUTPUT_FILES) as OutputFile[]) rmSync(temp(f), { force: true });
    throw e;
  } finally {
    release();
  }
}

// --- steps -------------------------------------------------------------------------------

async function scanAll(files: readonly string[], bad: BadInput[]): Promise<ScannedFile[]> {
  const scanned: ScannedFile[] = [];
  for (const file of files) {
    try {
      scanned.push(await scanInput(file));
    } catch (e) {
      bad.push(badInput(file, e));
    }
  }
  return scanned;
}

/** An input's problem as a message naming the file (and line); rethrows what is not one. */
function badInput(file: string, e: unknown): BadInput {
  if (e instanceof ResultFileError) return { file, message: e.message };
  const err = e as NodeJS.ErrnoException & { name?: string };
  if (err.name === 'SqliteError' && !/^SQLITE_(FULL|IOERR)/.test(String(err.code)))
    return { file, message: `${file}: Cannot read SQLite result file: ${err.message}` };
  if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.code !== 'ENOSPC')
    return { file, message: `${file}: cannot read (${err.code})` };
  throw e;
}

const noRuns = (): Record<MergeKind, Set<string>> => ({ scalar: new Set(), vector: new Set() });

/** The run ids OUT's merged files hold. */
function mergedRuns(sca: string, vec: string): Record<MergeKind, Set<string>> {
  const read = (path: string): Set<string> => {
    if (!existsSync(path)) return new Set();
    try {
      const db = openDatabase(path, 'read');
      try {
        return new Set(db.prepare('SELECT runName FROM run;').pluck().all() as string[]);
      } finally {
        db.close();
      }
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new MergeError(
        `${path} is not a readable OMNeT++ SQLite result file (${msg}); move it away, or merge with --rebuild`,
      );
    }
  };
  return { scalar: read(sca), vector: read(vec) };
}

function holdsOthers(merged: Record<MergeKind, Set<string>>, inputs: readonly ScannedFile[]) {
  const names = new Set(inputs.flatMap((f) => f.runs.map((r) => r.runName)));
  return [...merged.scalar, ...merged.vector].some((name) => !names.has(name));
}

/**
 * Runs that an earlier input already provided: the same contents make a duplicate (skipped),
 * different contents a conflict (the later input is listed as bad for that run).
 */
async function sortOutRepeated(
  plan: MergePlan,
  bad: BadInput[],
): Promise<Array<RunInFile & { first: string }>> {
  const duplicates: Array<RunInFile & { first: string }> = [];
  for (const r of plan.repeated) {
    let same: boolean;
    try {
      same =
        (await runContents(r.first, r.runName, r.kind)) ===
        (await runContents(r.file, r.runName, r.kind));
    } catch (e) {
      bad.push(badInput(r.file, e));
      continue;
    }
    if (same) duplicates.push(r);
    else
      bad.push({
        file: r.file,
        message: `${r.file}: run ${r.runName} is also in ${r.first}, with different ${r.kind === 'scalar' ? 'scalar results' : 'vectors'}; the copy in ${r.file} was left out`,
      });
  }
  return duplicates;
}

interface WriteTargets {
  readonly sca: { readonly from: string | undefined; readonly to: string };
  readonly vec: { readonly from: string | undefined; readonly to: string };
  readonly bad: BadInput[];
  readonly signal: AbortSignal | undefined;
}

function openWriter(t: { from: string | undefined; to: string }): ResultDbWriter {
  rmSync(t.to, { force: true });
  const fresh = t.from === undefined || !existsSync(t.from);
  if (!fresh && t.from !== undefined) copyFileSync(t.from, t.to, constants.COPYFILE_FICLONE);
  return ResultDbWriter.open(t.to, fresh);
}

/** Writes the merged SQLite files (temporary copies): OUT's runs plus the planned ones. */
async function writeResultFiles(
  plan: MergePlan,
  scanned: readonly ScannedFile[],
  t: WriteTargets,
): Promise<Record<MergeKind, string[]>> {
  const added: Record<MergeKind, string[]> = { scalar: [], vector: [] };
  const byFile = new Map(scanned.map((s) => [s.file, s]));
  const writers = { scalar: openWriter(t.sca), vector: openWriter(t.vec) };
  try {
    for (const pf of plan.files) {
      t.signal?.throwIfAborted();
      const input = byFile.get(pf.file);
      if (input === undefined) continue;
      try {
        if (input.format === 'text') {
          await writers.scalar.transactionAsync(() =>
            addTextScalarFile(writers.scalar, pf.file, pf.scalar),
          );
          added.scalar.push(...pf.scalar);
        } else if (input.format === 'text-vector') {
          const w = writers.vector;
          if (await w.transactionAsync(() => addTextVectorFile(w, pf.file, t.signal)))
            added.vector.push(...pf.vector);
        } else {
          for (const kind of ['scalar', 'vector'] as const) {
            const names = inFileOrder(input, pf[kind]);
            if (names.length === 0) continue;
            writers[kind].copyFromSqlite(pf.file, names, kind);
            added[kind].push(...names);
          }
        }
      } catch (e) {
        t.signal?.throwIfAborted();
        t.bad.push(badInput(pf.file, e));
      }
      // streamed inputs await between batches; SQLite copies do not: let signals through
      await new Promise<void>((r) => setImmediate(r));
    }
    writers.scalar.close('scalar');
    writers.vector.close('vector');
  } catch (e) {
    writers.scalar.abandon();
    writers.vector.abandon();
    throw e;
  }
  return added;
}

/** The planned runs of an SQLite input, sorted by config, run number and run id. */
function inFileOrder(input: ScannedFile, names: ReadonlySet<string>): string[] {
  return input.runs
    .filter((r) => names.has(r.runName))
    .map((r) => ({ name: r.runName, key: r.header && runSortKey(r.header) }))
    .sort((a, b) => (a.key && b.key ? compareRunKeys(a.key, b.key) : 0))
    .map((r) => r.name);
}

/**
 * The merge at the end of `opp-campaign run`: the result files of the runs the journal in OUT
 * says succeeded (as they still are on disk) into OUT itself. Files of failed or interrupted
 * runs stay out (runs.csv lists those runs from the journal); a run redone since the last merge
 * (a new run id for the same run) makes the merged files be rebuilt rather than hold both.
 */
export async function mergeCampaign(outDir: string, signal?: AbortSignal): Promise<MergeReport> {
  const journal = journalIn(outDir);
  const journals = journal ? [journal] : [];
  return mergeResults({
    inputs: journals.flatMap(succeededRunFiles),
    outDir,
    mode: 'sync',
    journals,
    ...(signal ? { signal } : {}),
  });
}
