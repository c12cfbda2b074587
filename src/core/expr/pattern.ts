/**
 * Glob-style pattern matching used by the `=~` operator, after OMNeT++ 6.1's PatternMatcher
 * (src/common/patternmatcher.cc), in the mode `=~` uses: dotted-path, full-string,
 * case-sensitive. Syntax: `?` (any char but `.`), `*` (any chars but `.`), `**` (any chars),
 * `{a-z}` / `{^a-z}` (character sets), `{5..10}` / `[5..10]` (numeric ranges), `\x` (literal).
 * With `dottedPath: false` (the mode opp_scavetool's filters use), `?` and `*` match dots too.
 */
import { ExprError } from './errors.js';

type Elem =
  | { t: 'LITERAL'; s: string }
  | { t: 'NONDOTCHAR' }
  | { t: 'ANYCHAR' }
  | { t: 'ANYSEQ' }
  | { t: 'NONDOTSEQ' }
  | { t: 'SET'; set: string; neg: boolean }
  | { t: 'NUMRANGE'; lo: bigint; hi: bigint }
  | { t: 'END' };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const LONG_MAX = 2n ** 63n - 1n;

/** C's atol() on a string starting with digits (saturating like glibc's strtol). */
function atol(s: string, i: number): bigint {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const v = BigInt(s.slice(i, j));
  return v > LONG_MAX ? LONG_MAX : v;
}

/** Tries to parse `[n..m]` or `{n..m}` at `pos`; returns the end position (at the closing char). */
function parseNumRange(
  s: string,
  pos: number,
  closing: string,
): { end: number; lo: bigint; hi: bigint } | undefined {
  let lo = -1n;
  let hi = -1n;
  let i = pos + 1;
  if (isDigit(s.charCodeAt(i))) {
    lo = atol(s, i);
    while (isDigit(s.charCodeAt(i))) i++;
  }
  if (s[i] !== '.' || s[i + 1] !== '.') return undefined;
  i += 2;
  if (isDigit(s.charCodeAt(i))) {
    hi = atol(s, i);
    while (isDigit(s.charCodeAt(i))) i++;
  }
  if (s[i] !== closing) return undefined;
  return { end: i, lo, hi };
}

/** `strncmp(s + pos, lit, lit.length) == 0`, where the end of `s` acts as a NUL character. */
function strncmpEquals(s: string, pos: number, lit: string): boolean {
  for (let j = 0; j < lit.length; j++) {
    const c1 = s[pos + j] ?? '\0';
    if (c1 !== lit[j]) return false;
    if (c1 === '\0') return true;
  }
  return true;
}

/** The string as C sees it: up to the first NUL. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export class PatternMatcher {
  private readonly elems: Elem[] = [];

  constructor(pattern: string, options: { readonly dottedPath?: boolean } = {}) {
    const dotted = options.dottedPath ?? true;
    const p = pattern;
    let i = 0;
    const elems = this.elems;
    const parseLiteral = (): void => {
      let lit = '';
      while (i < p.length && p[i] !== '?' && p[i] !== '{' && p[i] !== '*') {
        if (p[i] === '\\') {
          i++;
          if (i >= p.length) {
            lit += '\0'; // a trailing backslash escapes the C string's terminating NUL
            break;
          }
          lit += p[i];
        } else {
          lit += p[i];
        }
        if (p[i] === '[' && parseNumRange(p, i, ']')) break;
        i++;
      }
      elems.push({ t: 'LITERAL', s: lit });
    };
    while (i < p.length) {
      const c = p[i];
      if (c === '?') {
        elems.push(dotted ? { t: 'NONDOTCHAR' } : { t: 'ANYCHAR' });
        i++;
      } else if (c === '[') {
        const last = elems[elems.length - 1];
        const r = last && last.t === 'LITERAL' ? parseNumRange(p, i, ']') : undefined;
        if (r) {
          // the position stays at ']', which then starts a literal
          elems.push({ t: 'NUMRANGE', lo: r.lo, hi: r.hi });
          i = r.end;
        } else {
          parseLiteral();
        }
      } else if (c === '{') {
        const r = parseNumRange(p, i, '}');
        if (r) {
          elems.push({ t: 'NUMRANGE', lo: r.lo, hi: r.hi });
          i = r.end + 1;
        } else {
          i++;
          let neg = false;
          if (p[i] === '^') {
            neg = true;
            i++;
          }
          // '}' is part of the set if it comes first
          const begin = i;
          let set = '';
          while (i < p.length && (p[i] !== '}' || i === begin)) {
            if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== '}') {
              set += p[i]! + p[i + 2]!;
              i += 3;
            } else {
              set += p[i]! + p[i]!;
              i++;
            }
          }
          if (i >= p.length) throw new ExprError("Unmatched '}' in expression");
          i++;
          elems.push({ t: 'SET', set, neg });
        }
      } else if (c === '*') {
        if (p[i + 1] === '*') {
          elems.push({ t: 'ANYSEQ' });
          i += 2;
        } else {
          elems.push(dotted ? { t: 'NONDOTSEQ' } : { t: 'ANYSEQ' });
          i++;
        }
      } else {
        parseLiteral();
      }
    }
    elems.push({ t: 'END' });
  }

  matches(s: string): boolean {
    return this.doMatch(s, 0, 0);
  }

  private inSet(c: string, set: string): boolean {
    for (let k = 0; k < set.length; k += 2) if (c >= set[k]! && c <= set[k + 1]!) return true;
    return false;
  }

  private doMatch(s: string, pos: number, k: number): boolean {
    const elems = this.elems;
    for (;;) {
      const e = elems[k]!;
      switch (e.t) {
        case 'LITERAL':
          if (!strncmpEquals(s, pos, e.s)) return false;
          pos += e.s.length;
          break;
        case 'NONDOTCHAR':
          if (pos >= s.length || s[pos] === '.') return false;
          pos++;
          break;
        case 'ANYCHAR':
          if (pos >= s.length) return false;
          pos++;
          break;
        case 'SET':
          if (pos >= s.length) return false;
          if (this.inSet(s[pos]!, e.set) === e.neg) return false;
          pos++;
          break;
        case 'NUMRANGE': {
          if (!isDigit(s.charCodeAt(pos))) return false;
          const num = atol(s, pos);
          while (isDigit(s.charCodeAt(pos))) pos++;
          if ((e.lo >= 0n && num < e.lo) || (e.hi >= 0n && num > e.hi)) return false;
          break;
        }
        case 'ANYSEQ': {
          if (k === elems.length - 2) return true;
          const next = elems[k + 1]!;
          if (k === elems.length - 3 && next.t === 'LITERAL')
            return s.slice(pos).endsWith(cString(next.s));
          for (;;) {
            if (this.doMatch(s, pos, k + 1)) return true;
            if (pos >= s.length) return false;
            pos++;
          }
        }
        case 'NONDOTSEQ':
          for (;;) {
            if (this.doMatch(s, pos, k + 1)) return true;
            if (pos >= s.length || s[pos] === '.') return false;
            pos++;
          }
        case 'END':
          return pos >= s.length;
      }
      k++;
    }
  }
}
