// The campaign file (opp-campaign.yml): what to run, how to build, how to start a run, and what
// its results are. Validation is pure: it takes the parsed YAML value and reports problems with
// the key path, which the file adapter turns into a line number.

import { parseScalarSpec, ScalarSpecError } from '../report/scalar-choice.js';
import type { FeatureChoice } from '../projects/features.js';
import type { BuildSpecDir } from '../projects/project-files.js';
import { parseFeatures, parseProjects, type ProjectSettings } from './project-settings.js';
import { parseSidecars, type SidecarSettings } from './sidecar-settings.js';
import { campaignArgProblem } from './command.js';

export type BuildSettings =
  | { readonly preset: 'none' }
  | ((
      | {
          readonly preset: 'make';
          readonly dir: string;
          readonly target?: string;
          readonly args: readonly string[];
        }
      | {
          readonly preset: 'omnetpp';
          readonly dir: string;
          /** Options for opp_makemake (default: -f --deep). */
          readonly makemake: readonly string[];
          readonly mode: 'release' | 'debug';
          /**
           * Detected from the project's .oppbuildspec (never from the campaign file): build as
           * the IDE does, opp_makemake in each makemake folder with its options, then make.
           */
          readonly buildSpec?: readonly BuildSpecDir[];
        }
      | { readonly preset: 'command'; readonly command: string; readonly dir: string }
    ) & {
      /**
       * Globs (relative to the project) of built files the runs need besides `run.program`
       * and `run.libraries`; they go into the build artifact other runners download.
       */
      readonly outputs?: readonly string[];
    });

export type RunSettings =
  | {
      readonly preset: 'omnetpp';
      /** The model executable; without it, `opp_run -l LIB -n NEDPATH`. */
      readonly program?: string;
      readonly libraries: readonly string[];
      readonly nedPath: readonly string[];
      readonly args: readonly string[];
    }
  | { readonly preset: 'command'; readonly command: string };

/** What report.html charts. */
export interface ReportSettings {
  /** "module pattern:scalar name" (default: a few scalars that every run of a config recorded, per config). */
  readonly scalars?: readonly string[];
}

export interface CampaignSettings {
  readonly ini: readonly string[];
  readonly configs: readonly string[];
  readonly runs: string | undefined;
  readonly jobs: number | undefined;
  /** Per-run wall-clock limit in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** How many times a run that died of a signal or timed out is tried again. */
  readonly retries: number;
  /**
   * Runs of one configuration per OMNeT++ process (`omnetpp` runs without sidecars); default:
   * about runs/jobs, at most 5, as opp_runall (see core/campaign/batch.ts).
   */
  readonly batch?: number;
  readonly build: BuildSettings;
  readonly run: RunSettings;
  readonly env: Readonly<Record<string, string>>;
  /** Glob patterns (relative to the result folder) of the files a run produces. */
  readonly resultFiles: readonly string[];
  readonly resultsDir: string;
  readonly maxRuns: number | undefined;
  /** Present when the campaign file has a `report` key. */
  readonly report?: ReportSettings;
  /** Referenced projects, built before the model (present when the file has the key). */
  readonly projects?: readonly ProjectSettings[];
  /** Project features to enable or disable, by referenced project. */
  readonly features?: Readonly<Record<string, FeatureChoice>>;
  /** Helper processes each run gets its own instance of. */
  readonly sidecars?: readonly SidecarSettings[];
}

