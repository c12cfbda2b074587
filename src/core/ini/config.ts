// The ini model a campaign is planned from: configs, their fallback chains, and their runs.
// This is the pure core: files come in through readIniFiles' loader, nothing here does I/O.
import { IniError, TooManyRunsError, type SourceLocation } from './errors.js';
import { evaluateToInt } from './eval.js';
import { collectIterationVariables, type CollectedVariables } from './itervars.js';
import type { IniDocument, IniEntry } from './reader.js';
import {
  computeRunVariables,
  optionString,
  substituteEntry,
  SubstitutionError,
  type ResolveContext,
  type RuntimeValues,
  type VarMap,
} from './run-vars.js';
import { matchesFilter, type RunList } from './run-filter.js';
import { Scenario, ScenarioError } from './scenario.js';
import { GENERAL, SectionGraph, findEntry } from './sections.js';

export const DEFAULT_MAX_RUNS = 10_000_000;
/** What seeking to a run costs, in runs stepped past (see runsIn). */
const SEEK_STEPS = 32;

export class IniConfig {
  private readonly graph: SectionGraph;
  /** Each config's count so far (see ConfigRuns.count): a config is stepped through once. */
  private readonly counts = new Map<string, CountMemo>();

  /**
   * `filterTime`: the values ${processid} and ${datetime} have while a run filter is evaluated
   * (opp_run's own pid and clock: `-r '$processid > 0'` selects every run). Without them a
   * filter that names them (or ${runid}, ${datetimef}) cannot be evaluated.
   */
  constructor(
    readonly doc: IniDocument,
    private readonly filterTime?: RuntimeValues,
  ) {
    this.graph = new SectionGraph(doc);
    this.graph.validate();
  }

  /** Section names in file order, as `opp_run -a` lists them. */
  configNames(): string[] {
    return this.doc.sections.map((s) => s.name);
  }

  /** The fallback chain, as `-q sectioninheritance` prints it (most specific first). */
  chainNames(configName: string): string[] {
    return this.graph.chainNames(configName);
  }

  description(configName: string): string | undefined {
    return this.config(configName).lookup('description')?.value;
  }

  isAbstract(configName: string): boolean {
    const id = this.graph.sectionIndex(configName);
    if (id === -1) return false;
    const v = findEntry(this.graph.section(id), 'abstract')?.value;
    return v === 'true';
  }

  /**
   * The runs of a config. `overrides` act as command-line options (`--result-dir=...`): they
   * take precedence over every ini entry when options are looked up.
   */
  config(
    configName: string,
    opts: { runtime?: RuntimeValues; overrides?: Readonly<Record<string, string>> } = {},
  ): ConfigRuns {
    // a count holds for the ini alone: not with values or options from outside it
    const plain = opts.runtime === undefined && Object.keys(opts.overrides ?? {}).length === 0;
    let memo = plain ? this.counts.get(configName) : undefined;
    if (plain && memo === undefined) this.counts.set(configName, (memo = {}));
    return new ConfigRuns(
      this.doc,
      this.graph,
      configName,
      opts.runtime,
      opts.overrides,
      memo,
      this.filterTime,
    );
  }
}

/** A config's count with the limit it was counted to (Infinity: more than that limit). */
interface CountMemo {
  counted?: { readonly n: number; readonly limit: number };
}

export interface RunInfo {
  readonly runNumber: number;
  /** `$x=1, $y=2, $repetition=0`: the iteration variables in nesting order. */
  readonly info: string;
}

/** The runs of one config, enumerated lazily and in OMNeT++'s order. */
export class ConfigRuns {
  readonly name: string;
  readonly entries: readonly IniEntry[];
  readonly location: SourceLocation | undefined;
  private readonly collected: CollectedVariables;
  private readonly ctx: ResolveContext;
  private readonly firstByKey = new Map<string, IniEntry>();

