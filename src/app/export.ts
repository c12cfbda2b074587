// `opp-campaign export`: result files and folders in, opp_scavetool's CSV-R or JSON export out,
// optionally filtered. Runs are listed by config, run number and run id (opp_scavetool's own
// order is not reproducible), in every block of the export; a run's items in load order, as
// opp_scavetool lists them.

import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { OutputError, readerGone } from '../adapters/output-error.js';
import { fileInTheWay, writtenInPlace } from '../adapters/output-path.js';
import { loadResults } from '../adapters/results/index.js';
import { readResults } from '../adapters/results/export-batches.js';
import { collectMergeInputs } from '../adapters/results/merge-inputs.js';
import {
  exportCsvRecords,
  exportJson,
  filterResults,
  parseResultFilter,
  sortRunsForOutput,
} from '../core/results/index.js';

export type ExportFormat = 'csv-r' | 'json';

export interface ExportOptions {
  readonly inputs: readonly string[];
  readonly format: ExportFormat;
  /** A file, or "-" for `stdout`. */
  readonly output: string;
  readonly filter?: string | undefined;
  /** Significant digits of doubles (opp_scavetool's -x precision=N; default 14). */
  readonly precision?: number | undefined;
  readonly stdout: Writable;
}

export interface ExportReport {
  readonly runs: number;
  readonly items: number;
}

/** An output that cannot be written: nothing was written. */
export class ExportError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Text .sca inputs (without SQLite ones) smaller than this in all are loaded whole. */
const WHOLE_TEXT_BELOW = 2 * 1024 * 1024;

export async function exportResults(opts: ExportOptions): Promise<ExportReport> {
  if (opts.output !== '-') checkOutputFile(opts.output);
  const filter = opts.filter === undefined ? undefined : parseResultFilter(opts.filter);
  // a folder holding a merged dataset stands for its merged files (not also its per-run files)
  const inputs = await collectMergeInputs(opts.inputs);
  // read batch by batch when it can be (memory does not grow with the runs), else whole
  const batched = await readResults(inputs, undefined, filter, WHOLE_TEXT_BELOW);
  if (batched !== undefined)
    try {
      const format = opts.precision === undefined ? {} : { precision: opts.precision };
      const chunks =
        opts.format === 'json'
          ? exportJson(batched.results, batched.data, format)
          : exportCsvRecords(batched.results, batched.data, format);
      await write(chunks, opts);
      return { runs: batched.runs, items: batched.items };
    } finally {
      batched.close();
    }
  const loaded = await loadResults(inputs);
  const results = filter ? filterResults(loaded.results, filter) : loaded.results;
  const runOrder = sortRunsForOutput([...results.runs]).map((r) => r.runName);
  const format = {
    runOrder,
    ...(opts.precision === undefined ? {} : { precision: opts.precision }),
  };
  const chunks =
    opts.format === 'json'
      ? exportJson(results, loaded.data, format)
      : exportCsvRecords(results, loaded.data, format);
  await write(chunks, opts);
  return { runs: results.runsWithItems().length, items: [...results.items()].length };
}

async function write(chunks: AsyncIterable<string>, opts: ExportOptions): Promise<void> {
  if (opts.output === '-') await writeTo(chunks, opts.stdout);
  else await writeFile(chunks, opts.output);
}

/**
 * Writes the export to a stream (stdout). A reader that has gone (`| head`, `| less` quit: EPIPE,
 * or a closed terminal: EIO) ends the export quietly, as it ends opp_scavetool's; any other
 * failure (a full disk) ends it too, as an OutputError naming stdout.
 */
async function writeTo(chunks: AsyncIterable<string>, out: Writable): Promise<void> {
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (e: NodeJS.ErrnoException): void => {
    failure ??= e;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failure) break;
      if (out.write(chunk)) continue;
      try {
        await once(out, 'drain');
      } catch (e) {
        failure ??= e as NodeJS.ErrnoException;
      }
    }
  } finally {
    out.off('error', onError);
  }
  if (failure && !readerGone(failure)) throw new OutputError(failure);
}

/** Refused before any work: an output that is a folder, or whose folder is missing. */
function checkOutputFile(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new ExportError(
      `${path} is a folder: name the file to write (-o ${join(path, 'results.csv')})`,
    );
  const dir = dirname(resolve(path));
  const file = fileInTheWay(dir);
  if (file !== undefined) throw new ExportError(`${path}: ${file} is a file, not a folder`);
  if (!existsSync(dir)) throw new ExportError(`${path}: the folder ${dir} does not exist`);
}

/** Writes through a temporary file, so a failed export leaves no partial file behind. */
async function writeFile(chunks: AsyncIterable<string>, path: string): Promise<void> {
  if (writtenInPlace(path)) {
    await pipeline(Readable.from(chunks), createWriteStream(path));
    return;
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await pipeline(Readable.from(chunks), createWriteStream(temp));
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('E'))
      throw new ExportError(`${path}: cannot write it (${code}); nothing was written`);
    throw e;
  }
}
