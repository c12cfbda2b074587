// `-r FILTER`: a list of run numbers and ranges (`0..3,7,20-22`) or an expression over the run's
// variables (`$x > 2 && $repetition == 0`), as EnvirBase::resolveRunFilter in OMNeT++ 6.1.
import type { ConfigRuns } from './config.js';
import { IniError } from './errors.js';
import { evaluateToBool } from './eval.js';
import { substituteVariables } from './text.js';

export type RunSelection =
  | { readonly kind: 'all'; readonly count: number }
  | { readonly kind: 'list'; readonly numbers: readonly number[] }
  | { readonly kind: 'expression'; readonly expression: string };

export function isRunNumberList(filter: string): boolean {
  return /^[0-9,.\- ]*$/.test(filter);
}

/** Parses `0..3,7,20-22` as OMNeT++'s EnumStringIterator does; undefined on a syntax error. */
export function parseRunNumberList(text: string): number[] | undefined {
  const out: number[] = [];
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
    if (s >= text.length) return out;
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
    if (until === -1) out.push(from);
    else for (let n = from; n <= until; n++) out.push(n);
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
    const numbers = parseRunNumberList(f);
    if (!numbers) throw new IniError(`Syntax error in run list '${f}'`);
    for (const n of numbers)
      if (n >= count)
        throw new IniError(`Run number ${n} in run list '${f}' is out of range 0..${count - 1}`);
    return { kind: 'list', numbers };
  }
  if (limit !== undefined) runs.checkLimit(limit);
  return { kind: 'expression', expression: f };
}

const isFilterNameChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/** Whether the run whose variables are `vars` passes an expression filter. */
export function matchesFilter(expression: string, vars: ReadonlyMap<string, string>): boolean {
  try {
    const text = substituteVariables(
      expression,
      (name) => {
        const v = vars.get(name);
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
