import { isTooManyOpenFiles, TooManyOpenFilesError } from '../adapters/open-files.js';
import { existsSync, rmdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FolderInUseError, lockResultsFolder } from '../adapters/campaign-lock.js';
import { fileInTheWay } from '../adapters/output-path.js';
import { notRecordedWarning } from '../adapters/results/artifact-files.js';
import { DiskFullError, isDiskFull } from '../adapters/disk-full.js';
import { mergeResults, type MergeReport } from '../app/merge.js';
import { badRecordWarning } from '../core/campaign/journal.js';
import { badInputLines } from './bad-input.js';
import { EXIT, UsageError } from './errors.js';
import type { LineWriter } from './output.js';

export const MERGE_HELP = `Usage: opp-campaign merge IN... -o OUT [--rebuild] [--vectors files|sqlite] [-q]

Merges OMNeT++ result files and folders (text .sca, .vec with or without .vci, SQLite .sca and
.vec, in any mix) into one dataset in the folder OUT, which opp_scavetool, the IDE and
omnetpp.scave read whole:

  results.sca   every run's scalars, parameters, statistics, histograms (OMNeT++ SQLite format)
  *.vec         every run's vectors, a file per run (the run's own .vec, linked, and .vci)
  scalars.csv   what 'opp_scavetool export -F CSV-R results.sca' gives
  runs.csv      one row per run: run id, config, run number, repetition, iteration variables,
                and status, exit code, duration, ... when a campaign journal is found
  report.html   the campaign report

Runs are identified by their run id: a run OUT already holds is skipped, so merging again adds
only the new runs. Folders are searched for .sca and .vec files (a folder holding a merged
dataset contributes its merged files). A bad input file is listed and left out, the rest is
merged, and the exit status is 1.

  -o, --output OUT   the dataset folder (created when missing)
      --rebuild      start OUT afresh instead of adding to what it holds
      --vectors L    files (default): *.vec as above; sqlite: every run's vectors in one
                     SQLite file, results.vec, for SQL and pandas (OMNeT++ 6.1's own tools
                     cannot read vector data from a file of several runs)
  -q, --quiet        print only problems
`;

export async function mergeCommand(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void },
  signal?: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      rebuild: { type: 'boolean' },
      vectors: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(MERGE_HELP.trimEnd());
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('merge: no input files or folders given');
  if (values.output === undefined)
    throw new UsageError('merge: the output folder (-o OUT) is missing');
  const file = fileInTheWay(values.output);
  if (file !== undefined)
    throw new UsageError(
      `merge: -o ${values.output}: ${file} is a file; OUT is the dataset's folder (created when missing)`,
    );
  const missing = positionals.find((p) => !existsSync(p));
  if (missing !== undefined)
    throw new UsageError(`merge: ${missing}: no such file or folder; nothing was merged`);
  const vectors = values.vectors ?? 'files';
  if (vectors !== 'files' && vectors !== 'sqlite')
    throw new UsageError(`merge: --vectors must be files or sqlite, not '${vectors}'`);
  // a campaign's results folder: not while the campaign runs (it is writing its runs, and merges
  // them itself at its end), nor does a campaign start there during the merge
  const release = holdCampaignFolder(values.output);
  const existed = existsSync(values.output);
  let report: MergeReport;
  try {
    report = await mergeResults({
      inputs: positionals,
      outDir: values.output,
      mode: values.rebuild ? 'rebuild' : 'add',
      vectors,
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    // a folder the merge made and left empty (it failed) is not left behind
    if (!existed) removeIfEmpty(values.output);
    if (isDiskFull(e))
      throw new DiskFullError(
        values.output,
        e,
        existed
          ? `${values.output} is as it was: free some space and merge again.`
          : 'Free some space and merge again.',
      );
    if (isTooManyOpenFiles(e))
      throw new TooManyOpenFilesError(
        `merging into ${values.output}`,
        e,
        existed
          ? `merge again: ${values.output} is as it was (nothing of it replaced).`
          : 'merge again.',
      );
    if (!signal?.aborted) throw e;
    err.write(`opp-campaign: merge interrupted; ${values.output} was left as it was\n`);
    return EXIT.interrupted;
  } finally {
    release?.();
  }
  // `merge OUT -o OUT` finishes a merge that was cut short: OUT's own files are no input to it
  const itself = positionals.every((p) => resolve(p) === report.outDir);
  if (report.inputFiles === 0 && !itself)
    err.write(`opp-campaign: warning: no .sca or .vec files in ${positionals.join(' ')}\n`);
  for (const b of report.badJournalRecords)
    err.write(`opp-campaign: warning: ${badRecordWarning(shown(b.journal), b)}\n`);
  for (const w of report.scalarWarnings) err.write(`opp-campaign: warning: ${w}\n`);
  if (report.notRecorded.length > 0)
    err.write(`opp-campaign: warning: ${notRecordedWarning(values.output, report.notRecorded)}\n`);
  if (!values.quiet) for (const line of mergeSummary(report)) await out.line(line);
  for (const line of badInputLines(report)) err.write(`${line}\n`);
  return report.bad.length > 0 ? EXIT.failure : EXIT.ok;
}

/** Removes `dir` when it is an empty folder (or holds only an empty lock folder of ours). */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // (not empty, or gone)
  }
}

