// The command line of one run. The `omnetpp` preset builds what opp_runall would run:
// `PROGRAM -u Cmdenv -c CONFIG -r N -f INI... --result-dir=DIR` (or `opp_run -l LIB -n NEDPATH`
// when there is no model executable). A `command` template is split like a shell would split
// it (quotes, backslashes), but never run by a shell: placeholders are replaced inside
// arguments, so a value with spaces or `;` stays one argument.
// With referenced projects, an `omnetpp` run also gets their NED folders (-n, combined with the
// model's own), NED exclusions (-x), libraries (-l) and image folders (-i), program or not.
import type { RunSettings } from './settings.js';

/** What referenced projects add to an `omnetpp` run; paths relative to the project folder. */
export interface LinkedPaths {
  /** The projects' NED folders in build order, then the model's own. */
  readonly nedPath: readonly string[];
  readonly nedExclusions: readonly string[];
  readonly libraries: readonly string[];
  readonly imagePath: readonly string[];
}

export interface RunCommandInput {
  readonly config: string;
  readonly runNumber: number;
  /** Several runs in one process (`-r 3,4,5`, the `omnetpp` preset only): see batch.ts. */
  readonly batch?: readonly number[];
  readonly iniFiles: readonly string[];
  readonly resultDir: string;
  readonly runFile: string;
  readonly key: string;
  readonly linked?: LinkedPaths;
  /** Appended to the command line (how a run learns its sidecars' ports). */
  readonly extraArgs?: readonly string[];
}

export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export const PLACEHOLDERS = ['config', 'run', 'ini', 'resultdir', 'runfile', 'key'] as const;

export function runCommand(settings: RunSettings, input: RunCommandInput): CommandLine {
  const extra = input.extraArgs ?? [];
  if (settings.preset === 'command') {
    const c = fromTemplate(settings.command, input);
    return { command: c.command, args: [...c.args, ...extra] };
  }
  const common = [
    '-u',
    'Cmdenv',
    '-c',
    input.config,
    '-r',
    input.batch !== undefined ? input.batch.join(',') : String(input.runNumber),
    ...input.iniFiles.flatMap((f) => ['-f', f]),
    `--result-dir=${input.resultDir}`,
    ...settings.args,
    ...extra,
  ];
  const linked = input.linked;
  if (linked) {
    const paths = [
      ...[...linked.libraries, ...settings.libraries].flatMap((l) => ['-l', l]),
      ...(linked.nedPath.length > 0 ? ['-n', linked.nedPath.join(':')] : []),
      ...(linked.nedExclusions.length > 0 ? ['-x', linked.nedExclusions.join(';')] : []),
      ...(linked.imagePath.length > 0 ? ['-i', linked.imagePath.join(':')] : []),
    ];
    return { command: settings.program ?? 'opp_run', args: [...paths, ...common] };
  }
  // a model's executable takes -l and -n as opp_run does (its .nedfolders: the IDE's src/ and
  // simulations/ are no NED folder of the folder the runs start in)
  const libs = settings.libraries.flatMap((l) => ['-l', l]);
  const ned = settings.nedPath.length > 0 ? ['-n', settings.nedPath.join(':')] : [];
  return { command: settings.program ?? 'opp_run', args: [...libs, ...ned, ...common] };
}

