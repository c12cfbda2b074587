import { existsSync, statSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, type CampaignReport } from '../app/run-campaign.js';
import { configNamesIn } from '../app/campaign-setup.js';
import type { FailedRun } from '../app/execute.js';
import {
  compareRuns,
  describeGroup,
  visible,
  groupFailures,
  runLabel,
  someRuns,
} from '../core/campaign/failure-cause.js';
import {
  MAX_BATCH,
  MAX_JOBS,
  MAX_RETRIES,
  parseDuration,
  SettingsError,
} from '../core/campaign/settings.js';
import { EXIT, UsageError } from './errors.js';
import { IniError } from '../core/ini/index.js';
import { placeIniError } from '../core/ini/errors.js';
import { intOption } from './errors.js';
import { badInputLines } from './bad-input.js';
import { redrawsLines, type LineWriter } from './output.js';
import { RUNS_DIR } from '../core/campaign/layout.js';
import { timeLimitHint } from '../core/plan/time-limit.js';
import { campaignCommand } from '../core/campaign/command.js';
import { configOptions } from '../core/campaign/other-builds.js';

export const RUN_HELP = `Usage: opp-campaign run [DIR] [-f INI]... [-c CONFIG]... [-r FILTER] [-j N] [--results OUT]
                        [--timeout DUR] [--retries N] [--batch N] [--force] [--merge-only]
                        [--progress MODE] [--ccache-dir D] [-- ARG...]

Runs a campaign on this machine: plans it, builds the model once, runs every selected run on
N parallel slots and records each one in OUT/journal.jsonl. Running it again skips the runs
that already succeeded with the same build; Ctrl-C stops cleanly (exit status 130).

  DIR                 the project folder (default: .); opp-campaign.yml there is read;
                      without one, how to build and run the model is detected
  -f, --ini INI       ini file, relative to DIR (default: omnetpp.ini)
  -c, --config NAME   config to run (several allowed; default: General)
  -r, --runs FILTER   run numbers (0..3,7) or an expression ($x > 2)
  -j, --jobs N        parallel runs (default: number of cores, ${cpus().length} here)
      --results OUT   results folder, relative to DIR (default: results)
      --timeout DUR   per-run time limit, e.g. 90s, 10m (default: none)
      --retries N     retries of runs killed by a signal or timed out (default 1)
      --batch N       runs per OMNeT++ process (default: runs/jobs, at most 5, as
                      opp_runall; 1: a process per run)
      --force         rerun every run, even those already done
      --merge-only    run nothing: merge into OUT the runs done with this build alone (as
                      after Ctrl-C); runs of another build or of an earlier ini are left out
      --progress MODE live | plain (default: live on a terminal, not TERM=dumb)
      --ccache-dir D  compiler cache (default: ~/.cache/opp-campaign/ccache)
  -- ARG...           added to every run's command line, e.g. -- --sim-time-limit=100s
`;

