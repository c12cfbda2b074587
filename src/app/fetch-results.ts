// `opp-campaign fetch`: bring a campaign's merged results home. Everything is downloaded and
// extracted into a folder next to OUT first and moved into place at the end, so a refused
// archive or a broken download leaves OUT as it was. A campaign that resumed another (its branch
// says which, core/client/dispatch-branch.ts) is fetched with its ancestors and laid over them,
// oldest first: result files and logs of later campaigns replace earlier ones, the journals are
// concatenated (a run's last record wins), runs.csv and summary.md are rebuilt for the whole.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import {
  DownloadStalledError,
  type ArtifactInfo,
  type WorkflowRunInfo,
} from '../adapters/github-campaigns.js';
import { ZipArchive } from '../adapters/zip-reader.js';
import { realPath } from '../adapters/output-path.js';
import { readJournal, type ResultFileRecord, type RunRecord } from '../core/campaign/journal.js';
import { readJournalAt } from '../adapters/journal-file.js';
import { accountRuns, type RunAccount } from '../core/client/run-accounting.js';
import { PlanFormatError, type PlanDocument } from '../core/plan/plan-document.js';
import { mergeCampaign } from './merge.js';
import { mergeSummary } from './summary.js';
import {
  campaignChain,
  CampaignClientError,
  CampaignInterrupted,
  downloadArtifact,
  findArtifact,
  prefixOf,
  withRetries,
  type ClientContext,
} from './remote-campaign.js';
import { readPlan } from './watch.js';
import { relinkRunFiles } from '../adapters/results/artifact-files.js';
import { restoreIndexedTime } from '../adapters/results/vector-store.js';
import { adoptLegacyLayout } from '../adapters/results/legacy-layout.js';
import { RUNS_DIR } from '../core/campaign/layout.js';
import { overflowedConfigs } from '../core/plan/time-limit.js';
import { isPlainFileName } from '../core/archive/safe-path.js';
import { parseRerun, RERUN_FILE, RerunFileError, type RerunFrom } from '../core/campaign/rerun.js';

export interface FetchTarget {
  readonly outDir: string;
  /** Replace a non-empty OUT that an earlier fetch made. */
  readonly force: boolean;
  /** Folders OUT may never be nor hold: the working folder, the home folder. */
  readonly keep: readonly string[];
}

export interface FetchOptions extends FetchTarget {
  /** Also the raw shard artifacts, into OUT/shards/RUN/NAME/. */
  readonly shards: boolean;
}

/** What marks a folder as made by fetch (and so one that --force may replace). */
export const FETCH_RECORD = join('.opp-campaign', 'fetched.json');

export interface FetchReport {
  readonly outDir: string;
  /** The campaigns merged, oldest first; the last is the one asked for. */
  readonly chain: readonly WorkflowRunInfo[];
  readonly account: RunAccount | undefined;
  readonly resultFiles: number;
  readonly resultBytes: number;
  readonly shardArtifacts: number;
}

