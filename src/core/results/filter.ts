// Result filters in the syntax of opp_scavetool's filter expressions (OMNeT++ 6.1's
// MatchExpression, src/common/matchexpression.y and matchexpressionlexer.cc, as
// ResultFileManager::filterIDList uses it):
//
//   expr    := or
//   or      := and { OR and }
//   and     := not { AND not }
//   not     := NOT not | term
//   term    := "(" or ")" | PATTERN | FIELD "=~" PATTERN
//
// AND, OR, NOT are case-insensitive words. A PATTERN or FIELD is a word (ending at whitespace,
// a parenthesis or "=~") or a "quoted string" with backslash escapes. A pattern without a field
// matches the result name. Patterns are OMNeT++ glob patterns matched against the whole value,
// case-sensitively, in the mode opp_scavetool uses (no dotted-path rules): `*` and `**` match
// any characters, `?` one, `{a-z}` a character set, `{5..10}` a number in a range, `\x` a
// literal x.

import { PatternMatcher } from '../expr/pattern.js';
import type { ResultItem, ResultType, RunInfo } from './model.js';

/** A filter that does not parse; `position` is the 1-based character position of the problem. */
export class FilterSyntaxError extends Error {
  readonly userFacing = true;
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly filter: string,
  ) {
    const [shownText, caret] = excerpt(filter, position - 1);
    super(`filter: ${reason} at position ${position}\n  ${shownText}\n  ${' '.repeat(caret)}^`);
    this.name = 'FilterSyntaxError';
  }
}

/** At most 80 characters of a long filter around `at`, and where `at` falls in them. */
function excerpt(text: string, at: number): [string, number] {
  if (text.length <= 80) return [text, at];
  const from = Math.max(0, Math.min(at - 40, text.length - 80));
  const head = from > 0 ? '...' : '';
  const tail = from + 80 < text.length ? '...' : '';
  return [head + text.slice(from, from + 80) + tail, head.length + at - from];
}

/** Parentheses and NOTs nested deeper than this are refused (they would exhaust the stack). */
const MAX_NESTING = 200;

/** A compiled filter: is the item (of the given run) selected? */
export type ResultFilter = (item: ResultItem, run: RunInfo | undefined) => boolean;

export const FILTER_FIELDS =
  'name, module, type, run, config, file, itervar:NAME, runattr:NAME, config:KEY, attr:NAME';

/** opp_scavetool's type names, and the ones CSV-R rows show; a type pattern may match either. */
const TYPE_NAMES: Readonly<Record<ResultType, readonly string[]>> = {
  scalar: ['scalar'],
  parameter: ['parameter', 'param'],
  statistic: ['statistics', 'statistic'],
  histogram: ['histogram'],
  vector: ['vector'],
};

