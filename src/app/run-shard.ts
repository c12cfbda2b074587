// A shard job: run the shard's runs of the plan with the local engine, on this runner's cores.
import { autoBatchSize } from '../core/campaign/batch.js';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { buildId, legacyBuildId } from '../adapters/build-id.js';
import { JournalFile } from '../adapters/journal-file.js';
import { planRuns, type PlannedRun } from '../core/plan/plan.js';
import { refuseResultFileClash } from '../core/plan/result-clash.js';
import { runListText, runNumbersByConfig } from '../core/plan/shard.js';
import type { PlanDocument } from '../core/plan/plan-document.js';
import type { ArtifactStore } from '../ports.js';
import { legacyWithProjects, withProjects } from './build-projects.js';
import {
  buildOnce,
  buildReferencedProjects,
  checkDetectedModel,
  loadCampaign,
  withResultsFolder,
  type ClaimedFolder,
  type LoadedCampaign,
  type SettingsOverrides,
} from './campaign-setup.js';
import { preflight } from './preflight.js';
import { ensureBuild } from './ensure-build.js';
import { isGitWorkTree } from '../adapters/git/cli-git.js';
import { execute, type ExecuteSummary } from './execute.js';
import { Progress, type ProgressOutput } from './progress.js';
import { RUNS_DIR } from '../core/campaign/layout.js';

export interface RunShardOptions {
  readonly dir: string;
  readonly plan: PlanDocument;
  readonly shardIndex: number;
  readonly outDir: string;
  readonly overrides: SettingsOverrides;
  readonly ccacheDir: string;
  readonly out: ProgressOutput;
  readonly progress: 'live' | 'plain';
  readonly signal: AbortSignal;
  /**
   * The campaign's artifact store: when given, the build is shared: downloaded when another job
   * published it, else built here and published (ensureBuild's wait-or-build rule).
   */
  readonly store?: ArtifactStore;
  readonly buildJobDeclared?: boolean;
  /** This runner's persistent state folder (build times); default: inside outDir. */
  readonly stateDir?: string;
  /** Where git projects are checked out and built (default: beside the ccache folder). */
  readonly projectsDir?: string;
  /** Where the time limit is set, in the entry point's words (see ExecuteOptions). */
  readonly timeoutSetting?: string;
}

export interface ShardReport {
  readonly total: number;
  readonly summary: ExecuteSummary;
  readonly outDir: string;
  /** Runs of the shard that this checkout does not produce (a plan of another commit). */
  readonly notInCheckout: readonly { config: string; run: number; key: string }[];
}

export class ShardError extends Error {
  readonly userFacing = true;
}

/** The plan's shard `index`; a ShardError when the plan has none of that index. */
export function shardOfPlan(plan: PlanDocument, index: number): PlanDocument['shards'][number] {
  const shard = plan.shards.find((s) => s.index === index);
  if (!shard)
    throw new ShardError(
      `shard ${index} is not in the plan (it has ${plan.shards.length} shards: 0..${plan.shards.length - 1})`,
    );
  return shard;
}

export async function runShard(opts: RunShardOptions): Promise<ShardReport> {
  const shard = shardOfPlan(opts.plan, opts.shardIndex);
  const dir = resolve(opts.dir);
  const loaded = await loadCampaign(dir, {
    ...opts.overrides,
    ini: [...opts.plan.ini],
    configs: [...opts.plan.configs],
    runs: opts.plan.filter,
  });
  const s = loaded.settings;
  const outDir = resolve(opts.outDir);
  const resultDir = join(outDir, RUNS_DIR);
  const jobs = s.jobs ?? cpus().length;
  const ini = loaded.ini;

  const say = (l: string): void => opts.out.write(l + '\n');
  if (loaded.detected) say(loaded.detected);
  // the projects built in place stay as this shard built them until its runs are done
  const used: (() => void)[] = [];
  return withResultsFolder(outDir, say, async (registry) => {
    try {
      return await runClaimed(
        opts,
        { dir, s, outDir, resultDir, jobs, ini, shard, registry, say, loaded },
        used,
      );
    } finally {
      for (const release of used) release();
    }
  });
}

