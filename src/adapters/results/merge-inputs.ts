// The inputs of a merge: which files the arguments name, and a quick look at each (its run
// headers and what kinds of results it has), without reading its data.

import { existsSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ResultFileError,
  ScalarFileParser,
  compareNames,
  BRIEF_ATTRIBUTES,
  briefRun,
  normalizeRun,
  sortedMap,
  tokenizeLine,
  type MergeKind,
  type RunInfo,
  type ScannedInput,
  type ScannedRun,
} from '../../core/results/index.js';
import { checkComplete } from './dataset-folder.js';
import { checkRunValues, isSqliteFile } from './sqlite-files.js';
import { openDatabase, type Database } from './sqlite-api.js';
import { TooManyOpenFilesError } from '../open-files.js';
import { readTextLinesSync } from './text-files.js';

export type InputFormat = 'text' | 'text-vector' | 'sqlite';

export interface ScannedFile extends ScannedInput {
  readonly format: InputFormat;
}

/** The merged files of an opp-campaign results folder. */
export const MERGED_FILES = ['results.sca', 'results.vec'] as const;

/** A folder holding a merged dataset: runs.csv next to results.sca or results.vec. */
export function isMergedFolder(dir: string): boolean {
  return existsSync(join(dir, 'runs.csv')) && MERGED_FILES.some((f) => existsSync(join(dir, f)));
}

/**
 * The merged folder a file belongs to, if any: its results.sca and results.vec, and its vector
 * files of one run each (every other .vec directly in it).
 */
export function mergedFolderOf(file: string): string | undefined {
  const dir = dirname(resolve(file));
  const name = basename(file);
  if (!name.endsWith('.vec') && !(MERGED_FILES as readonly string[]).includes(name))
    return undefined;
  return isMergedFolder(dir) ? dir : undefined;
}

/** The vector files of one run each directly in a merged folder (not results.vec), by name. */
export async function vectorFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.isDirectory() && e.name.endsWith('.vec') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .filter((f) => f !== 'results.vec')
    .sort(compareNames)
    .map((f) => join(dir, f));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function walk(dir: string, suffix: '.sca' | '.vec', out: string[]): Promise<void> {
  if (isMergedFolder(dir)) {
    // its merged files hold what is below it (its per-run files were merged into them)
    checkComplete(dir);
    const merged = join(dir, `results${suffix}`);
    if (existsSync(merged)) out.push(merged);
    if (suffix === '.vec') out.push(...(await vectorFiles(dir)));
    return;
  }
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => compareNames(a.name, b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory() || (e.isSymbolicLink() && isDirectory(path))) await walk(path, suffix, out);
    else if (e.name.endsWith(suffix)) out.push(path);
  }
}

/**
 * The result files the arguments name, as opp_scavetool collects them: files as given; folders
 * searched recursively (dot files skipped, names sorted) for .sca files, then for .vec files.
 * Except: a folder holding a merged dataset contributes its merged files only (results.sca, and
 * results.vec or its vector files, not the per-run files of its .runs/ folder); one an unfinished
 * merge left is refused.
 * A file named twice counts once; `exclude` lists files to leave out (a merge's own output).
 */
export async function collectMergeInputs(
  paths: readonly string[],
  exclude: readonly string[] = [],
): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (isDirectory(p)) {
      await walk(p, '.sca', out);
      await walk(p, '.vec', out);
    }
    // a vector file's index (`r1.vci`, as `DIR/*` names it) stands for the vector file (before:
    // "no 'run' line: not an OMNeT++ result file"); once, when both are named
    else out.push(p.endsWith('.vci') ? `${p.slice(0, -'.vci'.length)}.vec` : p);
  }
  const seen = new Set(exclude.map((f) => resolve(f)));
  return out.filter((f) => {
    const r = resolve(f);
    if (seen.has(r)) return false;
    seen.add(r);
    return true;
  });
}

