// Number parsing and printing with the semantics of the C library calls OMNeT++ 6.1's result
// tools rely on: strtod/strtol as wrapped by src/scave/scaveutils.cc (parseDouble, parseInt,
// parseInt64), and printf("%.*g") as used by std::ostream << setprecision(n) << double.

const DECIMAL = /^[ \t\n\v\f\r]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[ \t\n\v\f\r]*([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY_WORD = /^[ \t\n\v\f\r]*([+-]?)(?:inf|infinity)$/i;
const NAN_WORD = /^[ \t\n\v\f\r]*[+-]?nan(?:\([0-9A-Za-z_]*\))?$/i;

function parseHexFloat(sign: string, intDigits: string, fracDigits: string, exp: string): number {
  const digits = intDigits + fracDigits;
  let e = Number(exp || '0') - 4 * fracDigits.length;
  let m = BigInt('0x' + (digits || '0'));
  if (m === 0n) return sign === '-' ? -0 : 0;
  // keep the mantissa within 64 bits so Number() rounds once, then scale by powers of two
  while (m >= 1n << 64n) {
    const sticky = (m & 1n) !== 0n;
    m >>= 1n;
    if (sticky) m |= 1n;
    e++;
  }
  let v = Number(m);
  while (e > 0) {
    const step = Math.min(e, 1000);
    v *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1000);
    v /= 2 ** step;
    e += step;
  }
  return sign === '-' ? -v : v;
}

/** strtod() that must consume the whole string; undefined when it does not. */
export function strtodFull(s: string): number | undefined {
  if (s === '') return 0; // strtod("") converts nothing and leaves endp at the terminator
  if (DECIMAL.test(s)) return Number(s.trim());
  const hex = HEX.exec(s);
  if (hex && ((hex[2] ?? '') !== '' || (hex[3] ?? '') !== '')) {
    return parseHexFloat(hex[1] ?? '', hex[2] ?? '', hex[3] ?? '', hex[4] ?? '');
  }
  const inf = INFINITY_WORD.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (NAN_WORD.test(s)) return NaN;
  return undefined;
}

/**
 * OMNeT++'s parseDouble(): strtod over the whole token, then a fallback that takes anything
 * containing "inf" as an infinity (negative when the token starts with '-') and anything
 * containing "nan" or "IND" as NaN. Returns undefined for an invalid number.
 */
export function parseCDouble(s: string): number | undefined {
  const v = strtodFull(s);
  if (v !== undefined) return v;
  if (s.includes('inf') || s.includes('Inf') || s.includes('INF'))
    return s.startsWith('-') ? -Infinity : Infinity;
  if (s.includes('nan') || s.includes('NaN') || s.includes('NAN') || s.includes('IND')) return NaN;
  return undefined;
}

const INTEGER = /^[ \t\n\v\f\r]*[+-]?\d+$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** strtoll() over the whole token (clamped to the int64 range); undefined when invalid. */
export function parseCInt64(s: string): bigint | undefined {
  if (s === '') return 0n;
  if (!INTEGER.test(s)) return undefined;
  const v = BigInt(s.trim());
  return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
}

const SMALL_INTEGER = /^-?\d{1,9}$/;
const SAFE_INTEGER = /^-?\d{1,15}$/;

/** parseInt(): strtol() cast to a 32-bit int, as OMNeT++ does for vector ids. */
export function parseCInt(s: string): number | undefined {
  if (SMALL_INTEGER.test(s)) return Number(s) | 0;
  const v = parseCInt64(s);
  return v === undefined ? undefined : Number(BigInt.asIntN(32, v));
}

/** parseInt64()/parseLong() as a JavaScript number (exact below 2^53). */
export function parseCLong(s: string): number | undefined {
  if (SAFE_INTEGER.test(s)) return Number(s) + 0; // "+ 0": no -0
  const v = parseCInt64(s);
  return v === undefined ? undefined : Number(v);
}

/** A double converted to int64_t the way x86-64 does (truncation; out of range gives INT64_MIN). */
export function toInt64(v: number): number {
  if (!Number.isFinite(v) || v >= 2 ** 63 || v < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(v) + 0; // "+ 0" turns -0 into 0
}

/** Prints an integer value (such as a count) the way ostream << int64_t does. */
export function formatInt64(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  return BigInt(Math.trunc(v)).toString();
}

// --- printf("%.*g") ---------------------------------------------------------------------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word is [1]

function signBit(x: number): boolean {
  f64[0] = x;
  return ((u32[HI] ?? 0) & 0x80000000) !== 0;
}

/** True when finite x equals the decimal `digits` x 10^exp10 exactly. */
function equalsDecimal(x: number, digits: string, exp10: number): boolean {
  f64[0] = Math.abs(x);
  const hi = u32[HI] ?? 0;
  const lo = u32[1 - HI] ?? 0;
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    m |= 1n << 52n;
    e2 = biased - 1075;
  }
  const n = BigInt(digits);
  // m * 2^e2 == n * 10^exp10
  let left = m;
  let right = n;
  if (e2 >= 0) left <<= BigInt(e2);
  else right <<= BigInt(-e2);
  if (exp10 >= 0) right *= 10n ** BigInt(exp10);
  else left *= 10n ** BigInt(-exp10);
  return left === right;
}

/** The `precision` significant digits of |x| and the decimal exponent, rounded like glibc. */
function significantDigits(ax: number, precision: number): { digits: string; exp: number } {
  return (
    (precision <= 15 && ax >= MIN_NORMAL ? shortestDigits(ax, precision) : undefined) ??
    roundedDigits(ax, precision)
  );
}

/**
 * The smallest normal double. Below it (subnormals) an ulp is no longer tiny relative to the
 * value (5e-324 is 4.94065645841246544e-324 exactly, and its own ulp), so the shortest form's
 * digits are not printf's: %.14g of it is 4.9406564584125e-324 (a P-square histogram's bins).
 */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The digits of JavaScript's shortest round-trip form of `ax` (a normal number), when it has at
 * most `precision` of them (else undefined). For precision <= 15 they are printf's: the exact binary value lies
 * within half an ulp (< 1.2e-16 relative) of them, far inside half a unit of the 15th digit
 * (>= 5e-16 relative), so rounding it to `precision` digits gives them, and no tie is possible.
 */
function shortestDigits(
  ax: number,
  precision: number,
): { digits: string; exp: number } | undefined {
  const s = String(ax);
  let mantissa = s;
  let exp = 0;
  const e = s.indexOf('e');
  if (e >= 0) {
    mantissa = s.slice(0, e);
    exp = Number(s.slice(e + 1));
  }
  const dot = mantissa.indexOf('.');
  const intLen = dot < 0 ? mantissa.length : dot;
  let all = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let lead = 0;
  while (lead < all.length - 1 && all.charCodeAt(lead) === 48) lead++;
  exp += intLen - 1 - lead;
  all = all.slice(lead);
  let end = all.length;
  while (end > 1 && all.charCodeAt(end - 1) === 48) end--;
  if (end > precision) return undefined;
  return { digits: all.slice(0, end).padEnd(precision, '0'), exp };
}

/** The digits of `ax` rounded to `precision` significant digits, ties to even (glibc). */
function roundedDigits(ax: number, precision: number): { digits: string; exp: number } {
  const s = ax.toExponential(precision - 1);
  const ePos = s.indexOf('e');
  let digits = s.slice(0, ePos).replace('.', '');
  let exp = Number(s.slice(ePos + 1));
  // JavaScript rounds exact ties away from zero; glibc rounds them to even. Ties need the
  // value to have exactly precision+1 significant digits, the last being 5.
  const longer = ax.toExponential(precision);
  const le = longer.indexOf('e');
  if (longer[le - 1] === '5') {
    const longDigits = longer.slice(0, le).replace('.', '');
    const longExp = Number(longer.slice(le + 1));
    if (
      Number(longer) === ax &&
      equalsDecimal(ax, longDigits, longExp - precision) &&
      Number(longDigits[precision - 1] ?? '0') % 2 === 0
    ) {
      // a tie whose kept digit is even: glibc truncates where JavaScript rounded up
      digits = longDigits.slice(0, precision);
      exp = longExp;
    }
  }
  return { digits, exp };
}

/**
 * printf("%.<precision>g", x) for any double, as glibc prints it (round-half-even on the exact
 * binary value; "inf", "-inf", "nan", "-nan" for the special values).
 */
export function formatG(x: number, precision: number): string {
  const neg = signBit(x);
  if (Number.isNaN(x)) return neg ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return neg ? '-inf' : 'inf';
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return neg ? '-0' : '0';
  const ax = Math.abs(x);
  // the common case, without taking digits apart: in [1e-4, 10^p) JavaScript writes no exponent,
  // and printf neither; a shortest form of at most p digits is printf's (see shortestDigits)
  if (p <= 15 && ax >= 1e-4 && ax < 10 ** p) {
    const s = String(ax);
    if (significantCount(s) <= p) return neg ? `-${s}` : s;
  }
  const { digits, exp } = significantDigits(ax, p);
  let out: string;
  if (exp < -4 || exp >= p) {
    const mant = stripZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1);
    out = stripZeros(frac ? `${intPart}.${frac}` : intPart);
  } else {
    out = stripZeros(`0.${'0'.repeat(-exp - 1)}${digits}`);
  }
  return neg ? `-${out}` : out;
}

/** The significant digits of a number written without sign or exponent ("0.0012" has 2). */
function significantCount(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 48 || s.charCodeAt(i) === 46)) i++;
  return s.length - i - (s.indexOf('.', i) >= 0 ? 1 : 0);
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s[end - 1] === '.') end--;
  return s.slice(0, end);
}
