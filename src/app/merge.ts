// `opp-campaign merge`: result files and folders in, one dataset out:
//
//   OUT/results.sca   every run's scalars, parameters, statistics, histograms (OMNeT++ SQLite)
//   OUT/*.vec         every run's vectors, a file per run (see merge-vectors.ts), or with
//                     `vectors: 'sqlite'` OUT/results.vec, every run in one SQLite file
//   OUT/scalars.csv   opp_scavetool's CSV-R export of results.sca, runs in a fixed order
//   OUT/runs.csv      one row per run, with the campaign journal's columns when known
//   OUT/report.html   the campaign report
//
// Steps: look at every input's headers; plan which runs are new (run ids already in OUT are
// skipped); write the new dataset under temporary names (OUT's SQLite files copied and the new
// runs appended, one input per transaction: a bad input is rolled back and listed, the rest is
// merged; vector files linked), then the CSVs and the report from those; then swap them in
// (dataset-folder.ts). An interrupted merge leaves OUT as it was.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  fsyncPath,
  lockFolder,
  swapIn,
  swapRecorded,
  datasetPathProblem,
  tempPath,
} from '../adapters/results/dataset-folder.js';
import {
  findJournals,
  journalIn,
  succeededRunFiles,
  type Journal,
} from '../adapters/results/journals.js';
import { writeExport } from '../adapters/results/load.js';
import { addTextScalarFile, runContents } from '../adapters/results/merge-files.js';
import {
  collectMergeInputs,
  isMergedFolder,
  scanInput,
  type ScannedFile,
} from '../adapters/results/merge-inputs.js';
import { ResultDbWriter } from '../adapters/results/result-db-writer.js';
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
  type RunInfo,
} from '../core/results/index.js';
import {
  RESULTS_VEC,
  STAGING,
  openVectorTarget,
  openWriter,
  otherLayoutFiles,
  sqliteHeaders,
  storedHeaders,
  type VectorLayout,
  type VectorTarget,
} from './merge-vectors.js';
import { previousRows, runsCsvRows } from './merge-runs-csv.js';
import { RUNS_DIR } from '../core/campaign/layout.js';
import { relinkUnpackedArtifact } from '../adapters/results/artifact-files.js';
import type { BadRecord } from '../core/campaign/journal.js';
import type { StagedFile, StagedScalars } from './scalar-staging.js';
import { REPORT_FILE, writeFolderReport } from './report.js';
import { stopYoungGrowth } from '../adapters/heap.js';

export type { VectorLayout } from './merge-vectors.js';

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
  /** files (default): a vector file per run in OUT/vectors/; sqlite: one OUT/results.vec. */
  readonly vectors?: VectorLayout;
  /** Campaign journals to take run outcomes from (default: those found near the inputs). */
  readonly journals?: readonly Journal[];
  /** Where to look for the campaign file (the report's choice of scalars). */
  readonly projectDir?: string;
  /** Scalar files parsed while the campaign ran (see scalar-staging.ts). */
  readonly staged?: StagedScalars;
  readonly signal?: AbortSignal;
}

export interface BadInput {
  readonly file: string;
  readonly message: string;
}

export interface MergeReport {
  readonly outDir: string;
  readonly vectors: VectorLayout;
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
  /**
   * Runs without results known only from an earlier runs.csv (the inputs' merged folders', or
   * OUT's own): how many from each of those files.
   */
  readonly runsCsvOnlyRuns: ReadonlyArray<{ readonly file: string; readonly runs: number }>;
  readonly journals: readonly string[];
  /** Run records of those journals that were skipped (a field missing or mistyped), each once. */
  readonly badJournalRecords: ReadonlyArray<BadRecord & { readonly journal: string }>;
  /**
   * OUT's top vector files (names) that were not their runs' recorded files (OUT being the merge
   * job's artifact unpacked by hand), and top vector files the new dataset would have removed
   * that no other name holds (put there by hand): moved to NOT_RECORDED_DIR, not merged.
   */
  readonly notRecorded: readonly string[];
  /** The step summary's table of the report's scalars. */
  readonly scalarsTable: string;
  /** The report's chosen scalars that no chart shows, each with why (to print as warnings). */
  readonly scalarWarnings: readonly string[];
}

/** How long the merge of several inputs goes on at most before it lets other events in. */
const YIELD_MS = 20;

const OUTPUT_FILES = {
  sca: 'results.sca',
  scalarsCsv: 'scalars.csv',
  runsCsv: 'runs.csv',
  report: REPORT_FILE,
} as const;
type OutputFile = keyof typeof OUTPUT_FILES;