export async function runCommandCli(
  argv: string[],
  out: LineWriter,
  err: { write(s: string): void; isTTY?: boolean },
  signal: AbortSignal,
  planned?: () => void,
): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      ini: { type: 'string', short: 'f', multiple: true },
      config: { type: 'string', short: 'c', multiple: true },
      runs: { type: 'string', short: 'r' },
      jobs: { type: 'string', short: 'j' },
      results: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      batch: { type: 'string' },
      force: { type: 'boolean' },
      'merge-only': { type: 'boolean' },
      progress: { type: 'string' },
      'ccache-dir': { type: 'string' },
      'max-runs': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const { values } = parsed;
  // after `--`: the runs' own arguments, as opp_runall takes the simulation's
  const end = parsed.tokens.find((t) => t.kind === 'option-terminator')?.index ?? argv.length;
  const positionals = parsed.tokens.flatMap((t) =>
    t.kind === 'positional' && t.index < end ? [t.value] : [],
  );
  const extraArgs = argv.slice(end + 1);
  if (values.help) {
    await out.line(RUN_HELP.trimEnd());
    return 0;
  }
  // a config's name where the folder goes (`-c` forgotten): said, with the command meant
  const asConfig = (dir: string, words: readonly string[]): string => {
    const configs = configNamesIn(dir, values.ini);
    const word = words.find((w) => configs.includes(w));
    return word === undefined ? '' : `; ${word} is a config: did you mean -c ${word}?`;
  };
  if (positionals.length > 1)
    throw new UsageError(
      `run: one project folder, not ${positionals.length}${asConfig(positionals[0] as string, positionals.slice(1))}`,
    );
  const only = positionals[0];
  // a folder that is not there is a wrong command line (exit 2), as merge's missing input is
  if (only !== undefined && !existsSync(only))
    throw new UsageError(`run: ${only}: no such folder${asConfig('.', [only])}`);
  // so is an ini file given with -f (relative to DIR) that is not there, as plan's is
  const dir = only ?? '.';
  const noIni = statSync(dir, { throwIfNoEntry: false })?.isDirectory()
    ? values.ini?.find((f) => !existsSync(resolve(dir, f)))
    : undefined;
  if (noIni !== undefined)
    throw new UsageError(
      `run: -f ${noIni}: no such file${dir === '.' || isAbsolute(noIni) ? '' : ` (looked for at ${join(dir, noIni)})`}`,
    );
  // (an empty OUT is DIR itself: the results would be written among the project's files)
  if (values.results === '')
    throw new UsageError("run: --results '' names no folder: give one (default: results)");
  const int = (name: string, v: string | undefined, min: number, max: number) =>
    intOption(`run: --${name}`, v, min, max);
  const mode = values.progress ?? (redrawsLines(err) ? 'live' : 'plain');
  if (mode !== 'live' && mode !== 'plain')
    throw new UsageError(`run: --progress is live or plain, not '${mode}'`);
  let timeoutMs: number | undefined;
  try {
    timeoutMs =
      values.timeout === undefined ? undefined : parseDuration(values.timeout, ['timeout']);
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(`run: --timeout: ${e.message}`);
    throw e;
  }
  const jobs = int('jobs', values.jobs, 1, MAX_JOBS);
  const retries = int('retries', values.retries, 0, MAX_RETRIES);
  const maxRuns = int('max-runs', values['max-runs'], 1, Number.MAX_SAFE_INTEGER);
  const batch = int('batch', values.batch, 1, MAX_BATCH);
  let report: CampaignReport;
  try {
    report = await runCampaign({
      dir: positionals[0] ?? '.',
      ...(values.ini ? { iniFiles: values.ini } : {}),
      ...(values.config ? { configs: values.config } : {}),
      ...(values.runs !== undefined ? { filter: values.runs } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      ...(values.results !== undefined ? { results: values.results } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(retries !== undefined ? { retries } : {}),
      ...(maxRuns !== undefined ? { maxRuns } : {}),
      ...(batch !== undefined ? { batch } : {}),
      ...(extraArgs.length > 0 ? { extraArgs } : {}),
      force: values.force ?? false,
      ...(values['merge-only'] ? { mergeOnly: true } : {}),
      progress: mode,
      out: err,
      signal,
      ...(planned ? { planned } : {}),
      ccacheDir:
        values['ccache-dir'] ??
        process.env['OPP_CAMPAIGN_CCACHE_DIR'] ??
        join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'opp-campaign', 'ccache'),
    });
  } catch (e) {
    // an ini file as the user finds it from here (`sim/omnetpp.ini:3`, not `omnetpp.ini:3`)
    if (e instanceof IniError) placeIniError(e, positionals[0] ?? '.');
    // stopped before the runs began (during the build, or OMNeT++'s check)
    if (!signal.aborted) throw e;
    err.write('opp-campaign: interrupted before any run started; nothing was run\n');
    return EXIT.interrupted;
  }
  for (const line of summaryLines(report, argv)) await out.line(line);
  for (const w of report.merge?.scalarWarnings ?? []) err.write(`opp-campaign: warning: ${w}\n`);
  if (report.summary.interrupted || report.merge === undefined) return EXIT.interrupted;
  const ok = report.summary.failed.length === 0 && report.merge.bad.length === 0;
  return ok ? EXIT.ok : EXIT.failure;
}