export async function inputFormat(path: string): Promise<InputFormat> {
  let sqlite: boolean;
  try {
    sqlite = await isSqliteFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ResultFileError(`Cannot open for read (${code})`, path);
  }
  if (sqlite) return 'sqlite';
  return path.endsWith('.vec') ? 'text-vector' : 'text';
}

/** Reads a file's header, and for a .sca the names of any further runs in it. */
export async function scanInput(path: string): Promise<ScannedFile> {
  const format = await inputFormat(path);
  if (format === 'sqlite') return { file: path, format, runs: scanSqlite(path) };
  const kind: MergeKind = format === 'text-vector' ? 'vector' : 'scalar';
  // the brief header: a merge keeps one for every run (see run-brief.ts)
  const header = briefRun(await readTextHeader(path));
  const runs: ScannedRun[] = [{ runName: header.runName, header, kinds: [kind] }];
  if (format === 'text')
    for (const name of await laterRunNames(path, header.runName))
      if (!runs.some((r) => r.runName === name)) runs.push({ runName: name, kinds: [kind] });
  return { file: path, format, runs };
}

/** A run header is usually a few KB: the first read (then 2x, 4x, ... up to 64 KiB). */
const HEADER_CHUNK = 4096;

const HEADER_WORDS = new Set(['version', 'run', 'attr', 'itervar', 'config', 'param']);

/** The first run header of a text result file (the lines up to the first result line). */
export async function readTextHeader(path: string): Promise<RunInfo> {
  return Promise.resolve(textHeader(path));
}

function textHeader(path: string): RunInfo {
  const parser = new ScalarFileParser(path);
  let runLines = 0;
  let empty = true;
  // read synchronously: a header is a few lines at the start of the file
  outer: for (const { lines, unterminated } of readTextLinesSync(path, HEADER_CHUNK)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      empty = false;
      const first = /^[ \t]*([^ \t]*)/.exec(line)?.[1] ?? '';
      const header = first === '' || first.startsWith('#') || HEADER_WORDS.has(first);
      if (!header || (first === 'run' && ++runLines > 1)) break outer;
      parser.pushLine(line, !unterminated || i < lines.length - 1);
    }
  }
  const run = parser.end().find((r) => r.type === 'run')?.run;
  if (run === undefined)
    throw new ResultFileError(
      empty ? 'empty file' : "no 'run' line: not an OMNeT++ result file",
      path,
    );
  // OMNeT++ before 5.1 wrote iteration variables as run attributes only
  return normalizeRun(run);
}

/** Names on the `run` lines after the first (a .sca may hold several runs). */
async function laterRunNames(path: string, first: string): Promise<string[]> {
  const names: string[] = [];
  const fh = await open(path, 'r');
  try {
    const needle = Buffer.from('\nrun ');
    const buf = Buffer.alloc(1 << 16);
    let carry = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = Buffer.concat([carry, buf.subarray(0, bytesRead)]);
      let i = chunk.indexOf(needle);
      let keepFrom = Math.max(0, chunk.length - needle.length);
      while (i >= 0) {
        const end = chunk.indexOf(10, i + 1);
        if (end < 0) {
          keepFrom = i;
          break;
        }
        const name = runLineName(chunk.toString('utf8', i + 1, end));
        if (name !== undefined && name !== first && !names.includes(name)) names.push(name);
        i = chunk.indexOf(needle, end);
      }
      carry = chunk.subarray(keepFrom);
    }
  } finally {
    await fh.close();
  }
  return names;
}

function runLineName(line: string): string | undefined {
  try {
    const t = tokenizeLine(line.replace(/\r$/, ''));
    return t[0] === 'run' && t.length === 2 ? t[1] : undefined;
  } catch {
    return undefined;
  }
}

// --- SQLite ---------------------------------------------------------------------------------

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v);