export async function mergeResults(opts: MergeOptions): Promise<MergeReport> {
  const out = resolve(opts.outDir);
  const tooLong = datasetPathProblem(out);
  if (tooLong !== undefined) throw Object.assign(new Error(tooLong), { userFacing: true });
  mkdirSync(out, { recursive: true });
  const layout = opts.vectors ?? 'files';
  const target = (f: OutputFile): string => join(out, OUTPUT_FILES[f]);
  const temp = (f: OutputFile): string => tempPath(out, OUTPUT_FILES[f]);
  const release = lockFolder(out, [...Object.values(OUTPUT_FILES), RESULTS_VEC, STAGING]);
  let vectors: VectorTarget | undefined;
  // every step is synchronous at heart: signals get in between steps, and within the long ones
  const turn = turns(opts.signal);
  try {
    // the merge job's artifact unpacked by hand as OUT: its runs' vector files are at its top
    // only, and a rebuild (or a sync that turns into one) replaces OUT's top files; linked back
    // into .runs/ first, they stay (and `merge OUT/.runs -o OUT --rebuild` finds them there)
    const notRecorded = [...relinkUnpackedArtifact(out).setAside];
    // OUT's own files are not inputs (its vector files, once it is a merged folder)
    const own = isMergedFolder(out);
    const files = (
      await collectMergeInputs(opts.inputs, [target('sca'), join(out, RESULTS_VEC)])
    ).filter((f) => !(own && f.endsWith('.vec') && dirname(resolve(f)) === out));
    await turn(true);
    const bad: BadInput[] = [];
    const scanned = await scanAll(files, bad, opts.staged, turn);
    // rebuilt from nothing, OUT would be emptied: a mistyped input, or OUT given as its own input
    if (opts.mode === 'rebuild' && scanned.length === 0)
      throw Object.assign(
        new Error(
          `nothing to rebuild ${opts.outDir} from: ${files.length === 0 ? 'no .sca or .vec files in' : 'no readable result file in'} ${opts.inputs.join(' ')}${existsSync(join(out, RUNS_DIR)) ? ` (a dataset's own merged files are no input to it; its campaign's per-run files: ${join(opts.outDir, RUNS_DIR)})` : ''}; ${opts.outDir} was left as it was`,
        ),
        { userFacing: true },
      );
    // vectors OUT holds in the other layout are carried over (unless OUT is rebuilt)
    const carried = await scanAll(await otherLayoutFiles(out, layout), bad, undefined, turn);
    let mode = opts.mode ?? 'add';
    await turn(true);
    let merged = mode === 'rebuild' ? noRuns() : await mergedRuns(out, layout);
    await turn(true);
    if (mode === 'sync' && holdsOthers(merged, carried, scanned)) {
      mode = 'rebuild';
      merged = noRuns();
    }
    const plan = planMerge(mode === 'rebuild' ? scanned : [...scanned, ...carried], merged);
    const duplicates = await sortOutRepeated(plan, bad);
    const rewrite =
      plan.files.length > 0 ||
      mode === 'rebuild' ||
      carried.length > 0 ||
      !existsSync(target('sca')) ||
      (layout === 'sqlite' && !existsSync(join(out, RESULTS_VEC)));
    let added: Record<MergeKind, string[]> = { scalar: [], vector: [] };
    let onlyStaged = false;
    const swap: { renames: Array<readonly [string, string]>; removals: string[] } = {
      renames: [],
      removals: [],
    };
    let sca = target('sca');
    let vectorRuns = (): Promise<RunInfo[]> => storedHeaders(out, layout);
    if (rewrite) {
      vectors = await openVectorTarget(out, layout, mode === 'rebuild');
      ({ added, onlyStaged } = await writeResultFiles(plan, [...scanned, ...carried], {
        sca: { from: mode === 'rebuild' ? undefined : target('sca'), to: temp('sca') },
        vectors,
        bad,
        signal: opts.signal,
        staged: opts.staged,
      }));
      sca = temp('sca');
      const v = vectors;
      vectorRuns = () => Promise.resolve(v.headers());
      const moves = await v.swap();
      swap.renames.push([basename(temp('sca')), OUTPUT_FILES.sca], ...moves.renames);
      swap.removals.push(...moves.removals);
      notRecorded.push(...(moves.setAside ?? []));
    }
    await turn(true);
    const scalarRuns = sqliteHeaders(sca);
    // scalars.csv from the parts exported as each run was staged, when the scalar file holds
    // staged runs only; else exported from it
    if (!(onlyStaged && opts.staged?.writeScalarsCsv?.(scalarRuns, temp('scalarsCsv'))))
      await writeExport(checked(exportSqliteScalarsCsv(sca), turn), temp('scalarsCsv'));
    await turn(true);
    const journals = opts.journals ?? findJournals(opts.inputs);
    // rebuilt, OUT's own rows go with its runs; what the inputs' runs.csv say stays
    const previous = previousRows(out, files, mode !== 'rebuild');
    // runs.csv is written and its rows let go before the report is built
    const table = writeRunsCsv(
      temp('runsCsv'),
      runsCsvRows(out, [...scalarRuns, ...(await vectorRuns())], scanned, journals, previous),
    );
    await turn(true);
    const report = await writeFolderReport(out, {
      journals,
      output: temp('report'),
      dataset: { sca, runsCsv: temp('runsCsv') },
      ...(opts.projectDir ? { projectDir: opts.projectDir } : {}),
    });
    for (const f of ['scalarsCsv', 'runsCsv', 'report'] as const) {
      fsyncPath(temp(f));
      swap.renames.push([basename(temp(f)), OUTPUT_FILES[f]]);
    }
    await turn(true);
    swapIn(out, swap);
    return {
      outDir: out,
      vectors: layout,
      inputFiles: files.length,
      added,
      present: plan.present,
      duplicates,
      bad,
      rebuilt: mode === 'rebuild',
      runs: table.runs,
      journalOnlyRuns: table.journalOnly,
      runsCsvOnlyRuns: table.runsCsvOnly,
      journals: journals.map((j) => join(j.dir, 'journal.jsonl')),
      badJournalRecords: journals.flatMap((j) =>
        (j.badRecords ?? []).map((b) => ({ ...b, journal: join(j.dir, 'journal.jsonl') })),
      ),
      scalarWarnings: report.scalarWarnings,
      notRecorded,
      get scalarsTable(): string {
        return report.scalarsTable;
      },
    };
  } catch (e) {
    // a swap that failed part-way (a rename, a removal) is completed by the next merge from
    // its record and the files it names: those stay
    if (!swapRecorded(out)) {
      vectors?.abandon();
      for (const f of Object.keys(OUTPUT_FILES) as OutputFile[]) rmSync(temp(f), { force: true });
    }
    throw e;
  } finally {
    release();
  }
}