/**
 * `opp-campaign run ... --merge-only` with the campaign's own arguments (`argv`, as given to
 * run): what merges exactly its runs done with this build, after an interruption.
 */
export function mergeOnlyCommand(argv: readonly string[]): string {
  const end = argv.indexOf('--');
  const own = (end < 0 ? argv : argv.slice(0, end)).filter(
    (a) => a !== '--force' && a !== '--merge-only',
  );
  return campaignCommand('run', ...own, '--merge-only', ...(end < 0 ? [] : argv.slice(end)));
}

/** `argv`: the campaign's arguments to run (for the command an interrupted one prints). */
export function summaryLines(r: CampaignReport, argv: readonly string[] = []): string[] {
  const s = r.summary;
  const rel = relative(process.cwd(), r.outDir) || '.';
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
  // the whole campaign's time, and the build's share of it (referenced projects' too) when
  // there was one to speak of
  // (the time spent waiting for another campaign's build of a folder built in place, or for its
  // runs on another build of it, is said apart)
  const waitedMs = r.projectsWaitedMs ?? 0;
  const buildMs = r.build.ms + (r.projectsMs ?? 0) - waitedMs;
  const waited = waitedMs >= 50 ? `waited ${secs(waitedMs)} for another campaign` : '';
  const build =
    buildMs >= 50 && waited
      ? ` (build ${secs(buildMs)}, ${waited})`
      : buildMs >= 50
        ? ` (build ${secs(buildMs)})`
        : waited
          ? ` (${waited})`
          : '';
  const lines = [
    '',
    `Campaign ${s.interrupted ? 'interrupted' : s.failed.length ? 'finished with failures' : 'finished'} in ${secs(r.wallMs)}${build}`,
    `  runs       ${r.total}`,
    `  succeeded  ${s.ok}`,
    `  skipped    ${s.skipped} (already done with this build${foundLater(s)})`,
    `  failed     ${s.failed.length}`,
    `  retried    ${s.retried}`,
  ];
  if (s.leftOut)
    lines.push(
      `  not run    ${s.leftOut.runs} (--merge-only: not merged; run without it to run them)`,
    );
  if (s.interrupted)
    lines.push(
      `  stopped    ${s.stopped} (part-way: run again to redo them)`,
      `  not run    ${Math.max(0, r.total - s.ok - s.skipped - s.failed.length - s.stopped)}`,
    );
  if (s.failed.length > 0) lines.push(...failureLines(s.failed, rel));
  if (s.failed.length > 0 && r.otherConfigs !== undefined)
    lines.push(
      '',
      `Config General ran because no -c was given; the ini's other configs: ${r.otherConfigs.join(', ')}: choose with -c NAME`,
    );
  if (r.noTimeLimit?.length)
    lines.push('', timeLimitHint(r.noTimeLimit, '-- --sim-time-limit=1000s'));
  // (a merge of no run's files fails: "nothing to rebuild")
  if (r.merge === undefined && s.ok + s.skipped === 0)
    lines.push(
      '',
      'Results: not merged (interrupted before any run succeeded); run again to finish',
    );
  else if (r.merge === undefined)
    lines.push(
      '',
      `Results: not merged (interrupted); run again to finish, or merge the runs done with this build (the others, and runs of another build or an earlier ini, left out): ${mergeOnlyCommand(argv)}`,
    );
  else {
    lines.push(
      '',
      `Results: ${rel}${sep}  (report.html, results.sca, *.vec, scalars.csv, runs.csv; per-run files in ${join(rel, RUNS_DIR)}, journal ${join(rel, 'journal.jsonl')})`,
    );
    lines.push(...badInputLines(r.merge));
  }
  if (s.setAside > 0)
    lines.push(
      `Files that ${s.setAside} unfinished or failed run(s) wrote: ${join(rel, '.opp-campaign', 'incomplete')} (kept out of ${join(rel, RUNS_DIR)})`,
    );
  if (s.recovered.length > 0) {
    const shown = s.recovered
      .slice(0, 5)
      .map((r) => `${r.config} #${r.run} (first: ${r.firstFailure})`)
      .join('; ');
    const more = s.recovered.length > 5 ? `; and ${s.recovered.length - 5} more` : '';
    lines.push(
      `Succeeded only on a retry (a crash that goes away is often a bug of the model's: see their .attempt logs): ${shown}${more}`,
    );
  }
  if (s.filesChanged > 0)
    lines.push(
      `Ran again ${s.filesChanged} run(s) the journal records as done: their result files are not as it recorded them (changed or gone since, or copied without their times: cp -a and rsync -a keep them)`,
    );
  if (s.buildChanged > 0)
    lines.push(
      `Ran again ${s.buildChanged} run(s) that had succeeded with another build or command: since they ran, the model's program, libraries or NED files changed, or the runs' arguments (after -- or run.args), the OMNeT++ installation, or the campaign file's env or sidecars`,
    );
  if (s.otherBuilds)
    lines.push(
      `${s.otherBuilds.runs} run(s) of other configs in ${rel} (${s.otherBuilds.configs.join(', ')}) were made with another build: the dataset holds them beside this build's; run them again with ${configOptions(s.otherBuilds.configs)}`,
    );
  if (s.superseded > 0)
    lines.push(
      s.supersededFiles > 0
        ? `Set aside ${s.superseded} earlier run(s) that the ini no longer has (changed since): their files are in ${join(rel, '.opp-campaign', 'superseded')} (under their paths in ${rel}: .runs/...), out of the dataset`
        : `Set aside ${s.superseded} earlier run(s) that the ini no longer has (changed since): they made no result files; runs.csv and the report no longer list them`,
    );
  return lines;
}

