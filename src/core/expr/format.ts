/**
 * Number and string formatting the way OMNeT++ (C/glibc) prints them.
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact decimal digits of a finite, nonzero |x|, and the power of ten of the first digit. */
function exactDigits(x: number): { digits: string; exp10: number } {
  f64[0] = Math.abs(x);
  const bits = u64[0] ?? 0n;
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e2: number;
  if (biasedExp === 0) {
    e2 = -1074;
  } else {
    mant |= 1n << 52n;
    e2 = biasedExp - 1075;
  }
  let digits: string;
  let pointPos: number; // number of digits before the decimal point
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    pointPos = digits.length;
  } else {
    // mant / 2^-e2 == mant * 5^-e2 / 10^-e2
    digits = (mant * 5n ** BigInt(-e2)).toString();
    pointPos = digits.length + e2;
  }
  const firstNonZero = digits.search(/[1-9]/);
  const trimmed = digits.slice(firstNonZero).replace(/0+$/, '');
  return { digits: trimmed, exp10: pointPos - firstNonZero - 1 };
}

/**
 * Rounds |x| to `precision` significant digits, ties to even on the exact binary value (as glibc
 * printf does). Returns the digit string (exactly `precision` digits) and the decimal exponent.
 */
function roundSignificant(x: number, precision: number): { digits: string; exp10: number } {
  // toExponential is correctly rounded, except that exact ties go away from zero; detect
  // possible ties cheaply and redo those from the exact decimal expansion.
  const s = Math.abs(x).toExponential(precision - 1);
  const ePos = s.indexOf('e');
  const longer = Math.abs(x).toExponential(Math.min(100, Math.max(16, precision + 4)));
  const tail = longer.slice(precision + 1, longer.indexOf('e'));
  if (tail.charCodeAt(0) !== 53 /* '5' */ || !/^50*$/.test(tail)) {
    return {
      digits: s.slice(0, 1) + s.slice(2, ePos),
      exp10: Number(s.slice(ePos + 1)),
    };
  }
  const exact = exactDigits(x);
  let digits = exact.digits.padEnd(precision + 1, '0');
  let exp10 = exact.exp10;
  const rest = digits.slice(precision);
  digits = digits.slice(0, precision);
  const lastDigit = digits.charCodeAt(precision - 1) - 48;
  const roundUp =
    rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || lastDigit % 2 === 1));
  if (roundUp) {
    const n = (BigInt(digits) + 1n).toString();
    if (n.length > precision) {
      digits = n.slice(0, precision);
      exp10++;
    } else {
      digits = n;
    }
  }
  return { digits, exp10 };
}

/**
 * Exactly C's `printf("%g", x)`: 6 significant digits, trailing zeros removed, exponent form
 * (`1e+10`, `-4.3e-05`) below 1e-4 and from 1e6 on; `inf`, `-inf`, `nan`.
 */
export function formatG(x: number): string {
  return formatGPrecision(x, 6);
}

/** C's `printf("%.<precision>g", x)`. */
export function formatGPrecision(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const P = precision === 0 ? 1 : precision;
  if (P === 6 && Number.isInteger(x) && x > -1e6 && x < 1e6 && !Object.is(x, -0)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0';
  const { digits, exp10 } = roundSignificant(x, P);
  if (exp10 < -4 || exp10 >= P) {
    let mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const absExp = Math.abs(exp10);
    return `${sign}${mant}e${exp10 < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  }
  let out: string;
  if (exp10 >= 0) {
    const intPart = digits.slice(0, exp10 + 1);
    const frac = digits.slice(exp10 + 1).replace(/0+$/, '');
    out = frac ? `${intPart}.${frac}` : intPart;
  } else {
    const frac = ('0'.repeat(-exp10 - 1) + digits).replace(/0+$/, '');
    out = `0.${frac}`;
  }
  return sign + out;
}

/** C++ `std::to_string(double)`, i.e. `printf("%f", x)`. */
export function formatFixed6(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (Math.abs(x) < 1e21) {
    const s = x.toFixed(6);
    return Object.is(x, -0) || (x < 0 && !s.startsWith('-')) ? '-' + s : s;
  }
  return BigInt(x).toString() + '.000000';
}

function isCntrl(c: number): boolean {
  return c < 32 || c === 127;
}

/** OMNeT++'s `opp_quotestr()`: double quotes, with C-style escapes. */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 8:
        out += '\\b';
        break;
      case 12:
        out += '\\f';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 34:
        out += '\\"';
        break;
      case 92:
        out += '\\\\';
        break;
      default:
        if (isCntrl(c)) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
        else out += s[i];
    }
  }
  return out + '"';
}
