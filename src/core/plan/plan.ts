// The full plan of a campaign: every selected run of every config, with what a runner needs to
// start it and what a merger needs to find its results. Deterministic: same ini, same plan.
import { PREDEFINED_OPTIONS, type ConfigRuns, type IniConfig } from '../ini/config.js';
import { RunList, selectRuns } from '../ini/run-filter.js';
import { runKey } from './run-key.js';

export interface PlannedRun {
  readonly key: string;
  readonly config: string;
  readonly runNumber: number;
  readonly itervars: readonly { name: string; value: string }[];
  readonly repetition: string;
  readonly seedset: string;
  /** Run attributes as OMNeT++ records them (configname, iterationvars, network, ...). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly entries: readonly { key: string; value: string }[];
  readonly resultFiles: {
    readonly scalar: string;
    readonly vector: string;
    /** The run's other output files (snapshot, eventlog, redirected output), if it makes them. */
    readonly others?: readonly string[];
  };
}

export interface PlanRequest {
  readonly configs: readonly string[];
  readonly filter?: string;
  readonly maxRuns?: number;
  /**
   * Options given to every run on its command line (`result-dir`). They decide where result
   * files go, but not the run key: a run is the same simulation whatever folder it writes to.
   */
  readonly overrides?: Readonly<Record<string, string>>;
  /**
   * The runs an expression filter selects in each config, worked out already (filteredRuns):
   * only those are visited, the filter is not evaluated again.
   */
  readonly selected?: ReadonlyMap<string, RunList>;
}

const RUNTIME_ATTRS = new Set(['runid', 'datetime', 'datetimef', 'processid']);

/** Streams the planned runs, config by config, in OMNeT++'s run order. */
export function* planRuns(ini: IniConfig, req: PlanRequest): Generator<PlannedRun> {
  for (const s of selectedRuns(ini, req))
    yield toPlannedRun(s.runs, s.runNumber, s.names, s.vars, s.resultFiles());
}

/** A selected run, before what a run needs is worked out (its key, its entries). */
export interface SelectedRun {
  readonly runs: ConfigRuns;
  /** The config as the runs see it (with the request's overrides). */
  readonly placed: ConfigRuns;
  readonly runNumber: number;
  readonly names: readonly string[];
  readonly vars: ReadonlyMap<string, string>;
  /** Its result files: asked before the next run is taken (the scenario moves on). */
  resultFiles(): PlannedRun['resultFiles'];
}

/** The selected runs, config by config, in OMNeT++'s run order. */
export function* selectedRuns(ini: IniConfig, req: PlanRequest): Generator<SelectedRun> {
  for (const name of req.configs) {
    const runs = ini.config(name);
    const placed = req.overrides ? ini.config(name, { overrides: req.overrides }) : runs;
    const sel = selectRuns(runs, req.filter, req.maxRuns);
    const known = sel.kind === 'expression' ? req.selected?.get(name) : undefined;
    const list = sel.kind === 'list' ? sel.list : known;
    for (const r of list ? runs.runsIn(list) : runs.runs()) {
      // (a run the filter leaves out is not worked out further than the filter needs)
      if (
        sel.kind === 'expression' &&
        known === undefined &&
        !runs.passes(sel.expression, r.scenario, r.runNumber)
      )
        continue;
      const vars = runs.variables(r.scenario, r.runNumber);
      yield {
        runs,
        placed,
        runNumber: r.runNumber,
        names: r.scenario.names,
        vars,
        resultFiles: () =>
          placed.resultFiles(placed === runs ? vars : placed.variables(r.scenario, r.runNumber)),
      };
    }
  }
}

/**
 * The runs of a config an expression filter selects, as a run list: the filter evaluated for
 * every run once, so that a campaign counts, checks and plans its runs from the list (before:
 * `run -r EXPR` stepped through every run of the config and evaluated the filter three times).
 */
export function filteredRuns(runs: ConfigRuns, expression: string): RunList {
  const ranges: Array<[number, number]> = [];
  let last: [number, number] | undefined;
  for (const r of runs.runs()) {
    if (!runs.passes(expression, r.scenario, r.runNumber)) continue;
    if (last !== undefined && last[1] === r.runNumber - 1) last[1] = r.runNumber;
    else ranges.push((last = [r.runNumber, r.runNumber]));
  }
  return new RunList(ranges);
}

/**
 * Whether working out a run's result files cannot fail where working out its variables did not:
 * no option they come from (as given, or as `overrides` set it) has a `$` or a quote in it.
 * Then the plan job need not work them out for a run whose default names it checks otherwise.
 */
export function resultFilesCannotFail(placed: ConfigRuns): boolean {
  return FILE_OPTIONS.every((key) => !/[$"]/.test(placed.lookup(key)?.value ?? ''));
}

const FILE_OPTIONS = [
  // what the run's variables come from, then the file options themselves
  ...PREDEFINED_OPTIONS,
  'output-scalar-file',
  'output-vector-file',
  'snapshot-file',
  'eventlog-file',
  'cmdenv-output-file',
];

/** The run key of a selected run (what planRuns gives it), without the rest of its plan. */
export function selectedRunKey(s: SelectedRun): string {
  const v = (k: string): string => s.vars.get(k) ?? '';
  const entries = s.runs.resolvedEntries(s.vars as Map<string, string>);
  return runKey({
    config: s.runs.name,
    entries,
    repetition: v('repetition'),
    seedset: v('seedset'),
  });
}

function toPlannedRun(
  runs: ConfigRuns,
  runNumber: number,
  names: readonly string[],
  vars: ReadonlyMap<string, string>,
  resultFiles: PlannedRun['resultFiles'],
): PlannedRun {
  const v = (k: string): string => vars.get(k) ?? '';
  const entries = runs.resolvedEntries(vars as Map<string, string>);
  const attrs: Record<string, string> = {};
  for (const k of [...vars.keys()].sort())
    if (!RUNTIME_ATTRS.has(k) && !names.includes(k)) attrs[k] = v(k);
  attrs['repetition'] = v('repetition');
  const sortedAttrs = Object.fromEntries(
    Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    key: runKey({ config: runs.name, entries, repetition: v('repetition'), seedset: v('seedset') }),
    config: runs.name,
    runNumber,
    itervars: names.filter((n) => n !== 'repetition').map((name) => ({ name, value: v(name) })),
    repetition: v('repetition'),
    seedset: v('seedset'),
    attrs: sortedAttrs,
    entries,
    resultFiles,
  };
}
