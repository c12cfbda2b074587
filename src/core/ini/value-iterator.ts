// One iteration variable's value list: OMNeT++ 6.1 src/envir/valueiterator.cc. Items are split
// on commas outside quotes and brackets; `a..b step c` items are ranges whose bounds are NED
// expressions evaluated after textual substitution of `$var` references; other items are text,
// substituted but never evaluated (that is left to NED parameter evaluation).
import { evaluateToNumber, formatG } from './eval.js';
import { isAlnumExt, substituteVariables, tokenize } from './text.js';

/** Resolves `$name` inside an iteration spec to the current value of another variable. */
export type Resolve = (name: string) => string;

const isIterNameChar = (c: string): boolean => /[A-Za-z0-9_@]/.test(c);

interface TextItem {
  readonly kind: 'text';
  readonly raw: string;
}
interface RangeItem {
  readonly kind: 'range';
  readonly from: string;
  readonly to: string;
  readonly step: string;
  readonly raw: string;
}
type Item = TextItem | RangeItem;

/**
 * One variable's values, computed on demand: a range's values are arithmetic, so `0..1e12`
 * takes no memory and its length is known at once. Short lists are kept as strings.
 */
export class ValueList {
  private readonly cache: readonly string[] | undefined;
  private lastIndex = -1;
  private lastValue = '';

  constructor(
    private readonly parts: readonly ValuePart[],
    readonly length: number,
  ) {
    this.cache =
      length <= MATERIALISE_UP_TO ? Array.from({ length }, (_, k) => this.compute(k)) : undefined;
  }

  /** The k-th value (0 <= k < length). */
  at(k: number): string {
    if (this.cache) return this.cache[k] ?? '';
    if (k !== this.lastIndex) {
      this.lastValue = this.compute(k);
      this.lastIndex = k;
    }
    return this.lastValue;
  }

  private compute(k: number): string {
    let rest = k;
    for (const part of this.parts) {
      if (part.kind === 'text') {
        if (rest === 0) return part.value;
        rest--;
      } else if (rest < part.n) {
        return formatG(part.from + part.step * rest);
      } else {
        rest -= part.n;
      }
    }
    return '';
  }
}

/** Lists this short are computed once, as strings (what nearly every study has). */
const MATERIALISE_UP_TO = 4096;

type ValuePart =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'range'; readonly from: number; readonly step: number; readonly n: number };

export class ValueSpec {
  readonly items: readonly Item[];
  /** Names of the variables this spec refers to (they must be outer loops). */
  readonly refs: ReadonlySet<string>;
  private staticList: ValueList | undefined;

  constructor(readonly text: string) {
    const items: Item[] = [];
    const refs = new Set<string>();
    for (const token of tokenize(text, ',')) {
      const item = parseItem(token);
      items.push(item);
      if (item.kind === 'text') collectRefs(item.raw, refs);
      else for (const part of [item.from, item.to, item.step]) collectRefs(part, refs);
    }
    this.items = items;
    this.refs = refs;
  }

  /**
   * No `$` to substitute: the values are the same on every restart. Not `refs.size === 0`: a
   * `${x}` that the closing-brace check misses (below) is still substituted at every restart.
   */
  get isStatic(): boolean {
    return !this.text.includes('$');
  }

  /**
   * What OMNeT++ says when another variable's values refer to this one before it has any (a
   * reference to an inner loop, `${m=${r}+1}` with r inside m): ValueIterator::get() on items
   * never substituted (Expr::checkType). Undefined when there are no items (get() gives '').
   */
  unsetMessage(): string | undefined {
    const first = this.items[0];
    if (first === undefined) return undefined;
    return first.kind === 'text'
      ? `string expected, but nothing found in the expression '${first.raw}'`
      : `double expected, but nothing found in the expression '${first.from}'`;
  }

  /** The values, given the current values of the variables it refers to; none is computed yet. */
  list(resolve: Resolve): ValueList {
    if (this.staticList) return this.staticList;
    const parts: ValuePart[] = [];
    let length = 0;
    for (const item of this.items) {
      if (item.kind === 'text') {
        parts.push({ kind: 'text', value: substitute(item.raw, resolve) });
        length++;
        continue;
      }
      const from = evaluateToNumber(substitute(item.from, resolve));
      const to = evaluateToNumber(substitute(item.to, resolve));
      const step = evaluateToNumber(substitute(item.step, resolve));
      if (step === 0) throw new Error(`Step is zero in range '${item.raw}'`);
      // 1.000001: without it, "1..9 step 0.1" would stop at 8.9 (OMNeT++ bug #115)
      const n = Math.max(0, Math.floor((to - from + 1.000001 * step) / step));
      if (!Number.isFinite(n))
        throw new Error(`Range '${item.raw}' has no finite number of values`);
      parts.push({ kind: 'range', from, step, n });
      length += n;
    }
    const list = new ValueList(parts, length);
    if (this.isStatic) this.staticList = list;
    return list;
  }
}

function parseItem(token: string): Item {
  const dots = token.indexOf('..');
  if (dots < 0) return { kind: 'text', raw: token };
  let stepAt = token.indexOf('step', dots + 2);
  while (stepAt >= 0 && (isAlnumExt(token[stepAt - 1]) || isAlnumExt(token[stepAt + 4])))
    stepAt = token.indexOf('step', stepAt + 4);
  return {
    kind: 'range',
    from: token.slice(0, dots),
    to: stepAt >= 0 ? token.slice(dots + 2, stepAt) : token.slice(dots + 2),
    step: stepAt >= 0 ? token.slice(stepAt + 4) : '1',
    raw: token,
  };
}

/**
 * Variable names referenced as `$x` or `${x}`. Reproduces OMNeT++'s check for the closing
 * brace, which looks one character too far: `${i}hn` does not count as a reference to `i`
 * (it is still substituted), which changes loop nesting order in rare cases.
 */
function collectRefs(raw: string, into: Set<string>): void {
  let start = 0;
  for (;;) {
    const dollar = raw.indexOf('$', start);
    if (dollar < 0 || start >= raw.length) return;
    start = raw[dollar + 1] === '{' ? dollar + 2 : dollar + 1;
    let end = start;
    while (end < raw.length && isIterNameChar(raw[end] as string)) end++;
    if (end > start && (start !== dollar + 2 || (end + 1 < raw.length && raw[end + 1] === '}')))
      into.add(raw.slice(start, end));
    start = end;
  }
}

/** opp_substitutevariables with the iteration-variable resolver (names may contain '@'). */
function substitute(raw: string, resolve: Resolve): string {
  return raw.includes('$') ? substituteVariables(raw, resolve, isIterNameChar) : raw;
}
