/**
 * Operator semantics, after OMNeT++ 6.1's expression nodes (src/common/exprnodes.cc,
 * exprnode.cc, exprvalue.cc). Functions here throw plain {@link ExprError}s; the evaluator
 * prefixes them with the operator (`operator '+': ...`) as OMNeT++'s `tryEvaluate()` does.
 */
import type { BinaryOp } from './ast.js';
import { ExprError } from './errors.js';
import {
  bitsToDouble,
  doubleBits,
  intPow,
  safeAdd,
  safeCastToDouble,
  safeMul,
  safeSub,
  shift,
  truncToInt64,
  wrap64,
} from './int64.js';
import { PatternMatcher } from './pattern.js';
import { convertUnit, getConversionFactor, isLinearUnit } from './units.js';
import {
  INT64_MIN,
  UNDEF_VALUE,
  boolValue,
  doubleValue,
  getTypeName,
  intValue,
  stringValue,
  valueToString,
  type ExprValue,
  type ExprValueType,
  type Unit,
} from './value.js';

// ---- errors ----

export function cannotCastError(v: ExprValue, target: ExprValueType): never {
  const note =
    v.type === 'double' && target === 'int'
      ? ' (note: no implicit conversion from double to int)'
      : '';
  throw new ExprError(
    `Cannot cast '${valueToString(v)}' from type '${getTypeName(v.type)}' to '${getTypeName(target)}'${note}`,
  );
}

export function errorBooleanArgExpected(v: ExprValue): never {
  throw new ExprError(`Boolean argument expected, got ${getTypeName(v.type)}`);
}

export function errorNumericArgExpected(v: ExprValue): never {
  throw new ExprError(`Numeric argument expected, got ${getTypeName(v.type)}`);
}

function errorNumericArgsExpected(a: ExprValue, b: ExprValue): never {
  throw new ExprError(
    `Numeric arguments expected, got ${getTypeName(a.type)} and ${getTypeName(b.type)}`,
  );
}

export function errorIntegerArgExpected(v: ExprValue): never {
  const hint = v.type === 'double' ? ' (note: no implicit conversion from double to int)' : '';
  throw new ExprError(`Integer argument expected, got ${getTypeName(v.type)}${hint}`);
}

function errorIntegerArgsExpected(a: ExprValue, b: ExprValue): never {
  const hint =
    a.type === 'double' || b.type === 'double'
      ? ' (note: no implicit conversion from double to int)'
      : '';
  throw new ExprError(
    `Integer arguments expected, got ${getTypeName(a.type)} and ${getTypeName(b.type)}${hint}`,
  );
}

export function errorDimlessArgExpected(v: ExprValue): never {
  throw new ExprError(`Dimensionless argument expected, got ${valueToString(v)}`);
}

function errorDimlessArgsExpected(a: ExprValue, b: ExprValue): never {
  throw new ExprError(
    `Dimensionless arguments expected, got ${valueToString(a)} and ${valueToString(b)}`,
  );
}

// ---- helpers ----

/** The unit of a numeric value; '' and undefined both mean none. */
function unitOfValue(v: ExprValue): Unit {
  return v.type === 'int' || v.type === 'double' ? v.unit : undefined;
}

export function ensureNoLogarithmicUnit(v: ExprValue): void {
  const unit = unitOfValue(v);
  if (unit && !isLinearUnit(unit))
    throw new ExprError(
      `Refusing to perform computations involving quantities with nonlinear units (${valueToString(v)})`,
    );
}

/** `ExprValue::convertToDouble()`: INT (if exactly representable) or DOUBLE, as a number. */
export function toDouble(v: ExprValue): number {
  if (v.type === 'double') return v.value;
  if (v.type === 'int') return safeCastToDouble(v.value);
  return cannotCastError(v, 'double');
}

/** `ExprValue::convertToDouble()` returning the converted value (unit kept). */
export function asDoubleValue(v: ExprValue): ExprValue {
  return v.type === 'double' ? v : doubleValue(toDouble(v), unitOfValue(v));
}

