// The merge job: gather every shard's results and journal, and account for every planned run:
// succeeded, failed (with its last record), or missing (no shard reported it).
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  readJournal,
  type BadRecord,
  type CampaignRecord,
  type JournalRecord,
  type ResultFileRecord,
  type RunRecord,
} from '../core/campaign/journal.js';
import type { PlanDocument } from '../core/plan/plan-document.js';
import { mergeCampaign, type MergeReport as ResultsReport } from './merge.js';
import { RUNS_DIR } from '../core/campaign/layout.js';
import { relativePathProblem } from '../core/archive/safe-path.js';
import { fileSha256 } from '../adapters/results/recorded-file.js';
import { restoreIndexedTime } from '../adapters/results/vector-store.js';
import {
  parseShardFailure,
  SHARD_BUILD_LOG,
  SHARD_FAILURE_FILE,
  type ShardFailure,
} from '../core/campaign/shard-failure.js';

/** A shard's journal names a file outside its folder, or in a `.git` folder: nothing is merged. */
export class ShardJournalError extends Error {
  readonly userFacing = true;
}

export interface ShardInput {
  readonly index: number;
  readonly dir: string;
  /** The run attempt that uploaded it (1, or N of a re-run's `-attempt-N`): later ones win. */
  readonly attempt?: number;
}

export interface MergeReport {
  readonly expected: number;
  readonly ok: RunRecord[];
  readonly failed: RunRecord[];
  readonly missing: { config: string; run: number; key: string; shard: number }[];
  /** Shards of the plan that uploaded nothing. */
  readonly shardsMissing: number[];
  /** Shards that uploaded something but no journal (they failed before any run): why, if said. */
  readonly shardsFailed: ShardWithoutRuns[];
  readonly outDir: string;
  /** Run records of the shards' journals that were skipped (a field missing or mistyped). */
  readonly badJournalRecords: ReadonlyArray<BadRecord & { readonly journal: string }>;
  /** The merge of the result files (results.sca/.vec, scalars.csv, runs.csv). */
  readonly results: ResultsReport;
}

export interface ShardWithoutRuns {
  readonly index: number;
  /** The artifact (folder) it uploaded, its latest attempt's. */
  readonly artifact: string;
  /** Its own words (the shard job's failure file), or only its build log, or neither. */
  readonly failure?: ShardFailure;
}

/** Shards of the plan with a folder but no journal in any attempt, with what they said. */
function shardsWithoutRuns(plan: PlanDocument, shards: readonly ShardInput[]): ShardWithoutRuns[] {
  const out: ShardWithoutRuns[] = [];
  for (const { index } of plan.shards) {
    const mine = shards
      .filter((s) => s.index === index)
      .sort((a, b) => (a.attempt ?? 1) - (b.attempt ?? 1));
    const latest = mine.at(-1);
    if (!latest || mine.some((s) => existsSync(join(s.dir, 'journal.jsonl')))) continue;
    const file = join(latest.dir, SHARD_FAILURE_FILE);
    const said = existsSync(file) ? parseShardFailure(readFileSync(file, 'utf8')) : undefined;
    const log = existsSync(join(latest.dir, SHARD_BUILD_LOG)) ? SHARD_BUILD_LOG : undefined;
    const failure = said ?? (log ? { cause: 'no cause recorded', log } : undefined);
    out.push({ index, artifact: basename(latest.dir), ...(failure ? { failure } : {}) });
  }
  return out;
}

