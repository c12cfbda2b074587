// What is checked once, after the build and before any run starts, so that a mistake every run
// would make is reported once: the runs' program exists, and the option names are right.
// Option names: with an OMNeT++ program to ask, its word decides
// (its own options, its user interfaces' and the model's libraries' included): a misspelled
// option fails the campaign at once, every wrong key at its file and line, instead of failing
// every run. Without one, keys that are no OMNeT++ 6.1 option are warnings: the model may
// register options of its own.
import type { LinkedProjects } from './build-projects.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { campaignFileLocation } from '../adapters/campaign-file.js';
import { programProblem } from '../adapters/find-program.js';
import { checkConfiguration, registeredOptions } from '../adapters/omnetpp-check.js';
import { childEnvironment } from '../core/campaign/child-env.js';
import { runCommand, splitWords } from '../core/campaign/command.js';
import type { CampaignSettings } from '../core/campaign/settings.js';
import { IniError, type IniDocument } from '../core/ini/index.js';
import { locationFrom } from '../core/ini/errors.js';
import {
  checkOptionNames,
  omnetppOptionTable,
  optionErrorKey,
  OptionNameError,
  OptionTable,
  type OptionProblem,
} from '../core/ini/option-names.js';
import { OMNETPP_OPTIONS_VERSION } from '../core/ini/omnetpp-options.generated.js';

export interface CheckOptionsInput {
  readonly dir: string;
  readonly settings: CampaignSettings;
  readonly doc: IniDocument;
  readonly linked?: LinkedProjects | undefined;
  readonly say: (line: string) => void;
  /** The project folder as the user gave it: warnings name the ini files from there. */
  readonly shownDir?: string;
  /** false: the sidecars are not checked (see preflightSidecars). */
  readonly sidecars?: boolean;
}

/** The run's command line is wrong (`run.args: [--sim-time-limt=1s]`): every run would fail. */
export class RunArgsError extends Error {
  readonly userFacing = true;
  constructor(omnetppError: string) {
    super(
      `the runs' command line (the options after -- on opp-campaign's, or run.args in the campaign file): ${omnetppError}`,
    );
    this.name = 'RunArgsError';
  }
}

const COMMAND_LINE_ERROR = /^(Unknown|Invalid) command-line configuration option/;

/** The runs' program cannot be started: no run could. */
export class ProgramError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ProgramError';
  }
}

/**
 * Throws ProgramError when the runs' program cannot be started, OptionNameError (or RunArgsError)
 * when OMNeT++ would refuse to start any run; warns about option names it could not ask about.
 */
export async function preflight(p: CheckOptionsInput): Promise<void> {
  const s = p.settings;
  const cmd = runCommand(s.run, {
    config: s.configs[0] ?? 'General',
    runNumber: 0,
    iniFiles: s.ini,
    resultDir: '.',
    runFile: '',
    key: '',
    ...(p.linked ? { linked: p.linked.paths } : {}),
  });
  const env = childEnvironment(process.env, s.env, libraryPath(s, p.linked));
  if (p.sidecars !== false) await checkSidecars(p.dir, s, env['PATH']);
  const missing = programProblem(cmd.command, p.dir, env['PATH']);
  if (missing !== undefined) throw new ProgramError(programMessage(s, cmd.command, missing));
  if (s.run.preset === 'omnetpp') {
    const check = await checkConfiguration(cmd, p.dir, env);
    if (check.kind === 'accepted') return;
    if (check.kind === 'refused') {
      if (COMMAND_LINE_ERROR.test(check.error)) throw new RunArgsError(check.error);
      const key = optionErrorKey(check.error);
      if (key !== undefined) {
        const listed = await registeredOptions(cmd, p.dir, env);
        const table = listed ? new OptionTable(listed) : omnetppOptionTable();
        throw refusal(check.error, key, checkOptionNames(p.doc, table), p.doc);
      }
      // a library of load-libs that does not load: every run would stop there too
      if (LIBRARY_ERROR.test(check.error)) throw refusedOutright(check.error, p.doc);
      // any other refusal of the configuration (the check has the runs' command line, so each
      // run would stop with it): at OMNeT++'s `'FILE' line N` when it names one. A program
      // that does not know the check's query (or -s) is no refusal of the configuration.
      if (!QUERY_ERROR.test(check.error)) throw refusedAt(check.error);
    }
    // OMNeT++ did not get as far as the option names for another reason (a program that is no
    // OMNeT++ after all): the runs will say what is wrong; the names get the offline check
  }
  warnOffline(p.doc, p.say, p.shownDir ?? '.');
}

/**
 * The sidecars' part of preflight alone: for a check made while the model built (the build may
 * make a sidecar's program, as it makes the model).
 */
export async function preflightSidecars(
  p: Pick<CheckOptionsInput, 'dir' | 'settings' | 'linked'>,
): Promise<void> {
  const env = childEnvironment(process.env, p.settings.env, libraryPath(p.settings, p.linked));
  await checkSidecars(p.dir, p.settings, env['PATH']);
}

