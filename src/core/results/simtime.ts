// Simulation times as OMNeT++ 6.1's BigDecimal (src/common/bigdecimal.cc) holds them: an int64
// mantissa and a decimal scale between -18 and 0, normalized (trailing zeros stripped, digits
// beyond 18 decimals truncated). A SimTime here is that value's text as BigDecimal::str()
// prints it: plain decimal notation ("0.073687478407", "180"), or one of the special values.

import { parseCDouble } from './cnum.js';

/** BigDecimal text: a decimal number, or "NaN", "+Inf", "-Inf", or "Nil" (no time column). */
export type SimTime = string;

export const SIMTIME_NIL: SimTime = 'Nil';

const INT64_MAX = 9223372036854775807n;
const MIN_SCALE = -18;

/** BigDecimal(intVal, scale) normalized and printed (bigint arithmetic; any scale). */
export function bigDecimalText(intVal: bigint, scale: number): SimTime {
  if (intVal === 0n) return '0';
  if (scale < MIN_SCALE - 19) return '0';
  if (scale > 19) throw new RangeError(`BigDecimal: normalize(): Scale ${scale} is too big`);
  let v = intVal;
  let s = scale;
  while (s < MIN_SCALE) {
    v /= 10n; // truncates toward zero, like C
    s++;
    if (v === 0n) return '0';
  }
  while (s > 0) {
    if (v > INT64_MAX / 10n || v < -INT64_MAX / 10n)
      throw new RangeError('BigDecimal: normalize(): Arithmetic overflow');
    v *= 10n;
    s--;
  }
  while (v % 10n === 0n && s < 0) {
    v /= 10n;
    s++;
  }
  return decimalText(v < 0n, (v < 0n ? -v : v).toString(), s);
}

/** ttoa() for a normalized value given as sign, digits (no leading zeros) and scale <= 0. */
function decimalText(negative: boolean, digits: string, scale: number): string {
  let out: string;
  if (scale === 0) out = digits;
  else if (digits.length > -scale)
    out = `${digits.slice(0, digits.length + scale)}.${digits.slice(digits.length + scale)}`;
  else out = `0.${'0'.repeat(-scale - digits.length)}${digits}`;
  return negative ? `-${out}` : out;
}

/** The value of BigDecimal(double d), including its loss of the lowest mantissa bit. */
export function simtimeFromDouble(d: number): SimTime {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  const negative = d < 0;
  const a = Math.abs(d);
  if (a < 2 ** -1000) return '0'; // far below the 18-decimal resolution: normalizes to zero
  // a = M * 2^e2 with M a 53-bit integer in [2^52, 2^53) (frexp normalizes subnormals too)
  let e2 = Math.floor(Math.log2(a)) - 52;
  let scaled = a / 2 ** e2;
  while (scaled >= 2 ** 53) {
    e2++;
    scaled = a / 2 ** e2;
  }
  while (scaled < 2 ** 52) {
    e2--;
    scaled = a * 2 ** -e2;
  }
  // BigDecimal shifts the mantissa to 2^52 scale and truncates to int64: the lowest bit is lost
  let intVal = BigInt(Math.floor(scaled / 2));
  let exponent = e2 + 1;
  if (intVal === 0n) return '0';
  while ((intVal & 1n) === 0n) {
    intVal >>= 1n;
    exponent++;
  }
  let scale: number;
  if (exponent < 0) {
    scale = exponent;
    for (let i = exponent; i < 0; i++) {
      if (intVal <= INT64_MAX / 5n) intVal *= 5n;
      else {
        intVal /= 2n;
        scale++;
      }
    }
  } else {
    scale = 0;
    for (let i = 0; i < exponent; i++) {
      if (intVal <= INT64_MAX / 2n) intVal *= 2n;
      else {
        intVal /= 5n;
        scale++;
      }
    }
  }
  return bigDecimalText(negative ? -intVal : intVal, scale);
}

/** BigDecimal(raw, exp): how the SQLite result format's simtimeRaw columns are read. */
export function simtimeFromRaw(raw: bigint | number, exp: number): SimTime {
  if (typeof raw === 'bigint' && raw >= -MAX_SAFE && raw <= MAX_SAFE) raw = Number(raw);
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && exp <= 0 && exp >= MIN_SCALE) {
    if (raw === 0) return '0';
    let digits = String(Math.abs(raw));
    let scale = exp;
    let end = digits.length;
    while (scale < 0 && digits.charCodeAt(end - 1) === 48) {
      end--;
      scale++;
    }
    if (end !== digits.length) digits = digits.slice(0, end);
    return decimalText(raw < 0, digits, scale);
  }
  return bigDecimalText(BigInt(raw), exp);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const PLAIN = /^(0|[1-9]\d{0,17})(?:\.(\d{0,17}[1-9]))?$/;

/**
 * parseSimtime() from src/scave/scaveutils.cc: BigDecimal::parse(), falling back to strtod for
 * numbers in exponent notation. Returns undefined for an invalid time.
 */
export function parseSimtime(s: string): SimTime | undefined {
  if (PLAIN.test(s) && s.length <= 19) return s; // already canonical, cannot overflow
  let p = 0;
  let negative = false;
  const at = (i: number): number => (i < s.length ? s.charCodeAt(i) : 0);
  let value: SimTime | undefined;
  let endp: number;
  if (!isDigit(at(p))) {
    while (isSpace(at(p))) p++;
    if (at(p) === 45) {
      negative = true;
      p++;
    } else if (at(p) === 43) p++;
    if (isAlpha(at(p))) {
      const word = s.slice(p, p + 3).toLowerCase();
      if (word === 'nan') {
        value = 'NaN';
        endp = p + 3;
      } else if (word === 'inf') {
        endp = p + 3;
        if (s.slice(endp, endp + 5).toLowerCase() === 'inity') endp += 5;
        value = negative ? '-Inf' : '+Inf';
      } else {
        value = '0';
        endp = p;
      }
      return finish(s, endp, value);
    }
  }
  if (at(p) === 49 && at(p + 1) === 46 && at(p + 2) === 35) {
    const w = s.slice(p + 3, p + 6).toLowerCase();
    if (w === 'ind') return finish(s, p + 6, 'NaN');
    if (w === 'inf') return finish(s, p + 6, negative ? '-Inf' : '+Inf');
  }
  const intStart = p;
  while (isDigit(at(p))) p++;
  let digits = s.slice(intStart, p);
  let scale = 0;
  if (digits.length === 0 && at(p) !== 46) return undefined; // "Invalid number syntax"
  if (at(p) === 46) {
    p++;
    const fracStart = p;
    while (isDigit(at(p))) p++;
    digits += s.slice(fracStart, p);
    scale = fracStart - p;
  }
  endp = p;
  const significant = digits.replace(/^0+/, '');
  if (significant.length > 19 || (significant.length === 19 && significant > '9223372036854775807'))
    return undefined; // "Arithmetic overflow while parsing"
  const intVal = BigInt(significant || '0');
  value = bigDecimalText(negative ? -intVal : intVal, scale);
  return finish(s, endp, value);
}

function finish(s: string, endp: number, value: SimTime): SimTime | undefined {
  if (endp >= s.length) return value;
  const c = s[endp];
  if (c === 'e' || c === 'E') {
    const d = parseCDouble(s);
    if (d === undefined) return undefined;
    try {
      return simtimeFromDouble(d);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A SimTime as a JavaScript number (NaN for "Nil"). */
export function simtimeToNumber(t: SimTime): number {
  if (t === '+Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (t === 'NaN' || t === SIMTIME_NIL) return NaN;
  return Number(t);
}
