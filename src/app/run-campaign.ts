// `opp-campaign run`: the whole pipeline on one machine. Plan, build once, run every selected
// run on N slots, record everything in the journal, and say what happened.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { notRecordedWarning } from '../adapters/results/artifact-files.js';
import { buildId, legacyBuildId, modelFilesStamp } from '../adapters/build-id.js';
import type { BuildResult } from '../adapters/build.js';
import { DiskFullError, isDiskFull } from '../adapters/disk-full.js';
import { isTooManyOpenFiles, TooManyOpenFilesError } from '../adapters/open-files.js';
import { JournalFile } from '../adapters/journal-file.js';
import { fileInTheWay } from '../adapters/output-path.js';
import type { CampaignSettings } from '../core/campaign/settings.js';
import {
  IniError,
  selectRuns,
  type IniConfig,
  type IniDocument,
  type RunList,
} from '../core/ini/index.js';
import { findCampaignFile } from '../adapters/campaign-file.js';
import { filteredRuns, planRuns } from '../core/plan/plan.js';
import { missingNetwork, runnableConfigs } from '../core/plan/network.js';
import { noRunsSelected } from '../core/plan/no-match.js';
import { overOmnetppRunLimit } from '../core/plan/omnetpp-run-limit.js';
import { refuseResultFileClash } from '../core/plan/result-clash.js';
import { overflowedWithoutLimit } from '../core/plan/time-limit.js';
import { autoBatchSize } from '../core/campaign/batch.js';
import { legacyWithProjects, withProjects, type LinkedProjects } from './build-projects.js';
import {
  buildOnce,
  buildReferencedProjects,
  checkDetectedModel,
  loadCampaign,
  withExtraArgs,
  withResultsFolder,
  type ClaimedFolder,
  type LoadedCampaign,
} from './campaign-setup.js';
import { preflight, preflightSidecars, StartRefusedError } from './preflight.js';
import { execute, type ExecuteSummary, type ProgressSink } from './execute.js';
import { PlanAhead } from './plan-ahead.js';
import { ScalarStaging } from './scalar-staging.js';
import { ProcessLauncher } from '../adapters/process-launcher.js';
import { collectGarbage } from '../adapters/heap.js';
import { Progress, type ProgressOutput } from './progress.js';
import type { MergeReport } from './merge.js';
import { RUNS_DIR } from '../core/campaign/layout.js';

export interface RunCampaignOptions {
  readonly dir: string;
  readonly iniFiles?: readonly string[];
  readonly configs?: readonly string[];
  readonly filter?: string;
  readonly jobs?: number;
  readonly results?: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly force: boolean;
  readonly progress: 'live' | 'plain';
  readonly out: ProgressOutput;
  readonly signal: AbortSignal;
  /**
   * Called when planning is done. Planning is synchronous, so a Ctrl-C handler could not run
   * during it; the caller keeps Ctrl-C's default (end the process: nothing is written yet)
   * until then, and lets it abort `signal` from then on.
   */
  readonly planned?: () => void;
  readonly ccacheDir: string;
  readonly maxRuns?: number;
  /** Runs per OMNeT++ process (default: opp_runall's rule, see core/campaign/batch.ts). */
  readonly batch?: number;
  /** Appended to every run's command line, as opp_runall passes its simulation arguments. */
  readonly extraArgs?: readonly string[]; /**
   * Runs none (`--merge-only`): the runs done with this build are merged into OUT, alone; the
   * others are neither run nor merged, and runs the plan replaced are set aside.
   */
  readonly mergeOnly?: boolean;
}

export interface CampaignReport {
  readonly total: number;
  readonly outDir: string;
  readonly build: BuildResult;
  readonly summary: ExecuteSummary;
  /** The merge of the results into OUT (undefined when the campaign was interrupted). */
  readonly merge: MergeReport | undefined;
  /** The whole campaign's time: its checks, the build, the runs, the merge. */
  readonly wallMs: number;
  /** The referenced projects' builds' time (their checks when they were up to date). */
  readonly projectsMs?: number;
  /** The part of projectsMs spent waiting for other campaigns (on a folder built in place). */
  readonly projectsWaitedMs?: number;
  /**
   * When [General] ran only because no config was asked for: the ini's other configs that could
   * run (`NAME (description)`), for a hint when its runs fail (they often leave parameters to
   * those configs).
   */
  readonly otherConfigs?: readonly string[];
  /** Configs whose runs failed because simulation time overflowed, with no sim-time-limit set. */
  readonly noTimeLimit?: readonly string[];
}

