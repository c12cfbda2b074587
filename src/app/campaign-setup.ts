// What every executor of a campaign does first: read the campaign file (flags override it),
// read the ini files, take the results folder, build the referenced projects, and build the
// model once.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { build, BuildError, type BuildResult } from '../adapters/build.js';
import { campaignFileLocation, findCampaignFile, readCampaign } from '../adapters/campaign-file.js';
import { lockResultsFolder } from '../adapters/campaign-lock.js';
import { filterTimeNow } from '../adapters/ini-files.js';
import { adoptLegacyLayout } from '../adapters/results/legacy-layout.js';
import { notRecordedWarning, relinkUnpackedArtifact } from '../adapters/results/artifact-files.js';
import { datasetPathProblem } from '../adapters/results/dataset-folder.js';
import { JOURNAL_FILE } from '../adapters/results/journals.js';
import { readJournalAt } from '../adapters/journal-file.js';
import { csvColumn, parseCsv } from '../core/results/index.js';
import { RunningRegistry, startTime } from '../adapters/running-registry.js';
import { detectFolder, missingModelFiles } from '../adapters/project-folder.js';
import { applyDetection, ModelDetectionError } from '../core/campaign/detected.js';
import { LEGACY_RUNS_DIR, RUNS_DIR } from '../core/campaign/layout.js';
import { campaignArgProblem, campaignCommand } from '../core/campaign/command.js';
import { DEFAULT_SETTINGS, type CampaignSettings } from '../core/campaign/settings.js';
import { IniConfig, IniError, iniText, readIniFiles } from '../core/ini/index.js';
import { closestNames } from '../core/ini/closest-name.js';
import { buildProjects, modelBuildSteps, type LinkedProjects } from './build-projects.js';

/**
 * The key (OPP_CAMPAIGN_RUN_KEY) of this campaign's build commands: this process's alone (its
 * start time with its pid: a pid the system gives again is another key).
 */
let buildKey: string | undefined;
const campaignBuildKey = (): string =>
  (buildKey ??= `build-${process.pid}-${startTime(process.pid) ?? ''}`);

export type SettingsOverrides = Partial<
  Pick<
    CampaignSettings,
    | 'ini'
    | 'configs'
    | 'runs'
    | 'jobs'
    | 'resultsDir'
    | 'timeoutMs'
    | 'retries'
    | 'maxRuns'
    | 'batch'
  >
>;

export interface LoadedCampaign {
  readonly settings: CampaignSettings;
  /** One line saying what was detected (undefined when the campaign file gives everything). */
  readonly detected: string | undefined;
  /** The model (program, libraries) was detected: it is checked for after the build. */
  readonly modelDetected: boolean;
  /** The ini files, read (and checked) before anything is detected. */
  readonly ini: IniConfig;
}

/**
 * The campaign's settings: the campaign file (when there is one), the command line's overrides,
 * and for whatever the file leaves out, what the project's folder says (detection).
 */