/**
 * The runs found done as the runs went on: the start line counted only those gone past before
 * the first run started (`running up to 7 of 8 run(s) ... (1 done already)`).
 */
function foundLater(s: CampaignReport['summary']): string {
  const later = s.skipped - s.skippedAtStart;
  return later > 0
    ? `: ${s.skippedAtStart} before the first run started, ${later} found on the way`
    : '';
}

const SHOWN_GROUPS = 20;

/**
 * Failed runs grouped by cause, largest group first: a group of many runs names a few of them
 * and shows the log and the command of the first.
 */
function failureLines(failed: readonly FailedRun[], rel: string): string[] {
  const groups = groupFailures([...failed].sort(compareRuns));
  const lines = ['', 'Failed runs (reproduce with the command shown):'];
  for (const g of groups.slice(0, SHOWN_GROUPS)) {
    const first = g.runs[0] as FailedRun;
    // (the model's words, escaped: an ESC or BEL of its output is no command to the terminal)
    const message = visible(first.message);
    if (g.runs.length === 1) lines.push(`  ${runLabel(first)}: ${first.status}: ${message}`);
    else
      lines.push(
        `  ${visible(describeGroup(g))}`,
        `    ${someRuns(g.runs)}`,
        `    first: ${message}`,
      );
    lines.push(`    log: ${join(rel, first.log)}`);
    lines.push(`    $ ${first.command}`);
  }
  if (groups.length > SHOWN_GROUPS)
    lines.push(
      `  ... and ${groups.length - SHOWN_GROUPS} more causes (see ${join(rel, 'runs.csv')})`,
    );
  return lines;
}
