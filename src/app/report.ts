// The campaign report: report.html from merged folders or result files, the journals that tell
// how each run went, and the campaign file's choice of scalars. Also the scalar table of the
// merge job's step summary.
//
// Where runs come from: the last record of each run in the journals (given, or journal.jsonl in
// an input folder or its parent), then rows of merged folders' runs.csv for runs no journal
// knows (a dataset merged from campaigns whose journals are elsewhere), then the runs of the
// results themselves (succeeded; nothing else known).

import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { findCampaignFile, readCampaignFile } from '../adapters/campaign-file.js';
import { fileInTheWay, writtenInPlace } from '../adapters/output-path.js';
import { DiskFullError, isDiskFull } from '../adapters/disk-full.js';
import { JOURNAL_FILE, findJournals, type Journal } from '../adapters/results/journals.js';
import { loadResults } from '../adapters/results/index.js';
import { collectMergeInputs, mergedFolderOf } from '../adapters/results/merge-inputs.js';
import { isSqliteFileSync } from '../adapters/results/sqlite-files.js';
import type { JournalState, RunRecord, RunStatus } from '../core/campaign/journal.js';
import { badRecordKind } from '../core/campaign/journal.js';
import { readJournalAt } from '../adapters/journal-file.js';
import {
  STATUS_ORDER,
  buildReportModel,
  factsOfResults,
  renderReportHtml,
  scalarWarnings,
  scalarsMarkdown,
  type CampaignFacts,
  type ReportModel,
  type ResultRun,
  type RunFacts,
} from '../core/report/index.js';
import { parseRunsCsv, type ScalarResult } from '../core/results/index.js';

export const REPORT_FILE = 'report.html';

/** An input the report cannot use (a journal that is not there): nothing was written. */
export class ReportError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}

export interface ReportOptions {
  /** Merged folders, result files, folders of result files. */
  readonly inputs: readonly string[];
  /** The page to write. */
  readonly output: string;
  /** journal.jsonl files (or folders holding one); default: those near the inputs. */
  readonly journals?: readonly string[];
  /** "module pattern:scalar name"; default: the campaign file's `report.scalars`. */
  readonly scalars?: readonly string[];
  /** The campaign file; default: opp-campaign.yml in an input folder or its parent. */
  readonly campaignFile?: string;
}

export interface ReportResult {
  readonly output: string;
  readonly model: ReportModel;
  readonly bytes: number;
  /** Journal records skipped as unreadable, in journal and line order (warned of by the CLI). */
  readonly unreadable: readonly SkippedRecord[];
}

/** A journal line the report skipped: not JSON (`problem` undefined), or a bad run record. */
export interface SkippedRecord {
  /** The journal file (absolute). */
  readonly journal: string;
  readonly line: number;
  /** What is wrong with a run record (see BadRecord); undefined: the line is not JSON. */
  readonly problem: string | undefined;
  /** JSON, but no record at all (see BadRecord). */
  readonly notARecord?: boolean;
}

/** Builds the report of the inputs and writes it (through a temporary file) to `output`. */
export async function writeReport(opts: ReportOptions): Promise<ReportResult> {
  const output = resolve(opts.output);
  if (existsSync(output) && statSync(output).isDirectory())
    throw new ReportError(
      `${opts.output} is a folder: name the page to write (-o ${join(opts.output, REPORT_FILE)})`,
    );
  const inTheWay = fileInTheWay(dirname(output));
  if (inTheWay !== undefined) throw new ReportError(`${opts.output}: ${inTheWay} is a file`);
  const { model, unreadable } = await reportModelOf(opts, dirname(output));
  const html = renderReportHtml(model);
  const made = mkdirSync(dirname(output), { recursive: true });
  const temp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  const inPlace = writtenInPlace(output);
  try {
    if (inPlace) writeFileSync(output, html);
    else {
      writeFileSync(temp, html);
      renameSync(temp, output);
    }
  } catch (e) {
    if (!inPlace) rmSync(temp, { force: true });
    if (!isDiskFull(e)) throw e;
    // no part of a page left behind, nor a folder made for it (the file a link points to, a
    // device, written in place, is the user's: left as the write left it)
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    throw new DiskFullError(
      output,
      e,
      inPlace || made !== undefined || !existsSync(output)
        ? `No report was written: free some space and write it again.`
        : `${opts.output} is as it was: free some space and write the report again.`,
    );
  }
  return { output, model, bytes: Buffer.byteLength(html), unreadable };
}