type Token =
  | { readonly kind: '(' | ')' | '=~' | 'AND' | 'OR' | 'NOT' | 'end'; readonly pos: number }
  | { readonly kind: 'word'; readonly pos: number; readonly text: string };

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, at: number): never => {
    throw new FilterSyntaxError(reason, at + 1, text);
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    const pos = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, pos });
      i++;
    } else if (c === '=' && text[i + 1] === '~') {
      tokens.push({ kind: '=~', pos });
      i += 2;
    } else if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated string', pos);
        const d = text[i] ?? '';
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length) {
          const e = text[i + 1] ?? '';
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else {
          s += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'word', pos, text: s });
    } else {
      let j = i;
      while (j < text.length && !/[\s()]/.test(text[j] ?? '') && text.slice(j, j + 2) !== '=~') j++;
      const word = text.slice(i, j);
      const upper = word.toUpperCase();
      if (upper === 'AND' || upper === 'OR' || upper === 'NOT') tokens.push({ kind: upper, pos });
      else tokens.push({ kind: 'word', pos, text: word });
      i = j;
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

type Getter = (item: ResultItem, run: RunInfo | undefined) => string | readonly string[];

function fieldGetter(field: string): Getter | undefined {
  const colon = field.indexOf(':');
  if (colon > 0) {
    const prefix = field.slice(0, colon);
    const name = field.slice(colon + 1);
    switch (prefix) {
      case 'itervar':
        return (_item, run) => run?.itervars.get(name) ?? '';
      case 'runattr':
        return (_item, run) => run?.attributes.get(name) ?? '';
      case 'attr':
        return (item) => item.attributes.get(name) ?? '';
      case 'config':
        return (_item, run) => run?.configEntries.find(([k]) => k === name)?.[1] ?? '';
      default:
        return undefined;
    }
  }
  switch (field) {
    case 'name':
      return (item) => item.name;
    case 'module':
      return (item) => item.module;
    case 'type':
      return (item) => TYPE_NAMES[item.type];
    case 'run':
      return (item) => item.runName;
    case 'config':
      return (_item, run) => run?.attributes.get('configname') ?? '';
    case 'file':
      return (item) => item.file;
    default:
      return undefined;
  }
}

/** Parses a filter expression into a predicate; throws FilterSyntaxError. */
export function parseResultFilter(text: string): ResultFilter {
  const tokens = lex(text);
  let k = 0;
  const peek = (): Token => tokens[k] ?? { kind: 'end', pos: text.length };
  const fail = (reason: string, t: Token = peek()): never => {
    throw new FilterSyntaxError(reason, t.pos + 1, text);
  };
  const describe = (t: Token): string =>
    t.kind === 'end' ? 'the end' : t.kind === 'word' ? `'${t.text}'` : `'${t.kind}'`;

  const compile = (pattern: string, at: Token): PatternMatcher => {
    try {
      return new PatternMatcher(pattern, { dottedPath: false });
    } catch (e) {
      return fail(`bad pattern '${pattern}': ${e instanceof Error ? e.message : String(e)}`, at);
    }
  };

  let depth = 0;
  const nested = <T>(at: Token, parse: () => T): T => {
    if (++depth > MAX_NESTING) fail(`nested more than ${MAX_NESTING} levels deep`, at);
    const r = parse();
    depth--;
    return r;
  };

  const term = (): ResultFilter => {
    const t = peek();
    if (t.kind === '(') {
      k++;
      const inner = nested(t, or);
      if (peek().kind !== ')') fail(`')' expected (for the '(' at position ${t.pos + 1})`);
      k++;
      return inner;
    }
    if (t.kind !== 'word') return fail(`a pattern, a field or '(' expected, not ${describe(t)}`);
    k++;
    if (peek().kind !== '=~') {
      const m = compile(t.text, t);
      return (item) => m.matches(item.name);
    }
    k++;
    const get = fieldGetter(t.text);
    if (get === undefined) fail(`unknown field '${t.text}' (fields: ${FILTER_FIELDS})`, t);
    const p = peek();
    if (p.kind !== 'word') return fail(`a pattern expected after '=~', not ${describe(p)}`, p);
    k++;
    const m = compile(p.text, p);
    const g = get as Getter;
    return (item, run) => {
      const v = g(item, run);
      return typeof v === 'string' ? m.matches(v) : v.some((s) => m.matches(s));
    };
  };
  const not = (): ResultFilter => {
    // NOT NOT x is x: counted, not nested, however many there are
    let negate = false;
    while (peek().kind === 'NOT') {
      k++;
      negate = !negate;
    }
    const inner = term();
    return negate ? (item, run) => !inner(item, run) : inner;
  };
  // `a AND b AND c ...` as one list, so a long chain is no deeper to evaluate than a short one
  const chain = (op: 'AND' | 'OR', operand: () => ResultFilter): ResultFilter => {
    const parts = [operand()];
    while (peek().kind === op) {
      k++;
      parts.push(operand());
    }
    if (parts.length === 1) return parts[0] as ResultFilter;
    return op === 'AND'
      ? (item, run) => parts.every((f) => f(item, run))
      : (item, run) => parts.some((f) => f(item, run));
  };
  const and = (): ResultFilter => chain('AND', not);
  const or = (): ResultFilter => chain('OR', and);

  if (peek().kind === 'end') fail('empty filter');
  const f = or();
  const rest = peek();
  if (rest.kind !== 'end')
    fail(
      rest.kind === ')'
        ? "unmatched ')'"
        : `AND or OR expected before ${describe(rest)} (quote patterns with spaces)`,
    );
  return f;
}