  constructor(
    doc: IniDocument,
    graph: SectionGraph,
    name: string,
    runtime?: RuntimeValues,
    overrides?: Readonly<Record<string, string>>,
    private readonly memo: CountMemo = {},
    private readonly filterTime?: RuntimeValues,
  ) {
    this.name = name;
    for (const [key, value] of Object.entries(overrides ?? {}))
      this.firstByKey.set(key, { key, value, file: '<command line>', line: 0 });
    const chain = graph.chain(name);
    const entries: IniEntry[] = [];
    chain.forEach((id, i) => {
      for (const e of graph.section(id).entries) {
        // `abstract` is not inherited (activateConfig skips it below the first section)
        if (e.key === 'abstract' && i > 0) continue;
        entries.push(e);
      }
    });
    this.entries = entries;
    for (const id of chain)
      for (const e of graph.section(id).entries)
        if (!this.firstByKey.has(e.key)) this.firstByKey.set(e.key, e);
    const head = chain[0] !== undefined ? graph.section(chain[0]) : undefined;
    this.location = head ? { file: head.file, line: head.line } : undefined;
    this.collected = collectIterationVariables(this.chainEntries(graph, chain));
    this.ctx = {
      inifile: doc.fileName,
      configName: name,
      lookup: (key) => this.firstByKey.get(key),
      occurrences: this.collected.occurrences,
      ...(runtime ? { runtime } : {}),
    };
  }

  private chainEntries(graph: SectionGraph, chain: number[]): IniEntry[] {
    return chain.flatMap((id) => graph.section(id).entries);
  }

  lookup(key: string): IniEntry | undefined {
    return this.firstByKey.get(key);
  }

  /** The entry that defines an iteration variable (none: ${repetition}, or no such variable). */
  variableEntry(name: string): IniEntry | undefined {
    return this.collected.variables.find((v) => v.name === name)?.entry;
  }

  private scenario(withNesting: boolean, withConstraint = true): Scenario {
    const defs = [...this.collected.variables];
    const repeatEntry = this.lookup('repeat');
    let repeat = 1;
    if (repeatEntry) {
      try {
        repeat = evaluateToInt(repeatEntry.value);
      } catch (e) {
        throw new IniError((e as Error).message, repeatEntry);
      }
    }
    defs.push({ name: 'repetition', value: `0..${repeat - 1}`, parvar: '', entry: repeatEntry });
    const constraint = withConstraint ? this.lookup('constraint')?.value : undefined;
    const nesting = withNesting ? this.lookup('iteration-nesting-order')?.value : undefined;
    return new Scenario(defs, constraint, nesting);
  }

  private scenarioError(e: unknown, prefix: string): Error {
    if (e instanceof IniError) return e;
    if (e instanceof SubstitutionError)
      return new IniError(prefix + e.message, e.entry ?? this.location);
    if (e instanceof ScenarioError && e.variable?.entry)
      return new IniError(prefix + e.message, e.variable.entry);
    if (e instanceof ScenarioError || e instanceof Error) {
      const where = this.locate(e.message);
      return new IniError(prefix + e.message, where);
    }
    return new IniError(prefix + String(e), this.location);
  }

