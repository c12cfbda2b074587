// Runs planned runs on N worker slots: each in its own process group with its own log, a
// timeout, retries for failures a retry can cure, and a journal record as each one ends.
// Shared by the local campaign and by shards on remote runners. A run with sidecars gets them
// started first (fresh ports each time) and stopped after it; a sidecar that never becomes ready
// or dies during the run fails the run as `sidecar-failed`, which is retried (one whose exit is
// seen after the run's own end, its timeout, crash or exit on the model's error, followed it: the
// run keeps its own verdict).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { globToRegExp } from '../core/build/outputs.js';
import { batchLookMs, nextBatchSize, recentMean, type RunMark } from '../core/campaign/batch.js';
import { batchOptions, runCommand, TemplateError } from '../core/campaign/command.js';
import { sidecarCommand, sidecarRunParts } from '../core/campaign/sidecar-settings.js';
import { reproduceCommand } from '../core/campaign/reproduce.js';
import {
  badRecordWarning,
  isRetryable,
  type ResultFileRecord,
  type RunRecord,
  type RunStatus,
} from '../core/campaign/journal.js';
import { explainFailure, failureCause, type FailureCause } from '../core/campaign/failure-cause.js';
import { classify, parseCmdenvStatus, type FileFacts } from '../core/campaign/outcome.js';
import { renderRunFile } from '../core/campaign/run-file.js';
import { otherBuildRuns, type OtherBuildRuns } from '../core/campaign/other-builds.js';
import { childEnvironment } from '../core/campaign/child-env.js';
import type { CampaignSettings } from '../core/campaign/settings.js';
import type { PlannedRun } from '../core/plan/plan.js';
import { latin1Name } from '../core/ini/index.js';
import { capYoungGeneration } from '../adapters/heap.js';
import { DiskFullError, isDiskFull } from '../adapters/disk-full.js';
import type { JournalFile } from '../adapters/journal-file.js';
import { readTailLines } from '../adapters/file-ends.js';
import { isOmnetppProgram } from '../adapters/find-program.js';
import { BatchLogScanner, peakSoFar } from '../adapters/batch-log.js';
import { checkResultFile } from '../adapters/results/result-check.js';
import { indexFileName } from '../adapters/results/vector-files.js';
import { asRecorded } from '../adapters/results/recorded-file.js';
import { forgetSetAside, setAside, setAsideKept } from '../adapters/results/set-aside.js';
import { startProcess, type ProcessOutcome, type RunHandle } from '../adapters/process-run.js';
import { ProcessLauncher } from '../adapters/process-launcher.js';
import type { RunningRegistry } from '../adapters/running-registry.js';
import { PortAllocator } from '../adapters/free-ports.js';
import { SidecarStartError, startSidecars, type RunSidecars } from '../adapters/sidecars.js';
import type { LinkedProjects } from './build-projects.js';

/** Where a run's time limit is set, in the CLI's words (a timed-out run's message names it). */
export const TIMEOUT_SETTING = '--timeout, or timeout: in the campaign file';

export interface ExecuteOptions {
  /** Where the time limit is set, in the entry point's words (default: TIMEOUT_SETTING). */
  readonly timeoutSetting?: string;
  readonly projectDir: string;
  readonly outDir: string;
  readonly resultDir: string;
  readonly iniFiles: readonly string[];
  readonly settings: CampaignSettings;
  readonly jobs: number;
  readonly buildId: string;
  /**
   * MIGRATION (remove with build-id.ts' legacyBuildId): the build id as the version before
   * d41b447 made it (asked for once, when a finished run's last record has another build than
   * `buildId`). A run whose last record is a success with it, its files as recorded, is done:
   * a copy of the record with `buildId` is appended, so it is taken so once, and a later change
   * (another OMNeT++) reruns it.
   */
  readonly legacyBuildId?: () => string;
  readonly force: boolean;
  readonly journal: JournalFile;
  readonly registry: RunningRegistry;
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
  /** Referenced projects: their NED folders, libraries and image folders go to every run. */
  readonly linked?: LinkedProjects;
  /**
   * What starts the runs' processes: a helper process (default: one for this call, when python3
   * is there), or null for Node's own spawn; a function gives it (or undefined: Node's spawn)
   * when it is needed. The helper (of this call, or from the function) is started only when a
   * run is to start: not for a campaign whose every run is done already.
   */
  readonly launcher?: ProcessLauncher | null | (() => Promise<ProcessLauncher | undefined>);
  /** Where sidecars' ports come from (default: one allocator for this call). */
  readonly ports?: PortAllocator;
  /**
   * Runs of one configuration per process (`omnetpp` runs without sidecars; default 1): see
   * core/campaign/batch.ts. Retries run alone.
   */
  readonly batch?: number;
  /** How many runs `runs` holds, when known: batches shrink as the last runs near. */
  readonly total?: number;
  /**
   * The first run starts once this settles (what is prepared before it is done meanwhile); when
   * it rejects, no run is started and execute throws its error.
   */
  readonly ready?: Promise<unknown>;
  /**
   * Called once `ready` has settled and the runs done already at the plan's start have been
   * gone past, before any run starts: whether that was every run (nothing to run), and how many
   * were gone past (those before the first run to start: runs done further on are not known yet).
   */
  readonly looked?: (allDone: boolean, doneSoFar: number) => void;
  /**
   * Called once when a slot has no run left to start, for the rest of the campaign, while
   * another's runs still go on: a core idle until the end.
   */
  readonly slotIdle?: () => void;
  /**
   * Runs of the journal that this campaign's plan replaces, set aside once every planned run has
   * been gone through: 'same-run', a run number of the plan that the journal holds under another
   * key (the ini changed, and the number names another simulation now); 'config', also every
   * run of the campaign's configs that the plan has not (the whole configs were planned).
   * Undefined: none (a shard, which runs part of a plan).
   */
  readonly supersede?: 'same-run' | 'config';
  /**
   * The configs the ini has now (with supersede): recorded runs of any other config (one
   * renamed or deleted since) are set aside too.
   */
  readonly iniConfigs?: readonly string[];
  /** Told of each run record of the journal that is skipped (a field missing or mistyped). */
  readonly warn?: (line: string) => void;
  /**
   * No run is started (`run --merge-only`): the plan is gone through, its runs done already
   * skipped, the others counted in `leftOut` (and the records the journal has of them named
   * there, for the merge to leave out: a success not done with this build, any record of another
   * build; a failure with this build stays, as runs.csv lists it), and the runs the plan replaced
   * set aside as at a campaign's end.
   */
  readonly runNone?: boolean;
}

/** A run to start, and which time it is tried. */
interface Job {
  readonly run: PlannedRun;
  readonly attempt: number;
}

export interface FinishedRun {
  readonly run: PlannedRun;
  readonly record: RunRecord;
  readonly willRetry: boolean;
}

export interface ProgressSink {
  skipped(run: PlannedRun): void;
  /** `process`: the batch's process it runs in, when it shares one (one run at a time). */
  started(run: PlannedRun, attempt: number, process?: object): void;
  status(run: PlannedRun, simTime: string, percent: number | undefined): void;
  finished(f: FinishedRun): void;
}