export async function loadCampaign(
  dir: string,
  overrides: SettingsOverrides,
): Promise<LoadedCampaign> {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (st === undefined || !st.isDirectory())
    throw Object.assign(
      new Error(
        st === undefined
          ? `${dir}: no such folder`
          : `${dir} is not a folder: give the project's folder (and its ini with -f)`,
      ),
      { userFacing: true },
    );
  const campaignFile = findCampaignFile(dir);
  const { settings: file, given } = await readCampaign(campaignFile);
  // an error about a value the campaign file chose says so (no -c, -r or -f on the command line)
  const fromFile = (key: 'configs' | 'ini', e: IniError): IniError =>
    campaignFile !== undefined &&
    (overrides[key]?.length ?? 0) === 0 &&
    file[key] !== DEFAULT_SETTINGS[key] // (the default itself when the file does not say)
      ? new IniError(`${e.message} (${key}: in ${campaignFile})`, e.location, e.remedy)
      : e;
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
  const merged: CampaignSettings = { ...file, ...defined };
  // a config named twice (`-c A -c A`) is run once: twice would run each run twice at once
  const s: CampaignSettings = { ...merged, configs: [...new Set(merged.configs)] };
  // an ini error is reported before anything about the model, as opp_run reports it first;
  // a missing ini by the path it was looked for at (the default one: in which folder too)
  const defaultIni = !('ini' in defined) && file.ini === DEFAULT_SETTINGS.ini;
  for (const f of s.ini)
    if (!existsSync(resolve(dir, f)))
      throw fromFile(
        'ini',
        new IniError(
          `Cannot open ini file '${dir === '.' ? f : join(dir, f)}'${defaultIni ? lookedIn(dir, f) : ''}`,
        ),
      );
  const ini = loadIni(dir, s);
  for (const name of s.configs) {
    // [General] is there in OMNeT++'s eyes even when the ini has no such section
    if (name !== 'General' && !ini.configNames().includes(name))
      throw fromFile('configs', unknownConfig(ini, name, s.ini));
    const runs = ini.config(name);
    runs.count(1);
    runs.checkReferences();
  }
  if (s.run.preset === 'command' || (given.build && given.model && given.nedPath && given.projects))
    return { settings: s, detected: undefined, modelDetected: false, ini };
  const loadsLibs = ini.doc.sections.some((sec) => sec.entries.some((e) => e.key === 'load-libs'));
  let r;
  try {
    r = applyDetection(s, given, detectFolder(dir, loadsLibs), dir);
  } catch (e) {
    if (e instanceof ModelDetectionError && e.settingsPath !== undefined) {
      const at = await campaignFileLocation(dir, e.settingsPath);
      e.message = `${at ?? campaignFile ?? 'opp-campaign.yml'}: ${e.message}`;
    }
    throw e instanceof ModelDetectionError ? inEnclosingProject(e, dir, s.ini) : e;
  }
  return { settings: r.settings, detected: r.line, modelDetected: !given.model, ini };
}

/**
 * Where a missing ini was looked for (the folder, absolute: `run` with no DIR looks in the
 * current one), and the command for the parent folder when the ini is there (`run` from a
 * project's subfolder, as `out/` or `results/`).
 */
function lookedIn(dir: string, file: string): string {
  const folder = dirname(resolve(dir, file));
  const parent = dirname(folder);
  const there =
    parent !== folder && existsSync(join(parent, basename(file)))
      ? `; ${parent} has one: ${campaignCommand('run', relative(process.cwd(), parent) || '.')}`
      : '';
  return ` (looked for in ${folder}${there})`;
}

/**
 * A folder with no model of its own inside an OMNeT++ project (the IDE's `simulations/` beside
 * `src/`, as INET's and Veins' examples are): the error says how to run it from the project.
 */
function inEnclosingProject(
  e: ModelDetectionError,
  dir: string,
  ini: readonly string[],
): ModelDetectionError {
  if (!e.message.includes('no simulation model found')) return e;
  const here = resolve(dir);
  for (let up = dirname(here), depth = 0; up !== dirname(up) && depth < 8; up = dirname(up)) {
    depth++;
    if (!existsSync(join(up, '.project'))) continue;
    const project = relative(process.cwd(), up) || '.';
    const inis = ini.flatMap((f) => ['-f', join(relative(up, here), f)]);
    return new ModelDetectionError(
      `${e.message}. ${dir} is inside the OMNeT++ project at ${project} (its .project): run it ` +
        `from there, as the IDE builds it: ${campaignCommand('run', project, ...inis)}`,
    );
  }
  return e;
}

/** After the build: a detected model that is not there stops the campaign before any run. */
export function checkDetectedModel(dir: string, c: LoadedCampaign): void {
  if (!c.modelDetected) return;
  const missing = missingModelFiles(dir, c.settings.run);
  if (missing.length > 0)
    throw new ModelDetectionError(
      `${dir}: the build is done but the detected model is not there (${missing.join(', ')}); no run was started. Say what to run in opp-campaign.yml (run: program or libraries)`,
    );
}

export async function loadSettings(
  dir: string,
  overrides: SettingsOverrides,
): Promise<CampaignSettings> {
  return (await loadCampaign(dir, overrides)).settings;
}