/** A merged dataset's files as a merge writes them, before they get their names in `dir`. */
export interface DatasetFiles {
  /** Its results.sca. */
  readonly sca: string;
  /** Its runs.csv. */
  readonly runsCsv: string;
}

/**
 * report.html in a merged folder (what `merge`, and so `opp-campaign run`, leave behind), with
 * the journals the merge used. A merge writes it (to `output`) from the files it is about to
 * put in place (`dataset`). Returns the step summary's table of the chosen scalars.
 */
export async function writeFolderReport(
  dir: string,
  opts: {
    readonly journals?: readonly Journal[];
    readonly projectDir?: string;
    readonly output?: string;
    readonly dataset?: DatasetFiles;
  } = {},
): Promise<{
  readonly output: string;
  readonly scalarsTable: string;
  /** A warning for each chosen scalar no chart shows (see scalarWarnings). */
  readonly scalarWarnings: readonly string[];
}> {
  const campaignFile =
    opts.projectDir === undefined ? undefined : findCampaignFile(resolve(opts.projectDir));
  const output = opts.output ?? join(dir, REPORT_FILE);
  const options: ReportOptions = {
    inputs: [dir],
    output,
    ...(campaignFile ? { campaignFile } : {}),
  };
  // the merge's journals as it read them: not read again
  const model = await reportModel(options, dir, opts.dataset, opts.journals);
  writeFileSync(output, renderReportHtml(model));
  // made when read (the job summary's table): `opp-campaign run` and `merge` print none
  return {
    output,
    scalarWarnings: scalarWarnings(model),
    get scalarsTable(): string {
      return scalarsMarkdown(model);
    },
  };
}

/**
 * The report model of the inputs; log links relative to `pageDir`. `dataset`: the files of the
 * merged folder that is the only input, as a merge is about to put them in place. `journals`:
 * the journals, read already (instead of `opts.journals`).
 */
export async function reportModel(
  opts: Omit<ReportOptions, 'output'>,
  pageDir: string,
  dataset?: DatasetFiles,
  journals?: readonly Journal[],
): Promise<ReportModel> {
  return (await reportModelOf(opts, pageDir, dataset, journals)).model;
}

/** reportModel, and the journal records it skipped as unreadable. */
async function reportModelOf(
  opts: Omit<ReportOptions, 'output'>,
  pageDir: string,
  dataset?: DatasetFiles,
  journals?: readonly Journal[],
): Promise<{ model: ReportModel; unreadable: SkippedRecord[] }> {
  for (const input of opts.inputs)
    if (!existsSync(input)) throw new ReportError(`${input}: no such file or folder`);
  const files = dataset ? [] : await collectMergeInputs(opts.inputs);
  // the runs of a folder are those of its scalar files; a result file named on its own is read
  // (a .vec's runs; a garbled one is refused at its line); other files named (`report DIR/*`:
  // a journal, runs.csv, opp_runall's .out files) are skipped, as they were before
  const named = new Set(
    opts.inputs.filter((i) => !statSync(i).isDirectory() && isResultFileName(i)).map(vectorOfIndex),
  );
  const loaded = await loadResults(
    dataset ? [dataset.sca] : files.filter((f) => f.endsWith('.sca') || named.has(f)),
    { scalarsOnly: true },
  );
  const results: ResultRun[] = loaded.results.runs.map((run) => ({
    run,
    scalars: loaded.results
      .itemsOfRun(run.runName, 'scalar')
      .filter((i): i is ScalarResult => i.type === 'scalar'),
  }));
  const logLink = logLinks(pageDir);
  // result files chosen one by one (not a folder), with the journal found beside them: the
  // report covers the runs given, as `merge` does, not every run that journal knows
  const chosen =
    !dataset &&
    journals === undefined &&
    opts.journals === undefined &&
    opts.inputs.some((i) => statSync(i).isFile());
  const found = journalFacts(
    journals ?? opts.journals ?? findJournals(opts.inputs),
    logLink,
    chosen,
  );
  const campaigns = found.campaigns;
  // keys a journal set aside as superseded: a merged folder's runs.csv may still have them
  const known = new Set([...found.facts.map((f) => f.key), ...found.superseded]);
  const tables = dataset
    ? [{ dir: resolve(opts.inputs[0] ?? '.'), file: dataset.runsCsv }]
    : mergedFolders(files);
  for (const t of tables)
    for (const f of runsCsvFacts(t.dir, t.file, logLink))
      if (!known.has(f.key)) {
        known.add(f.key);
        found.facts.push(f);
      }
  // chosen files: each of their runs once, with the journal record or runs.csv row that is its
  // (before: a record of another run of the same number counted as a run besides the file's)
  const facts = chosen
    ? factsOfResults(found.facts, results, {
        ofRun: (runName) => loaded.results.fileRunsOf(runName).flatMap((fr) => fileOnDisk(fr.file)),
        ofFact: (f) => found.files.get(f) ?? [],
      })
    : found.facts;
  const scalars = opts.scalars ?? (await campaignScalars(opts));
  const unreadable = found.skipped;
  const model = buildReportModel({
    facts,
    results,
    campaigns,
    scalars,
    ...(opts.scalars ? { scalarsFrom: 'command line' as const } : {}),
    ...(chosen ? { handPicked: true } : {}),
    unreadable: unreadable.map((b) => ({
      journal: relative(pageDir, b.journal).split(sep).join('/'),
      line: b.line,
      problem: b.problem === undefined ? 'is not JSON' : `${badRecordKind(b)}: ${b.problem}`,
    })),
  });
  return { model, unreadable };
}