/**
 * Runs planned ahead while OMNeT++ checks the options: enough for the first batches of every slot
 * of a large machine, few enough to hold (a run's plan is its resolved ini entries).
 */
const PLAN_AHEAD = 256;

function campaignFor(opts: RunCampaignOptions): Promise<LoadedCampaign> {
  return loadCampaign(opts.dir, {
    ini: opts.iniFiles ? [...opts.iniFiles] : undefined,
    configs: opts.configs ? [...opts.configs] : undefined,
    runs: opts.filter,
    jobs: opts.jobs,
    resultsDir: opts.results,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    maxRuns: opts.maxRuns,
    batch: opts.batch,
  });
}

/**
 * How many runs the campaign selects; the runs an expression filter selects in each config are
 * worked out here once (`selected`), for the result file check and the plan to reuse.
 */
function countRuns(
  ini: IniConfig,
  s: CampaignSettings,
): { total: number; selected: Map<string, RunList> } {
  let total = 0;
  const selected = new Map<string, RunList>();
  for (const name of s.configs) {
    const runs = ini.config(name);
    let sel: ReturnType<typeof selectRuns>;
    try {
      sel = selectRuns(runs, s.runs, s.maxRuns ?? undefined);
    } catch (e) {
      // with several configs, which one the run list does not fit
      if (!(e instanceof IniError) || s.configs.length < 2) throw e;
      throw new IniError(`${e.message} (config ${name})`, e.location, e.remedy);
    }
    if (sel.kind === 'all') total += sel.count;
    else if (sel.kind === 'list') total += sel.list.distinctSize;
    else {
      const list = filteredRuns(runs, sel.expression);
      selected.set(name, list);
      total += list.distinctSize;
    }
  }
  return { total, selected };
}

export async function runCampaign(opts: RunCampaignOptions): Promise<CampaignReport> {
  const startedAt = performance.now();
  const dir = resolve(opts.dir);
  const loaded = await campaignFor(opts);
  const s = withExtraArgs(loaded.settings, opts.extraArgs ?? []);
  if (s.run.preset === 'omnetpp') {
    const noNetwork = missingNetwork(loaded.ini, s.configs, s.run.args);
    if (noNetwork) throw noNetwork;
  }
  const outDir = resolve(dir, s.resultsDir);
  const inTheWay = fileInTheWay(outDir);
  if (inTheWay !== undefined)
    throw Object.assign(new Error(`results folder ${outDir}: ${inTheWay} is a file`), {
      userFacing: true,
    });
  // (before anything is made: a new folder stays as it was, i.e. not there)
  if (opts.mergeOnly && !existsSync(join(outDir, 'journal.jsonl')))
    throw Object.assign(
      new Error(
        `--merge-only: ${relative(process.cwd(), outDir) || '.'} holds no campaign (no journal.jsonl): nothing to merge; run without --merge-only to run the campaign`,
      ),
      { userFacing: true },
    );
  const resultDir = join(outDir, RUNS_DIR);
  const ini = loaded.ini;
  let total: number;
  let selected: Map<string, RunList>;
  try {
    ({ total, selected } = countRuns(ini, s));
  } catch (e) {
    // a filter the campaign file chose (no -r on the command line) says so
    const file = opts.filter === undefined ? findCampaignFile(dir) : undefined;
    if (!(e instanceof IniError) || file === undefined) throw e;
    throw new IniError(`${e.message} (runs: in ${file})`, e.location, e.remedy);
  }
  // a filter that selects nothing is a slip more often than not: said before anything is built
  if (total === 0 && s.runs !== undefined)
    throw Object.assign(new Error(noRunsSelected(ini, s.configs, s.runs)), { userFacing: true });
  // a config OMNeT++ runs none of (more than 1,000,001 runs): refused before anything is built
  if (s.run.preset === 'omnetpp') {
    const overLimit = overOmnetppRunLimit(ini, s.configs);
    if (overLimit) throw overLimit;
  }
  // runs that would overwrite one another's result files: refused before anything is built
  // (and a file name with a byte that is not UTF-8, in any run, unless no file is expected)
  refuseResultFileClash(
    ini,
    {
      configs: s.configs,
      ...(s.runs !== undefined ? { filter: s.runs } : {}),
      overrides: { 'result-dir': resultDir },
      selected,
    },
    { utf8Names: s.resultFiles.length > 0 },
  );
  opts.planned?.();
  const jobs = s.jobs ?? cpus().length;

  const say = (l: string): void => opts.out.write(l + '\n');
  if (loaded.detected) say(loaded.detected);
  const report = await withResultsFolder(outDir, say, (registry) =>
    runClaimed(opts, {
      dir,
      s,
      outDir,
      resultDir,
      ini,
      total,
      selected,
      jobs,
      registry,
      say,
      loaded,
    }),
  );
  const byDefault = opts.configs === undefined && s.configs.join('\0') === 'General';
  const others =
    byDefault && report.summary.failed.length > 0 ? runnableConfigs(ini, 'General') : [];
  const unlimited =
    s.run.preset === 'omnetpp'
      ? overflowedWithoutLimit(ini, report.summary.failed, s.run.args)
      : [];
  return {
    ...report,
    wallMs: performance.now() - startedAt,
    ...(others.length > 0 ? { otherConfigs: others } : {}),
    ...(unlimited.length > 0 ? { noTimeLimit: unlimited } : {}),
  };
}