/**
 * Every sidecar's folder is there and its program can be started (on PATH, or a path from its
 * folder; one named by a placeholder is left to the run): else every run would fail, each
 * retried, with `spawn sh ENOENT` or `spawn nosuchprog ENOENT`.
 */
async function checkSidecars(
  dir: string,
  s: CampaignSettings,
  path: string | undefined,
): Promise<void> {
  for (const [i, sc] of (s.sidecars ?? []).entries()) {
    const folder = resolve(dir, sc.dir);
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
      throw await sidecarError(
        dir,
        ['sidecars', i, 'dir'],
        `sidecar '${sc.name}': its folder ${folder} (dir) ${existsSync(folder) ? 'is not a folder' : 'does not exist'}`,
      );
    const program = splitWords(sc.command)[0];
    if (program === undefined || /\$?\{[A-Za-z_][A-Za-z0-9_-]*\}/.test(program)) continue;
    const problem = programProblem(program, folder, path);
    if (problem !== undefined)
      throw await sidecarError(
        dir,
        ['sidecars', i, 'command'],
        `sidecar '${sc.name}': its program ${program}: ${problem}`,
      );
  }
}

async function sidecarError(
  dir: string,
  path: (string | number)[],
  message: string,
): Promise<ProgramError> {
  const at = await campaignFileLocation(dir, path);
  return new ProgramError(`${at ?? 'opp-campaign.yml'}: ${message}`);
}

/** OMNeT++'s own refusal, with every other problem of the same kind at its line. */
function programMessage(s: CampaignSettings, command: string, problem: string): string {
  if (s.run.preset === 'command')
    return `the run command's program ${command}: ${problem} (run.command)`;
  if (s.run.program !== undefined) return `the run program ${command}: ${problem} (run.program)`;
  return `${command}: ${problem}: install OMNeT++ and put its bin/ on PATH, or name the model's executable in run.program`;
}

function refusal(error: string, key: string, found: OptionProblem[], doc: IniDocument): IniError {
  if (found.some((f) => f.message === error)) return new OptionNameError(found);
  const at = doc.sections.flatMap((s) => s.entries).find((e) => e.key === key);
  if (!at) return new IniError(error);
  return new OptionNameError([
    { message: error, location: { file: at.file, line: at.line } },
    ...found,
  ]);
}

/** OMNeT++ refused to start at all (not over an option's name): no run would start either. */
export class StartRefusedError extends IniError {
  constructor(message: string, location?: { file: string; line: number }) {
    super(message, location);
    this.name = 'StartRefusedError';
  }
}

const LIBRARY_ERROR = /^Cannot load library/;

/** OMNeT++'s refusal at start-up, at the load-libs line when there is one. */
function refusedOutright(error: string, doc: IniDocument): StartRefusedError {
  const at = doc.sections.flatMap((s) => s.entries).find((e) => e.key === 'load-libs');
  return new StartRefusedError(
    `OMNeT++ refused to start the runs: ${error}`,
    at && { file: at.file, line: at.line },
  );
}

/** A refusal of the check's own options (`-s -q sectioninheritance`), which the runs do not get. */
const QUERY_ERROR = /(^|[^\w-])-[sq]\b|\bquer(y|ies)\b/i;
const AT_LINE = /, '([^']+)' line (\d+)$/;

/** OMNeT++'s refusal at start-up, at the file and line it names (`..., 'omnetpp.ini' line 1`). */
function refusedAt(error: string): StartRefusedError {
  const m = AT_LINE.exec(error);
  if (!m) return new StartRefusedError(`OMNeT++ refused to start the runs: ${error}`);
  return new StartRefusedError(`OMNeT++ refused to start the runs: ${error.slice(0, m.index)}`, {
    file: m[1] as string,
    line: Number(m[2]),
  });
}

function warnOffline(doc: IniDocument, say: (line: string) => void, shownDir: string): void {
  const lines = offlineWarnings(doc, shownDir);
  if (lines.length === 0) return;
  for (const l of lines) say(l);
  say(
    `opp-campaign: warning: (option names checked against OMNeT++ ${OMNETPP_OPTIONS_VERSION}'s own list: no OMNeT++ program answered; a model may register more)`,
  );
}

/**
 * Keys that are no option of OMNeT++ 6.1 (nor a parameter), one line each:
 * `opp-campaign: warning: omnetpp.ini:3: Unknown configuration option: sim-time-limt`.
 */
export function offlineWarnings(doc: IniDocument, shownDir = '.'): string[] {
  return checkOptionNames(doc, omnetppOptionTable()).map((p) => {
    const at = locationFrom(shownDir, p.location);
    return `opp-campaign: warning: ${at.file}:${at.line}: ${p.message}`;
  });
}

/** Referenced projects' library folders, as the runs get them. */
function libraryPath(
  s: CampaignSettings,
  linked: LinkedProjects | undefined,
): Record<string, string> {
  if (!linked || linked.libraryDirs.length === 0) return {};
  const inherited = (s.env['LD_LIBRARY_PATH'] ?? process.env['LD_LIBRARY_PATH'] ?? '')
    .split(':')
    .filter((d) => d !== '');
  return { LD_LIBRARY_PATH: [...linked.libraryDirs, ...inherited].join(':') };
}