/** Arguments for every run (after `--` on the command line), added to `run.args`. */
export function withExtraArgs(s: CampaignSettings, args: readonly string[]): CampaignSettings {
  if (args.length === 0) return s;
  if (s.run.preset !== 'omnetpp')
    throw Object.assign(
      new Error(
        "arguments after -- go to opp_run or the model program; a 'command' run takes its arguments in its template",
      ),
      { userFacing: true },
    );
  const problem = campaignArgProblem(args);
  if (problem !== undefined)
    throw Object.assign(new Error(`an argument after --: ${problem.message}`), {
      userFacing: true,
      usage: true,
    });
  return { ...s, run: { ...s.run, args: [...s.run.args, ...args] } };
}

/** What a campaign executor has settled before it takes its results folder, and the folder's runs. */
export interface ClaimedFolder {
  readonly dir: string;
  readonly s: CampaignSettings;
  readonly outDir: string;
  readonly resultDir: string;
  readonly ini: IniConfig;
  readonly jobs: number;
  readonly registry: RunningRegistry;
  readonly say: (line: string) => void;
}

/**
 * Runs `body` holding the results folder (its lock: one campaign per folder), after stopping
 * the runs that a killed campaign left running there.
 */
export async function withResultsFolder<T>(
  outDir: string,
  say: (line: string) => void,
  body: (registry: RunningRegistry) => Promise<T>,
): Promise<T> {
  // the dataset's SQLite files go in the folder (run's merge, a shard's merged in another job):
  // a path SQLite cannot open is said before anything is built or run, not after every run
  const tooLong = datasetPathProblem(outDir);
  if (tooLong !== undefined) throw Object.assign(new Error(tooLong), { userFacing: true });
  const foreign = foreignResultFiles(outDir);
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 3).join(', ') +
      (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
    throw Object.assign(
      new Error(
        `${outDir} holds result files that no campaign made (${shown}): OMNeT++ writes its runs there by default, and they would mix with the campaign's dataset. Move them away, or give the campaign a folder of its own with --results OUT`,
      ),
      { userFacing: true },
    );
  }
  const merged = mergedInRuns(outDir);
  if (merged !== undefined) throw Object.assign(new Error(merged), { userFacing: true });
  mkdirSync(join(outDir, '.opp-campaign'), { recursive: true });
  const release = lockResultsFolder(outDir);
  const registry = new RunningRegistry(join(outDir, '.opp-campaign', 'running'));
  // (a folder removed under the campaign: its registry and lock went with it)
  const close = (gone: boolean): void => {
    try {
      registry.close();
      release();
    } catch (e) {
      if (!gone) throw e;
    }
  };
  let value: T;
  try {
    if (adoptLegacyLayout(outDir))
      say(
        `${outDir} is a results folder of an earlier version: moved its ${LEGACY_RUNS_DIR}/ to ${RUNS_DIR}/`,
      );
    // the merge job's artifact unpacked by hand: its vector files are at its top only
    const { setAside } = relinkUnpackedArtifact(outDir);
    if (setAside.length > 0) say(`opp-campaign: warning: ${notRecordedWarning(outDir, setAside)}`);
    const reaped = registry.reapSurvivors();
    if (reaped > 0)
      say(
        `stopped ${reaped} process group(s) (runs, or a build) left behind by an earlier, killed campaign`,
      );
    value = await body(registry);
  } catch (e) {
    // whatever failed first (a run's file, the journal, the registry) failed for this
    const gone = removed(outDir);
    close(gone);
    throw gone ? removedWhileRunning(outDir) : e;
  }
  close(removed(outDir));
  return value;
}

/**
 * The campaign's lock in OUT is gone: OUT was removed under the campaign (a folder made again
 * since, by a run or a clean-up, has no lock).
 */
function removed(outDir: string): boolean {
  return !existsSync(join(outDir, '.opp-campaign', 'lock'));
}

/** The results folder was removed while the runs went on: they are stopped, nothing is merged. */
function removedWhileRunning(outDir: string): Error {
  return Object.assign(
    new Error(
      `the results folder ${outDir} was removed while the campaign ran: runs stopped; nothing to merge (run the campaign again to run them all)`,
    ),
    { userFacing: true },
  );
}

/**
 * OMNeT++ result files at the top of a folder that is no campaign's (no `.opp-campaign`, no
 * journal, no `runs.csv`): what `opp_run` or the IDE wrote into `results/`, OMNeT++'s default
 * result folder.
 */