/**
 * Takes the lock of OUT when it is a campaign's results folder (it has .opp-campaign); its
 * release, or undefined. Refused, naming the campaign, while a live campaign holds it.
 */
function holdCampaignFolder(out: string): (() => void) | undefined {
  if (!existsSync(join(out, '.opp-campaign'))) return undefined;
  try {
    return lockResultsFolder(out);
  } catch (e) {
    if (!(e instanceof FolderInUseError) || e.holder === undefined) throw e;
    const since = e.holder.since ? `, since ${e.holder.since}` : '';
    throw new FolderInUseError(
      `merge: ${out} is the results folder of a campaign that is still running (process ${e.holder.pid}${since}); nothing was merged. Its runs are still being written, and it merges them into ${out} itself when it ends: merge once it has, or stop it first`,
    );
  }
}

const shown = (path: string): string => relative(process.cwd(), path) || '.';

/**
 * The runs.csv rows of runs without results, and where they are known from: a journal, or an
 * earlier runs.csv (an input merged folder's, or OUT's own), named.
 */
function knownOnlyFrom(r: MergeReport): string {
  const sources = [
    ...(r.journalOnlyRuns ? [{ runs: r.journalOnlyRuns, from: 'the journal' }] : []),
    ...r.runsCsvOnlyRuns.map((c) => ({ runs: c.runs, from: shown(c.file) })),
  ];
  if (sources.length === 0) return '';
  return `, ${sources.map((s, i) => `${s.runs}${i === 0 ? ' of them' : ''} known only from ${s.from}`).join(', ')} (no results)`;
}

/** What a merge did, for people. */
export function mergeSummary(r: MergeReport): string[] {
  const dir = shown(r.outDir);
  const presentIn = (kind: 'scalar' | 'vector'): number =>
    r.present.filter((p) => p.kind === kind).length;
  const bad = new Set(r.bad.map((b) => b.file)).size;
  const leftOut = bad > 0 ? ` (${bad} more left out: bad input, below)` : '';
  const lines = [
    `Merged ${r.inputFiles - bad} file(s) into ${dir}/${r.rebuilt ? ' (rebuilt)' : ''}${leftOut}`,
    `  results.sca  ${r.added.scalar.length} run(s) added, ${presentIn('scalar')} already there`,
    r.vectors === 'files'
      ? `  *.vec        ${r.added.vector.length} run(s) added, ${presentIn('vector')} already there (a file per run)`
      : `  results.vec  ${r.added.vector.length} run(s) added, ${presentIn('vector')} already there`,
    `  runs.csv     ${r.runs} run(s)${knownOnlyFrom(r)}`,
    `  scalars.csv`,
  ];
  const skipped = [...new Set(r.present.map((p) => p.runName))];
  if (skipped.length > 0) {
    const names = skipped.slice(0, 5).join(', ');
    const more = skipped.length > 5 ? ` and ${skipped.length - 5} more` : '';
    lines.push(`Skipped ${skipped.length} run(s) already in ${dir}/: ${names}${more}`);
  }
  for (const d of r.duplicates)
    lines.push(`Skipped ${shown(d.file)}: run ${d.runName} is identical in ${shown(d.first)}`);
  return lines;
}
