// The GitHub Action: `command: plan | shard | merge`. Reads its inputs once, calls the app, and
// writes outputs, summaries and annotations. Any thrown value fails the step with its message.
import * as core from '@actions/core';
import { createHash } from '../core/hash.js';
import { counted } from '../core/counted.js';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { IniError, type IniDocument } from '../core/ini/index.js';
import { locationFrom, placeIniError, remedyText } from '../core/ini/errors.js';
import type { SourceLocation } from '../core/ini/index.js';
import { BuildError } from '../adapters/build.js';
import { CampaignFileError } from '../adapters/campaign-file.js';
import {
  SHARD_BUILD_LOG,
  SHARD_FAILURE_FILE,
  type ShardFailure,
} from '../core/campaign/shard-failure.js';
import {
  checkOptionNames,
  omnetppOptionTable,
  OptionNameError,
  type OptionProblem,
} from '../core/ini/option-names.js';
import { readJournalAt } from '../adapters/journal-file.js';
import { badRecordWarning } from '../core/campaign/journal.js';
import { withoutLinkedRunFiles } from '../adapters/results/artifact-files.js';
import { parsePlanDocument, type PlanDocument } from '../core/plan/plan-document.js';
import { findShardDirs, mergeShards } from '../app/merge-shards.js';
import { planShards } from '../app/plan-shards.js';
import { runShard, shardOfPlan } from '../app/run-shard.js';
import {
  ANNOTATIONS_SHOWN,
  capAnnotations,
  commentBody,
  commentMarker,
  failureAnnotations,
  mergeSummary,
  shardFailureSummary,
  shardSummary,
} from '../app/summary.js';
import { INTERNAL_RETENTION_DAYS } from '../core/build/fingerprint.js';
import { ArtifactExistsError, type ArtifactStore } from '../ports.js';
import {
  ccacheKeys,
  restoreCcache,
  saveCcache,
  type CcacheCacheKeys,
} from '../adapters/actions-cache.js';
import { loadCampaign } from '../app/campaign-setup.js';
import { ensureBuild } from '../app/ensure-build.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { createArtifactStore } from './store.js';
import { overflowedConfigs } from '../core/plan/time-limit.js';
import { parseRerun, RERUN_FILE, rerunOverrides, type RerunFrom } from '../core/campaign/rerun.js';

/** The remedies of ini errors in the action's terms (its inputs). */
export const ACTION_REMEDIES = {
  'choose-config': ': choose one with the input configs',
  'raise-max-runs': ' (raise it with the input max-runs)',
} as const;

/** Where a shard's time limit is set: a timed-out run's message names the input, not --timeout. */
export const ACTION_TIMEOUT_SETTING = 'the input timeout, or timeout: in the campaign file';

const names = (prefix: string) => ({
  plan: `${prefix}-plan`,
  shard: (k: number) => `${prefix}-shard-${k}`,
  results: `${prefix}-results`,
  comment: `${prefix}-comment`,
});

/**
 * The files below `root` to upload: all but opp-campaign's own bookkeeping (`.opp-campaign/`),
 * of which only the build log goes (a failed build's reason). None when `root` does not exist.
 */
export function filesBelow(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === '.opp-campaign' && dir === root) {
      // (files only: what is in their place otherwise is no upload's business)
      const isFile = (f: string): boolean =>
        statSync(f, { throwIfNoEntry: false })?.isFile() ?? false;
      if (isFile(join(p, 'build.log'))) out.push(join('.opp-campaign', 'build.log'));
      if (isFile(join(root, RERUN_FILE))) out.push(RERUN_FILE);
      if (isFile(join(root, SHARD_FAILURE_FILE))) out.push(SHARD_FAILURE_FILE);
      continue;
    }
    if (statSync(p).isDirectory()) out.push(...filesBelow(root, p));
    else out.push(relative(root, p));
  }
  return out.sort();
}

/**
 * Uploads as `name`. In a re-run (attempt N > 1) an earlier attempt may hold `name` (GitHub keeps
 * one artifact per name and workflow run, over all attempts): then as `name-attempt-N`.
 * Returns the name used.
 */