export async function mergeShards(
  plan: PlanDocument,
  shards: readonly ShardInput[],
  outDir: string,
  opts: { readonly signal?: AbortSignal; readonly projectDir?: string } = {},
): Promise<MergeReport> {
  mkdirSync(join(outDir, RUNS_DIR), { recursive: true });
  mkdirSync(join(outDir, 'logs'), { recursive: true });
  const last = new Map<string, RunRecord>();
  /** Where the files of each successful run are in the merged folder, by run key. */
  const moved = new Map<string, ResultFileRecord[]>();
  const journalLines: string[] = [];
  /** Records of runs that did not succeed, by line: their logs are copied if a shard has them. */
  const logsToCheck: { at: number; rec: RunRecord }[] = [];
  const badJournalRecords: Array<BadRecord & { journal: string }> = [];
  const ordered = [...shards].sort(
    (a, b) => a.index - b.index || (a.attempt ?? 1) - (b.attempt ?? 1),
  );
  const journals = ordered.flatMap((shard) => {
    const journalPath = join(shard.dir, 'journal.jsonl');
    if (!existsSync(journalPath)) return [];
    const text = readFileSync(journalPath, 'utf8');
    // all of them before a file is copied (a failed run's log is taken from the latest attempt
    // of the shard that has it)
    const attempts = ordered.filter((s) => s.index === shard.index).map((s) => s.dir);
    checkJournalPaths(journalPath, text, shard.dir, attempts);
    return [{ shard, text, journalPath }];
  });
  /** The shards' campaign records, the last one's build is the merged record's. */
  let lastCampaign: CampaignRecord | undefined;
  for (const { shard, text, journalPath } of journals) {
    const state = readJournal(text);
    lastCampaign = (state.campaigns.at(-1) as CampaignRecord | undefined) ?? lastCampaign;
    for (const [key, rec] of state.runs) {
      last.set(key, rec);
      if (rec.status === 'ok') moved.set(key, await copyRunFiles(rec, shard.dir, outDir));
    }
    const bad = new Set(state.badRecords.map((b) => b.line));
    for (const b of state.badRecords) badJournalRecords.push({ ...b, journal: journalPath });
    for (const [i, line] of text.split('\n').entries()) {
      const rec = bad.has(i + 1) ? undefined : parseRecord(line);
      if (!rec) continue; // blank, torn by a killed shard, or a run record that is not whole
      // the merged journal describes a successful run's files as they are in the merged folder
      const files = rec.t === 'run' && rec.status === 'ok' ? moved.get(rec.key) : undefined;
      // (its other output files, snapshots and eventlogs, are not copied: not named either; nor
      // is a successful run's log, so no log is named: runs.csv and the page name no file the
      // artifact does not have)
      if (rec.t === 'run' && rec.status === 'ok')
        journalLines.push(
          JSON.stringify({ ...rec, files: files ?? rec.files, outputs: undefined, log: '' }),
        );
      else {
        // another run's log is copied below when a shard has it
        if (rec.t === 'run') logsToCheck.push({ at: journalLines.length, rec });
        journalLines.push(line);
      }
    }
  }
  const ok: RunRecord[] = [];
  const failed: RunRecord[] = [];
  const missing: MergeReport['missing'] = [];
  for (const shard of plan.shards)
    for (const [config, run, key] of shard.runs) {
      const rec = last.get(key);
      // a run stopped by a cancelled shard has no result: it is missing, not failed
      if (!rec || rec.status === 'interrupted')
        missing.push({ config, run, key, shard: shard.index });
      else if (rec.status === 'ok') ok.push(rec);
      else {
        failed.push(rec);
        // the log of the record's own attempt: the latest that has it
        const src = ordered.findLast(
          (s) => existsSync(join(s.dir, rec.log)) && notAFile(s.dir, rec.log) === undefined,
        );
        if (src) cpSync(join(src.dir, rec.log), join(outDir, rec.log));
      }
    }
  // the whole plan as the merged journal's last campaign: each shard's record counts only its
  // own runs, and the page (report.html) counts the planned runs that have not run from the
  // last one, as the summary does from the plan
  for (const { at, rec } of logsToCheck)
    if (!existsSync(join(outDir, rec.log))) journalLines[at] = JSON.stringify({ ...rec, log: '' });
  journalLines.push(JSON.stringify(planCampaign(plan, lastCampaign)));
  writeFileSync(join(outDir, 'journal.jsonl'), journalLines.join('\n') + '\n');
  const results = await mergeCampaign(outDir, opts);
  const present = new Set(shards.map((s) => s.index));
  return {
    expected: plan.totalRuns,
    ok,
    failed,
    missing,
    shardsMissing: plan.shards.map((s) => s.index).filter((i) => !present.has(i)),
    shardsFailed: shardsWithoutRuns(plan, shards),
    outDir,
    badJournalRecords,
    results,
  };
}

/** The plan as a campaign record: its configs, filter and every shard's runs. */
function planCampaign(plan: PlanDocument, shard: CampaignRecord | undefined): CampaignRecord {
  return {
    t: 'campaign',
    started: typeof shard?.started === 'string' ? shard.started : new Date().toISOString(),
    // (no shard recorded its build: none is said, rather than a made-up one)
    ...(typeof shard?.build === 'string' ? { build: shard.build } : {}),
    configs: plan.configs,
    ...(plan.filter !== undefined ? { filter: plan.filter } : {}),
    total: plan.totalRuns,
  } as CampaignRecord;
}

