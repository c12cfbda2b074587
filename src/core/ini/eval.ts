// The bridge between the ini core and the NED expression evaluator (src/core/expr): range
// bounds must be numbers, constraints and run filters booleans, with OMNeT++'s messages
// (ValueIterator::Expr::evaluate in src/envir/valueiterator.cc).
import {
  evaluateExpression,
  expectBool,
  expectNumber,
  expectString,
  formatG,
  type ExprValue,
} from '../expr/index.js';
import { substituteVariables } from './text.js';

export { formatG };

const isIterNameChar = (c: string): boolean => /[A-Za-z0-9_@]/.test(c);

function evaluate(text: string, singleEquals = true): ExprValue {
  try {
    return evaluateExpression(text, { singleEquals });
  } catch (e) {
    const msg = (e as Error).message;
    if ((e as Error).name === 'ExprSyntaxError')
      throw new Error(`Parse error in expression '${text}': ${msg}`, { cause: e });
    throw new Error(`Cannot evaluate expression '${text}': ${msg}`, { cause: e });
  }
}

/** A range bound (`from`, `to`, `step`): ints and doubles; a unit is dropped as OMNeT++ does. */
export function evaluateToNumber(text: string): number {
  return expectNumber(evaluate(text), text);
}

const boolCache = new Map<string, boolean>();

/**
 * Constraint and run-filter semantics: substitute `$var`, then evaluate; `=` is accepted as `==`.
 * Results are memoised by the substituted text: the same combination recurs across runs.
 */
export function evaluateToBool(raw: string, resolve: (name: string) => string): boolean {
  const text = substituteVariables(raw, resolve, isIterNameChar);
  const hit = boolCache.get(text);
  if (hit !== undefined) return hit;
  const b = expectBool(evaluate(text), text);
  if (boolCache.size > 100_000) boolCache.clear();
  boolCache.set(text, b);
  return b;
}

/** A config value read as OMNeT++'s `Expression().parse(s).intValue()` reads it. */
export function evaluateToInt(text: string): number {
  const v = evaluate(text, false);
  if (v.type === 'int' && v.unit === undefined) return Number(v.value);
  throw new Error(`Cannot cast ${v.type} to integer in '${text}'`);
}

export function evaluateToBoolValue(text: string): boolean {
  return expectBool(evaluate(text, false), text);
}

export function evaluateToString(text: string): string {
  return expectString(evaluate(text, false), text);
}