export interface FailedRun {
  readonly config: string;
  readonly run: number;
  readonly itervars: string;
  readonly status: RunStatus;
  readonly message: string;
  readonly log: string;
  readonly command: string;
}

export interface ExecuteSummary {
  skipped: number;
  /**
   * Of `skipped`, those gone past before the first run started (what `looked` was told); the
   * rest were found done further on, as the runs went on.
   */
  skippedAtStart: number;
  ok: number;
  failed: FailedRun[];
  interrupted: boolean;
  /** Runs stopped part-way by the campaign's interruption (run again, they run again). */
  stopped: number;
  retried: number;
  /** Runs that succeeded on a retry, with why their first attempt failed (a crash that went away). */
  recovered: { config: string; run: number; firstFailure: string }[];
  /** Runs that did not succeed and left result files, moved to OUT/.opp-campaign/incomplete. */
  setAside: number;
  /** Earlier runs the plan replaced (see ExecuteOptions.supersede), files in supersededDir. */
  superseded: number;
  /** How many files of theirs were moved there (none: failed runs that made no files). */
  supersededFiles: number;
  /**
   * Runs the journal records as done with this build that were run again because their result
   * files are not as recorded (changed, gone, or copied without their times: `cp -r`). Counted
   * as their records are written: a run handed to a batch that an interruption stopped before
   * it (no record) is not.
   */
  filesChanged: number;
  /**
   * Runs the journal records as succeeded with another build id (the model's program, libraries
   * or NED files, the runs' arguments, the OMNeT++ installation, or what the campaign file gives
   * every run changed since), run again for that (counted as their records are written, as filesChanged).
   */
  buildChanged: number;
  /**
   * Succeeded runs of other configs (those the ini still has) that the journal records with
   * another build: the dataset holds them beside this campaign's (see core/campaign/other-builds).
   * Only with `supersede` (a local campaign's whole results folder, not a shard).
   */
  otherBuilds?: OtherBuildRuns;
  /**
   * With runNone: the planned runs not done with this build (not run), and the keys of those
   * the journal has a record of (to be left out of the dataset).
   */
  leftOut?: { runs: number; keys: Set<string> };
}

/** Where the result files of runs a changed ini replaced go (a dot folder: merges skip it). */
export const supersededDir = (outDir: string): string =>
  join(outDir, '.opp-campaign', 'superseded');

const formatSeconds = (ms: number): string => `${+(ms / 1000).toFixed(3)} s`;

/** How long runs done already are gone past at most before other events (a signal) get in. */
const SKIP_TURN_MS = 20;

/** Whether processes' peak memory can be read while they run (Linux's /proc). */
const HAS_PROC = existsSync('/proc/self/status');

/** Where the result files of runs that did not succeed go (a dot folder: merges skip it). */
export const incompleteDir = (outDir: string): string =>
  join(outDir, '.opp-campaign', 'incomplete');

const describeVars = (run: PlannedRun): string =>
  [...run.itervars.map((v) => `$${v.name}=${v.value}`), `$repetition=${run.repetition}`].join(', ');

/** Files of a run that the campaign counts as its results, with what a quick look at them says. */
function inspectFiles(run: PlannedRun, patterns: readonly RegExp[]): FileFacts[] {
  const candidates = [run.resultFiles.scalar, run.resultFiles.vector];
  const wanted = candidates.filter((p) => patterns.some((re) => re.test(basename(p))));
  // named by file name: a file of a run that did not succeed is set aside (see setAside)
  return wanted.map((path) => ({ path: basename(path), problem: checkResultFile(path, run) }));
}

/**
 * The name of a log opp-campaign writes for a run (OUT/logs/CONFIG-N.log, a batch's log; a
 * sidecar's log and the peak-memory file are named after it): a config's byte that is not UTF-8
 * (`[Config Caf\xe9]`) as its Latin-1 character (`Café-1.log`), so the process launcher that
 * creates the file and Node that reads it (the failure's cause) name the same file, and the
 * journal's link to it is true.
 */
export const runLogName = (config: string, runNumber: number, attempt = 1): string =>
  `${latin1Name(config)}-${runNumber}${attempt > 1 ? `.attempt${attempt}` : ''}.log`;

/** Bytes of a failed run's log searched for its cause (OMNeT++ prints its error at the end). */
const CAUSE_BYTES = 64 * 1024;

/** The model's own words for why it failed, from the end of its log. */
function causeInLog(logFile: string): FailureCause | undefined {
  let tail;
  try {
    // (a line longer than that, a model's error of megabytes: from its start)
    tail = readTailLines(logFile, CAUSE_BYTES, 4 * 1024);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const text = `(its log cannot be read: ${e instanceof Error ? e.message : String(e)})`;
    return { text, modelError: false };
  }
  return failureCause(tail.text, tail.fromStart);
}

/** causeInLog(logFile), read when first asked and then kept: a verdict reads the log once. */
function causeOnce(logFile: string): () => FailureCause | undefined {
  let read: { cause: FailureCause | undefined } | undefined;
  return () => (read ??= { cause: causeInLog(logFile) }).cause;
}

/** When the run's result files were last written (ms since the epoch), if it has any. */
function lastWritten(run: PlannedRun): number | undefined {
  let last: number | undefined;
  for (const p of resultPaths(run)) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st && (last === undefined || st.mtimeMs > last)) last = st.mtimeMs;
  }
  return last;
}

/** The files a run may write: its scalar file, vector file and the vector file's index. */
const resultPaths = (run: PlannedRun): string[] => [
  run.resultFiles.scalar,
  run.resultFiles.vector,
  indexPath(run),
];

/**
 * Every file the run is told to write: its result files and the others OMNeT++'s output-file
 * options name (snapshot, eventlog, redirected output). Where a run that did not succeed has its
 * files set aside, or a superseded run, all of them go: OUT/.runs keeps succeeded runs' files.
 */
const runPaths = (run: PlannedRun): string[] => [...resultPaths(run), ...otherPaths(run)];

const otherPaths = (run: PlannedRun): readonly string[] => run.resultFiles.others ?? [];

/** The run's other output files that exist, relative to `outDir` (a success records them). */
function otherRecords(outDir: string, run: PlannedRun): string[] {
  return otherPaths(run)
    .filter((p) => existsSync(p))
    .map((p) => relative(outDir, p));
}

/** The files a journal record names: its result files, and its other output files. */
const recordedPaths = (rec: RunRecord): string[] => [
  ...rec.files.map((f) => f.path),
  ...(rec.outputs ?? []),
];

/** The index OMNeT++ writes beside the run's vector file (its name with .vci for .vec). */
const indexPath = (run: PlannedRun): string => indexFileName(run.resultFiles.vector);

function fileRecords(outDir: string, run: PlannedRun): ResultFileRecord[] {
  const out: ResultFileRecord[] = [];
  for (const p of resultPaths(run)) {
    const st = statSync(p, { throwIfNoEntry: false }); // absent is common: no exception for it
    if (st) out.push({ path: relative(outDir, p), size: st.size, mtimeMs: st.mtimeMs });
  }
  return out;
}