/** A file named on the command line that is a result file: .sca, .vec, .vci or SQLite. */
function isResultFileName(file: string): boolean {
  if (/\.(sca|vec|vci)$/.test(file)) return true;
  try {
    return isSqliteFileSync(file);
  } catch {
    return false;
  }
}

/** A vector file's index (`r1.vci`) stands for the vector file beside it (`r1.vec`). */
function vectorOfIndex(file: string): string {
  if (!file.endsWith('.vci')) return file;
  const vec = `${file.slice(0, -'.vci'.length)}.vec`;
  if (!existsSync(vec))
    throw new ReportError(
      `${file}: an index of a vector file, whose vector file ${vec} is not there: give the .vec (or .sca) files`,
    );
  return vec;
}

// --- journals --------------------------------------------------------------------------------

/**
 * A run's log (relative to `base`) as a link relative to `pageDir`, or null when it is not there.
 * Each folder of logs is listed once (a campaign of 100,000 runs: one listing, not 100,000
 * lookups).
 */
function logLinks(pageDir: string): (base: string, log: string) => string | null {
  const listings = new Map<string, Set<string> | undefined>();
  const listed = (dir: string): Set<string> | undefined => {
    if (!listings.has(dir)) {
      let names: Set<string> | undefined;
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = undefined; // not a folder (or unreadable): no log in it
      }
      listings.set(dir, names);
    }
    return listings.get(dir);
  };
  return (base, log) => {
    if (log === '') return null;
    const abs = resolve(base, log);
    if (listed(dirname(abs))?.has(basename(abs)) !== true) return null;
    return relative(pageDir, abs).split(sep).map(encodeURIComponent).join('/');
  };
}

/**
 * The facts of every run the journals (read, or paths of journals to read) know, and their
 * campaign records. A journal read here is let go once its facts are taken: one copy of a run's
 * facts is held, not two.
 */
function journalFacts(
  journals: ReadonlyArray<Journal | string>,
  logLink: (base: string, log: string) => string | null,
  withFiles = false,
): {
  facts: RunFacts[];
  campaigns: CampaignFacts[];
  superseded: Set<string>;
  /** With `withFiles`: the files each fact's record lists, as fileOnDisk names them. */
  files: Map<RunFacts, string[]>;
  /** The lines the journals' reader skipped, in journal and line order. */
  skipped: SkippedRecord[];
} {
  const facts: RunFacts[] = [];
  const campaigns: CampaignFacts[] = [];
  const superseded = new Set<string>();
  const files = new Map<RunFacts, string[]>();
  const skipped: SkippedRecord[] = [];
  for (const source of journals) {
    const read = typeof source === 'string' ? readJournalFile(source) : undefined;
    const j = read ?? (source as Journal);
    const journal = read?.file ?? join(j.dir, JOURNAL_FILE);
    skipped.push(
      ...[
        ...(j.damagedLines ?? []).map((line) => ({ journal, line, problem: undefined })),
        ...(j.badRecords ?? []).map((b) => ({
          journal,
          line: b.line,
          problem: b.problem,
          notARecord: b.notARecord === true,
        })),
      ].sort((a, b) => a.line - b.line),
    );
    for (const rec of j.runs) {
      const [fact] = recordFacts(rec, (log) => logLink(j.dir, log));
      if (fact === undefined) continue;
      facts.push(fact);
      if (withFiles)
        files.set(
          fact,
          rec.files.map((f) => fileKey(resolve(j.dir, f.path), f.size, f.mtimeMs)),
        );
    }
    campaigns.push(...j.campaigns);
    for (const k of j.superseded ?? []) superseded.add(k);
  }
  return { facts, campaigns, superseded, files, skipped };
}