// --- steps -------------------------------------------------------------------------------

/** Writes runs.csv; returns its counts only. */
function writeRunsCsv(
  path: string,
  table: {
    header: string[];
    rows: string[][];
    journalOnly: number;
    runsCsvOnly: ReadonlyMap<string, number>;
  },
): {
  runs: number;
  journalOnly: number;
  runsCsvOnly: Array<{ file: string; runs: number }>;
} {
  writeFileSync(path, formatCsv(table.header, table.rows));
  return {
    runs: table.rows.length,
    journalOnly: table.journalOnly,
    runsCsvOnly: [...table.runsCsvOnly].map(([file, runs]) => ({ file, runs })),
  };
}

async function scanAll(
  files: readonly string[],
  bad: BadInput[],
  staged?: StagedScalars,
  turn?: Turns,
): Promise<ScannedFile[]> {
  const scanned: ScannedFile[] = [];
  for (const file of files) {
    await turn?.();
    try {
      scanned.push(staged?.lookup(file)?.scanned ?? (await scanInput(file)));
    } catch (e) {
      bad.push(badInput(file, e));
    }
  }
  return scanned;
}

/**
 * `turn()` lets other events (a signal) in once YIELD_MS has passed since the last turn, and
 * throws once the signal was given; `turn(true)` lets them in at once. (A merge of 50,000 runs
 * went on for 40 s deaf to Ctrl-C, and a signal heard only before the swap was too late.)
 */
type Turns = (now?: boolean) => Promise<void>;

function turns(signal: AbortSignal | undefined): Turns {
  let last = performance.now();
  return async (now = false) => {
    if (now || performance.now() - last >= YIELD_MS) {
      await new Promise<void>((r) => setImmediate(r));
      last = performance.now();
    }
    signal?.throwIfAborted();
  };
}

/** The chunks, with a turn before each. */
async function* checked(chunks: AsyncIterable<string>, turn: Turns): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    await turn();
    yield chunk;
  }
}

/** An input's problem as a message naming the file (and line); rethrows what is not one. */
function badInput(file: string, e: unknown): BadInput {
  if (e instanceof ResultFileError) return { file, message: e.message };
  const err = e as NodeJS.ErrnoException & { errcode?: number };
  // node:sqlite's errors; a full disk (SQLITE_FULL, 13) or an I/O error (SQLITE_IOERR, 10) is
  // the output's problem, not the input's
  if (err.code === 'ERR_SQLITE_ERROR' && ![10, 13].includes((err.errcode ?? 0) & 0xff))
    return { file, message: `${file}: Cannot read SQLite result file: ${err.message}` };
  if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.code !== 'ENOSPC')
    return { file, message: `${file}: cannot read (${err.code})` };
  throw e;
}

