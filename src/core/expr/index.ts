/**
 * NED expression evaluation compatible with OMNeT++ 6.1 (src/common/expression*,
 * exprnode*, exprvalue*, unitconversion*), as used for `constraint=` expressions, run filters
 * (`-r`) and the from/to/step parts of iteration ranges, after variable substitution.
 *
 * Pure: no file system, environment or clock access.
 */
import { ExprEvalError } from './errors.js';
import { evaluate } from './eval.js';
import { parseExpression, type ExprOptions } from './parser.js';
import { getTypeName, valueToString, type ExprValue, type ExprValueType } from './value.js';

export type { BinaryOp, ExprNode, UnaryOp } from './ast.js';
export { createExpressionCache, type ExpressionCache } from './cache.js';
export { ExprError, ExprEvalError, ExprSyntaxError } from './errors.js';
export { evaluate } from './eval.js';
export { formatG, formatGPrecision, quoteString } from './format.js';
export { PatternMatcher } from './pattern.js';
export { parseExpression, unquoteString, type ExprOptions } from './parser.js';
export {
  areCompatibleUnits,
  convertUnit,
  cStrtod,
  formatQuantity,
  getBaseUnit,
  getBestUnit,
  getConversionFactor,
  getKnownUnits,
  getLongName,
  getShortName,
  getUnitDescription,
  isKnownUnit,
  isLinearUnit,
  parseQuantity,
  parseQuantityInUnit,
  type Quantity,
  type StrtodResult,
} from './units.js';
export {
  FALSE_VALUE,
  INT64_MAX,
  INT64_MIN,
  NULL_POINTER_VALUE,
  TRUE_VALUE,
  UNDEF_VALUE,
  boolValue,
  doubleValue,
  getTypeName,
  intValue,
  stringValue,
  unitOf,
  valueToString,
  valuesEqual,
  type ExprValue,
  type ExprValueType,
  type Unit,
} from './value.js';

/** Parses and evaluates `text` (see {@link parseExpression} and {@link evaluate}). */
export function evaluateExpression(text: string, options?: ExprOptions): ExprValue {
  return evaluate(parseExpression(text, options));
}

function checkType(value: ExprValue, expected: ExprValueType, expressionText: string): void {
  if (value.type === expected) return;
  if (value.type !== 'undef')
    throw new ExprEvalError(
      `${getTypeName(expected)} expected, but ${getTypeName(value.type)} (${valueToString(value)}) found in the expression '${expressionText}'`,
    );
  throw new ExprEvalError(
    `${getTypeName(expected)} expected, but nothing found in the expression '${expressionText}'`,
  );
}

/**
 * The value of a constraint or run filter, as OMNeT++'s `ValueIterator::Expr::boolValue()`
 * takes it: must be a bool, otherwise e.g. `bool expected, but integer (5) found in the
 * expression '$x+1'` (`expressionText` is what OMNeT++ quotes there).
 */
export function expectBool(value: ExprValue, expressionText: string): boolean {
  checkType(value, 'bool', expressionText);
  return (value as { value: boolean }).value;
}

/**
 * The value of an iteration range's from/to/step, as `ValueIterator::Expr::dblValue()` takes
 * it: an INT (converted to double) or a DOUBLE; the unit, if any, is ignored.
 */
export function expectNumber(value: ExprValue, expressionText: string): number {
  if (value.type === 'int') return Number(value.value);
  checkType(value, 'double', expressionText);
  return (value as { value: number }).value;
}

/** `ValueIterator::Expr::strValue()`: the value must be a string. */
export function expectString(value: ExprValue, expressionText: string): string {
  checkType(value, 'string', expressionText);
  return (value as { value: string }).value;
}