/** The runs of an SQLite result file with their headers and the kinds of results each has. */
export function scanSqlite(path: string): ScannedRun[] {
  let db: Database | undefined;
  try {
    db = openDatabase(path, 'read');
    return sqliteRuns(db, path);
  } catch (e) {
    // (no descriptor left is this process's problem, not the file's)
    if (e instanceof ResultFileError || e instanceof TooManyOpenFilesError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ResultFileError(`Cannot read SQLite result file: ${msg}`, path);
  } finally {
    db?.close();
  }
}

/**
 * The runs of an open SQLite result file (runId order) with their headers; `brief`: brief
 * headers (see run-brief.ts), read as such (the rows of other attributes and of config entries
 * are not read).
 */
export function readSqliteRunHeaders(
  db: Database,
  file: string,
  brief = false,
): Array<{ readonly runId: number; readonly run: RunInfo }> {
  const fail = (reason: string): never => {
    throw new ResultFileError(`Cannot read SQLite result file: ${reason}`, file);
  };
  const rows = (sql: string): Iterable<unknown[]> =>
    db.prepare(sql).raw(true).iterate() as Iterable<unknown[]>;
  interface Build {
    name: string;
    attrs: Map<string, string>;
    itervars: Map<string, string>;
    config: Array<[string, string]>;
  }
  const byId = new Map<number, Build>();
  const names = new Set<string>();
  for (const [id, name] of rows(`SELECT runId, runName FROM run ORDER BY runId;`)) {
    const runName = text(name);
    if (names.has(runName)) fail('Non-unique runId in run table');
    names.add(runName);
    byId.set(Number(id), { name: runName, attrs: new Map(), itervars: new Map(), config: [] });
  }
  const runOf = (id: unknown): Build => byId.get(Number(id)) ?? fail(`invalid runId ${text(id)}`);
  const only = brief
    ? ` WHERE attrName IN (${[...BRIEF_ATTRIBUTES].map((a) => `'${a}'`).join(', ')})`
    : '';
  for (const [id, k, v] of rows(`SELECT runId, attrName, attrValue FROM runAttr${only};`))
    runOf(id).attrs.set(text(k), text(v));
  for (const [id, k, v] of rows(`SELECT runId, itervarName, itervarValue FROM runItervar;`))
    runOf(id).itervars.set(text(k), text(v));
  if (!brief)
    for (const [id, k, v] of rows(
      `SELECT runId, configKey, configValue FROM runConfig ORDER BY configOrder ASC;`,
    ))
      runOf(id).config.push([text(k), text(v)]);
  return [...byId].map(([runId, b]) => {
    const run: RunInfo = {
      runName: b.name,
      attributes: sortedMap(b.attrs),
      itervars: sortedMap(b.itervars),
      configEntries: b.config,
    };
    return { runId, run: brief ? briefRun(run) : run };
  });
}

function sqliteRuns(db: Database, file: string): ScannedRun[] {
  const headers = readSqliteRunHeaders(db, file, true);
  const known = new Set(headers.map((h) => h.runId));
  // a run giving an attribute or itervar twice is this file's problem (before: found once its
  // runs were copied, in the merge's temporary output, named instead)
  const names = new Map(headers.map((h) => [h.runId, h.run.runName]));
  checkRunValues(db, file, (id) => names.get(id));
  const rows = (sql: string): unknown[][] => db.prepare(sql).raw(true).all() as unknown[][];
  // which runs have results of each kind; ids of runs that do not exist make the file bad
  const withItems = (tables: readonly string[]): Set<number> => {
    const ids = new Set<number>();
    for (const t of tables)
      for (const [id] of rows(`SELECT DISTINCT runId FROM ${t};`)) {
        if (!known.has(Number(id)))
          throw new ResultFileError(
            `Cannot read SQLite result file: invalid runId ${text(id)} in table ${t}`,
            file,
          );
        ids.add(Number(id));
      }
    return ids;
  };
  const scalarRuns = withItems(['scalar', 'parameter', 'statistic']);
  const vectorRuns = withItems(['vector']);
  return headers.map(({ runId, run }): ScannedRun => {
    const kinds: MergeKind[] = [];
    if (scalarRuns.has(runId) || !vectorRuns.has(runId)) kinds.push('scalar');
    if (vectorRuns.has(runId)) kinds.push('vector');
    return { runName: run.runName, header: run, kinds };
  });
}