const noRuns = (): Record<MergeKind, Set<string>> => ({ scalar: new Set(), vector: new Set() });

/** The run ids OUT's merged files hold (its vectors in the given layout). */
async function mergedRuns(
  out: string,
  layout: VectorLayout,
): Promise<Record<MergeKind, Set<string>>> {
  const unreadable = (path: string, e: unknown): never => {
    if (e instanceof ResultFileError || e instanceof Error) {
      throw new MergeError(
        `${path} is not a readable OMNeT++ result file (${e.message}); move it away, or merge with --rebuild`,
      );
    }
    throw e;
  };
  const sca = join(out, OUTPUT_FILES.sca);
  let scalar = new Set<string>();
  try {
    if (existsSync(sca)) scalar = new Set(sqliteHeaders(sca).map((h) => h.runName));
  } catch (e) {
    unreadable(sca, e);
  }
  let vector = new Set<string>();
  try {
    vector = new Set((await storedHeaders(out, layout)).map((h) => h.runName));
  } catch (e) {
    unreadable(e instanceof ResultFileError ? e.file : out, e);
  }
  return { scalar, vector };
}

/** OUT holds runs (in either layout) that are not among the inputs. */
function holdsOthers(
  merged: Record<MergeKind, Set<string>>,
  carried: readonly ScannedFile[],
  inputs: readonly ScannedFile[],
): boolean {
  const names = new Set(inputs.flatMap((f) => f.runs.map((r) => r.runName)));
  const held = [
    ...merged.scalar,
    ...merged.vector,
    ...carried.flatMap((f) => f.runs.map((r) => r.runName)),
  ];
  return held.some((name) => !names.has(name));
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
    let a, b;
    try {
      a = await runContents(r.first, r.runName, r.kind);
      b = await runContents(r.file, r.runName, r.kind);
    } catch (e) {
      bad.push(badInput(r.file, e));
      continue;
    }
    if (a.header === b.header && a.items === b.items) duplicates.push(r);
    else {
      const what =
        a.header !== b.header
          ? 'run attributes or iteration variables'
          : r.kind === 'scalar'
            ? 'scalar results'
            : 'vectors';
      bad.push({
        file: r.file,
        message: `${r.file}: run ${r.runName} is also in ${r.first}, with different ${what}; the copy in ${r.file} was left out`,
      });
    }
  }
  return duplicates;
}

interface WriteTargets {
  readonly sca: { readonly from: string | undefined; readonly to: string };
  readonly vectors: VectorTarget;
  readonly bad: BadInput[];
  readonly signal: AbortSignal | undefined;
  readonly staged: StagedScalars | undefined;
}

/**
 * Writes the new dataset's result files (temporary): OUT's runs plus the planned ones.
 * `onlyStaged`: the scalar file holds only runs copied from the staging file.
 */