  /** The entry an error is about: the definition of a `$var` it names, else the config heading. */
  private locate(message: string): SourceLocation | undefined {
    if (/constraint/.test(message)) return this.lookup('constraint') ?? this.location;
    const m = /\$\{\.\.\.!([^}]+)\}|\$([A-Za-z0-9_@]+)/.exec(message);
    // "Parallel iterator ${...!a}" is about the variable that runs in parallel with a
    const def = m?.[1]
      ? this.collected.variables.find((v) => v.parvar === m[1])
      : this.collected.variables.find((v) => v.name === m?.[2]);
    return def?.entry ?? this.location;
  }

  /**
   * Number of runs (`-q numruns`, `-a`). Does not enumerate runs unless a constraint or a
   * variable that depends on another makes that necessary. With `limit`, stops counting past it.
   */
  count(limit: number = Number.MAX_SAFE_INTEGER): number {
    // a finite count is exact (whatever the limit); Infinity is "more than the limit counted to"
    const known = this.memo.counted;
    if (known && (Number.isFinite(known.n) || known.limit >= limit)) return known.n;
    let n: number;
    try {
      n = this.scenario(false).count(limit);
    } catch (e) {
      throw this.scenarioError(e, `Could not compute number of runs in config ${this.name}: `);
    }
    this.memo.counted = { n, limit };
    return n;
  }

  /**
   * The runs as if the config had no `constraint`: an upper bound of count() that costs no
   * stepping through runs (a product of list lengths, unless a variable depends on another).
   */
  countWithoutConstraint(limit?: number): number {
    try {
      return this.scenario(false, false).count(limit);
    } catch (e) {
      throw this.scenarioError(e, `Could not compute number of runs in config ${this.name}: `);
    }
  }

  /**
   * What OMNeT++ finds when it unrolls the config (`-q numruns`, `-q runs`, a run; not `-a`): a
   * `${name}` in an entry that names no variable. That is so in every run: the first is checked.
   */
  checkReferences(): void {
    for (const r of this.runs()) {
      this.resolvedEntries(this.variables(r.scenario, r.runNumber));
      return;
    }
  }

  /** Throws TooManyRunsError, before any work, when the config expands past `limit` runs. */
  checkLimit(limit: number = DEFAULT_MAX_RUNS): number {
    const n = this.count(limit);
    if (n > limit) throw new TooManyRunsError(this.name, n, limit);
    return n;
  }

  /**
   * Streams the runs: run number and iteration variables. `from` starts at that run: directly
   * when runs are a plain product of value lists (no constraint, no list depending on another
   * variable), else by stepping through the runs before it without yielding them.
   */
  *runs(from = 0): Generator<RunInfo & { readonly scenario: Scenario }> {
    let runNumber = 0;
    let ok: boolean;
    let scenario: Scenario;
    try {
      scenario = this.scenario(true);
      if (from > 0 && scenario.seek(from)) {
        runNumber = from;
        ok = true;
      } else {
        ok = scenario.restart();
      }
    } catch (e) {
      throw this.scenarioError(e, 'Scenario generator: ');
    }
    while (ok) {
      if (runNumber >= from) yield { runNumber, info: scenario.describe(), scenario };
      runNumber++;
      try {
        ok = scenario.next();
      } catch (e) {
        throw this.scenarioError(e, 'Scenario generator: ');
      }
    }
  }

  /** The runs a run list names, each once, in run order; only those are visited when possible. */
  *runsIn(list: RunList): Generator<RunInfo & { readonly scenario: Scenario }> {
    const ranges = list.merged;
    if (ranges.length === 0) return;
    // a seek costs about as much as stepping past ~60 runs (a new scenario each): runs named
    // by many ranges close together (`-r '$y % 2 == 0'` as a list: 100,000 ranges in 200,000
    // runs) are stepped through, not sought one range at a time
    if (!this.scenario(true).canSeek || ranges.length * SEEK_STEPS > list.max) {
      for (const r of this.runs()) {
        if (r.runNumber > list.max) return;
        if (list.has(r.runNumber)) yield r;
      }
      return;
    }
    for (const [a, b] of ranges)
      for (const r of this.runs(a)) {
        if (r.runNumber > b) break;
        yield r;
      }
  }

  /** Variables of the current run of `scenario` (iteration and predefined ones). */
  variables(scenario: Scenario, runNumber: number): VarMap {
    try {
      return computeRunVariables(this.ctx, scenario, runNumber);
    } catch (e) {
      throw this.scenarioError(e, 'Scenario generator: ');
    }
  }

  /**
   * Whether the current run of `scenario` passes an expression filter (`-r '$x < 10'`). Its
   * variables are worked out only as far as the filter names them: its iteration variables are
   * the scenario's. All of them (as OMNeT++ works them out for every run, with its errors) are
   * worked out for the first run, and for every run when an option they come from depends on
   * the run (a `${...}` in seed-set, result-dir, ...): then a later run can fail where the first
   * did not.
   */
  passes(expression: string, scenario: Scenario, runNumber: number): boolean {
    const lazy = (this.lazyFilter ??= { allOnce: false, perRun: this.predefinedDependOnRun() });
    if (lazy.perRun || !lazy.allOnce) {
      const vars = this.filterVariables(scenario, runNumber);
      lazy.allOnce = true;
      return matchesFilter(expression, (name) => vars.get(name));
    }
    const names = scenario.names;
    let all: VarMap | undefined;
    return matchesFilter(expression, (name) => {
      const i = PREDEFINED.has(name) ? -1 : names.indexOf(name);
      if (i >= 0) return scenario.get(i);
      all ??= this.filterVariables(scenario, runNumber);
      return all.get(name);
    });
  }

  /** The variables a run filter sees: with ${processid} and ${datetime} as they are now. */
  private filterVariables(scenario: Scenario, runNumber: number): VarMap {
    if (this.ctx.runtime !== undefined || this.filterTime === undefined)
      return this.variables(scenario, runNumber);
    try {
      return computeRunVariables({ ...this.ctx, runtime: this.filterTime }, scenario, runNumber);
    } catch (e) {
      throw this.scenarioError(e, 'Scenario generator: ');
    }
  }

  private lazyFilter: { allOnce: boolean; readonly perRun: boolean } | undefined;

  /** Whether an option the predefined variables come from has a `${...}` in its ini entry. */
  private predefinedDependOnRun(): boolean {
    return PREDEFINED_OPTIONS.some((key) => {
      const e = this.lookup(key);
      return e !== undefined && (this.collected.occurrences.get(e) ?? scanned(e.value)).length > 0;
    });
  }

  /** Entries that contain `${`, expanded: what `-q rundetails` prints under each run. */
  detailLines(vars: VarMap): string[] {
    const lines: string[] = [];
    for (const [entry, occ] of this.collected.occurrences) {
      lines.push(`${entry.key} = ${this.expand(entry, occ, vars)}`);
    }
    return lines;
  }

  /** Every entry of the chain in precedence order, with `${...}` expanded. */
  resolvedEntries(vars: VarMap): { key: string; value: string }[] {
    return this.entries.map((e) => ({
      key: e.key,
      value: this.expand(e, this.collected.occurrences.get(e), vars),
    }));
  }

  /**
   * The result file names of a run, as OMNeT++ would write them, and the other files OMNeT++'s
   * output-file options name for it (its snapshot, eventlog and redirected output: written when
   * the model takes a snapshot, with `record-eventlog`, with `cmdenv-redirect-output`).
   */
  resultFiles(vars: VarMap): { scalar: string; vector: string; others: string[] } {
    try {
      return {
        scalar: optionString(this.ctx, 'output-scalar-file', vars),
        vector: optionString(this.ctx, 'output-vector-file', vars),
        others: OTHER_OUTPUT_FILES.map((k) => optionString(this.ctx, k, vars)),
      };
    } catch (e) {
      throw this.scenarioError(e, '');
    }
  }

  private expand(
    entry: IniEntry,
    occ: readonly { start: number; end: number; varName: string }[] | undefined,
    vars: VarMap,
  ): string {
    try {
      return substituteEntry(entry.value, occ ?? [], vars, entry);
    } catch (e) {
      throw new IniError(`Scenario generator: ${(e as Error).message}`, entry);
    }
  }
}

/** The variables computeRunVariables sets after the iteration variables (over one of the same name). */
const PREDEFINED = new Set([
  'iterationvars',
  'iterationvarsf',
  'iterationvarsd',
  'inifile',
  'configname',
  'runnumber',
  'network',
  'processid',
  'datetime',
  'datetimef',
  'runid',
  'resultdir',
  'seedset',
  'experiment',
  'measurement',
  'replication',
]);

/** The options computeRunVariables reads. */
export const PREDEFINED_OPTIONS = [
  'runnumber-width',
  'network',
  'result-dir',
  'resultdir-subdivision',
  'seed-set',
  'experiment-label',
  'measurement-label',
  'replication-label',
] as const;

/** `${` in a value that is no ini entry (a command-line option): taken as depending on the run. */
const scanned = (value: string): readonly unknown[] => (value.includes('${') ? [value] : []);

/** OMNeT++'s options naming a run's output files other than its .sca, .vec (and .vci). */
const OTHER_OUTPUT_FILES = ['snapshot-file', 'eventlog-file', 'cmdenv-output-file'] as const;

export { GENERAL };