async function runClaimed(
  opts: RunCampaignOptions,
  c: ClaimedFolder & {
    total: number;
    selected: ReadonlyMap<string, RunList>;
    loaded: LoadedCampaign;
  },
): Promise<CampaignReport> {
  // the helper that starts the runs (a python3 of its own) starts as the model's build does
  // (see runWith) and is waited for only when the runs are about to start
  let starting: Promise<ProcessLauncher | undefined> | undefined;
  const launcher = (): Promise<ProcessLauncher | undefined> =>
    (starting ??= ProcessLauncher.start(Math.max(1, c.jobs)));
  // the projects built in place stay as this campaign built them until its runs are done
  const used: (() => void)[] = [];
  try {
    return await runWith(opts, c, launcher, used);
  } finally {
    for (const release of used) release();
    // the helper was told to end when the runs did; it has most often exited by now
    // (one that could not start has said why where the runs wait for it)
    if (starting !== undefined) await (await starting.catch(() => undefined))?.close();
  }
}

async function runWith(
  opts: RunCampaignOptions,
  c: ClaimedFolder & {
    total: number;
    selected: ReadonlyMap<string, RunList>;
    loaded: LoadedCampaign;
  },
  starting: () => Promise<ProcessLauncher | undefined>,
  used: (() => void)[],
): Promise<CampaignReport> {
  const { dir, s, outDir, resultDir, ini, total, selected, jobs, registry, say, loaded } = c;
  const projectsStarted = performance.now();
  const linked = await buildReferencedProjects(
    dir,
    s,
    outDir,
    opts.ccacheDir,
    jobs,
    say,
    undefined,
    registry,
    opts.signal,
  );
  if (linked) used.push(linked.release);
  const projectsMs = performance.now() - projectsStarted;
  const runs = new PlanAhead(
    () =>
      planRuns(ini, {
        configs: s.configs,
        ...(s.runs !== undefined ? { filter: s.runs } : {}),
        overrides: { 'result-dir': resultDir },
        selected,
      }),
    PLAN_AHEAD,
  );
  let buildResult: BuildResult;
  let checking: Promise<void>;
  // The model's build starts first: with nothing to do, `make` is what the first runs wait for
  // longest. As it starts, so do the helper that starts the runs (a python3 of its own) and
  // OMNeT++'s check of the model as it was before the build (its verdict holds if the build
  // leaves the model as it was).
  const early = checkWhileBuilding(dir, opts.dir, s, ini.doc, linked, say);
  // the helper is started as the build does only when runs are sure to start: a campaign with
  // no journal yet, or one forced to run everything again; a campaign that has run before may
  // find every run done (run again to merge), so execute starts it once a run is to start
  const eager = !opts.mergeOnly && (opts.force || !existsSync(join(outDir, 'journal.jsonl')));
  let begun = false;
  const begin = (): void => {
    if (begun) return;
    begun = true;
    if (eager) starting().catch(() => undefined); // a failure is said where the runs wait for it
    early?.start();
  };
  try {
    buildResult = await buildOnce(
      dir,
      s,
      outDir,
      opts.ccacheDir,
      jobs,
      say,
      linked,
      begin,
      opts.signal,
      registry,
    );
    begin(); // (a build of no command)
    checkDetectedModel(dir, loaded);
    // (the sidecars are checked after the build: it may make their programs too)
    const taken = early?.taken();
    checking =
      taken?.then(() => preflightSidecars({ dir, settings: s, linked })) ??
      preflight({ dir, shownDir: opts.dir, settings: s, doc: ini.doc, linked, say });
    // the first runs are planned once the model is built (while OMNeT++ checks the options,
    // unless it did while the model built); not during the build: make, its scripts, the
    // launcher's start and the check keep both cores busy
    runs.start();
  } catch (e) {
    runs.stop();
    throw e;
  }
  // the rest of what the runs need is made ready while OMNeT++ checks the options too; the
  // campaign is recorded, and its first run started, once the check has passed (execute's
  // `ready`): a refused option still stops the campaign before any run
  const id = withProjects(buildId(dir, s.run, s), linked);
  // MIGRATION (see legacyBuildId): the id the version before d41b447 gave this build
  const legacyId = (): string => legacyWithProjects(legacyBuildId(dir, s.run, s), linked);
  const journal = new JournalFile(join(outDir, 'journal.jsonl'));
  const progress = new Progress(total, opts.out, opts.progress, undefined, jobs);
  let began = false;
  const ready = checking.then(() => {
    journal.append({
      t: 'campaign',
      started: new Date().toISOString(),
      build: id,
      configs: s.configs,
      ...(s.runs !== undefined ? { filter: s.runs } : {}),
      total,
    });
    began = true;
  });
  /** Said once the runs done already at the plan's start are gone past (see execute's looked). */
  const looked = (allDone: boolean, done: number): void => {
    // (no more slots than runs: `-j 16` with 2 runs uses 2)
    const slots = Math.max(1, Math.min(jobs, total - done));
    // a resumed campaign: the runs done before the first one to run are counted; runs found done
    // further on are skipped as they come (hence "up to")
    const runs =
      done > 0
        ? `up to ${total - done} of ${total} run(s) of ${s.configs.join(', ')} on ${slots} slot(s) (${done} done already)`
        : `${total} run(s) of ${s.configs.join(', ')} on ${slots} slot(s)`;
    if (opts.mergeOnly) {
      opts.out.write(
        `--merge-only: ${done} of ${total} run(s) of ${s.configs.join(', ')} done already with this build; no run is started\n`,
      );
      return;
    }
    opts.out.write(
      allDone
        ? `all ${total} run(s) of ${s.configs.join(', ')} done already with this build: nothing to run\n`
        : `running ${runs}\n`,
    );
  };
  ready.catch(() => undefined); // (thrown by execute)
  // the scalars of runs that succeed are staged for the merge as they finish
  const staging = new ScalarStaging(join(outDir, '.opp-campaign', 'staged.sca'));
  let merging: Promise<typeof import('./merge.js')> | undefined;
  const sink: ProgressSink = {
    skipped: (run) => progress.skipped(run),
    started: (run, attempt, process) => {
      // the merge's code (with the report's) is loaded once the runs have begun: the campaign's
      // start does not wait for it, nor its end
      if (merging === undefined) {
        merging = import('./merge.js');
        merging.catch(() => undefined);
      }
      progress.started(run, attempt, process);
    },
    status: (run, simTime, percent) => progress.status(run, simTime, percent),
    finished: (f) => {
      if (f.record.status === 'ok') staging.add(f.record.files.map((x) => join(outDir, x.path)));
      progress.finished(f);
    },
  };
  let summary: ExecuteSummary;
  /** The helper, once execute asked for it (a run was to start). */
  let launcher: Promise<ProcessLauncher | undefined> | undefined;
  try {
    summary = await execute(runs, {
      projectDir: dir,
      outDir,
      resultDir,
      iniFiles: s.ini,
      settings: s,
      jobs,
      buildId: id,
      legacyBuildId: legacyId,
      force: opts.force && !opts.mergeOnly,
      journal,
      registry,
      progress: sink,
      signal: opts.signal,
      launcher: () => (launcher ??= starting()),
      batch: s.batch ?? autoBatchSize(total, jobs),
      total: total,
      ...(linked ? { linked } : {}),
      ready,
      looked,
      // the runs' garbage is collected on the core the last runs leave idle, not in the merge
      slotIdle: () => void collectGarbage(),
      // the dataset holds the runs of the ini as it is: earlier runs the plan replaced go aside
      supersede: s.runs === undefined ? 'config' : 'same-run',
      // and those of configs the ini no longer has (renamed or deleted)
      iniConfigs: ini.configNames(),
      warn: (l) => say(`opp-campaign: warning: ${l}`),
      ...(opts.mergeOnly ? { runNone: true } : {}),
    });
  } catch (e) {
    runs.stop();
    staging.dispose();
    throw e;
  } finally {
    // the helper ends now, its runs all ended: it is waited for while the merge runs
    void launcher?.then(
      (l) => l?.close(),
      () => undefined,
    );
    if (began) progress.end();
    await journal.close();
  }
  // the merged dataset in OUT is what a user opens; an interrupted campaign is not merged
  let merge: MergeReport | undefined;
  if (summary.interrupted) staging.dispose();
  else if (opts.mergeOnly && summary.skipped === 0) {
    staging.dispose();
    throw Object.assign(
      new Error(
        `--merge-only: no run of ${s.configs.join(', ')} is done with this build: nothing to merge (${relative(process.cwd(), outDir) || '.'} is as it was); run without --merge-only to run them`,
      ),
      { userFacing: true },
    );
  } else
    try {
      const staged = await staging.finish();
      const { mergeCampaign } = await (merging ?? import('./merge.js'));
      const runs = summary.ok + summary.skipped;
      const into = relative(process.cwd(), outDir) || '.';
      say(
        summary.ok === 0 && summary.failed.length === 0 && summary.skipped > 0
          ? `merging the ${runs} run(s) done already into ${into} (none ran)...`
          : `merging ${runs} run(s) into ${into}...`,
      );
      merge = await mergeCampaign(outDir, {
        signal: opts.signal,
        projectDir: dir,
        staged,
        ...(summary.leftOut ? { leaveOut: summary.leftOut.keys } : {}),
      });
      // top vector files the merge would have replaced that were no run's own: kept aside
      if (merge.notRecorded.length > 0)
        say(`opp-campaign: warning: ${notRecordedWarning(into, merge.notRecorded)}`);
    } catch (e) {
      if (isDiskFull(e))
        throw new DiskFullError(
          outDir,
          e,
          'Every run is done and recorded, the merged dataset is as before. Free some space and ' +
            'run the same command again to merge.',
        );
      if (isTooManyOpenFiles(e))
        throw new TooManyOpenFilesError(
          `merging the runs into ${relative(process.cwd(), outDir) || '.'}`,
          e,
          'run the same command again to merge: every run is done and recorded, the merged dataset is as before.',
        );
      if (!opts.signal.aborted) throw e;
      summary.interrupted = true; // (not merged: the summary says interrupted, not finished)
    } finally {
      staging.dispose();
    }
  return {
    total,
    outDir,
    build: buildResult,
    summary,
    merge,
    wallMs: progress.elapsedMs(),
    ...(linked ? { projectsMs, projectsWaitedMs: linked.waitedMs } : {}),
  };
}

