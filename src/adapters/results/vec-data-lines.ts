// The merge's hot path: a .vec read in file order, its data lines parsed straight from the
// bytes. Lines are split exactly as LineSplitter splits them ("\n", "\r\n" or a lone "\r"; the
// last line may lack a terminator), but each line is handed over as a byte range: only lines
// the byte parser does not take (headers, declarations, unusual data lines) become strings.

import { open } from 'node:fs/promises';
import { decodeLine, type TextLine } from '../../core/results/index.js';

/** Where a line's bytes are: data[start, stop), at file offset `offset`, 1-based `lineNo`. */
export type LineSink = (
  data: Buffer,
  start: number,
  stop: number,
  lineNo: number,
  offset: number,
) => void;

const CHUNK = 1 << 20;

/**
 * Reads `path` and calls `terminated` for every line that has a terminator and `last` for an
 * unterminated last line (as TextLine). `between` runs after each chunk (e.g. abort checks).
 */
export async function scanLines(
  path: string,
  terminated: LineSink,
  last: (line: TextLine) => void,
  between: () => void,
): Promise<void> {
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    /** Bytes at buf[0, carry) are the start of an unfinished line, at file offset carryOffset. */
    let carry = 0;
    let carryOffset = 0;
    let consumed = 0;
    let lineNo = 0;
    /** The previous chunk ended in "\r": a "\n" starting the next chunk belongs to it. */
    let pendingCR = false;
    for (;;) {
      if (carry === buf.length) {
        // a line longer than the buffer
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, carry, buf.length - carry, null);
      if (bytesRead === 0) break;
      let fromOffset = consumed;
      consumed += bytesRead;
      let n = carry + bytesRead;
      if (pendingCR) {
        // the previous chunk ended in "\r" (so nothing is carried): a "\n" here belongs to it
        pendingCR = false;
        if (buf[0] === 10) {
          buf.copy(buf, 0, 1, n);
          n--;
          fromOffset++;
        }
      }
      const dataOffset = carry > 0 ? carryOffset : fromOffset;
      const data = buf.subarray(0, n);
      let start = 0;
      let nextCR = data.indexOf(13);
      while (start < n) {
        let lf = data.indexOf(10, start);
        if (lf < 0) lf = n;
        if (nextCR >= 0 && nextCR < start) nextCR = data.indexOf(13, start);
        let stop: number;
        let next: number;
        if (nextCR >= 0 && nextCR < lf) {
          stop = nextCR;
          if (nextCR + 1 < n) next = data[nextCR + 1] === 10 ? nextCR + 2 : nextCR + 1;
          else {
            next = n;
            pendingCR = true;
          }
        } else if (lf < n) {
          stop = lf;
          next = lf + 1;
        } else break;
        terminated(data, start, stop, ++lineNo, dataOffset + start);
        start = next;
      }
      carry = n - start;
      carryOffset = dataOffset + start;
      if (carry > 0 && start > 0) buf.copy(buf, 0, start, n);
      between();
    }
    if (carry > 0)
      last({
        text: decodeLine(buf, 0, carry),
        lineNo: ++lineNo,
        offset: carryOffset,
        terminated: false,
      });
  } finally {
    await fh.close();
  }
}

// --- numbers from bytes ----------------------------------------------------------------------

/** 10^0 .. 10^22: exactly representable doubles. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Scratch results of the byte parsers (one object, reused: no allocation per line). `end` is
 * the index after what was parsed; -1 when the bytes do not have the expected shape.
 */
export const parsed = { end: -1, value: 0 };

/** `\d{1,maxDigits}` at data[i] (leading zeros allowed) as a number; exact (maxDigits <= 15). */
export function parseDigits(data: Buffer, i: number, stop: number, maxDigits: number): void {
  let v = 0;
  let j = i;
  while (j < stop) {
    const c = data[j] as number;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    j++;
  }
  parsed.end = j > i && j - i <= maxDigits ? j : -1;
  parsed.value = v;
}

/**
 * A simulation time at data[i] in the shape `(0|[1-9]\d{0,17})(\.\d{0,17}[1-9])?` as the raw
 * integer for 10^-decimals seconds, when that is exact and a safe integer. `parsed.end` is -1
 * when the shape differs; `parsed.value` is -1 when the shape is right but the raw value is not
 * computed here (too many decimals, too large): the caller then takes the general path.
 */
export function parseSimtimeRaw(data: Buffer, i: number, stop: number, decimals: number): void {
  let j = i;
  let int = 0;
  while (j < stop) {
    const c = data[j] as number;
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
    j++;
  }
  const intDigits = j - i;
  if (intDigits === 0 || intDigits > 18 || (intDigits > 1 && data[i] === 48)) {
    parsed.end = -1;
    return;
  }
  let frac = 0;
  let fracDigits = 0;
  if (j < stop && data[j] === 46) {
    const f = ++j;
    while (j < stop) {
      const c = data[j] as number;
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      j++;
    }
    fracDigits = j - f;
    if (fracDigits === 0 || fracDigits > 18 || data[j - 1] === 48) {
      parsed.end = -1;
      return;
    }
  }
  parsed.end = j;
  if (fracDigits > decimals || intDigits > 15 || decimals > 22) {
    parsed.value = -1;
    return;
  }
  // exact when the result is a safe integer: every operand and partial result then is one
  const raw = int * (POW10[decimals] as number) + frac * (POW10[decimals - fracDigits] as number);
  parsed.value = raw <= Number.MAX_SAFE_INTEGER ? raw : -1;
}

/**
 * A value at data[i, stop) in the shape `-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` (the whole range)
 * as Number() reads it: exactly, with one correctly rounded operation when the digits fit in
 * 15 and the power of ten in 22 (the classic fast path), else through Number() itself.
 */
export function parseValue(data: Buffer, i: number, stop: number): void {
  let j = i;
  const negative = data[j] === 45;
  if (negative) j++;
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let fracDigits = 0;
  while (j < stop) {
    const c = data[j] as number;
    if (c < 48 || c > 57) break;
    if (significant > 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      significant++;
    }
    digits++;
    j++;
  }
  const intDigits = digits;
  if (j < stop && data[j] === 46) {
    j++;
    while (j < stop) {
      const c = data[j] as number;
      if (c < 48 || c > 57) break;
      if (significant > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      digits++;
      fracDigits++;
      j++;
    }
  }
  if (digits === 0 || (intDigits === 0 && fracDigits === 0)) {
    parsed.end = -1;
    return;
  }
  let exp = 0;
  if (j < stop && (data[j] === 101 || data[j] === 69)) {
    j++;
    let expNegative = false;
    if (j < stop && (data[j] === 43 || data[j] === 45)) expNegative = data[j++] === 45;
    const e = j;
    while (j < stop) {
      const c = data[j] as number;
      if (c < 48 || c > 57) break;
      if (j - e < 6) exp = exp * 10 + (c - 48);
      j++;
    }
    if (j === e) {
      parsed.end = -1;
      return;
    }
    if (j - e >= 6) exp = 1e6;
    if (expNegative) exp = -exp;
  }
  if (j !== stop) {
    parsed.end = -1;
    return;
  }
  parsed.end = j;
  const e10 = exp - fracDigits;
  let v: number;
  if (mantissa === 0 && significant === 0) v = 0;
  else if (significant <= 15 && e10 >= -22 && e10 <= 22)
    v = e10 < 0 ? mantissa / (POW10[-e10] as number) : mantissa * (POW10[e10] as number);
  else {
    parsed.value = Number(data.toString('latin1', i, stop));
    return;
  }
  parsed.value = negative ? -v : v;
}