/** Splits a template into words (single/double quotes, backslash escapes) and fills it in. */
export function fromTemplate(template: string, input: RunCommandInput): CommandLine {
  const words = splitWords(template);
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    config: input.config,
    run: String(input.runNumber),
    ini: input.iniFiles.join(' '),
    resultdir: input.resultDir,
    runfile: input.runFile,
    key: input.key,
  };
  const filled = words.flatMap((w) => {
    // {ini} alone as a word expands to one word per ini file
    if (w === '{ini}') return [...input.iniFiles];
    return [
      w.replace(/\{([a-z]+)\}/g, (m, name: string) => {
        if (!(PLACEHOLDERS as readonly string[]).includes(name))
          throw new TemplateError(
            `unknown placeholder ${m} in run command (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
          );
        return values[name as (typeof PLACEHOLDERS)[number]];
      }),
    ];
  });
  const [command, ...args] = filled;
  if (command === undefined) throw new TemplateError('the run command is empty');
  return { command, args };
}

export function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) throw new TemplateError(`unclosed ' in run command: ${s}`);
      cur += s.slice(i + 1, close);
      i = close;
      inWord = true;
    } else if (c === '"') {
      // inside double quotes a backslash escapes " \ $ and `
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1] as string)) j++;
        cur += s[j];
      }
      if (j >= s.length) throw new TemplateError(`unclosed " in run command: ${s}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** A command as a user can paste it into a shell to reproduce a run. */
export function shellQuote(cmd: CommandLine, env: Readonly<Record<string, string>> = {}): string {
  const q = (w: string): string =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
  const vars = Object.entries(env).map(([k, v]) => `${k}=${q(v)}`);
  return [...vars, q(cmd.command), ...cmd.args.map(q)].join(' ');
}

/** An `opp-campaign` command line that a message offers, quoted so that pasting it works. */
export function campaignCommand(...args: string[]): string {
  return shellQuote({ command: 'opp-campaign', args });
}

/**
 * Options an `omnetpp` run gets besides the user's, where the run's config sets them otherwise (a
 * command-line option wins over the ini). `debug-on-errors = true`, handy in the IDE, turns a
 * model's error into SIGTRAP when no debugger is attached: a campaign would see a crash and retry
 * a deterministic failure; it stays on when `run.args` sets it itself. `cmdenv-interactive =
 * true` makes Cmdenv ask for unassigned parameters on its standard input, which a campaign's run
 * does not have: OMNeT++ then asks again forever, its log growing by megabytes a second.
 */
export function batchOptions(
  settings: RunSettings,
  entries: readonly { readonly key: string; readonly value: string }[],
): string[] {
  if (settings.preset !== 'omnetpp') return [];
  const on = (key: string): boolean => {
    const set = entries.find((e) => e.key === key);
    return set !== undefined && set.value !== 'false';
  };
  const options: string[] = [];
  if (on('debug-on-errors') && !settings.args.some((a) => a.startsWith('--debug-on-errors')))
    options.push('--debug-on-errors=false');
  if (on('cmdenv-interactive')) options.push('--cmdenv-interactive=false');
  return options;
}

/** opp_run's options that take a value (EnvirBase's argument spec), as `-c NAME` or `-cNAME`. */
const VALUE_OPTIONS = new Set(['f', 'u', 'l', 'c', 'r', 'n', 'x', 'X', 'i', 'p', 'q']);

/** What opp-campaign sets on every run's command line itself, and where the user chooses it. */
const SET_BY_CAMPAIGN: Readonly<Record<string, string>> = {
  c: "sets each run's config itself: choose configs with -c NAME before --, or configs: in the campaign file",
  r: "sets each run's run number itself: choose runs with -r FILTER before --, or runs: in the campaign file",
  f: "gives every run the campaign's ini files: choose them with -f INI before --, or ini: in the campaign file",
  u: 'runs every run under Cmdenv',
  q: 'runs simulations: this option makes the program print information and exit',
  a: 'runs simulations: this option makes the program print information and exit',
  h: 'runs simulations: this option makes the program print help and exit',
  v: 'runs simulations: this option makes the program print its version and exit',
};

/**
 * The first of a run's extra arguments (after `--`, or `run.args`) that would make it run
 * something other than what was planned and recorded, with why; undefined when there is none.
 * OMNeT++ takes a word that is no option as another ini file.
 */
/**
 * Options that decide which runs there are, or what the plan records of each: given to every
 * run on its command line, OMNeT++ would run other runs than the campaign planned (`--repeat=3`
 * makes 6 runs of 4, and run 2 another simulation), or write other files than it looks for.
 */
const PLANNED_FROM_INI: Readonly<Record<string, string>> = {
  repeat: 'it changes how many runs there are and which is which',
  constraint: 'it changes which runs there are and their numbers',
  'iteration-nesting-order': 'it changes which run has which number',
  'seed-set': "it changes each run's seed set, which the plan records",
  'output-scalar-file': 'it changes the result files the campaign collects',
  'output-vector-file': 'it changes the result files the campaign collects',
  'experiment-label': 'it changes a run attribute the plan records',
  'measurement-label': 'it changes a run attribute the plan records',
  'replication-label': 'it changes a run attribute the plan records',
};

export function campaignArgProblem(
  args: readonly string[],
): { readonly index: number; readonly message: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const shown = (n: number): string => args.slice(i, i + n).join(' ');
    if (a.startsWith('--')) {
      if (a.startsWith('--result-dir='))
        return {
          index: i,
          message: `'${a}': opp-campaign collects each run's files from a folder of its own: choose the campaign's results folder with --results OUT`,
        };
      if (/^--cmdenv-interactive=(?!false$)/.test(a))
        return { index: i, message: `'${a}': a campaign's runs have no one to answer prompts` };
      const option = /^--([^=]+)=/.exec(a)?.[1];
      const planned = option !== undefined ? PLANNED_FROM_INI[option] : undefined;
      if (planned !== undefined)
        return {
          index: i,
          message: `'${a}': ${planned}; opp-campaign plans the runs from the ini files, so set ${option} there (a config of its own can extend the one you run)`,
        };
      continue;
    }
    if (!a.startsWith('-') || a === '-')
      return {
        index: i,
        message: `'${a}': OMNeT++ would read it as another ini file; opp-campaign ${SET_BY_CAMPAIGN['f'] as string}`,
      };
    const letter = a[1] as string;
    const why = SET_BY_CAMPAIGN[letter];
    const taken = VALUE_OPTIONS.has(letter) && a.length === 2 ? 2 : 1;
    if (why !== undefined) return { index: i, message: `'${shown(taken)}': opp-campaign ${why}` };
    if (taken === 2) i++;
  }
  return undefined;
}