/**
 * A shard's journal is data from another job's artifact: the files its records name (results
 * and log) are copied into the merged folder, so each must be a relative path below the shard's
 * folder and not in a `.git` folder (core/archive/safe-path.ts), and where it is there, a
 * regular file: not a folder, nor a symbolic link (to a file elsewhere), nor below one.
 */
function checkJournalPaths(
  journalPath: string,
  text: string,
  dir: string,
  attempts: readonly string[],
): void {
  for (const [i, line] of text.split('\n').entries()) {
    const rec = parseRecord(line);
    if (rec?.t !== 'run') continue;
    const files: readonly unknown[] = Array.isArray(rec.files) ? (rec.files as unknown[]) : [];
    const named: [string, unknown][] = files.map((f) => [
      'result file',
      (f as Partial<ResultFileRecord> | null)?.path,
    ]);
    if (rec.log !== undefined) named.push(['log', rec.log]);
    for (const [what, path] of named) {
      // (a path that is no string makes the record a bad one, skipped with a warning below)
      if (typeof path !== 'string') continue;
      // (results are copied from the journal's own shard folder; a log from an attempt's)
      const from = what === 'log' ? attempts : [dir];
      const problem =
        relativePathProblem(path) ?? from.map((d) => notAFile(d, path)).find((p) => p);
      if (problem)
        throw new ShardJournalError(
          `${journalPath}:${i + 1}: run ${rec.config} #${rec.run} (${rec.key}) names ${what} ` +
            `${JSON.stringify(path)}: ${problem}; nothing was merged`,
        );
    }
  }
}

/**
 * Why `path` below `dir` cannot be copied as a file: a folder, a symbolic link, or something
 * else than a regular file there, or below a symbolic link. Undefined when it is a regular file
 * or not there (a run's file that is gone is left out, as before).
 */
function notAFile(dir: string, path: string): string | undefined {
  let at = dir;
  const segments = path.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
  for (const [i, segment] of segments.entries()) {
    at = join(at, segment);
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (st === undefined) return undefined;
    const where = ` in ${basename(dir)}`;
    if (st.isSymbolicLink())
      return i === segments.length - 1
        ? `a symbolic link${where}, not a file`
        : `a path through a symbolic link${where} (${segments.slice(0, i + 1).join('/')})`;
    if (i < segments.length - 1) {
      if (!st.isDirectory()) return undefined;
    } else if (st.isDirectory()) return `a folder${where}, not a file`;
    else if (!st.isFile()) return `not a regular file${where}`;
  }
  return undefined;
}

function parseRecord(line: string): JournalRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as JournalRecord;
  } catch {
    return undefined;
  }
}

/**
 * Copies a successful run's files and returns their records in the merged folder (the merge
 * recognises a run's files by path, size and time; artifact transport does not keep times, so
 * each record has the file's SHA-256 too: a run on the unpacked artifact knows it by that).
 * A file whose size differs from its record is left out: it is not the run's result. A text
 * .vec gets back the time its .vci records (see restoreIndexedTime), so that the .vci describes
 * it again: the merge and OMNeT++'s tools use it rather than index the .vec anew.
 */
async function copyRunFiles(rec: RunRecord, from: string, to: string): Promise<ResultFileRecord[]> {
  const copied: string[] = [];
  for (const f of rec.files) {
    const src = join(from, f.path);
    if (!existsSync(src) || statSync(src).size !== f.size) continue;
    const dest = join(to, f.path);
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(src, dest);
    copied.push(f.path);
  }
  for (const path of copied)
    if (path.endsWith('.vec') && copied.includes(`${path.slice(0, -'.vec'.length)}.vci`))
      await restoreIndexedTime(join(to, path));
  return copied.map((path) => {
    const dest = join(to, path);
    const st = statSync(dest);
    // the artifact's extraction gives it a new time: its content tells it as this record's
    return { path, size: st.size, mtimeMs: st.mtimeMs, sha256: fileSha256(dest) };
  });
}

/**
 * Shard folders below `root` as downloaded: `<prefix>-shard-<k>`, and `<prefix>-shard-<k>-attempt-<n>`
 * from a re-run of the shard's job.
 */
export function findShardDirs(root: string, prefix: string): ShardInput[] {
  if (!existsSync(root)) return [];
  const re = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-shard-(\\d+)(?:-attempt-(\\d+))?$`,
  );
  return readdirSync(root)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x) => x.m)
    .map((x) => ({
      index: Number(x.m?.[1]),
      dir: join(root, x.name),
      attempt: Number(x.m?.[2] ?? 1),
    }));
}