interface Num {
  i: bigint;
  d: number;
  unit: Unit;
}

interface Common {
  a: Num;
  b: Num;
  /** Both were INT but had to be converted to double (see `punned` handling in callers). */
  punned: boolean;
}

/**
 * `ExprNode::bringToCommonTypeAndUnit(a, b)`: two INTs are brought to the smaller unit if the
 * conversion factor is an integer; otherwise both become doubles in b's unit.
 */
function bringToCommonTypeAndUnit(a: ExprValue, b: ExprValue): Common {
  if (a.type === 'int' && b.type === 'int') {
    const c = getConversionFactor(a.unit, b.unit);
    const c2 = getConversionFactor(b.unit, a.unit);
    if (c === 1)
      return {
        a: { i: a.value, d: 0, unit: a.unit },
        b: { i: b.value, d: 0, unit: b.unit },
        punned: false,
      };
    if (c > 1 && c === Math.floor(c))
      return {
        a: { i: safeMul(truncToInt64(c), a.value), d: 0, unit: b.unit },
        b: { i: b.value, d: 0, unit: b.unit },
        punned: false,
      };
    if (c2 > 1 && c2 === Math.floor(c2))
      return {
        a: { i: a.value, d: 0, unit: a.unit },
        b: { i: safeMul(truncToInt64(c2), b.value), d: 0, unit: a.unit },
        punned: false,
      };
  }
  const ad = toDouble(a);
  const bd = toDouble(b);
  const bUnit = unitOfValue(b);
  return {
    a: { i: 0n, d: convertUnit(ad, unitOfValue(a), bUnit), unit: bUnit },
    b: { i: 0n, d: bd, unit: bUnit },
    punned: a.type === 'int' && b.type === 'int',
  };
}

// ---- unary operators ----

export function negate(v: ExprValue): ExprValue {
  switch (v.type) {
    case 'int':
      ensureNoLogarithmicUnit(v);
      return intValue(wrap64(-v.value), v.unit);
    case 'double':
      ensureNoLogarithmicUnit(v);
      return doubleValue(-v.value, v.unit);
    case 'undef':
      return v;
    default:
      return errorNumericArgExpected(v);
  }
}

export function logicalNot(v: ExprValue): ExprValue {
  if (v.type === 'undef') return v;
  if (v.type !== 'bool') errorBooleanArgExpected(v);
  return boolValue(!v.value);
}

export function bitwiseNot(v: ExprValue): ExprValue {
  if (v.type === 'undef') return v;
  if (v.type !== 'int') errorIntegerArgExpected(v);
  if (v.unit) errorDimlessArgExpected(v);
  return intValue(~v.value);
}

// ---- binary operators ----

function add(l: ExprValue, r: ExprValue): ExprValue {
  if (l.type === 'int' && r.type === 'int') {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    // OMNeT++ reads the integer member of a union that now holds doubles
    if (punned)
      return doubleValue(bitsToDouble(safeAdd(doubleBits(ll.d), doubleBits(rr.d))), ll.unit);
    return intValue(safeAdd(ll.i, rr.i), ll.unit);
  }
  if (l.type === 'double' || r.type === 'double') {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll } = bringToCommonTypeAndUnit(r, l);
    return doubleValue(ll.d + rr.d, ll.unit);
  }
  if (l.type === 'string' && r.type === 'string') return stringValue(l.value + r.value);
  return errorNumericArgsExpected(l, r);
}

function subtract(l: ExprValue, r: ExprValue): ExprValue {
  if (l.type === 'int' && r.type === 'int') {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    if (punned)
      return doubleValue(bitsToDouble(safeSub(doubleBits(ll.d), doubleBits(rr.d))), ll.unit);
    return intValue(safeSub(ll.i, rr.i), ll.unit);
  }
  if (l.type === 'double' || r.type === 'double') {
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const { a: rr, b: ll } = bringToCommonTypeAndUnit(r, l);
    return doubleValue(ll.d - rr.d, ll.unit);
  }
  return errorNumericArgsExpected(l, r);
}

