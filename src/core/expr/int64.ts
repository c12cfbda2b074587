/**
 * 64-bit integer helpers with OMNeT++'s overflow behaviour (src/common/intutil.cc).
 */
import { ExprError } from './errors.js';
import { formatFixed6 } from './format.js';
import { INT64_MAX, INT64_MIN } from './value.js';

const TWO_POW_63 = 2 ** 63;

export function safeAdd(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(`Integer overflow adding ${a} and ${b}, try casting operands to double`);
  return r;
}

export function safeSub(a: bigint, b: bigint): bigint {
  const r = a - b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(
      `Integer overflow subtracting ${b} from ${a}, try casting operands to double`,
    );
  return r;
}

export function safeMul(a: bigint, b: bigint): bigint {
  const r = a * b;
  if (r > INT64_MAX || r < INT64_MIN)
    throw new ExprError(
      `Integer overflow multiplying ${a} and ${b}, try casting operands to double`,
    );
  return r;
}

/** Integer exponentiation by squaring; `exp` must be >= 0. */
export function intPow(base: bigint, exp: bigint): bigint {
  if (exp === 0n) return 1n;
  try {
    let result = 1n;
    for (;;) {
      if (exp & 1n) result = safeMul(result, base);
      exp >>= 1n;
      if (exp === 0n) break;
      base = safeMul(base, base);
    }
    return result;
  } catch {
    throw new ExprError('Overflow during integer exponentiation, try casting operands to double');
  }
}

/** OMNeT++'s `shift(a, b)`: positive b shifts left, negative b shifts right (arithmetically). */
export function shift(a: bigint, b: bigint): bigint {
  if (b > 0n) return b < 64n ? BigInt.asIntN(64, a << b) : 0n;
  return -64n < b ? a >> -b : a > 0n ? 0n : -1n;
}

/** Two's complement wrap-around to 64 bits (what C++ does in practice on signed overflow). */
export function wrap64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/** C's `(int64_t)d` on x86-64: truncation, and INT64_MIN for NaN or out-of-range values. */
export function truncToInt64(d: number): bigint {
  if (Number.isNaN(d) || d >= TWO_POW_63 || d < -TWO_POW_63) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

/** `safeCastToDouble()`: refuses integers that do not survive the round trip to double. */
export function safeCastToDouble(
  x: bigint,
  hint = 'use explicit cast to double to suppress this error',
): number {
  const d = Number(x);
  if (truncToInt64(d) !== x)
    throw new ExprError(
      `Integer ${x} too large, conversion to double would incur precision loss (${hint})`,
    );
  return d;
}

/** `checked_int_cast<intval_t>(double)`. */
export function checkedIntCast(d: number): bigint {
  const res = truncToInt64(d);
  if (Number(res) !== Math.trunc(d) || res === INT64_MAX)
    throw new ExprError(`Overflow casting ${formatFixed6(d)} to the target integer type`);
  return res;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The bit pattern of a double as a signed 64-bit integer (C union type punning). */
export function doubleBits(d: number): bigint {
  f64[0] = d;
  return i64[0]!;
}

/** The double whose bit pattern is the given signed 64-bit integer. */
export function bitsToDouble(b: bigint): number {
  i64[0] = b;
  return f64[0]!;
}
