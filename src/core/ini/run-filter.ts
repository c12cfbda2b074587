// `-r FILTER`: a list of run numbers and ranges (`0..3,7,20-22`) or an expression over the run's
// variables (`$x > 2 && $repetition == 0`), as EnvirBase::resolveRunFilter in OMNeT++ 6.1.
import type { ConfigRuns } from './config.js';
import { IniError } from './errors.js';
import { evaluateToBool } from './eval.js';
import { substituteVariables } from './text.js';

export type RunSelection =
  | { readonly kind: 'all'; readonly count: number }
  | { readonly kind: 'list'; readonly list: RunList }
  | { readonly kind: 'expression'; readonly expression: string };

export function isRunNumberList(filter: string): boolean {
  return /^[0-9,.\- ]*$/.test(filter);
}

/**
 * Run numbers as the list names them: ranges in the list's order, each `from..until` (none
 * when from > until), duplicates kept. Held as ranges, so `0..99999999999` costs nothing.
 */
export class RunList {
  /** The ranges sorted and merged: each number once, in order. */
  readonly merged: ReadonlyArray<readonly [number, number]>;

  constructor(readonly ranges: ReadonlyArray<readonly [number, number]>) {
    const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
    const merged: Array<[number, number]> = [];
    for (const [a, b] of sorted) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    this.merged = merged;
  }

  /** How many numbers the list names, duplicates included. */
  get size(): number {
    return this.ranges.reduce((n, [a, b]) => n + Math.max(0, b - a + 1), 0);
  }

  /** How many different numbers the list names (a campaign runs each once). */
  get distinctSize(): number {
    return this.merged.reduce((n, [a, b]) => n + (b - a + 1), 0);
  }

  /** The largest number named, or -1. */
  get max(): number {
    return this.merged[this.merged.length - 1]?.[1] ?? -1;
  }

  /** Every number once, each after the ones before it: the list's order is run order. */
  get ascending(): boolean {
    let last = -1;
    for (const [a, b] of this.ranges) {
      if (a > b) continue;
      if (a <= last) return false;
      last = b;
    }
    return true;
  }

  has(n: number): boolean {
    let lo = 0;
    let hi = this.merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.merged[mid] as readonly [number, number];
      if (n < a) hi = mid - 1;
      else if (n > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** The numbers in the list's order. */
  *numbers(): Generator<number> {
    for (const [a, b] of this.ranges) for (let n = a; n <= b; n++) yield n;
  }
}

/** Parses `0..3,7,20-22` as OMNeT++'s EnumStringIterator does; undefined on a syntax error. */
export function parseRunNumberList(text: string): RunList | undefined {
  const out: Array<[number, number]> = [];
  let s = 0;
  const ws = (): void => {
    while (text[s] === ' ' || text[s] === '\t') s++;
  };
  const num = (): number | undefined => {
    ws();
    const m = /^[0-9]+/.exec(text.slice(s));
    if (!m) return undefined;
    s += m[0].length;
    return Number(m[0]);
  };
  for (;;) {
    ws();
    if (s >= text.length) return new RunList(out);
    const from = num();
    if (from === undefined) return undefined;
    ws();
    let until = -1;
    if (s >= text.length) {
      // done after this number
    } else if (text[s] === ',') s++;
    else if (text[s] === '-' || (text[s] === '.' && text[s + 1] === '.')) {
      s += text[s] === '-' ? 1 : 2;
      const u = num();
      if (u === undefined) return undefined;
      until = u;
      ws();
      if (s < text.length) {
        if (text[s] === ',') s++;
        else return undefined;
      }
    } else return undefined;
    out.push(until === -1 ? [from, from] : [from, until]);
  }
}

/** Resolves a filter against a config. Lists are checked against the run count at once. */
export function selectRuns(
  runs: ConfigRuns,
  filter: string | undefined,
  limit?: number,
): RunSelection {
  const f = filter ?? '';
  if (f.trim() === '')
    return { kind: 'all', count: limit === undefined ? runs.count() : runs.checkLimit(limit) };
  if (isRunNumberList(f)) {
    const count = limit === undefined ? runs.count() : runs.checkLimit(limit);
    const list = parseRunNumberList(f);
    if (!list) throw new IniError(`Syntax error in run list '${f}'`);
    // the first number out of range, as OMNeT++ reports it walking the list
    for (const [a, b] of list.ranges)
      if (a <= b && b >= count)
        throw new IniError(
          `Run number ${Math.max(a, count)} in run list '${f}' is out of range 0..${count - 1}`,
        );
    return { kind: 'list', list };
  }
  if (limit !== undefined) runs.checkLimit(limit);
  return { kind: 'expression', expression: f };
}

const isFilterNameChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/**
 * Whether the run whose variables are `vars` passes an expression filter (`vars` may look them
 * up one by one, as the filter names them).
 */
export function matchesFilter(
  expression: string,
  vars: ReadonlyMap<string, string> | ((name: string) => string | undefined),
): boolean {
  const get = typeof vars === 'function' ? vars : (name: string) => vars.get(name);
  try {
    const text = substituteVariables(
      expression,
      (name) => {
        const v = get(name);
        if (v === undefined) throw new Error(`Unknown variable $${name}`);
        return v;
      },
      isFilterNameChar,
    );
    return evaluateToBool(text, (name) => {
      throw new Error(`Unknown iteration variable: $${name}`);
    });
  } catch (e) {
    throw new IniError(`Cannot evaluate run filter: ${(e as Error).message}`);
  }
}