function multiply(l: ExprValue, r: ExprValue): ExprValue {
  if (l.type === 'int' && r.type === 'int') {
    if (r.unit && l.unit)
      throw new ExprError('Multiplying two quantities with units is not supported');
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    return intValue(safeMul(l.value, r.value), l.unit ? l.unit : r.unit);
  }
  if (l.type === 'double' || r.type === 'double') {
    const lu = unitOfValue(l);
    const ru = unitOfValue(r);
    if (ru && lu) throw new ExprError('Multiplying two quantities with units is not supported');
    ensureNoLogarithmicUnit(r);
    ensureNoLogarithmicUnit(l);
    const ld = toDouble(l);
    const rd = toDouble(r);
    return doubleValue(ld * rd, lu ? lu : ru);
  }
  return errorNumericArgsExpected(l, r);
}

function divide(l: ExprValue, r: ExprValue): ExprValue {
  // even for two ints, OMNeT++ divides in double
  const lv = asDoubleValue(l);
  const rv = asDoubleValue(r);
  ensureNoLogarithmicUnit(rv);
  let rd = toDouble(rv);
  if (rd !== 0) ensureNoLogarithmicUnit(lv); // "0dB/0" gives nan, for compatibility with INET 3.x
  const lu = unitOfValue(lv);
  const ru = unitOfValue(rv);
  if (ru) rd = convertUnit(rd, ru, lu);
  return doubleValue(toDouble(lv) / rd, ru ? undefined : lu);
}

function modulo(l: ExprValue, r: ExprValue): ExprValue {
  if (l.type !== 'int' || r.type !== 'int') return errorIntegerArgsExpected(l, r);
  ensureNoLogarithmicUnit(r);
  ensureNoLogarithmicUnit(l);
  let ll: Num = { i: l.value, d: 0, unit: l.unit };
  let rr: Num = { i: r.value, d: 0, unit: r.unit };
  let punned = false;
  if (r.unit || l.unit) ({ a: ll, b: rr, punned } = bringToCommonTypeAndUnit(l, r));
  const x = punned ? doubleBits(ll.d) : ll.i;
  const y = punned ? doubleBits(rr.d) : rr.i;
  // OMNeT++ itself crashes (SIGFPE) here
  if (y === 0n || (x === INT64_MIN && y === -1n)) throw new ExprError('Integer division by zero');
  return punned ? doubleValue(bitsToDouble(x % y), ll.unit) : intValue(x % y, ll.unit);
}

/** C's pow(), whose special cases differ from JavaScript's `**` for 1 and -1 bases. */
export function cpow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