function foreignResultFiles(outDir: string): string[] {
  // a campaign's folder, a fetched one, or a dataset `merge` made
  for (const mark of ['.opp-campaign', 'journal.jsonl', 'runs.csv'])
    if (existsSync(join(outDir, mark))) return [];
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return [];
  }
  return names.filter((n) => /\.(sca|vec|vci|elog)$/.test(n)).sort();
}

/**
 * Why a campaign may not take OUT, when OUT's dataset holds runs that no run of its journal
 * made: runs `opp-campaign merge` put there from elsewhere (another campaign's folder, result
 * files), or a dataset `merge` alone made. The campaign's merge at its end makes OUT's dataset
 * from its journal's runs, so those runs would be dropped. A row of OUT/runs.csv is the
 * campaign's when its log is inside OUT (the campaign's own logs) or its key is one the journal
 * knows (a run, or one set aside as superseded). Undefined when there are none.
 */
function mergedInRuns(outDir: string): string | undefined {
  const csv = join(outDir, 'runs.csv');
  let text: string;
  try {
    text = readFileSync(csv, 'utf8');
  } catch {
    return undefined;
  }
  const inside = (log: string): boolean =>
    log !== '' && !isAbsolute(log) && !log.split(/[\\/]/).includes('..');
  // a campaign's own runs.csv (every log inside OUT) by its log column alone, not parsed whole:
  // a runs.csv of 50,000 runs is read at every rerun (0.3-0.6 s parsed whole, before the lock)
  if (csvColumn(text, 'log').every(inside)) return undefined;
  const [header = [], ...rows] = parseCsv(text);
  const column = (name: string): number => header.indexOf(name);
  const [log, key, config, runnumber] = ['log', 'key', 'config', 'runnumber'].map(column);
  const cell = (row: readonly string[], at: number | undefined): string =>
    at === undefined || at < 0 ? '' : (row[at] ?? '');
  let others = rows.filter((row) => !inside(cell(row, log)));
  if (others.length === 0) return undefined;
  const journal = join(outDir, JOURNAL_FILE);
  if (existsSync(journal)) {
    const state = readJournalAt(journal);
    others = others.filter((row) => {
      const k = cell(row, key);
      return k === '' || !(state.runs.has(k) || state.superseded?.has(k) === true);
    });
  }
  if (others.length === 0) return undefined;
  const first = others[0] ?? [];
  const number = cell(first, runnumber);
  const example = [cell(first, config), number && `#${number}`].filter((x) => x).join(' ');
  const keep = join(dirname(outDir), `${basename(outDir)}-merged`);
  const what = existsSync(journal)
    ? `rows of ${csv} that ${journal} does not know`
    : `rows of ${csv}, and no campaign journal`;
  return (
    `${outDir} holds ${others.length} run(s) that its campaign did not make (${what}${example ? `, e.g. ${example}` : ''}): runs merged in with \`opp-campaign merge\`. A campaign's results folder is its own dataset, made again from its journal's runs at its end, so they would be dropped; nothing was run or changed. ` +
    (existsSync(journal)
      ? `Give the campaign a folder of its own with --results OUT, or keep the dataset elsewhere first (${campaignCommand('merge', outDir, '-o', keep)}) and make ${outDir} the campaign's again (${campaignCommand('merge', join(outDir, RUNS_DIR), '-o', outDir, '--rebuild')})`
      : `Give the campaign a folder of its own with --results OUT`)
  );
}

/** Reads the ini files of a project; names stay as written (relative to DIR), as opp_run sees them. */
/**
 * The configs of the ini files in `dir` (omnetpp.ini by default), or none when they cannot be
 * read: for a hint about a command line, never an error of its own.
 */
export function configNamesIn(dir: string, iniFiles: readonly string[] | undefined): string[] {
  try {
    const files = iniFiles && iniFiles.length > 0 ? iniFiles : ['omnetpp.ini'];
    if (!files.every((f) => existsSync(resolve(dir, f)))) return [];
    return new IniConfig(
      readIniFiles(files, (p) => {
        try {
          return iniText(readFileSync(resolve(dir, p)));
        } catch {
          return undefined;
        }
      }),
    ).configNames();
  } catch {
    return [];
  }
}