async function runClaimed(
  opts: RunShardOptions,
  c: ClaimedFolder & { shard: PlanDocument['shards'][number]; loaded: LoadedCampaign },
  used: (() => void)[],
): Promise<ShardReport> {
  const { dir, s, outDir, resultDir, jobs, ini, shard, registry, say, loaded } = c;
  const wanted = new Map(shard.runs.map(([config, run, key]) => [key, { config, run, key }]));
  // Each config plans only the shard's own run numbers (OMNeT++ seeks to them): a shard of a
  // plan of millions of runs does not work out every run of the campaign to find its few
  // thousand. A run the checkout has not at its number, or has with another key, is not in it.
  const filters = new Map<string, string>();
  for (const [config, wantedNumbers] of runNumbersByConfig(shard.runs)) {
    if (!s.configs.includes(config)) continue;
    const count = ini.config(config).count();
    const filter = runListText(wantedNumbers.filter((n) => n < count));
    if (filter === '') continue;
    filters.set(config, filter);
    // the plan job refuses runs that would overwrite one another's result files; a plan made
    // otherwise (by hand, by another version) is checked for the shard's own runs here, before
    // anything is built (each run's record would name the one file that the last of them wrote)
    refuseResultFileClash(
      ini,
      { configs: [config], filter, overrides: { 'result-dir': resultDir } },
      { utf8Names: s.resultFiles.length > 0 },
    );
  }
  const linked = await buildReferencedProjects(
    dir,
    s,
    outDir,
    opts.ccacheDir,
    jobs,
    say,
    opts.projectsDir,
    registry,
    opts.signal,
  );
  if (linked) used.push(linked.release);
  let id: string;
  if (opts.store && (await isGitWorkTree(dir))) {
    const built = await ensureBuild({
      projectDir: dir,
      settings: s,
      store: opts.store,
      role: 'shard',
      job: `shard-${opts.shardIndex}`,
      buildJobDeclared: opts.buildJobDeclared ?? false,
      ccache: { dir: opts.ccacheDir },
      stateDir: opts.stateDir ?? join(outDir, '.opp-campaign', 'state'),
      logFile: join(outDir, '.opp-campaign', 'build.log'),
      jobs,
      log: say,
      signal: opts.signal,
      ...(linked ? { linked } : {}),
    });
    say(`build ${built.fingerprint.slice(0, 12)}: ${built.source}`);
    id = built.buildId;
  } else {
    if (opts.store) say('not a git checkout: building here, without sharing the build');
    await buildOnce(dir, s, outDir, opts.ccacheDir, jobs, say, linked, undefined, opts.signal);
    id = buildId(dir, s.run, s);
  }
  checkDetectedModel(dir, loaded);
  id = withProjects(id, linked);
  // MIGRATION (see legacyBuildId): the id the version before d41b447 gave this build
  const legacyId = (): string => legacyWithProjects(legacyBuildId(dir, s.run, s), linked);
  await preflight({ dir, settings: s, doc: ini.doc, linked, say });
  const journal = new JournalFile(join(outDir, 'journal.jsonl'));
  journal.append({
    t: 'campaign',
    started: new Date().toISOString(),
    build: id,
    configs: s.configs,
    ...(s.runs !== undefined ? { filter: s.runs } : {}),
    total: shard.runs.length,
  });
  const remaining = new Set(wanted.keys());
  function* shardRuns(): Generator<PlannedRun> {
    for (const config of s.configs) {
      const filter = filters.get(config);
      if (filter === undefined) continue;
      for (const r of planRuns(ini, {
        configs: [config],
        filter,
        overrides: { 'result-dir': resultDir },
      })) {
        if (!remaining.delete(r.key)) continue;
        yield r;
        if (remaining.size === 0) return;
      }
    }
  }
  const progress = new Progress(shard.runs.length, opts.out, opts.progress, undefined, jobs);
  let summary: ExecuteSummary;
  try {
    summary = await execute(shardRuns(), {
      ...(opts.timeoutSetting !== undefined ? { timeoutSetting: opts.timeoutSetting } : {}),
      projectDir: dir,
      outDir,
      resultDir,
      iniFiles: s.ini,
      settings: s,
      jobs,
      buildId: id,
      legacyBuildId: legacyId,
      force: false,
      journal,
      registry,
      progress,
      signal: opts.signal,
      batch: s.batch ?? autoBatchSize(shard.runs.length, jobs),
      total: shard.runs.length,
      ...(linked ? { linked } : {}),
    });
  } finally {
    progress.end();
    await journal.close();
  }
  const notInCheckout = summary.interrupted ? [] : [...remaining].map((k) => wanted.get(k)!);
  return { total: shard.runs.length, summary, outDir, notInCheckout };
}
