// What `opp_run -s` prints for `-a` and `-q ...` (EnvirBase::printRunInfo, OMNeT++ 6.1), as a
// stream of lines so that a million runs never sit in memory.
import type { ConfigRuns, IniConfig } from './config.js';
import { IniError } from './errors.js';
import { selectRuns, type RunSelection } from './run-filter.js';

export const QUERIES = [
  'numruns',
  'runnumbers',
  'runs',
  'rundetails',
  'sectioninheritance',
] as const;
export type Query = (typeof QUERIES)[number];

export interface QueryOptions {
  readonly filter?: string;
  /** Refuse configs with more runs than this, before any work. */
  readonly maxRuns?: number;
}

/** `-a`: one `Config NAME: COUNT` line per section, in file order. */
export function* listConfigs(ini: IniConfig, maxRuns?: number): Generator<string> {
  for (const name of ini.configNames()) {
    const runs = ini.config(name);
    yield `Config ${name}: ${maxRuns === undefined ? runs.count() : runs.checkLimit(maxRuns)}`;
  }
}

export function* query(
  ini: IniConfig,
  configName: string,
  q: string,
  opts: QueryOptions = {},
): Generator<string> {
  const what = q.toLowerCase();
  if (what === 'sectioninheritance') {
    for (const name of ini.chainNames(configName))
      yield name === 'General' ? name : `Config ${name}`;
    return;
  }
  if (!(QUERIES as readonly string[]).includes(what))
    throw new IniError(`Unrecognized -q argument '${what}'`);
  const runs = ini.config(configName);
  const selection = selectRuns(runs, opts.filter, opts.maxRuns);
  runs.checkReferences();
  if (what === 'numruns') {
    yield String(selectedCount(runs, selection));
  } else if (what === 'runnumbers') {
    let line = '';
    for (const n of selectedNumbers(runs, selection)) line += ` ${n}`;
    yield line;
  } else {
    yield* runLines(runs, selection, what === 'rundetails');
  }
}

function selectedCount(runs: ConfigRuns, sel: RunSelection): number {
  if (sel.kind === 'all') return sel.count;
  if (sel.kind === 'list') return sel.list.size;
  let n = 0;
  for (const _ of selectedNumbers(runs, sel)) n++;
  return n;
}

function* selectedNumbers(runs: ConfigRuns, sel: RunSelection): Generator<number> {
  if (sel.kind === 'all') {
    for (let i = 0; i < sel.count; i++) yield i;
  } else if (sel.kind === 'list') {
    yield* sel.list.numbers();
  } else {
    for (const r of runs.runs())
      if (runs.passes(sel.expression, r.scenario, r.runNumber)) yield r.runNumber;
  }
}

function* runLines(runs: ConfigRuns, sel: RunSelection, details: boolean): Generator<string> {
  const render = (r: { runNumber: number; info: string; lines: string[] }): string[] => {
    const out = [`Run ${r.runNumber}: ${r.info}`];
    for (const d of r.lines) for (const l of d.split('\n')) out.push('\t' + l);
    return out;
  };
  const describe = (r: ReturnType<ConfigRuns['runs']> extends Generator<infer T> ? T : never) => ({
    runNumber: r.runNumber,
    info: r.info,
    lines: details ? runs.detailLines(runs.variables(r.scenario, r.runNumber)) : [],
  });

  let first = true;
  const emit = function* (r: { runNumber: number; info: string; lines: string[] }) {
    if (details && !first) yield '';
    first = false;
    yield* render(r);
  };

  if (sel.kind === 'list') {
    if (sel.list.ascending) {
      // the list is in run order: streamed
      for (const r of runs.runsIn(sel.list)) yield* emit(describe(r));
      return;
    }
    // printed in the list's order, duplicates included: keep only the selected runs
    const found = new Map<number, ReturnType<typeof describe>>();
    for (const r of runs.runsIn(sel.list)) found.set(r.runNumber, describe(r));
    for (const n of sel.list.numbers()) {
      const r = found.get(n);
      if (r) yield* emit(r);
    }
    return;
  }
  for (const r of runs.runs()) {
    if (sel.kind === 'expression' && !runs.passes(sel.expression, r.scenario, r.runNumber))
      continue;
    yield* emit(describe(r));
  }
}