/** A run is done when its last record is a success of the same build with the same files. */
function isDone(rec: RunRecord | undefined, buildId: string, outDir: string): boolean {
  return doneState(rec, buildId, outDir) === 'done';
}

/**
 * `done`; `files`: a success of the same build whose files are not as recorded (changed, gone,
 * or copied without their times; a results artifact's files are known by their content, see
 * asRecorded); else undefined.
 */
function doneState(
  rec: RunRecord | undefined,
  buildId: string,
  outDir: string,
): 'done' | 'files' | undefined {
  if (!rec || rec.status !== 'ok' || rec.build !== buildId) return undefined;
  const same = rec.files.every((f) => asRecorded(join(outDir, f.path), f));
  return same ? 'done' : 'files';
}

export async function execute(
  runs: Iterable<PlannedRun>,
  opts: ExecuteOptions,
): Promise<ExecuteSummary> {
  // awaited once the runs are about to start: a rejection until then is not unhandled
  opts.ready?.catch(() => undefined);
  const resultPatterns = opts.settings.resultFiles.map(globToRegExp);
  const summary: ExecuteSummary = {
    skipped: 0,
    skippedAtStart: 0,
    ok: 0,
    failed: [],
    interrupted: false,
    stopped: 0,
    retried: 0,
    recovered: [],
    setAside: 0,
    superseded: 0,
    supersededFiles: 0,
    filesChanged: 0,
    buildChanged: 0,
  };
  const setAsideRuns = new Set<string>();
  /** Why each retried run's first attempt failed. */
  const retriedFor = new Map<string, string>();
  const read = opts.journal.read();
  for (const b of read.badRecords) opts.warn?.(badRecordWarning(opts.journal.path, b));
  const journaled = read.runs;
  const previous = opts.force ? new Map<string, RunRecord>() : journaled;
  // the keys the journal has for each run number of the campaign's configs (see supersede)
  const history = new Map<string, string[]>();
  const currentKeys = new Set<string>();
  const replacedKeys = new Set<string>();
  let planGoneThrough = false;
  if (opts.supersede !== undefined) {
    const configs = new Set(opts.settings.configs);
    for (const rec of journaled.values()) {
      if (!configs.has(rec.config)) continue;
      const at = `${rec.config}\0${rec.run}`;
      history.set(at, [...(history.get(at) ?? []), rec.key]);
    }
  }
  const runFileDir = join(opts.outDir, '.opp-campaign', 'runfiles');
  // a reproduce command writes its result files apart: pasted, it leaves OUT/.runs (which holds
  // only succeeded runs' files, what `merge OUT/.runs` takes) as it was
  const reproduceDir = join(opts.outDir, '.opp-campaign', 'reproduce');
  const logDir = join(opts.outDir, 'logs');
  // a batch's output while it runs (a dot folder: whatever reads OUT passes it over); what a
  // killed campaign left there is of no use (its recorded runs have their own logs, the others
  // run again)
  const batchDir = join(opts.outDir, '.opp-campaign', 'batches');
  rmSync(batchDir, { recursive: true, force: true });
  /** The folders runs write to, made once the runs are to start (see `ready`). */
  const makeRunFolders = (): void => {
    mkdirSync(runFileDir, { recursive: true });
    mkdirSync(logDir, { recursive: true });
    mkdirSync(opts.resultDir, { recursive: true });
  };

  const ports = opts.ports ?? new PortAllocator();
  const sidecarSpecs = opts.settings.sidecars ?? [];
  // what every run's and sidecar's environment starts from (computed once: runs can be 10 ms)
  const baseEnv = childEnvironment(process.env, opts.settings.env);
  const libraryPath: Record<string, string> =
    opts.linked && opts.linked.libraryDirs.length > 0
      ? {
          LD_LIBRARY_PATH: [
            ...opts.linked.libraryDirs,
            ...(opts.settings.env['LD_LIBRARY_PATH'] ?? process.env['LD_LIBRARY_PATH'] ?? '')
              .split(':')
              .filter((d) => d !== ''),
          ].join(':'),
        }
      : {};
  // A full disk stops the campaign: every further run would fail for it, and what cannot be
  // recorded would be lost. So does any other error: running simulations are stopped (and
  // recorded as interrupted), nothing new starts, and the error is thrown once all have ended,
  // before the journal is closed.
  let failure: { readonly error: unknown } | undefined;
  const slots = Math.max(1, opts.jobs);
  // the helper that starts the runs: once a run is to start (see below)
  let launcher: ProcessLauncher | undefined;
  let ownLauncher = false;
  const startLauncher = async (): Promise<void> => {
    if (opts.launcher === undefined) {
      ownLauncher = true;
      launcher = await ProcessLauncher.start(slots);
    } else if (typeof opts.launcher === 'function') launcher = await opts.launcher();
    else launcher = opts.launcher ?? undefined;
  };
  const iterator = runs[Symbol.iterator]();
  const retryQueue: Job[] = [];
  const active = new Set<RunHandle>();
  const onAbort = (): void => {
    summary.interrupted = true;
    launcher?.cancelQueued();
    for (const h of active) h.stop();
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });

  // runs a batch handed back unbegun (its process ended before them) go first
  const handedBack: Job[] = [];
  let lookahead: Job | undefined;
  // MIGRATION (see legacyBuildId): a last record with the legacy id was written by a version
  // before d41b447 (every record since has a new-style id): none with the new id came after
  let legacyId: string | undefined;
  const migrated = (rec: RunRecord | undefined): boolean => {
    if (!opts.legacyBuildId || !rec || rec.status !== 'ok' || rec.build === opts.buildId)
      return false;
    legacyId ??= opts.legacyBuildId();
    if (legacyId === opts.buildId || !isDone(rec, legacyId, opts.outDir)) return false;
    opts.journal.append({ ...rec, build: opts.buildId });
    return true;
  };
  /** Runs handed out that the journal records as succeeded: why they run again (see began). */
  const rerunFor = new Map<string, 'filesChanged' | 'buildChanged'>();
  /**
   * A run's record is written (it began, alone or in its batch's process, or was tried; a run a
   * stopped batch never reached has none): counted as run again, if it is.
   */
  const began = (run: PlannedRun): void => {
    const why = rerunFor.get(run.key);
    if (why === undefined) return;
    rerunFor.delete(run.key);
    summary[why]++;
  };
  /** The next run to start, past those done already; undefined also once `until` has passed. */
  const fresh = (until = Infinity): Job | undefined => {
    for (;;) {
      const r = iterator.next();
      if (r.done) {
        planGoneThrough = true;
        return undefined;
      }
      if (history.size > 0) {
        // the plan's runs the journal knows stay (at this number or another); a number the
        // journal holds under another key names another simulation now
        if (journaled.has(r.value.key)) currentKeys.add(r.value.key);
        for (const k of history.get(`${r.value.config}\0${r.value.runNumber}`) ?? [])
          if (k !== r.value.key) replacedKeys.add(k);
      }
      const last = previous.get(r.value.key);
      const state = doneState(last, opts.buildId, opts.outDir);
      if (state === 'done' || migrated(last)) {
        summary.skipped++;
        opts.progress.skipped(r.value);
        if (performance.now() >= until) return undefined;
        continue;
      }
      if (opts.runNone) {
        summary.leftOut ??= { runs: 0, keys: new Set() };
        summary.leftOut.runs++;
        // (a success of another build, or with its files changed; a run that did not succeed
        // with another build: what this build's run would say is not known)
        if (last !== undefined && (last.status === 'ok' || last.build !== opts.buildId))
          summary.leftOut.keys.add(r.value.key);
        if (performance.now() >= until) return undefined;
        continue;
      }
      // (the safe choice: its files may not be the ones it wrote; the summary says why, of the
      // runs that begin: a batch takes runs ahead, and an interruption may stop it before them)
      if (state === 'files') rerunFor.set(r.value.key, 'filesChanged');
      else if (last?.status === 'ok' && last.build !== opts.buildId)
        rerunFor.set(r.value.key, 'buildChanged');
      return { run: r.value, attempt: 1 };
    }
  };
  /**
   * Goes past the runs done already in turns of SKIP_TURN_MS, letting a signal in between (the
   * rerun of a complete campaign of 50,000 runs spent 30 s on them, deaf to Ctrl-C).
   */
  const skipDone = async (): Promise<void> => {
    while (handedBack.length === 0 && lookahead === undefined && !planGoneThrough) {
      lookahead = fresh(performance.now() + SKIP_TURN_MS);
      if (lookahead !== undefined || planGoneThrough) return;
      await new Promise<void>((r) => setImmediate(r));
      if (opts.signal.aborted || failure !== undefined) return;
    }
  };
  const take = (): Job | undefined => {
    const back = handedBack.shift();
    if (back) return back;
    const j = lookahead ?? fresh();
    lookahead = undefined;
    return j;
  };
  // (a batch ends early rather than go past done runs for long)
  const peek = (): Job | undefined =>
    handedBack[0] ?? (lookahead ??= fresh(performance.now() + SKIP_TURN_MS));
  // unless the campaign file asks for batches, only OMNeT++'s own Cmdenv is given several runs:
  // a stand-in that takes opp_runall's options may not take a list of runs
  const runSettings = opts.settings.run;
  let batching =
    (opts.batch ?? 1) > 1 &&
    runSettings.preset === 'omnetpp' &&
    sidecarSpecs.length === 0 &&
    (opts.settings.batch !== undefined ||
      isOmnetppProgram(runSettings.program ?? 'opp_run', opts.projectDir, baseEnv['PATH']));
  const optionsOf = (run: PlannedRun): string =>
    batchOptions(opts.settings.run, run.entries).join('\0');
  /** How long the last runs took (the last two per slot), for the size of the next batch. */
  const recentRunMs = recentMean(2 * slots);
  /** Runs given to a process so far (handed-back runs not counted). */
  let given = 0;
  const handBack = (jobs: readonly Job[]): void => {
    handedBack.unshift(...jobs);
    given -= jobs.length;
  };
  /** The next run, or runs of one configuration for one process; retries go alone. */
  const next = (): Job[] | undefined => {
    const retry = retryQueue.shift();
    if (retry) return [retry];
    const first = take();
    if (!first) return undefined;
    const jobs = [first];
    if (!batching || first.attempt > 1) {
      given++;
      return jobs;
    }
    const left = opts.total === undefined ? undefined : opts.total - given - summary.skipped;
    const size = nextBatchSize(opts.batch ?? 1, left, slots, recentRunMs.mean());
    for (let j = peek(); j && jobs.length < size; j = peek()) {
      if (j.attempt > 1 || j.run.config !== first.run.config) break;
      if (optionsOf(j.run) !== optionsOf(first.run)) break;
      jobs.push(take() as Job);
    }
    given += jobs.length;
    return jobs;
  };

  const madeFolders = new Set<string>();
  const logFileOf = (run: PlannedRun, attempt: number): string =>
    join(logDir, runLogName(run.config, run.runNumber, attempt));
  const runFileOf = (run: PlannedRun): string => join(runFileDir, `${run.key}.run`);
  /** Writes the run's .run file (by default the one named after its key); returns it. */
  const writeRunFile = (run: PlannedRun, runFile = runFileOf(run)): string => {
    writeFileSync(runFile, renderRunFile(run));
    return runFile;
  };
  /** The files set aside when this execution started (by name under OUT/.runs). */
  const unrecordedBefore = new Set(
    existsSync(incompleteDir(opts.outDir))
      ? readdirSync(incompleteDir(opts.outDir), { recursive: true, encoding: 'utf8' })
      : [],
  );
  /** Runs whose files are being made and which have no record yet (see setAsideUnrecorded). */
  const unrecorded = new Set<PlannedRun>();
  /**
   * Makes the folders the run's result files go in, and removes the .vci an earlier execution
   * left: OMNeT++ deletes a .vec before it writes it again, but rewrites its .vci in place, and
   * a merged dataset may hold that .vci as a hard link (see CheckedIndex.linkable).
   */
  const prepareFiles = (run: PlannedRun): void => {
    unrecorded.add(run);
    for (const p of [run.resultFiles.scalar, run.resultFiles.vector]) {
      const folder = dirname(p);
      if (!madeFolders.has(folder)) mkdirSync(folder, { recursive: true });
      madeFolders.add(folder);
    }
    if (opts.supersede !== undefined && journaled.size > 0) setAsideEarlier(run);
    rmSync(indexPath(run), { force: true });
    // With output-scalar-file-append / output-vector-file-append, OMNeT++ adds the run to the
    // file an earlier execution (or attempt) of it left: the run's file would hold it twice,
    // and a dataset's hard link to that file would change under it. Each run writes a file of
    // its own (the plan refuses shared ones), so what is there is an earlier execution's.
    if (appends(run, 'scalar')) rmSync(run.resultFiles.scalar, { force: true });
    if (appends(run, 'vector')) rmSync(run.resultFiles.vector, { force: true });
  };
  /** The run's config (or the runs' command line) has OMNeT++ append to its result file. */
  const appends = (run: PlannedRun, kind: 'scalar' | 'vector'): boolean => {
    if (opts.settings.run.preset !== 'omnetpp') return false;
    const key = `output-${kind}-file-append`;
    let value = run.entries.find((e) => e.key === key)?.value;
    for (const a of opts.settings.run.args)
      if (a.startsWith(`--${key}=`)) value = a.slice(key.length + 3);
    return value !== undefined && /^\s*true\s*$/.test(value);
  };
  /** The journal's runs by the files they recorded (made when a run first needs it). */
  let owners: Map<string, RunRecord> | undefined;
  /**
   * Moves a recorded run of another key whose files the run is about to write over (a
   * parameter changed under the same run number, names of the same files) to supersededDir,
   * all its files: what the summary says was set aside is there, not half of it or nothing.
   * (It is set aside as the plan is gone through; a run still planned under another number
   * runs again.)
   */
  const setAsideEarlier = (run: PlannedRun): void => {
    if (owners === undefined) {
      owners = new Map();
      for (const rec of journaled.values()) for (const f of recordedPaths(rec)) owners.set(f, rec);
    }
    for (const p of runPaths(run)) {
      const rec = owners.get(relative(opts.outDir, p));
      if (rec === undefined || rec.key === run.key) continue;
      const files = recordedPaths(rec).map((f) => join(opts.outDir, f));
      for (const f of recordedPaths(rec)) owners.delete(f);
      // (supersede() counts them: they are the replaced runs' files)
      setAsideKept(files, opts.outDir, supersededDir(opts.outDir));
    }
  };
  /** The run's own command line and environment (as it is run alone, and reproduced). */
  const commandOf = (
    run: PlannedRun,
    runFile: string,
    extraArgs: readonly string[] = [],
    resultDir = opts.resultDir,
  ) => {
    const cmd = runCommand(opts.settings.run, {
      config: run.config,
      runNumber: run.runNumber,
      iniFiles: opts.iniFiles,
      resultDir,
      runFile,
      key: run.key,
      ...(opts.linked ? { linked: opts.linked.paths } : {}),
      extraArgs: [...batchOptions(opts.settings.run, run.entries), ...extraArgs],
    });
    // the campaign file's env: in the run's environment already (baseEnv), and written out in
    // its reproduce command, which a shell without it would run otherwise
    const env: Record<string, string> = {
      ...opts.settings.env,
      OPP_CAMPAIGN_RUN_FILE: runFile,
      OPP_CAMPAIGN_RUN_KEY: run.key,
      ...libraryPath,
    };
    return { cmd, env };
  };

  /**
   * The command that reproduces a run with sidecars: each sidecar started first with the ports
   * the run had (or had when its sidecars failed to start), the run writing to reproduceDir (a
   * pasted command leaves OUT/.runs as the campaign left it), as are the sidecars' {resultdir}.
   */
  const reproduceWithSidecars = (
    run: PlannedRun,
    runFile: string,
    ports: Readonly<Record<string, number>>,
  ): string => {
    const values = {
      config: run.config,
      run: String(run.runNumber),
      key: run.key,
      resultdir: reproduceDir,
      runfile: runFile,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    try {
      const parts = sidecarRunParts(sidecarSpecs, values);
      const commands = sidecarSpecs.map((spec) => ({
        dir: resolve(opts.projectDir, spec.dir),
        ...sidecarCommand(spec, values),
      }));
      const own = commandOf(run, runFile, parts.args, reproduceDir);
      return reproduceCommand(opts.projectDir, own.cmd, { ...own.env, ...parts.env }, commands);
    } catch (e) {
      // a template that cannot be filled (the run failed for it, and says so): the run alone
      if (!(e instanceof TemplateError)) throw e;
      const own = commandOf(run, runFile, [], reproduceDir);
      return reproduceCommand(opts.projectDir, own.cmd, own.env);
    }
  };

  /**
   * A run alone in its process: its .run file is the worker's own (`slotFile`, rewritten for
   * each run the worker starts: making a file per run cost ~0.2-1 ms of disk work here, emptying
   * one 0.05 ms); a run that fails gets one named after its key for its reproduce command. With
   * sidecars (whose commands may name it) every run has its own.
   */
  const runOne = async (run: PlannedRun, attempt: number, slotFile: string): Promise<void> => {
    const pooled = sidecarSpecs.length === 0;
    prepareFiles(run);
    const runFile = writeRunFile(run, pooled ? slotFile : runFileOf(run));
    const logFile = logFileOf(run, attempt);
    // the model's words, for the sidecars' verdict and the run's: the log read once
    const cause = causeOnce(logFile);
    let sidecars: RunSidecars | undefined;
    let sidecarFailure: string | undefined;
    /** A sidecar that died after the run's own unclean end: said, not blamed. */
    let sidecarAfter: string | undefined;
    let failedPorts: Readonly<Record<string, number>> = {};
    // a run whose sidecars never came up took the time spent waiting for them
    const sidecarsBegan = performance.now();
    if (sidecarSpecs.length > 0)
      try {
        sidecars = await startSidecars({
          specs: sidecarSpecs,
          values: {
            config: run.config,
            run: String(run.runNumber),
            key: run.key,
            resultdir: opts.resultDir,
            runfile: runFile,
          },
          cwd: opts.projectDir,
          env: baseEnv,
          log: (name) => {
            const path = logFile.replace(/\.log$/, `.${name}.log`);
            return { path, label: relative(opts.outDir, path) };
          },
          ports,
          registry: opts.registry,
          runKey: run.key,
          signal: opts.signal,
        });
      } catch (e) {
        if (!(e instanceof SidecarStartError)) throw e;
        sidecarFailure = e.message;
        failedPorts = e.ports;
      }
    const { cmd, env: runEnv } = commandOf(run, runFile, sidecars?.args);
    const env: Record<string, string> = { ...runEnv, ...sidecars?.env };
    const reproduce = (): string => {
      if (!pooled) return reproduceWithSidecars(run, runFile, sidecars?.ports ?? failedPorts);
      const own = commandOf(run, writeRunFile(run), [], reproduceDir);
      return reproduceCommand(opts.projectDir, own.cmd, own.env);
    };
    let outcome: ProcessOutcome;
    if (sidecarFailure !== undefined) {
      // the run never started: its log says why
      writeFileSync(logFile, `opp-campaign: ${sidecarFailure}\n`);
      outcome = {
        status: opts.signal.aborted ? 'interrupted' : 'exited',
        exitCode: null,
        signal: null,
        wallMs: performance.now() - sidecarsBegan,
        peakKiB: undefined,
      };
    } else
      try {
        const handle = await startProcess(
          {
            command: cmd.command,
            args: cmd.args,
            cwd: opts.projectDir,
            env: { ...baseEnv, ...env },
            logFile,
            ...(sidecars !== undefined
              ? { peers: sidecars.pids, peersEnding: sidecars.endingNow }
              : {}),
            ...(opts.settings.timeoutMs !== undefined
              ? { timeoutMs: opts.settings.timeoutMs }
              : {}),
          },
          (line) => {
            const s = parseCmdenvStatus(line);
            if (s) opts.progress.status(run, s.simTime, s.percent);
          },
          launcher,
        );
        // a run that was still waiting in the launcher's queue when the campaign stopped never
        // started: it is not recorded, as if it had not been picked
        if (handle.pid === undefined && (await handle.done).status === 'interrupted') return;
        // started now (it may have waited in the launcher's queue)
        opts.progress.started(run, attempt);
        active.add(handle);
        if (opts.signal.aborted || failure !== undefined) handle.stop(); // while it was starting
        if (handle.pid !== undefined) opts.registry.add(handle.pid, run.key);
        // a helper that dies ends the run (it would wait for the helper, or time out), unless
        // the run is ending anyway: a helper may quit when its run hangs up
        let finished = false;
        void sidecars?.died
          .then(async () => {
            await new Promise((done) => setTimeout(done, 250));
            if (!finished) handle.stop();
          })
          .catch(() => undefined);
        outcome = await handle.done;
        finished = true;
        active.delete(handle);
        if (handle.pid !== undefined) opts.registry.remove(handle.pid);
        // a clean exit stands; a failed run may have failed because its helper died a moment
        // before it: ask the sidecars
        const clean = outcome.status === 'exited' && outcome.exitCode === 0;
        const death = clean ? undefined : await sidecars?.failure(250);
        // Who ended first is the cause, by the order in which the exits were seen. A run stopped
        // here (its time limit) or killed by a signal of its own (SIGSEGV) ended at a known
        // moment: a helper that died after that followed it (SUMO exits when its TraCI peer goes
        // away) and is said, not blamed. So is a helper that exited with a status after the run
        // exited with an error status (the model stopped on its own error, then its helper lost
        // its peer). A helper whose exit was seen before the run's, or that was already exiting
        // when the run was reaped (a Python helper's exit takes milliseconds after its socket
        // closed, in which the model reports the lost connection and exits), is the cause, even
        // when the model printed an error (said too); so is one killed by a signal (a crash, the
        // OOM killer: it died on its own, whichever exit was seen first), and one that a run
        // killed by SIGPIPE (writing to its gone peer) was reacting to.
        if (death !== undefined) {
          const endedAt = outcome.endedAt ?? Infinity;
          const ownEnd =
            outcome.status === 'timeout' ||
            outcome.status === 'interrupted' ||
            (outcome.status === 'signaled' && outcome.signal !== 'SIGPIPE');
          const diedOnItsOwn =
            !ownEnd &&
            ((death.signal !== null && death.signal !== 'SIGPIPE') ||
              (outcome.status === 'signaled' && outcome.signal === 'SIGPIPE'));
          if (death.at < endedAt || (!ownEnd && outcome.peersEnding === true) || diedOnItsOwn) {
            const said = cause();
            sidecarFailure =
              said?.modelError === true
                ? `${death.message}; the model then reported: ${said.text}`
                : death.message;
          } else if (!ownEnd && cause()?.modelError === true) sidecarAfter = death.afterError;
          else sidecarAfter = death.consequence;
        }
      } finally {
        await sidecars?.stop();
      }

    conclude(run, attempt, outcome, logFile, cause, reproduce, sidecarFailure, sidecarAfter);
  };

  /** The verdict on a run that ended, recorded in the journal; a retry queued when it may help. */
  const conclude = (
    run: PlannedRun,
    attempt: number,
    outcome: ProcessOutcome,
    logFile: string,
    /** The model's words at the end of its log (read once, by whoever asks first). */
    said: () => FailureCause | undefined,
    /** The command that reproduces the run (asked for when the run did not succeed). */
    reproduce: () => string,
    sidecarFailure?: string,
    sidecarAfter?: string,
  ): void => {
    began(run); // (a record of its own: it began, or was tried)
    // with `results.files: []` nothing is expected: a clean exit is success
    const expectsFiles = opts.settings.resultFiles.length > 0;
    const classified =
      sidecarFailure !== undefined && !opts.signal.aborted
        ? { status: 'sidecar-failed' as const, message: sidecarFailure }
        : outcome.status === 'exited' && outcome.exitCode === 0 && !expectsFiles
          ? { status: 'ok' as const }
          : outcome.status === 'exited' && outcome.exitCode === 0
            ? classify(outcome, inspectFiles(run, resultPatterns))
            : classify(outcome, []);
    // the model's own words make the message: `exit status 1: Class "aloha::Server" not found`
    const cause =
      classified.status === 'failed' || classified.status === 'crashed' ? said() : undefined;
    recentRunMs.add(outcome.wallMs);
    const verdict = explainFailure(classified, outcome.signal, cause);
    const limit = opts.settings.timeoutMs;
    const ownMessage =
      verdict.status === 'timeout' && limit !== undefined
        ? `ran past its time limit of ${formatSeconds(limit)} (${opts.timeoutSetting ?? TIMEOUT_SETTING}); its whole process group was killed`
        : (verdict.message ?? outcome.error);
    const message =
      sidecarAfter !== undefined && verdict.status !== 'ok'
        ? `${ownMessage ?? verdict.status}; ${sidecarAfter}`
        : ownMessage;
    const command = verdict.status !== 'ok' ? reproduce() : undefined;
    const outputs = verdict.status === 'ok' ? otherRecords(opts.outDir, run) : [];
    const record: RunRecord = {
      t: 'run',
      key: run.key,
      config: run.config,
      run: run.runNumber,
      attempt,
      status: verdict.status,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      wallMs: Math.round(outcome.wallMs),
      peakKiB: outcome.peakKiB ?? null,
      build: opts.buildId,
      log: relative(opts.outDir, logFile),
      files: verdict.status === 'ok' ? fileRecords(opts.outDir, run) : [],
      ...(outputs.length > 0 ? { outputs } : {}),
      itervars: describeVars(run),
      ...(message ? { message } : {}),
      ...(command !== undefined ? { command } : {}),
    };
    // an unfinished run's files leave .runs/ before its record is written: whatever reads .runs/
    // (a merge of it) finds results of successful runs only
    const aside = incompleteDir(opts.outDir);
    if (verdict.status !== 'ok') {
      if (setAside(runPaths(run), opts.resultDir, aside) > 0) setAsideRuns.add(run.key);
    } else if (
      attempt > 1 ||
      setAsideRuns.has(run.key) ||
      journaled.has(run.key) ||
      (unrecordedBefore.size > 0 &&
        resultPaths(run).some((f) => unrecordedBefore.has(relative(opts.resultDir, f))))
    ) {
      // only a run that ran before can have files set aside (no unlink per fresh run); one that
      // an earlier execution stopped unrecorded (see setAsideUnrecorded) has no record to say so
      forgetSetAside(runPaths(run), opts.resultDir, aside);
      setAsideRuns.delete(run.key);
    }
    summary.setAside = setAsideRuns.size;
    opts.journal.append(record);
    unrecorded.delete(run);
    const willRetry =
      isRetryable(verdict.status) && attempt <= opts.settings.retries && !opts.signal.aborted;
    opts.progress.finished({ run, record, willRetry });
    // a campaign of many runs keeps the young generation at 32 MB (see heap.ts)
    capYoungGeneration();
    if (verdict.status === 'ok') {
      summary.ok++;
      const first = retriedFor.get(run.key);
      if (first !== undefined)
        summary.recovered.push({ config: run.config, run: run.runNumber, firstFailure: first });
    } else if (willRetry) {
      summary.retried++;
      if (!retriedFor.has(run.key)) retriedFor.set(run.key, message ?? verdict.status);
      retryQueue.push({ run, attempt: attempt + 1 });
    } else if (verdict.status === 'interrupted') summary.stopped++;
    else {
      summary.failed.push({
        config: run.config,
        run: run.runNumber,
        itervars: record.itervars,
        status: verdict.status,
        message: message ?? verdict.status,
        log: record.log,
        command: command ?? '',
      });
    }
  };

  /**
   * Runs of one configuration in one process (see core/campaign/batch.ts): each run that began
   * gets its own log cut from the process's output and its own record, as soon as the next run
   * begins (or the process ends); runs that never began are handed back, to be picked again.
   */
  const runBatch = async (jobs: readonly Job[]): Promise<void> => {
    const first = (jobs[0] as Job).run;
    // OMNeT++ reads no .run file: one is written when a command names it (a failed run's
    // reproduce command, with OPP_CAMPAIGN_RUN_FILE), not for each run of a batch
    for (const j of jobs) prepareFiles(j.run);
    mkdirSync(batchDir, { recursive: true });
    const batchLog = join(batchDir, runLogName(first.config, first.runNumber));
    const cmd = runCommand(opts.settings.run, {
      config: first.config,
      runNumber: first.runNumber,
      batch: jobs.map((j) => j.run.runNumber),
      iniFiles: opts.iniFiles,
      resultDir: opts.resultDir,
      runFile: runFileOf(first),
      key: first.key,
      ...(opts.linked ? { linked: opts.linked.paths } : {}),
      extraArgs: batchOptions(opts.settings.run, first.entries),
    });
    if ([cmd.command, ...cmd.args].some((a) => a.includes(runFileOf(first)))) writeRunFile(first);
    const reproduce = (job: Job) => (): string => {
      const c = commandOf(job.run, writeRunFile(job.run), [], reproduceDir);
      return reproduceCommand(opts.projectDir, c.cmd, c.env);
    };
    const scanner = new BatchLogScanner(batchLog, first.config);
    /** Runs that began, in order, with where their output begins, and when that was seen. */
    const parts: Array<{ job: Job; mark: RunMark; logFile: string; seen: number }> = [];
    let concluded = 0;
    let errors = 0;
    let current: Job | undefined;
    let currentSince = 0;
    /** The batch's process, once started. */
    const proc: { pid?: number } = {};
    const clock = Date.now() - performance.now();
    let from = performance.now();

    /**
     * Records the runs whose output is complete: those followed by another, or with `ending`
     * (the process's), all. A run followed by another ended; it failed only if its own output
     * says so. The last takes the process's ending, but Cmdenv's exit status 1 counts every
     * run's errors (with cmdenv-stop-batch-on-error=false the batch goes on after a failed
     * run): it is the last run's only when its own output has the error or no other run's has.
     */
    const concludeBegun = (ending?: { outcome: ProcessOutcome; at: number }): void => {
      const upTo = ending ? parts.length : parts.length - 1;
      if (concluded >= upTo) return;
      // the process's peak so far; none from a process that has just ended (a zombie has no
      // VmHWM): its runs are recorded with its final figures when its end is heard of
      const soFar = ending === undefined && launcher ? peakSoFar(proc.pid) : undefined;
      if (ending === undefined && launcher && soFar === undefined && HAS_PROC) return;
      for (; concluded < upTo; concluded++) {
        const p = parts[concluded] as (typeof parts)[number];
        const next = parts[concluded + 1];
        // the run's own log
        scanner.writeRunLog(
          (parts[0] as typeof p).mark.offset,
          p.mark.offset,
          next?.mark.offset,
          p.logFile,
        );
        // it ended when its result files were last written (the next one began then), else
        // when the next one was seen to begin
        const now = ending?.at ?? performance.now();
        const written = next === undefined ? undefined : lastWritten(p.job.run);
        const seen = next?.seen ?? now;
        const to = Math.min(now, Math.max(from, written !== undefined ? written - clock : seen));
        const wallMs = to - from;
        from = to;
        // OMNeT++'s own error (or the one debug-on-errors trapped on) in its own output, read
        // from its log as a run alone's is (an error line of megabytes included)
        const said = causeOnce(p.logFile);
        const failed = said()?.modelError === true;
        if (failed) errors++;
        // the process's peak so far (the last run's: its whole life)
        const peakKiB = ending?.outcome.peakKiB ?? soFar;
        const exitedOk: ProcessOutcome = {
          status: 'exited',
          exitCode: failed ? 1 : 0,
          signal: null,
          wallMs,
          peakKiB,
        };
        const o = ending?.outcome;
        const othersFailed =
          o !== undefined && o.status === 'exited' && o.exitCode === 1 && !failed && errors > 0;
        const own: ProcessOutcome =
          next !== undefined || o === undefined || othersFailed ? exitedOk : { ...o, wallMs };
        conclude(p.job.run, p.job.attempt, own, p.logFile, said, reproduce(p.job));
      }
    };
    const look = (): void => {
      for (const m of scanner.poll()) {
        const job = jobs.find((j) => j.run.runNumber === m.runNumber);
        if (job === undefined || parts.some((p) => p.job === job)) continue;
        currentSince = performance.now();
        parts.push({ job, mark: m, logFile: logFileOf(job.run, job.attempt), seen: currentSince });
        current = job;
        opts.progress.started(job.run, job.attempt, proc);
      }
    };
    // while the process runs, a failure to record a run stops the campaign as in runOne
    const lookAndRecord = (): void => {
      try {
        look();
        concludeBegun();
      } catch (e) {
        failure ??= { error: e };
        launcher?.cancelQueued();
        for (const h of active) h.stop();
      }
    };
    const handle = await startProcess(
      {
        command: cmd.command,
        args: cmd.args,
        cwd: opts.projectDir,
        env: { ...baseEnv, ...libraryPath },
        logFile: batchLog,
      },
      (line) => {
        const s = parseCmdenvStatus(line);
        if (s && current) opts.progress.status(current.run, s.simTime, s.percent);
      },
      launcher,
    );
    if (handle.pid === undefined && (await handle.done).status === 'interrupted') {
      handBack(jobs);
      return;
    }
    if (handle.pid !== undefined) proc.pid = handle.pid;
    from = performance.now();
    active.add(handle);
    if (opts.signal.aborted || failure !== undefined) handle.stop();
    if (handle.pid !== undefined) opts.registry.add(handle.pid);
    // looked at again and again, each time as often as the runs' recent length says
    let watch: NodeJS.Timeout | undefined;
    const watchOnce = (): void => {
      watch = setTimeout(() => {
        lookAndRecord();
        watchOnce();
      }, batchLookMs(recentRunMs.mean()));
    };
    watchOnce();
    // the time limit is each run's: it starts again when the next run begins
    const limitMs = opts.settings.timeoutMs;
    let limit: NodeJS.Timeout | undefined;
    const arm = (ms: number): void => {
      limit = setTimeout(() => {
        look();
        const left = (limitMs as number) - (performance.now() - currentSince);
        if (left > 0) arm(left);
        else handle.timeOut();
      }, ms);
    };
    currentSince = performance.now();
    if (limitMs !== undefined) arm(limitMs);
    let outcome: ProcessOutcome;
    try {
      outcome = await handle.done;
    } finally {
      clearTimeout(watch);
      clearTimeout(limit);
      active.delete(handle);
      if (handle.pid !== undefined) opts.registry.remove(handle.pid);
    }
    const at = performance.now();
    try {
      look();
      if (parts.length === 0) {
        // no run began as Cmdenv begins one (not Cmdenv after all, a broken ini): from now on a
        // process per run, these first; what the batch did is not recorded
        batching = false;
        rmSync(batchLog, { force: true });
        if (outcome.status !== 'interrupted') handBack(jobs);
        return;
      }
      concludeBegun({ outcome, at });
    } finally {
      scanner.close();
    }
    rmSync(batchLog, { force: true });
    if (!opts.signal.aborted) handBack(jobs.filter((j) => !parts.some((p) => p.job === j)));
  };

  /** Workers with a process going (or waiting in the launcher's queue). */
  let busy = 0;
  let idleSaid = false;
  const worker = async (slotFile: string): Promise<void> => {
    while (!opts.signal.aborted && failure === undefined) {
      await skipDone();
      if (opts.signal.aborted || failure !== undefined) break;
      const jobs = next();
      if (!jobs) break;
      busy++;
      try {
        if (jobs.length > 1) await runBatch(jobs);
        else await runOne((jobs[0] as Job).run, (jobs[0] as Job).attempt, slotFile);
      } catch (e) {
        failure ??= { error: e };
        launcher?.cancelQueued();
        for (const h of active) h.stop();
      } finally {
        busy--;
      }
    }
    // nothing left to start (a retry queued later finds a worker still busy): fewer processes
    // than slots go on from here
    if (!idleSaid && busy > 0 && busy < slots && !opts.signal.aborted && failure === undefined) {
      idleSaid = true;
      opts.slotIdle?.();
    }
  };
  try {
    await opts.ready;
    await skipDone();
    const allDone = planGoneThrough && lookahead === undefined && handedBack.length === 0;
    summary.skippedAtStart = summary.skipped;
    opts.looked?.(allDone, summary.skipped);
    // every run done already (a campaign run again to merge): no helper started for none (it
    // is a python3 process, and descriptors, that a re-merge under a low `ulimit -n` lacks)
    if (!allDone) await startLauncher();
    // The launcher starts a run as soon as another ends, from its queue: with as many runs
    // prepared and waiting there as are running, no slot waits for this process between runs.
    // Not with sidecars: a run's sidecars would be up long before the run starts.
    const workers = launcher && sidecarSpecs.length === 0 ? 2 * slots : slots;
    makeRunFolders();
    await Promise.all(
      Array.from({ length: workers }, (_, i) => worker(join(runFileDir, `worker-${i + 1}.run`))),
    );
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
    if (ownLauncher) await launcher?.close();
  }
  if (failure !== undefined) setAsideUnrecorded(unrecorded, opts);
  if (failure !== undefined && !isDiskFull(failure.error)) throw failure.error;
  if (failure !== undefined)
    throw new DiskFullError(
      opts.outDir,
      failure.error,
      'The running simulations were stopped; the journal holds every run that finished. ' +
        'Free some space and run the same command again: it runs only what is missing.',
    );
  if (opts.signal.aborted) summary.interrupted = true;
  if (opts.supersede !== undefined && planGoneThrough && !summary.interrupted) {
    const aside = supersede(opts, journaled, currentKeys, replacedKeys);
    summary.superseded = aside.runs;
    summary.supersededFiles = aside.files;
  }
  if (opts.supersede !== undefined) {
    // (runs of a config the ini no longer has are set aside: not counted)
    const inIni = opts.iniConfigs && new Set(['General', ...opts.iniConfigs]);
    const others = [...journaled.values()].filter((r) => inIni?.has(r.config) ?? true);
    const other = otherBuildRuns(others, opts.settings.configs, opts.buildId, (id) => {
      legacyId ??= opts.legacyBuildId?.();
      return id === legacyId;
    });
    if (other) summary.otherBuilds = other;
  }
  return summary;
}