const fileKey = (path: string, size: number, mtimeMs: number): string =>
  `${path}\u0000${size}\u0000${mtimeMs}`;

/** A result file as a journal record lists it (path, size, mtime), or nothing when it is gone. */
function fileOnDisk(file: string): string[] {
  try {
    const st = statSync(file);
    return [fileKey(resolve(file), st.size, st.mtimeMs)];
  } catch {
    return [];
  }
}

/** A journal.jsonl (or the folder holding it): each run's last record, the campaign records. */
function readJournalFile(path: string): Journal & { readonly file: string } {
  const file = isDirectory(path) ? join(path, JOURNAL_FILE) : path;
  let state: JournalState;
  try {
    state = readJournalAt(file);
  } catch (e) {
    throw new ReportError(
      `${file}: cannot read the journal (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  return {
    file: resolve(file),
    dir: dirname(resolve(file)),
    runs: [...state.runs.values()],
    campaigns: state.campaigns,
    badRecords: state.badRecords,
    damagedLines: state.damagedLines,
    ...(state.superseded ? { superseded: state.superseded } : {}),
  };
}

const finite = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * A journal record as report facts, each field of the type the report expects: a journal is
 * a file anyone could have edited. (A record with a status this version does not know never
 * gets here: the journal's reader skips it as a bad record, as the merge and its summary do.)
 */
function recordFacts(rec: RunRecord, logLink: (log: string) => string | null): RunFacts[] {
  const run = finite(rec.run);
  return [
    {
      key: rec.key,
      config: text(rec.config) ?? '',
      run: run !== null && Number.isSafeInteger(run) ? run : -1,
      status: rec.status,
      exitCode: finite(rec.exitCode),
      signal: text(rec.signal) || null,
      wallMs: finite(rec.wallMs),
      peakKiB: finite(rec.peakKiB),
      attempt: finite(rec.attempt),
      itervars: text(rec.itervars) ?? '',
      log: logLink(text(rec.log) ?? ''),
      message: text(rec.message),
      command: text(rec.command),
      build: text(rec.build),
    },
  ];
}

// --- runs.csv of merged folders ----------------------------------------------------------------

function mergedFolders(files: readonly string[]): Array<{ dir: string; file: string }> {
  const dirs = new Set(files.map(mergedFolderOf).filter((d) => d !== undefined));
  return [...dirs].map((dir) => ({ dir, file: join(dir, 'runs.csv') }));
}

const numberOrNull = (s: string | undefined): number | null =>
  s === undefined || s === '' || !Number.isFinite(Number(s)) ? null : Number(s);

function runsCsvFacts(
  dir: string,
  file: string,
  logLink: (base: string, log: string) => string | null,
): RunFacts[] {
  const rows = parseRunsCsv(readFileSync(file, 'utf8'));
  return rows.flatMap((row) => {
    const key = row.get('key') ?? '';
    const status = row.get('status') ?? '';
    if (key === '' || !STATUS_ORDER.includes(status as RunStatus)) return [];
    const rep = row.get('repetition') ?? '';
    const vars = row.get('iterationvars') ?? '';
    return [
      {
        key,
        config: row.get('config') ?? '',
        run: numberOrNull(row.get('runnumber')) ?? -1,
        status: status as RunStatus,
        exitCode: numberOrNull(row.get('exit_code')),
        signal: row.get('signal') || null,
        wallMs: numberOrNull(row.get('duration_ms')),
        peakKiB: numberOrNull(row.get('peak_kib')),
        attempt: numberOrNull(row.get('attempt')),
        itervars: [vars, rep === '' ? '' : `$repetition=${rep}`].filter((s) => s !== '').join(', '),
        log: logLink(dir, row.get('log') ?? ''),
        message: row.get('message') || undefined,
        runName: row.get('run') ?? '',
      },
    ];
  });
}

// --- the campaign file ---------------------------------------------------------------------------

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `report.scalars` of the campaign file: the given one, else one in an input folder or its parent. */
async function campaignScalars(
  opts: Omit<ReportOptions, 'output'>,
): Promise<readonly string[] | undefined> {
  let file = opts.campaignFile;
  if (file === undefined)
    for (const input of opts.inputs) {
      const dir = isDirectory(input) ? resolve(input) : dirname(resolve(input));
      file = findCampaignFile(dir) ?? findCampaignFile(dirname(dir));
      if (file) break;
    }
  return file === undefined ? undefined : (await readCampaignFile(file)).report?.scalars;
}