async function uploadFresh(
  store: ArtifactStore,
  name: string,
  attempt: number,
  upload: (name: string) => Promise<void>,
): Promise<string> {
  try {
    await upload(name);
    return name;
  } catch (e) {
    if (!(e instanceof ArtifactExistsError) || attempt <= 1) throw e;
  }
  const again = `${name}-attempt-${attempt}`;
  await upload(again);
  return again;
}

/**
 * What the job keeps for later jobs on this runner: build times and checkouts of referenced
 * projects, beside the shared ccache folder. A job that uses the cache read-only (a pull
 * request) keeps them in its own temporary folder instead: later jobs must not build with
 * what a pull request left.
 */
function keptDirs(inp: ActionInputs): { stateDir: string; projectsDir: string } {
  const root = inp.cacheReadOnly ? join(inp.workDir, 'own') : join(inp.cacheDir, '..');
  return { stateDir: join(root, 'opp-campaign-state'), projectsDir: join(root, 'projects') };
}

const shardDir = (inp: ActionInputs): string => join(inp.workDir, `shard-${inp.shardIndex}`);

/**
 * Uploads what the shard has, once: from the main step when it ends, else (a cancelled or
 * killed step) from the post step. Consistent at any instant: the journal is appended one
 * record per write(2), and a record says a run succeeded only after its files are complete,
 * with their sizes, which the merge checks; a torn last line is skipped.
 */
async function uploadShard(inp: ActionInputs, store: ArtifactStore): Promise<string | undefined> {
  const outDir = shardDir(inp);
  const marker = join(outDir, '.opp-campaign', 'uploaded');
  if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
  const files = filesBelow(outDir);
  if (files.length === 0) {
    core.info('the shard wrote nothing to upload');
    return undefined;
  }
  const k = inp.shardIndex as number;
  let name: string;
  try {
    name = await uploadFresh(store, names(inp.artifactPrefix).shard(k), inp.runAttempt, (n) =>
      store.upload(n, outDir, files),
    );
  } catch (e) {
    // killed between uploading and writing the marker: the artifact is this job's
    if (!(e instanceof ArtifactExistsError)) throw e;
    name = e.artifact;
  }
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, name + '\n');
  core.info(`uploaded ${files.length} files of shard ${k} as ${name}`);
  return name;
}

/**
 * Why a shard failed before it reported, for its artifact and summaries: the build's failure
 * with its log's first errors and last lines, an ini problem at its file and line (from the
 * repository's top), else the error's first line.
 */
function shardFailure(err: unknown, outDir: string, repoDir: string): ShardFailure {
  if (err instanceof CampaignFileError)
    return { cause: err.relativeTo(process.env['GITHUB_WORKSPACE'] ?? process.cwd()).message };
  if (err instanceof BuildError) {
    const log = existsSync(join(outDir, SHARD_BUILD_LOG)) ? { log: SHARD_BUILD_LOG } : {};
    return {
      cause: `the build failed (${err.result.command})`,
      ...(err.result.tail.length ? { detail: err.result.tail.join('\n') } : {}),
      ...log,
    };
  }
  if (err instanceof IniError && err.location) {
    const at = (p: { location: SourceLocation; message: string }): string => {
      const l = locationFrom(repoDir, p.location);
      return `${l.file}:${l.line}: ${p.message}`;
    };
    const problems =
      err instanceof OptionNameError
        ? err.problems
        : [{ message: err.message + remedyText(err, ACTION_REMEDIES), location: err.location }];
    const lines = problems.map(at);
    return {
      cause:
        lines.length > 1 ? `${lines[0] ?? ''} (and ${lines.length - 1} more)` : (lines[0] ?? ''),
      ...(lines.length > 1 ? { detail: lines.join('\n') } : {}),
    };
  }
  const [first = '', ...rest] = (err instanceof Error ? err.message : String(err)).split('\n');
  return { cause: first, ...(rest.length ? { detail: rest.join('\n') } : {}) };
}