/**
 * The files of runs the campaign stopped before they were recorded (a full disk, an error while
 * a run ended): no journal record says what they are, and, cut short, they would look like
 * results in OUT/.runs (which holds succeeded runs' files only, what a merge of it takes). They
 * go where a failed run's files go; where even that cannot be done, they are removed (the run
 * is not done: the next execution runs it again).
 */
function setAsideUnrecorded(runs: ReadonlySet<PlannedRun>, opts: ExecuteOptions): void {
  // the results folder removed under the campaign: their files went with it (not made again)
  if (!existsSync(opts.outDir)) return;
  const aside = incompleteDir(opts.outDir);
  for (const run of runs) {
    const files = runPaths(run);
    try {
      setAside(files, opts.resultDir, aside);
    } catch {
      for (const f of files) rmSync(f, { force: true });
    }
  }
}

/**
 * Sets aside the journal's runs that the plan replaced: their result files (those no other run
 * still names) go to supersededDir, and a journal record makes readers forget them, so that the
 * merged dataset, runs.csv and the report hold the runs of the ini as it is. How many runs, and
 * how many of their files were moved.
 */
function supersede(
  opts: ExecuteOptions,
  journaled: ReadonlyMap<string, RunRecord>,
  current: ReadonlySet<string>,
  replaced: Set<string>,
): { runs: number; files: number } {
  if (opts.supersede === 'config') {
    const configs = new Set(opts.settings.configs);
    for (const rec of journaled.values())
      if (configs.has(rec.config) && !current.has(rec.key)) replaced.add(rec.key);
  }
  if (opts.iniConfigs !== undefined) {
    // [General] is a config even in an ini without that section
    const inIni = new Set(['General', ...opts.iniConfigs]);
    for (const rec of journaled.values()) if (!inIni.has(rec.config)) replaced.add(rec.key);
  }
  // a run the plan still has under another number (a value put before it) stays
  for (const k of current) replaced.delete(k);
  if (replaced.size === 0) return { runs: 0, files: 0 };
  // the journal as it is now: this campaign's runs may have written files of the same names
  const latest = opts.journal.read().runs;
  const named = new Set<string>();
  for (const rec of latest.values())
    if (!replaced.has(rec.key)) for (const f of recordedPaths(rec)) named.add(f);
  const files: string[] = [];
  // files of theirs set aside already: by setAsideEarlier, as the runs writing files of the same
  // names started (in this execution, or in one stopped by Ctrl-C before it got here)
  let before = 0;
  for (const k of replaced) {
    const rec = latest.get(k);
    for (const f of rec ? recordedPaths(rec) : []) {
      const path = join(opts.outDir, f);
      if (!named.has(f) && existsSync(path)) files.push(path);
      else if (existsSync(join(supersededDir(opts.outDir), f))) before++;
    }
  }
  const moved = setAsideKept(files, opts.outDir, supersededDir(opts.outDir));
  opts.journal.append({ t: 'superseded', keys: [...replaced] });
  return { runs: replaced.size, files: moved + before };
}