export class SettingsError extends Error {
  constructor(
    message: string,
    /** Key path of the offending value, e.g. ['build', 'preset']. */
    readonly path: readonly (string | number)[],
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export const DEFAULT_SETTINGS: CampaignSettings = {
  ini: ['omnetpp.ini'],
  configs: ['General'],
  runs: undefined,
  jobs: undefined,
  timeoutMs: undefined,
  retries: 1,
  build: { preset: 'none' },
  run: { preset: 'omnetpp', libraries: [], nedPath: [], args: [] },
  env: {},
  resultFiles: ['*.sca', '*.vec', '*.vci'],
  resultsDir: 'results',
  maxRuns: undefined,
};

type Obj = Record<string, unknown>;
type Path = (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fields(v: unknown, path: Path, allowed: readonly string[]): Obj {
  if (!isObj(v)) throw new SettingsError(`${label(path)} must be a mapping`, path);
  for (const k of Object.keys(v))
    if (!allowed.includes(k))
      throw new SettingsError(
        `unknown key '${[...path, k].join('.')}' (known keys${path.length ? ` of ${path.join('.')}` : ''}: ${allowed.join(', ')})`,
        [...path, k],
      );
  return v;
}

const label = (path: Path): string =>
  path.length === 0 ? 'the campaign file' : `'${path.join('.')}'`;

export function str(v: unknown, path: Path): string {
  if (typeof v !== 'string' || v === '')
    throw new SettingsError(`${label(path)} must be a non-empty string`, path);
  return v;
}

export function strList(v: unknown, path: Path): string[] {
  if (typeof v === 'string') return [str(v, path)];
  if (!Array.isArray(v))
    throw new SettingsError(`${label(path)} must be a string or a list of strings`, path);
  return v.map((x, i) => str(x, [...path, i]));
}

/** Parallel runs: more slots than this is a typo (`-j 30000000`), not a machine. */
export const MAX_JOBS = 1024;
/** Retries of a run killed by a signal or timed out. */
export const MAX_RETRIES = 100;
/** The longest duration a timer can wait (Node fires longer timers at once). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** A value as the user wrote it, short: for error messages. */
export const shown = (v: unknown): string => {
  const text = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function posInt(v: unknown, path: Path, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new SettingsError(
      `${label(path)} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, not ${shown(v)}`,
      path,
    );
  return v;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `90`, `90s`, `1.5m`, `2h`, `500ms`: milliseconds. A bare number is seconds. */
export function parseDuration(v: unknown, path: Path): number {
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(v) : null;
  const ms =
    typeof v === 'number' ? v * 1000 : m ? Number(m[1]) * (UNITS[m[2] ?? 's'] as number) : NaN;
  if (!(ms > 0))
    throw new SettingsError(
      `${label(path)} must be a duration such as 90s, 10m or 2h, not ${shown(v)}`,
      path,
    );
  if (ms > MAX_DURATION_MS)
    throw new SettingsError(`${label(path)} must be at most 596h, not ${shown(v)}`, path);
  return ms;
}

function parseBuild(v: unknown, path: Path): BuildSettings {
  if (v === undefined) return DEFAULT_SETTINGS.build;
  if (typeof v === 'string') return parseBuild({ preset: v }, path);
  const o = fields(v, path, [
    'preset',
    'command',
    'dir',
    'target',
    'args',
    'makemake',
    'mode',
    'outputs',
  ]);
  const preset =
    typeof o['preset'] === 'string'
      ? o['preset']
      : o['command'] !== undefined
        ? 'command'
        : o['preset'];
  const dir = o['dir'] === undefined ? '.' : str(o['dir'], [...path, 'dir']);
  const outputs =
    o['outputs'] === undefined ? {} : { outputs: strList(o['outputs'], [...path, 'outputs']) };
  const only = (keys: string[]): void => {
    for (const k of Object.keys(o))
      if (!['preset', 'dir', 'outputs', ...keys].includes(k))
        throw new SettingsError(
          `'${[...path, k].join('.')}' does not apply to build preset '${typeof preset === 'string' ? preset : '?'}'`,
          [...path, k],
        );
  };
  switch (preset) {
    case 'none':
      if (o['outputs'] !== undefined)
        throw new SettingsError(
          `'${path.join('.')}.outputs' does not apply to build preset 'none'`,
          [...path, 'outputs'],
        );
      only([]);
      return { preset: 'none' };
    case 'make':
      only(['target', 'args']);
      return {
        preset: 'make',
        dir,
        ...(o['target'] !== undefined ? { target: str(o['target'], [...path, 'target']) } : {}),
        args: o['args'] === undefined ? [] : strList(o['args'], [...path, 'args']),
        ...outputs,
      };
    case 'omnetpp': {
      only(['makemake', 'mode']);
      const mode = o['mode'] ?? 'release';
      if (mode !== 'release' && mode !== 'debug')
        throw new SettingsError(`'${path.join('.')}.mode' must be release or debug`, [
          ...path,
          'mode',
        ]);
      return {
        preset: 'omnetpp',
        dir,
        makemake:
          o['makemake'] === undefined
            ? ['-f', '--deep']
            : strList(o['makemake'], [...path, 'makemake']),
        mode,
        ...outputs,
      };
    }
    case 'command':
      only(['command']);
      return {
        preset: 'command',
        command: str(o['command'], [...path, 'command']),
        dir,
        ...outputs,
      };
    default:
      throw new SettingsError(
        `'${path.join('.')}.preset' must be one of none, make, omnetpp, command`,
        [...path, 'preset'],
      );
  }
}

function parseRun(v: unknown, path: Path): RunSettings {
  if (v === undefined) return DEFAULT_SETTINGS.run;
  const o = fields(v, path, ['preset', 'program', 'libraries', 'ned-path', 'args', 'command']);
  const preset = o['preset'] ?? (o['command'] !== undefined ? 'command' : 'omnetpp');
  if (preset === 'command') {
    for (const k of Object.keys(o))
      if (!['preset', 'command'].includes(k))
        throw new SettingsError(
          `'${[...path, k].join('.')}' does not apply to run preset 'command'`,
          [...path, k],
        );
    return { preset: 'command', command: str(o['command'], [...path, 'command']) };
  }
  if (preset !== 'omnetpp')
    throw new SettingsError(`'${path.join('.')}.preset' must be omnetpp or command`, [
      ...path,
      'preset',
    ]);
  if (o['command'] !== undefined)
    throw new SettingsError(`'${path.join('.')}.command' does not apply to run preset 'omnetpp'`, [
      ...path,
      'command',
    ]);
  return {
    preset: 'omnetpp',
    ...(o['program'] !== undefined ? { program: str(o['program'], [...path, 'program']) } : {}),
    libraries: o['libraries'] === undefined ? [] : strList(o['libraries'], [...path, 'libraries']),
    nedPath: o['ned-path'] === undefined ? [] : strList(o['ned-path'], [...path, 'ned-path']),
    args: o['args'] === undefined ? [] : runArgs(o['args'], [...path, 'args']),
  };
}

function runArgs(v: unknown, path: Path): string[] {
  const args = strList(v, path);
  const problem = campaignArgProblem(args);
  if (problem !== undefined)
    throw new SettingsError(`'${path.join('.')}': ${problem.message}`, [...path, problem.index]);
  return args;
}

/** Runs per process at most (a batch's runs are listed on one command line). */
export const MAX_BATCH = 1000;

const TOP_KEYS = [
  'ini',
  'configs',
  'runs',
  'jobs',
  'timeout',
  'retries',
  'batch',
  'build',
  'run',
  'env',
  'results',
  'max-runs',
  'report',
  'projects',
  'features',
  'sidecars',
];

function parseReport(v: unknown, path: Path): ReportSettings {
  const o = fields(v, path, ['scalars']);
  if (o['scalars'] === undefined) return {};
  const scalars = strList(o['scalars'], [...path, 'scalars']);
  scalars.forEach((text, i) => {
    try {
      parseScalarSpec(text);
    } catch (e) {
      if (!(e instanceof ScalarSpecError)) throw e;
      throw new SettingsError(`'${path.join('.')}.scalars': ${e.message}`, [...path, 'scalars', i]);
    }
  });
  return { scalars };
}

/** Validates a parsed campaign file; every unknown or mistyped key is an error. */
export function parseCampaignSettings(value: unknown): CampaignSettings {
  if (value === null || value === undefined) return DEFAULT_SETTINGS;
  const o = fields(value, [], TOP_KEYS);
  const env: Record<string, string> = {};
  if (o['env'] !== undefined) {
    const e = fields(o['env'], ['env'], Object.keys(isObj(o['env']) ? o['env'] : {}));
    for (const [k, v] of Object.entries(e)) {
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new SettingsError(`'env.${k}' must be a string`, ['env', k]);
      env[k] = String(v);
    }
  }
  let resultFiles = DEFAULT_SETTINGS.resultFiles;
  let resultsDir = DEFAULT_SETTINGS.resultsDir;
  if (o['results'] !== undefined) {
    const r = fields(o['results'], ['results'], ['dir', 'files']);
    if (r['dir'] !== undefined) resultsDir = str(r['dir'], ['results', 'dir']);
    if (r['files'] !== undefined) resultFiles = strList(r['files'], ['results', 'files']);
  }
  return {
    ini: o['ini'] === undefined ? DEFAULT_SETTINGS.ini : strList(o['ini'], ['ini']),
    configs:
      o['configs'] === undefined ? DEFAULT_SETTINGS.configs : strList(o['configs'], ['configs']),
    runs:
      o['runs'] === undefined
        ? undefined
        : typeof o['runs'] === 'number'
          ? String(o['runs'])
          : str(o['runs'], ['runs']),
    jobs: o['jobs'] === undefined ? undefined : posInt(o['jobs'], ['jobs'], 1, MAX_JOBS),
    timeoutMs: o['timeout'] === undefined ? undefined : parseDuration(o['timeout'], ['timeout']),
    retries:
      o['retries'] === undefined
        ? DEFAULT_SETTINGS.retries
        : posInt(o['retries'], ['retries'], 0, MAX_RETRIES),
    ...(o['batch'] === undefined ? {} : { batch: posInt(o['batch'], ['batch'], 1, MAX_BATCH) }),
    build: parseBuild(o['build'], ['build']),
    run: parseRun(o['run'], ['run']),
    env,
    resultFiles,
    resultsDir,
    maxRuns: o['max-runs'] === undefined ? undefined : posInt(o['max-runs'], ['max-runs']),
    ...(o['report'] === undefined ? {} : { report: parseReport(o['report'], ['report']) }),
    ...referenced(o),
  };
}

function referenced(o: Obj): Pick<CampaignSettings, 'projects' | 'features' | 'sidecars'> {
  const projects = o['projects'] === undefined ? [] : parseProjects(o['projects'], ['projects']);
  return {
    ...(o['projects'] === undefined ? {} : { projects }),
    ...(o['features'] === undefined
      ? {}
      : {
          features: parseFeatures(
            o['features'],
            ['features'],
            o['projects'] === undefined ? undefined : projects,
          ),
        }),
    ...(o['sidecars'] === undefined
      ? {}
      : { sidecars: parseSidecars(o['sidecars'], ['sidecars']) }),
  };
}