/**
 * OMNeT++'s option check of a model that is there already, started as its build starts (most
 * often a make with nothing to do: ~15 ms here, the check ~10 ms more). `taken()`: the check,
 * when the build left the model's files as they were (size, time, inode), with what it said
 * then; undefined (and the check dropped) when the build changed them, so the new model is
 * checked.
 */
function checkWhileBuilding(
  dir: string,
  shownDir: string,
  s: CampaignSettings,
  doc: IniDocument,
  linked: LinkedProjects | undefined,
  say: (line: string) => void,
): { start(): void; taken(): Promise<void> | undefined } | undefined {
  if (s.build.preset === 'none') return undefined;
  // the model as it is before the build starts
  const before = modelFilesStamp(dir, s.run);
  if (before === undefined) return undefined;
  const said: string[] = [];
  let check: Promise<void> | undefined;
  return {
    start: () => {
      check ??= preflight({
        dir,
        shownDir,
        settings: s,
        doc,
        linked,
        say: (l) => said.push(l),
        sidecars: false,
      });
      check.catch(() => undefined); // (rethrown where it is taken)
    },
    taken: () => {
      if (check === undefined || modelFilesStamp(dir, s.run) !== before) return undefined;
      return check.then(
        () => {
          for (const l of said) say(l);
        },
        // a library the build makes may not have been there yet: asked again, after the build
        (e: unknown) =>
          e instanceof StartRefusedError
            ? preflight({ dir, shownDir, settings: s, doc, linked, say })
            : Promise.reject(e as Error),
      );
    },
  };
}