function power(l: ExprValue, r: ExprValue): ExprValue {
  if (l.type === 'int' && r.type === 'int') {
    if (r.unit || l.unit) errorDimlessArgsExpected(l, r);
    if (r.value < 0n)
      throw new ExprError(
        'Negative exponent in integer exponentiation, cast operands to double to allow it',
      );
    return intValue(intPow(l.value, r.value));
  }
  const lv = asDoubleValue(l);
  const rv = asDoubleValue(r);
  if (unitOfValue(rv) || unitOfValue(lv)) errorDimlessArgsExpected(lv, rv);
  return doubleValue(cpow(toDouble(lv), toDouble(rv)));
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `CompareNode::compare()`: a number whose sign tells the ordering (NaN: unordered). */
function compare(op: BinaryOp, l: ExprValue, r: ExprValue): number {
  if (l.type === 'int' && r.type === 'int') {
    const { a: rr, b: ll, punned } = bringToCommonTypeAndUnit(r, l);
    return punned
      ? Number(wrap64(doubleBits(ll.d) - doubleBits(rr.d)))
      : Number(wrap64(ll.i - rr.i));
  }
  if (l.type === 'double' || r.type === 'double') {
    const ld = toDouble(l);
    let rd = toDouble(r);
    rd = convertUnit(rd, unitOfValue(r), unitOfValue(l));
    return ld === rd ? 0 : ld - rd;
  }
  if (l.type === 'string' && r.type === 'string') return strcmp(l.value, r.value);
  if (l.type === 'bool' && r.type === 'bool') return Number(l.value) - Number(r.value);
  if (l.type === 'pointer' && r.type === 'pointer') {
    if (op !== '==' && op !== '!=')
      throw new ExprError("Arguments of type 'object' may only be compared for equality");
    return 0; // only null pointers exist here
  }
  throw new ExprError(
    `Mismatching argument types '${getTypeName(l.type)}' vs '${getTypeName(r.type)}'`,
  );
}

function bitwise(op: BinaryOp, l: ExprValue, r: ExprValue): ExprValue {
  if (r.type !== 'int' || l.type !== 'int') return errorIntegerArgsExpected(l, r);
  if (r.unit || l.unit) errorDimlessArgsExpected(l, r);
  const a = l.value;
  const b = r.value;
  switch (op) {
    case '&':
      return intValue(a & b);
    case '|':
      return intValue(a | b);
    case '#':
      return intValue(a ^ b);
    case '<<':
      return intValue(shift(a, b));
    default:
      return intValue(shift(a, wrap64(-b)));
  }
}

function match(value: ExprValue, pattern: ExprValue): ExprValue {
  if (value.type !== 'string' || pattern.type !== 'string')
    throw new ExprError("String operands expected for '=~'");
  return boolValue(new PatternMatcher(pattern.value).matches(value.value));
}

/**
 * Applies a (non-short-circuit) binary operator to two evaluated operands; `undefined`
 * operands give `undefined`.
 */
export function applyBinary(op: BinaryOp, l: ExprValue, r: ExprValue): ExprValue {
  if (l.type === 'undef' || r.type === 'undef') return UNDEF_VALUE;
  switch (op) {
    case '+':
      return add(l, r);
    case '-':
      return subtract(l, r);
    case '*':
      return multiply(l, r);
    case '/':
      return divide(l, r);
    case '%':
      return modulo(l, r);
    case '^':
      return power(l, r);
    case '==':
      return boolValue(compare(op, l, r) === 0);
    case '!=':
      return boolValue(compare(op, l, r) !== 0);
    case '<':
      return boolValue(compare(op, l, r) < 0);
    case '>':
      return boolValue(compare(op, l, r) > 0);
    case '<=':
      return boolValue(compare(op, l, r) <= 0);
    case '>=':
      return boolValue(compare(op, l, r) >= 0);
    case '<=>': {
      const diff = compare(op, l, r);
      return doubleValue(Number.isNaN(diff) ? diff : diff > 0 ? 1 : diff < 0 ? -1 : 0);
    }
    case '=~':
      return match(l, r);
    case '&':
    case '|':
    case '#':
    case '<<':
    case '>>':
      return bitwise(op, l, r);
    case '&&':
    case '||':
    case '##':
      throw new Error('internal: logical operators are evaluated lazily');
  }
}

/** `UnitConversionNode`: `ms(5)` attaches a unit to a unitless number, `ms(1s)` converts. */
export function applyUnitConversion(unit: string, v: ExprValue): ExprValue {
  if (v.type === 'undef') return v;
  if ((v.type === 'int' || v.type === 'double') && v.unit === undefined)
    return v.type === 'int' ? intValue(v.value, unit) : doubleValue(v.value, unit);
  if (v.type !== 'int' && v.type !== 'double')
    throw new ExprError(`Cannot set measurement unit on a value of type '${getTypeName(v.type)}'`);
  return doubleValue(convertUnit(toDouble(v), v.unit, unit), unit);
}

/** `ensureDimlessDoubleArg()` for `<cmath>` function arguments. */
export function dimlessDouble(v: ExprValue): number {
  const d = toDouble(v);
  if (unitOfValue(v)) errorDimlessArgExpected(doubleValue(d, unitOfValue(v)));
  return d;
}
