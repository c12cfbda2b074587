/**
 * Values of NED expressions, mirroring OMNeT++ 6.1's `ExprValue` (src/common/exprvalue.h).
 */
import { formatG, quoteString } from './format.js';

/**
 * A measurement unit attached to an INT or DOUBLE value. `undefined` is OMNeT++'s nullptr (no
 * unit); `''` also means "no unit" everywhere except in unit-conversion functions like `ms(x)`,
 * which only attach a unit to a value whose unit is nullptr (the distinction exists in OMNeT++).
 */
export type Unit = string | undefined;

export type ExprValue =
  /** OMNeT++'s `undefined` literal; operators propagate it. */
  | { readonly type: 'undef' }
  | { readonly type: 'bool'; readonly value: boolean }
  /** 64-bit signed integer (`intval_t`), always within [-2^63, 2^63-1]. */
  | { readonly type: 'int'; readonly value: bigint; readonly unit: Unit }
  | { readonly type: 'double'; readonly value: number; readonly unit: Unit }
  | { readonly type: 'string'; readonly value: string }
  /** Object pointer; expressions can only produce the null pointer (`null`, `nullptr`). */
  | { readonly type: 'pointer'; readonly value: null };

export type ExprValueType = ExprValue['type'];

export const UNDEF_VALUE: ExprValue = Object.freeze({ type: 'undef' });
export const NULL_POINTER_VALUE: ExprValue = Object.freeze({ type: 'pointer', value: null });
export const TRUE_VALUE: ExprValue = Object.freeze({ type: 'bool', value: true });
export const FALSE_VALUE: ExprValue = Object.freeze({ type: 'bool', value: false });

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export function boolValue(b: boolean): ExprValue {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

/** An INT value; `value` must already be within the 64-bit range. */
export function intValue(value: bigint, unit?: Unit): ExprValue {
  return { type: 'int', value, unit };
}

export function doubleValue(value: number, unit?: Unit): ExprValue {
  return { type: 'double', value, unit };
}

export function stringValue(value: string): ExprValue {
  return { type: 'string', value };
}

/** OMNeT++'s `ExprValue::getTypeName()`: undefined, bool, integer, double, string, object. */
export function getTypeName(type: ExprValueType): string {
  switch (type) {
    case 'undef':
      return 'undefined';
    case 'bool':
      return 'bool';
    case 'int':
      return 'integer';
    case 'double':
      return 'double';
    case 'string':
      return 'string';
    case 'pointer':
      return 'object';
  }
}

/** `%g` the way OMNeT++'s `opp_dtoa()` prints doubles. */
export function formatDouble(d: number): string {
  return formatG(d);
}

/**
 * OMNeT++'s `ExprValue::str()`: `undefined`, `true`, `42ms`, `0.5s`, `inf s` (a space before
 * the unit of a non-finite number), `"quoted \"string\""`, `nullptr`.
 */
export function valueToString(v: ExprValue): string {
  switch (v.type) {
    case 'undef':
      return 'undefined';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return v.value.toString() + (v.unit ?? '');
    case 'double': {
      const s = formatG(v.value);
      if (!v.unit) return s;
      return Number.isFinite(v.value) ? s + v.unit : s + ' ' + v.unit;
    }
    case 'string':
      return quoteString(v.value);
    case 'pointer':
      return 'nullptr';
  }
}

/** The unit of a numeric value (`undefined` for no unit and for non-numeric values). */
export function unitOf(v: ExprValue): Unit {
  return v.type === 'int' || v.type === 'double' ? v.unit : undefined;
}

/** Structural equality of two values (same type, unit and value; NaN equals NaN). */
export function valuesEqual(a: ExprValue, b: ExprValue): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'undef':
    case 'pointer':
      return true;
    case 'bool':
    case 'string':
      return a.value === (b as typeof a).value;
    case 'int':
      return a.value === (b as typeof a).value && (a.unit ?? '') === ((b as typeof a).unit ?? '');
    case 'double':
      return (
        Object.is(a.value, (b as typeof a).value) && (a.unit ?? '') === ((b as typeof a).unit ?? '')
      );
  }
}