export function loadIni(dir: string, settings: CampaignSettings): IniConfig {
  return new IniConfig(
    readIniFiles(settings.ini, (p) => {
      try {
        return iniText(readFileSync(resolve(dir, p)));
      } catch {
        return undefined;
      }
    }),
    filterTimeNow(),
  );
}

/**
 * Builds the referenced projects that changed (stamps and logs in OUT/.opp-campaign/projects;
 * git projects are checked out in `projectsDir`, by default next to the ccache folder).
 * Undefined without projects.
 */
export async function buildReferencedProjects(
  dir: string,
  settings: CampaignSettings,
  outDir: string,
  ccacheDir: string,
  jobs: number,
  say: (line: string) => void,
  projectsDir = join(dirname(resolve(ccacheDir)), 'projects'),
  registry?: RunningRegistry,
  signal?: AbortSignal,
): Promise<LinkedProjects | undefined> {
  return buildProjects({
    dir,
    settings,
    stateDir: join(outDir, '.opp-campaign', 'projects'),
    checkoutRoot: projectsDir,
    ccacheDir,
    jobs,
    say,
    // listed with the campaign's runs: a killed campaign's build is stopped by the next one
    ...(registry ? { group: { registry, key: campaignBuildKey() } } : {}),
    // stopped with the campaign, as the model's build is (see buildOnce)
    ...(signal ? { signal } : {}),
  });
}

export async function buildOnce(
  dir: string,
  settings: CampaignSettings,
  outDir: string,
  ccacheDir: string,
  jobs: number,
  say: (line: string) => void,
  linked?: LinkedProjects,
  started?: () => void,
  signal?: AbortSignal,
  registry?: RunningRegistry,
): Promise<BuildResult> {
  const logFile = join(outDir, '.opp-campaign', 'build.log');
  if (settings.build.preset !== 'none') say(`building (${settings.build.preset})...`);
  const steps = modelBuildSteps(settings.build, linked, dir, jobs);
  const r = await build({
    settings: settings.build,
    ...(steps ? { steps } : {}),
    projectDir: dir,
    logFile,
    ccacheDir,
    jobs,
    ...(linked ? { env: linked.buildEnv } : {}),
    ...(started ? { started } : {}),
    ...(signal ? { signal } : {}),
    // listed with the campaign's runs: a killed campaign's build is stopped by the next one
    ...(registry ? { group: { registry, key: campaignBuildKey() } } : {}),
  });
  if (r.ccacheWarning) say(`warning: ${r.ccacheWarning}`);
  signal?.throwIfAborted();
  if (!r.ok)
    throw new BuildError(
      `the build failed (${r.command}); no run was started. From ${logFile}:\n  ${r.tail.join('\n  ')}`,
      r,
    );
  // a Makefile opp_makemake wrote, written again for sources that came or went: said, since a
  // hand edit of it is gone (as the IDE's build would have done)
  const makemake = /^opp_makemake\b[^&]*/.exec(r.command)?.[0]?.trim();
  if (settings.build.preset === 'make' && makemake !== undefined)
    say(
      `the sources are not those the Makefile lists: written again (${makemake}), as the IDE does; changes of your own belong in makefrag`,
    );
  if (settings.build.preset !== 'none') {
    const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : '';
    say(`built in ${(r.ms / 1000).toFixed(2)}s${cc}`);
  }
  return r;
}

/**
 * OMNeT++'s "No such config" for a config asked for that the ini does not have, with the
 * configs it has (a name in another case, or a typo's closest, first: `-c fifo1` for Fifo1).
 */
function unknownConfig(ini: IniConfig, name: string, files: readonly string[]): IniError {
  const names = ini.configNames();
  // a name in another case, else one a letter or two away (a typo)
  const sameLetters = names.filter((n) => n.toLowerCase() === name.toLowerCase());
  const near = sameLetters.length > 0 ? sameLetters : closestNames(name, names);
  const known = near.length > 0 ? `did you mean ${near.join(', ')}? ` : '';
  return new IniError(
    `No such config: ${name} (${known}the configs of ${files.join(', ')}: ${names.join(', ')})`,
  );
}