export async function fetchResults(
  ctx: ClientContext,
  run: WorkflowRunInfo,
  opts: FetchOptions,
): Promise<FetchReport> {
  const out = checkFetchTarget(opts);
  const chain = await campaignChain(ctx, run);
  const results = await findResults(ctx, chain);
  mkdirSync(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.fetch-`));
  try {
    const merged = join(staging, 'out');
    const layers: string[] = [];
    for (const [i, campaign] of chain.entries()) {
      const layer = join(staging, `run-${campaign.id}`);
      await extractArtifact(ctx, results[i]!, join(staging, `${campaign.id}.zip`), layer);
      adoptLegacyLayout(layer); // an artifact an earlier version made
      relinkRunFiles(layer); // the vector files the artifact carries once, at the top
      layers.push(layer);
    }
    const plan = await readPlan(ctx, chain[0]!.id);
    const account =
      layers.length === 1
        ? await singleLayer(layers[0]!, merged, plan)
        : await layerAll(layers, merged, plan, ctx.signal);
    if (plan) writeFileSync(join(merged, 'plan.json'), JSON.stringify(plan));
    writeFetchRecord(merged, chain);
    const shardArtifacts = opts.shards ? await fetchShards(ctx, chain, staging, merged) : 0;
    const files = countFiles(join(merged, RUNS_DIR));
    await moveIntoPlace(merged, out, opts);
    return {
      outDir: out,
      chain,
      account,
      resultFiles: files.count,
      resultBytes: files.bytes,
      shardArtifacts,
    };
  } catch (e) {
    // Ctrl-C stops the download or extraction under way (whatever it threw): nothing is fetched
    if (ctx.signal?.aborted)
      throw new CampaignInterrupted(`interrupted: nothing was fetched (${out} is as it was)`);
    if (
      e instanceof DownloadStalledError ||
      e instanceof RerunFileError ||
      e instanceof PlanFormatError
    )
      throw new CampaignClientError(`${e.message}; nothing was fetched (${out} is as it was)`);
    throw e;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * OUT, resolved, if fetch may write it: a new or empty folder, or with --force one an earlier
 * fetch made. Never the working folder, the home folder, the root or a folder holding one of
 * them, and never a git work tree: replacing any of these would delete what is not ours.
 */
export function checkFetchTarget(t: FetchTarget): string {
  const out = realPath(resolve(t.outDir));
  const kept = [sep, ...t.keep].map((k) => realPath(resolve(k)));
  const inside = (k: string): boolean => k.startsWith(out.endsWith(sep) ? out : out + sep);
  const same = kept.find((k) => k === out);
  const holds = kept.find(inside);
  if (same !== undefined || holds !== undefined)
    throw new CampaignClientError(
      `${t.outDir}: refusing to write ${same !== undefined ? describeKept(same, t.keep) : `a folder that holds ${describeKept(holds as string, t.keep)}`}: choose a new folder (-o DIR)`,
    );
  if (!existsSync(out)) return out;
  if (!statSync(out).isDirectory())
    throw new CampaignClientError(`${out} exists and is not a folder`);
  if (existsSync(join(out, '.git')))
    throw new CampaignClientError(
      `${out} is a git work tree: refusing to write into it; choose a new folder (-o DIR)`,
    );
  if (readdirSync(out).length === 0) return out;
  if (!t.force)
    throw new CampaignClientError(
      `${out} is not empty: choose another folder (-o DIR), or replace it with --force`,
    );
  if (!existsSync(join(out, FETCH_RECORD)))
    throw new CampaignClientError(
      `${out} was not made by opp-campaign fetch (it has no ${FETCH_RECORD}): --force replaces only such a folder; choose a new folder (-o DIR)`,
    );
  return out;
}

function describeKept(kept: string, keep: readonly string[]): string {
  if (kept === sep) return 'the root folder';
  const i = keep.findIndex((k) => realPath(resolve(k)) === kept);
  return i === 0 ? `the current folder (${kept})` : `the home folder (${kept})`;
}

async function findResults(
  ctx: ClientContext,
  chain: readonly WorkflowRunInfo[],
): Promise<ArtifactInfo[]> {
  const name = `${prefixOf(ctx)}-results`;
  const found: ArtifactInfo[] = [];
  for (const campaign of chain) {
    const a = await findArtifact(ctx, campaign.id, name);
    if (!a)
      throw new CampaignClientError(
        campaign.status !== 'completed'
          ? `run ${campaign.id} is still ${campaign.status.replace('_', ' ')}: its results are not` +
              ` there yet (follow it with 'opp-campaign watch ${campaign.id}')`
          : `run ${campaign.id} has no '${name}' artifact (its merge job did not upload one;` +
              ` see ${campaign.htmlUrl})`,
      );
    found.push(a);
  }
  return found;
}

async function extractArtifact(
  ctx: ClientContext,
  artifact: ArtifactInfo,
  zipFile: string,
  dest: string,
): Promise<void> {
  await downloadArtifact(ctx, artifact, zipFile);
  mkdirSync(dest);
  const zip = await ZipArchive.open(zipFile, ctx.limits);
  await zip.extractTo(dest, undefined, ctx.signal);
  await rm(zipFile);
}

async function singleLayer(
  layer: string,
  merged: string,
  plan: PlanDocument | undefined,
): Promise<RunAccount | undefined> {
  // moved, not copied: a vector file stays one file under its two names (at the top and in
  // .runs/), as the merge made it, not two copies of it
  renameSync(layer, merged);
  await restoreVectorTimes(merged);
  const journal = join(merged, 'journal.jsonl');
  if (!existsSync(journal)) return undefined;
  // the files' times as they are here (an artifact of an earlier version records no content hash)
  const text = readFileSync(journal, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => restamp(l, merged))
    .join('\n');
  writeFileSync(journal, text === '' ? '' : `${text}\n`);
  if (!plan) return undefined;
  return accountRuns(plan, [readJournalAt(journal)]);
}

/**
 * Later campaigns over earlier ones (see the header), then the results merge over the whole
 * (results.sca, results.vec, scalars.csv, runs.csv), as the merge job does for one campaign.
 */
async function layerAll(
  layers: readonly string[],
  merged: string,
  plan: PlanDocument | undefined,
  signal: AbortSignal | undefined,
): Promise<RunAccount | undefined> {
  mkdirSync(merged, { recursive: true });
  const lines: string[] = [];
  for (const layer of layers) {
    for (const sub of [RUNS_DIR, 'logs'])
      if (existsSync(join(layer, sub)))
        cpSync(join(layer, sub), join(merged, sub), { recursive: true, force: true });
    const j = join(layer, 'journal.jsonl');
    if (existsSync(j)) lines.push(...readFileSync(j, 'utf8').split('\n'));
  }
  await restoreVectorTimes(merged);
  const text = lines
    .filter((l) => l.trim() !== '')
    .map((l) => restamp(l, merged))
    .join('\n');
  writeFileSync(join(merged, 'journal.jsonl'), text === '' ? '' : `${text}\n`);
  await mergeCampaign(merged, signal ? { signal } : {});
  if (!plan) return undefined;
  const account = accountRuns(plan, [readJournal(text)]);
  const rerun = latestRerun(layers);
  if (rerun) {
    mkdirSync(dirname(join(merged, RERUN_FILE)), { recursive: true });
    writeFileSync(join(merged, RERUN_FILE), JSON.stringify(rerun));
  }
  writeFileSync(
    join(merged, 'summary.md'),
    mergeSummary({
      expected: account.expected,
      ok: account.ok.length,
      failed: account.failed,
      missing: account.missing,
      shardsMissing: [],
      artifact: `${layers.length} campaigns merged by opp-campaign fetch`,
      noTimeLimit: overflowedConfigs(account.failed, plan.noTimeLimit ?? []),
      ...(rerun ? { rerun } : {}),
    }),
  );
  return account;
}

/**
 * The failed runs' command: `opp-campaign run` from a clone, as the merge job of the latest
 * campaign said (its artifact's RERUN_FILE). An artifact an earlier version made has none: its
 * shards' own commands are shown, as they were.
 */
function latestRerun(layers: readonly string[]): RerunFrom | undefined {
  for (const layer of [...layers].reverse()) {
    const file = join(layer, RERUN_FILE);
    const source = `the results artifact of run ${basename(layer).replace(/^run-/, '')}: ${RERUN_FILE}`;
    const rerun = existsSync(file) ? parseRerun(readFileSync(file, 'utf8'), source) : undefined;
    if (rerun) return rerun;
  }
  return undefined;
}

/**
 * Gives each text .vec of `dir` (at its top and in RUNS_DIR) the time its .vci records, when the
 * .vci describes it (see restoreIndexedTime): extraction gives every file a new time, and a .vci
 * older than its .vec is stale, so OMNeT++'s tools and the merge would index the .vec again.
 * Before the journal's records take the files' times (restamp).
 */
async function restoreVectorTimes(dir: string): Promise<void> {
  for (const sub of [dir, join(dir, RUNS_DIR)]) {
    let names: string[];
    try {
      names = readdirSync(sub);
    } catch {
      continue;
    }
    for (const name of names)
      if (name.endsWith('.vec') && existsSync(join(sub, `${name.slice(0, -'.vec'.length)}.vci`)))
        await restoreIndexedTime(join(sub, name));
  }
}

/**
 * A successful run's record with its files' sizes and times as they are here: the results merge
 * recognises a run's files by path, size and time, and extraction gives files new times. A file
 * that is gone or has another size stays as recorded (and is left out of the merge).
 */
function restamp(line: string, dir: string): string {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return line;
  }
  const r = rec as Partial<RunRecord>;
  if (r.t !== 'run' || r.status !== 'ok' || !Array.isArray(r.files)) return line;
  const recorded: readonly ResultFileRecord[] = r.files;
  const files = recorded.map((f) => {
    const p = join(dir, f.path);
    if (!existsSync(p)) return f;
    const st = statSync(p);
    return st.size === f.size ? { ...f, mtimeMs: st.mtimeMs } : f;
  });
  return JSON.stringify({ ...r, files });
}

/** Which runs were fetched: `fetch` of a later resume can tell what is here. No timestamps. */
function writeFetchRecord(merged: string, chain: readonly WorkflowRunInfo[]): void {
  mkdirSync(join(merged, '.opp-campaign'), { recursive: true });
  writeFileSync(
    join(merged, FETCH_RECORD),
    JSON.stringify(
      { runs: chain.map((r) => ({ id: r.id, url: r.htmlUrl, commit: r.headSha })) },
      null,
      2,
    ) + '\n',
  );
}

async function fetchShards(
  ctx: ClientContext,
  chain: readonly WorkflowRunInfo[],
  staging: string,
  merged: string,
): Promise<number> {
  let n = 0;
  for (const campaign of chain) {
    const shards = await withRetries(ctx, () =>
      ctx.api.artifacts(campaign.id, `${prefixOf(ctx)}-shard-`),
    );
    const live = shards.filter((x) => !x.expired);
    // the name becomes a folder of OUT; GitHub allows no separator in one, a lying API could
    const bad = live.find((a) => !isPlainFileName(a.name));
    if (bad)
      throw new CampaignClientError(
        `artifact ${bad.id} of run ${campaign.id} is named ${JSON.stringify(bad.name)}: not a` +
          ' plain file name; refusing to write it (nothing was fetched)',
      );
    for (const a of live) {
      const dest = join(merged, 'shards', String(campaign.id), a.name);
      mkdirSync(dirname(dest), { recursive: true });
      await extractArtifact(ctx, a, join(staging, `shard-${a.id}.zip`), dest);
      n++;
    }
  }
  return n;
}

function countFiles(dir: string): { count: number; bytes: number } {
  if (!existsSync(dir)) return { count: 0, bytes: 0 };
  let count = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = statSync(join(dir, name));
    if (st.isFile()) {
      count++;
      bytes += st.size;
    }
  }
  return { count, bytes };
}

async function moveIntoPlace(merged: string, out: string, target: FetchTarget): Promise<void> {
  if (existsSync(out)) {
    // checked again: the folder may have changed during the download
    checkFetchTarget(target);
    await rm(out, { recursive: true, force: true });
  }
  await rename(merged, out);
}