/** The step's summary of a shard that failed before any run (never itself a second failure). */
async function shardFailed(
  k: number,
  said: ShardFailure,
  artifact: string | undefined,
): Promise<void> {
  try {
    await core.summary.addRaw(shardFailureSummary(k, said, artifact)).write();
  } catch (e) {
    core.warning(
      `could not write the step's summary: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

async function plan(inp: ActionInputs, store: ArtifactStore): Promise<void> {
  const doc = await planShards({
    dir: inp.projectDir,
    overrides: { ini: inp.ini, configs: inp.configs, runs: inp.runs, maxRuns: inp.maxRuns },
    maxShards: inp.maxShards,
    ...(inp.previousRunIndex ? { previousRunIndex: inp.previousRunIndex } : {}),
    ...(inp.commit ? { commit: inp.commit } : {}),
    say: (l) => core.info(l),
    inspect: (ini) => warnOptionNames(ini, inRepository(inp)),
  });
  const dir = join(inp.workDir, 'plan');
  mkdirSync(dir, { recursive: true });
  // written a shard's runs at a time: the document of a million runs is never held whole
  const file = join(dir, 'plan.json');
  const fd = openSync(file, 'w');
  try {
    for (const piece of doc.text()) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
  try {
    await store.upload(names(inp.artifactPrefix).plan, dir, ['plan.json']);
  } catch (e) {
    // "Re-run all jobs": the first attempt's plan holds the name. The plan is deterministic,
    // so the same commit and inputs plan the same; the shards of any attempt use that one.
    if (!(e instanceof ArtifactExistsError)) throw e;
    // in the first attempt, another campaign of this workflow run took the name
    if (inp.runAttempt <= 1)
      throw new InputError(
        `this workflow run has an artifact '${e.artifact}' already: another campaign of the same run uses the same artifact-prefix; give each its own (input artifact-prefix)`,
      );
    const earlier = await downloadPlan(inp, store);
    const ours = parsePlanDocument(readFileSync(file, 'utf8'), file);
    if (JSON.stringify(earlier) !== JSON.stringify(ours))
      throw new InputError(
        `an earlier attempt of this run uploaded a different plan as '${e.artifact}': start a new run instead of re-running this one`,
      );
    core.info(`an earlier attempt of this run uploaded the same plan as '${e.artifact}'`);
  }
  const shards = Array.from({ length: doc.shardCount }, (_, i) => i);
  core.setOutput('matrix', JSON.stringify({ shard: shards }));
  core.setOutput('shards', String(shards.length));
  core.setOutput('runs', String(doc.totalRuns));
  core.info(
    `planned ${counted(doc.totalRuns, 'run')} of ${doc.configs.join(', ')} in ${counted(shards.length, 'shard')}`,
  );
  await core.summary
    .addRaw(
      `## Campaign plan\n\n${counted(doc.totalRuns, 'run')} of ${doc.configs.join(', ')}${doc.filter ? ` (filter \`${doc.filter}\`)` : ''} in ${counted(shards.length, 'shard')}.\n`,
    )
    .write();
}

/**
 * The plan job has no OMNeT++: keys that are no option of OMNeT++ 6.1 are warnings at their
 * lines (the shards, which have the model, refuse them before any run if it does not know them).
 * GitHub shows ten warnings of a step: past nine, the log has the rest and a tenth says so.
 */
function warnOptionNames(ini: IniDocument, projectDir: string): void {
  const problems = checkOptionNames(ini, omnetppOptionTable());
  const title = 'omnetpp.ini: option name';
  const text = (p: OptionProblem): string =>
    `${p.message} (no option of OMNeT++ 6.1; fine only if the model registers it)`;
  const fileOf = (p: OptionProblem): string => locationFrom(projectDir, p.location).file;
  const { shown, more } = capAnnotations(problems, ANNOTATIONS_SHOWN);
  for (const p of shown)
    core.warning(text(p), { file: fileOf(p), startLine: p.location.line, title });
  if (more.length === 0) return;
  for (const p of more) core.info(`${fileOf(p)}:${p.location.line}: ${text(p)}`);
  core.warning(
    `${more.length} more keys that are no option of OMNeT++ 6.1, from ${fileOf(more[0] as OptionProblem)}:${(more[0] as OptionProblem).location.line}: see the step's log`,
    { title },
  );
}

async function downloadPlan(inp: ActionInputs, store: ArtifactStore): Promise<PlanDocument> {
  const dir = join(inp.workDir, 'plan-in');
  await store.download(names(inp.artifactPrefix).plan, dir);
  const file = join(dir, 'plan.json');
  return parsePlanDocument(readFileSync(file, 'utf8'), file);
}

async function shard(inp: ActionInputs, store: ArtifactStore, signal: AbortSignal): Promise<void> {
  const k = inp.shardIndex as number;
  const outDir = join(inp.workDir, `shard-${k}`);
  let doc: PlanDocument;
  try {
    doc = await downloadPlan(inp, store);
    // before anything is written: a shard the plan has not uploads nothing
    shardOfPlan(doc, k);
  } catch (e) {
    // no artifact (the merge job must not take it for a shard of the plan): the summary says why
    await shardFailed(k, shardFailure(e, outDir, inRepository(inp)), undefined);
    throw e;
  }
  // the post step uploads if this step is cancelled or killed before it does
  core.saveState('shard-dir', outDir);
  // GitHub-hosted runners start empty: keep ccache's folder in the Actions cache
  let keys: CcacheCacheKeys | undefined;
  let restored: string | undefined;
  let rerun: RerunFrom | undefined;
  let report;
  /** Why the shard failed before it could report (written into its artifact), if it did. */
  let failure: { error: Error; said?: ShardFailure } | undefined;
  let uploaded: string | undefined;
  // Everything from here on is inside: a shard that fails anywhere before its runs (restoring
  // the compiler cache, writing its own files, the build, the ini) says why in its summary and
  // its artifact, not only in the step's log.
  try {
    keys = inp.hostedRunner
      ? ccacheKeys(
          `${process.platform}-${process.arch}`,
          buildSettingsHash(inp.projectDir),
          inp.commit ?? 'none',
        )
      : undefined;
    restored = keys ? await restoreCcache(inp.cacheDir, keys) : undefined;
    // for the summaries' commands, here and in the merge job (which reads it from the artifact)
    rerun = await shardRerun(inp, doc);
    mkdirSync(dirname(join(outDir, RERUN_FILE)), { recursive: true });
    writeFileSync(join(outDir, RERUN_FILE), JSON.stringify(rerun));
    report = await runShard({
      dir: inp.projectDir,
      plan: doc,
      shardIndex: k,
      outDir,
      overrides: { jobs: inp.parallelism, timeoutMs: inp.timeoutMs, retries: inp.retries },
      ccacheDir: inp.cacheDir,
      out: { write: (s) => process.stdout.write(s) },
      progress: 'plain',
      signal,
      store,
      buildJobDeclared: inp.buildJob,
      ...keptDirs(inp),
      timeoutSetting: ACTION_TIMEOUT_SETTING,
    });
  } catch (e) {
    failure = { error: e instanceof Error ? e : new Error(String(e)) };
    if (!signal.aborted) {
      // in the artifact, for the merge job's summary
      const said = shardFailure(e, outDir, inRepository(inp));
      failure.said = said;
      try {
        mkdirSync(dirname(join(outDir, SHARD_FAILURE_FILE)), { recursive: true });
        writeFileSync(join(outDir, SHARD_FAILURE_FILE), JSON.stringify(said));
      } catch (w) {
        // the summary below still says why
        core.warning(
          `could not write the shard's ${SHARD_FAILURE_FILE}: ${w instanceof Error ? w.message : String(w)}`,
        );
      }
    }
  } finally {
    // A failed shard uploads everything it has now. A cancelled one leaves it to the post step:
    // the runner kills this step 10 s after cancelling it, maybe mid-upload.
    if (signal.aborted) core.info("cancelled: the post step uploads the shard's results");
    else
      uploaded = await uploadShard(inp, store).catch((e: unknown) => {
        core.warning(
          `could not upload the shard's results (the post step tries again): ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      });
  }
  if (report === undefined || rerun === undefined) {
    if (failure?.said) await shardFailed(k, failure.said, uploaded);
    throw failure?.error ?? new Error('the shard did not report');
  }
  if (keys && !signal.aborted && !inp.cacheReadOnly) await saveCcache(inp.cacheDir, keys, restored);
  const records = [...readJournalAt(join(outDir, 'journal.jsonl')).runs.values()];
  for (const a of failureAnnotations(
    records.filter((r) => r.status !== 'ok'),
    k,
  ))
    core.error(a.message, { title: a.title });
  await core.summary
    .addRaw(
      shardSummary(k, records, report.notInCheckout.length, report.summary.interrupted, rerun),
    )
    .write();
  core.setOutput('runs', String(report.total));
  core.setOutput('succeeded', String(report.summary.ok + report.summary.skipped));
  core.setOutput('failed', String(report.summary.failed.length));
  if (report.notInCheckout.length > 0)
    throw new Error(
      `${report.notInCheckout.length} planned runs are not produced by this checkout (was the plan made from another commit?)`,
    );
  if (report.summary.interrupted) throw new Error('the shard was cancelled');
  if (report.summary.failed.length > 0 && !inp.allowPartial)
    throw new Error(`${report.summary.failed.length} of ${report.total} runs failed`);
}

/** The optional build job: builds the model once and publishes it for the shards. */
async function buildJob(
  inp: ActionInputs,
  store: ArtifactStore,
  signal: AbortSignal,
): Promise<void> {
  const loaded = await loadCampaign(inp.projectDir, { ini: inp.ini, configs: inp.configs });
  if (loaded.detected) core.info(loaded.detected);
  const settings = loaded.settings;
  const r = await ensureBuild({
    projectDir: inp.projectDir,
    settings,
    store,
    role: 'build-job',
    job: 'build',
    buildJobDeclared: true,
    ccache: { dir: inp.cacheDir },
    ...keptDirs(inp),
    logFile: join(inp.workDir, 'build.log'),
    jobs: inp.parallelism,
    log: (l) => core.info(l),
    signal,
  });
  core.setOutput('fingerprint', r.fingerprint);
  const cc = r.build?.ccache
    ? ` (ccache: ${r.build.ccache.hits} hits, ${r.build.ccache.misses} misses)`
    : '';
  await core.summary
    .addRaw(
      `## Build\n\nBuild \`${r.fingerprint.slice(0, 12)}\`: ${r.source}${r.published ? ', published for the shards' : ''}${cc}.\n`,
    )
    .write();
}

async function merge(inp: ActionInputs, store: ArtifactStore): Promise<void> {
  const n = names(inp.artifactPrefix);
  const doc = await downloadPlan(inp, store);
  const inDir = join(inp.workDir, 'shards-in');
  for (const name of await store.list(`${inp.artifactPrefix}-shard-`))
    await store.download(name, join(inDir, name));
  const outDir = join(inp.workDir, 'results');
  const rerun = {
    ...rerunFrom(inp, doc),
    ...shardsOverrides(findShardDirs(inDir, inp.artifactPrefix)),
  };
  // report.html with the campaign file's choice of scalars when the job has it
  const report = await mergeShards(doc, findShardDirs(inDir, inp.artifactPrefix), outDir, {
    projectDir: inp.projectDir,
  });
  // as many as GitHub shows of a step (the rest in the log, the last annotation says so)
  const badRecords = report.badJournalRecords.map((b) =>
    badRecordWarning(relative(inDir, b.journal), b),
  );
  const { shown: badShown, more: badMore } = capAnnotations(badRecords, ANNOTATIONS_SHOWN);
  for (const w of badShown) core.warning(w);
  if (badMore.length > 0) {
    core.warning(`${badMore.length} more bad journal records: see the step's log`);
    for (const w of badMore) core.info(`warning: ${w}`);
  }
  // chosen scalars (the campaign file's report.scalars) that no chart of report.html shows
  for (const w of report.results.scalarWarnings) core.warning(w);
  let markdown = '';
  const artifact = await uploadFresh(store, n.results, inp.runAttempt, async (name) => {
    markdown = mergeSummary({
      expected: report.expected,
      ok: report.ok.length,
      failed: report.failed,
      missing: report.missing,
      shardsMissing: report.shardsMissing,
      shardsFailed: report.shardsFailed,
      artifact: name,
      scalarsTable: report.results.scalarsTable,
      noTimeLimit: overflowedConfigs(report.failed, doc.noTimeLimit ?? []),
      rerun,
    });
    writeFileSync(join(outDir, 'summary.md'), markdown);
    // for opp-campaign fetch, which rebuilds summary.md of a resumed campaign
    mkdirSync(dirname(join(outDir, RERUN_FILE)), { recursive: true });
    writeFileSync(join(outDir, RERUN_FILE), JSON.stringify(rerun));
    // each vector file once: at the top, not also its link in .runs/ (fetch links it back)
    await store.upload(name, outDir, withoutLinkedRunFiles(outDir, filesBelow(outDir)));
  });
  await core.summary.addRaw(markdown).write();
  // for workflows/campaign-comment.yml, which comments with its own token (a workflow_call
  // caller need not grant pull-requests: write)
  const commentDir = join(inp.workDir, 'comment');
  mkdirSync(commentDir, { recursive: true });
  writeFileSync(
    join(commentDir, 'comment.md'),
    commentBody(markdown, inp.runUrl ?? '', commentMarker(inp.artifactPrefix)),
  );
  await uploadFresh(store, n.comment, inp.runAttempt, (name) =>
    store.upload(name, commentDir, ['comment.md'], { retentionDays: INTERNAL_RETENTION_DAYS }),
  );
  core.setOutput('summary-file', join(outDir, 'summary.md'));
  core.setOutput('comment-file', join(commentDir, 'comment.md'));
  core.setOutput('runs', String(report.expected));
  core.setOutput('succeeded', String(report.ok.length));
  core.setOutput('failed', String(report.failed.length));
  core.setOutput('missing', String(report.missing.length));
  core.setOutput('artifact', artifact);
  const bad = report.failed.length + report.missing.length;
  if (bad > 0 && !inp.allowPartial)
    throw new Error(
      `the campaign is incomplete: ${report.failed.length} runs failed, ${report.missing.length} are missing` +
        (report.shardsMissing.length || report.shardsFailed.length
          ? ` (shards without results: ${[
              ...report.shardsMissing.map((i) => `${i}, which uploaded nothing`),
              ...report.shardsFailed.map(
                (x) => `${x.index}: ${x.failure?.cause ?? 'no cause recorded'}`,
              ),
            ].join('; ')})`
          : ''),
    );
}

/** A hash of what decides the build (the campaign file), so caches of other builds are not mixed in. */
function buildSettingsHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of ['opp-campaign.yml', 'opp-campaign.yaml', 'Makefile', '.oppbuildspec'])
    if (existsSync(join(dir, f))) h.update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * The project folder relative to the repository's top (the workspace): ini files are named
 * relative to the project, annotations relative to the repository.
 */
function inRepository(inp: ActionInputs): string {
  return relative(process.env['GITHUB_WORKSPACE'] ?? process.cwd(), inp.projectDir) || '.';
}

/** How a clone of the repository runs a run of this campaign again (see core/campaign/rerun.ts). */
const rerunFrom = (inp: ActionInputs, doc: PlanDocument): RerunFrom => ({
  projectDir: inRepository(inp),
  ini: doc.ini,
  commit: doc.commit ?? inp.commit,
});

/**
 * A shard's RerunFrom: with its `timeout` and `retries` inputs where they differ from what the
 * campaign file gives a clone. (A campaign file the shard cannot read fails its run anyway.)
 */
async function shardRerun(inp: ActionInputs, doc: PlanDocument): Promise<RerunFrom> {
  const base = rerunFrom(inp, doc);
  if (inp.timeoutMs === undefined && inp.retries === undefined) return base;
  try {
    const { settings } = await loadCampaign(inp.projectDir, {
      ini: [...doc.ini],
      configs: [...doc.configs],
    });
    return { ...base, ...rerunOverrides(inp, settings) };
  } catch {
    // (the shard says why): the inputs as given
    return {
      ...base,
      ...(inp.timeoutMs !== undefined ? { timeoutMs: inp.timeoutMs } : {}),
      ...(inp.retries !== undefined ? { retries: inp.retries } : {}),
    };
  }
}

/** The shards' `timeout` and `retries` for the command (the first shard's that says). */
function shardsOverrides(
  shards: readonly { readonly dir: string }[],
): Pick<RerunFrom, 'timeoutMs' | 'retries'> {
  for (const { dir } of [...shards].sort((a, b) => a.dir.localeCompare(b.dir))) {
    const file = join(dir, RERUN_FILE);
    const source = join(basename(dir), RERUN_FILE);
    const r = existsSync(file) ? parseRerun(readFileSync(file, 'utf8'), source) : undefined;
    if (r)
      return {
        ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
        ...(r.retries !== undefined ? { retries: r.retries } : {}),
      };
  }
  return {};
}

/**
 * Maps anything thrown to a failed step; ini errors also get an annotation at their line. The
 * failure is an error annotation too, with every problem: of GitHub's ten a step shows, the
 * problems at their lines get nine, or eight and one saying how many more the failure lists.
 */
export function fail(err: unknown): void {
  if (err instanceof CampaignFileError) {
    // as an ini error: at its file and line (named from the repository's top)
    core.error(err.message, {
      file: err.file,
      ...(err.line !== undefined ? { startLine: err.line } : {}),
      title: basename(err.file),
    });
    core.setFailed(err.message);
    return;
  }
  if (err instanceof IniError && err.location) {
    const remedy = remedyText(err, ACTION_REMEDIES);
    const problems =
      err instanceof OptionNameError
        ? err.problems
        : [{ message: err.message + remedy, location: err.location }];
    const { shown, more } = capAnnotations(problems, ANNOTATIONS_SHOWN - 1);
    // titled with the file each is in: an included file's own name, not always omnetpp.ini
    for (const p of shown)
      core.error(p.message, {
        file: p.location.file,
        startLine: p.location.line,
        title: basename(p.location.file),
      });
    if (more.length > 0)
      core.error(
        `${more.length} more unknown or misplaced options, from ${more[0]?.location.file}:${more[0]?.location.line}: the step's failure below lists every one`,
        { title: basename(more[0]?.location.file ?? 'omnetpp.ini') },
      );
    core.setFailed(err.describe() + remedy);
    return;
  }
  core.setFailed(
    err instanceof Error ? err.message + remedyText(err, ACTION_REMEDIES) : String(err),
  );
}

/** The post step (`post-if: always()`): uploads a shard that its main step did not. */
async function post(): Promise<void> {
  try {
    const inp = readInputs();
    if (inp.command !== 'shard') return;
    await uploadShard(inp, await createArtifactStore(inp));
  } catch (err) {
    // a wrong input failed the main step already, with this message
    if (!(err instanceof InputError)) fail(err);
  }
}

export async function run(): Promise<void> {
  if (core.getState('isPost') === 'true') return post();
  // the runner records this even when it cancels or kills the step
  core.saveState('isPost', 'true');
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let inp: ActionInputs | undefined;
  try {
    inp = readInputs();
    // every build below (the model, referenced projects) reads the cache without writing it
    if (inp.cacheReadOnly) {
      process.env['CCACHE_READONLY'] = '1';
      core.info(
        'the compiler cache is read-only for this job (a pull request, or CCACHE_READONLY)',
      );
    }
    const store = await createArtifactStore(inp);
    if (inp.command === 'plan') await plan(inp, store);
    else if (inp.command === 'build') await buildJob(inp, store, abort.signal);
    else if (inp.command === 'shard') await shard(inp, store, abort.signal);
    else await merge(inp, store);
  } catch (err) {
    if (err instanceof IniError && inp !== undefined) placeIniError(err, inRepository(inp));
    fail(
      err instanceof CampaignFileError
        ? err.relativeTo(process.env['GITHUB_WORKSPACE'] ?? process.cwd())
        : err,
    );
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