async function writeResultFiles(
  plan: MergePlan,
  scanned: readonly ScannedFile[],
  t: WriteTargets,
): Promise<{ added: Record<MergeKind, string[]>; onlyStaged: boolean }> {
  const added: Record<MergeKind, string[]> = { scalar: [], vector: [] };
  let onlyStaged = t.sca.from === undefined || !existsSync(t.sca.from);
  const byFile = new Map(scanned.map((s) => [s.file, s]));
  const early = new Map<string, StagedFile>();
  for (const pf of plan.files) {
    const input = byFile.get(pf.file);
    const e = input?.format === 'text' ? t.staged?.lookup(pf.file) : undefined;
    if (e && [...pf.scalar].every((r) => e.runs.includes(r))) early.set(pf.file, e);
  }
  // a new scalar file of staged runs only, every staged run in it: the staging file is it (its
  // runs in the order they finished)
  const adopted = onlyStaged && adoptStaged(plan, byFile, early, t);
  const scalars: ResultDbWriter = adopted
    ? ResultDbWriter.open(t.sca.to, false)
    : openWriter(t.sca.from, t.sca.to);
  // else runs parsed while the campaign ran are copied inside SQLite in one go (in plan order)
  // before any other input adds scalars
  let staged: string[] = [];
  let yielded = performance.now();
  const copyStaged = (): void => {
    if (staged.length > 0 && t.staged) scalars.copyFromSqlite(t.staged.db, staged, 'scalar');
    staged = [];
  };
  try {
    for (const pf of plan.files) {
      t.signal?.throwIfAborted();
      const input = byFile.get(pf.file);
      if (input === undefined) continue;
      const e = early.get(pf.file);
      if (e) {
        if (!adopted) staged.push(...e.runs.filter((r) => pf.scalar.has(r)));
        added.scalar.push(...pf.scalar);
        continue;
      }
      if (input.format !== 'text-vector') copyStaged();
      try {
        if (input.format === 'text') {
          onlyStaged = false;
          await scalars.transactionAsync(() => addTextScalarFile(scalars, pf.file, pf.scalar));
          added.scalar.push(...pf.scalar);
        } else if (input.format === 'text-vector') {
          const index = t.staged?.lookup(pf.file)?.index;
          if (await t.vectors.addTextFile(pf.file, t.signal, input.runs[0]?.header, index))
            added.vector.push(...pf.vector);
        } else {
          // a file's runs go in whole or not at all: its scalars are taken back when its
          // vectors fail (each of the two copies is whole or nothing by itself)
          const names = inFileOrder(input, pf.scalar);
          if (names.length > 0) {
            onlyStaged = false;
            scalars.copyFromSqlite(pf.file, names, 'scalar');
          }
          const vectorNames = inFileOrder(input, pf.vector);
          try {
            if (vectorNames.length > 0) t.vectors.addSqliteRuns(input, vectorNames);
          } catch (e) {
            try {
              scalars.removeRuns(names, 'scalar');
            } catch (undo) {
              // its scalars would stay without its vectors: this merge is given up (no bad
              // input: badInput throws it on; OUT stays as it was), and both causes are said
              const text = (x: unknown): string => (x instanceof Error ? x.message : String(x));
              throw new MergeError(
                `${pf.file}: its vectors could not be merged (${text(e)}), and its scalars, copied already, could not be taken back (${text(undo)}); nothing was merged`,
              );
            }
            throw e;
          }
          added.scalar.push(...names);
          added.vector.push(...vectorNames);
        }
      } catch (e) {
        t.signal?.throwIfAborted();
        t.bad.push(badInput(pf.file, e));
      }
      // streamed inputs await between batches; SQLite copies do not: let signals through, every
      // YIELD_MS (a turn after each file was most of this loop's 10-14 ms for the aloha
      // sample's 84 files, linked and staged: 1.5 ms without, though what waited for those
      // turns, V8's tasks among them, then runs later in the merge: ~2 ms less in all)
      if (performance.now() - yielded >= YIELD_MS) {
        await new Promise<void>((r) => setImmediate(r));
        yielded = performance.now();
      }
    }
    copyStaged();
    scalars.close('scalar');
    fsyncPath(t.sca.to);
    t.vectors.finish();
  } catch (e) {
    scalars.abandon();
    throw e;
  }
  return { added, onlyStaged };
}

/**
 * Moves the staging file to the new scalar file when the plan's scalars are all staged runs
 * (`early`: the plan's files that were staged, unchanged since) and every staged run is planned.
 */
function adoptStaged(
  plan: MergePlan,
  byFile: ReadonlyMap<string, ScannedFile>,
  early: ReadonlyMap<string, StagedFile>,
  t: WriteTargets,
): boolean {
  if (t.staged?.adopt === undefined) return false;
  let runs = 0;
  for (const pf of plan.files) {
    const input = byFile.get(pf.file);
    if (input === undefined || pf.scalar.size === 0) continue;
    if (!early.has(pf.file)) return false;
    runs += pf.scalar.size;
  }
  return runs > 0 && t.staged.adopt(runs, t.sca.to);
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
export async function mergeCampaign(
  outDir: string,
  opts: {
    readonly signal?: AbortSignal;
    readonly projectDir?: string;
    readonly staged?: StagedScalars;
    /** Keys of runs left out of the dataset, files and facts (`run --merge-only`). */
    readonly leaveOut?: ReadonlySet<string>;
  } = {},
): Promise<MergeReport> {
  // a campaign's journal and report grow with its runs: the young generation is kept at the
  // size the campaign left it (see heap.ts), not grown for them
  stopYoungGrowth();
  const turn = turns(opts.signal);
  const { leaveOut, ...rest } = opts;
  const found = journalIn(outDir);
  const journal =
    found && leaveOut?.size
      ? { ...found, runs: found.runs.filter((r) => !leaveOut.has(r.key)) }
      : found;
  const journals = journal ? [journal] : [];
  await turn(true);
  const inputs = journals.flatMap(succeededRunFiles);
  await turn(true);
  return mergeResults({
    inputs,
    outDir,
    mode: 'sync',
    journals,
    ...rest,
  });
}
