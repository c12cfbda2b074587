// String helpers with the exact semantics of OMNeT++ 6.1's src/common/stringutil.cc and
// stringtokenizer.cc, which the ini reader and the scenario generator rely on.

export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** opp_isalphaext: ASCII letters, and any non-ASCII character (UTF-8 bytes count as letters). */
export const isAlphaExt = (c: string | undefined): boolean =>
  c !== undefined && c !== '' && (/[A-Za-z]/.test(c) || c.charCodeAt(0) >= 128);

/** opp_isalnumext: letters, digits, underscore... as OMNeT++ defines it for names. */
export const isAlnumExt = (c: string | undefined): boolean =>
  c !== undefined && c !== '' && (/[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 128);

/** Index of the quote that closes the string literal starting at `start`, or -1. */
export function findCloseQuote(s: string, start: number): number {
  const quote = s[start];
  let i = start + 1;
  for (; i < s.length && s[i] !== quote; i++) if (s[i] === '\\' && i + 1 < s.length) i++;
  return i < s.length ? i : -1;
}

const PARENS = '(){}[]';

/**
 * StringTokenizer's skipToken() with HONOR_QUOTES | HONOR_PARENS: the index of the first
 * delimiter at or after `start` that is outside string literals and bracket pairs (or the end
 * of the string). Only this token is checked for unbalanced quotes and brackets.
 */
export function tokenEnd(s: string, start: number, delimiters: string): number {
  let pos = start;
  const stack: string[] = [];
  while (pos < s.length) {
    const c = s[pos] as string;
    if (delimiters.includes(c) && stack.length === 0) return pos;
    if (c === '"' || c === "'") {
      const close = findCloseQuote(s, pos);
      if (close < 0) throw new Error('Unclosed string constant');
      pos = close;
    } else {
      const p = PARENS.indexOf(c);
      if (p >= 0) {
        if (p % 2 === 0) stack.push(c);
        else {
          if (stack.length === 0 || stack[stack.length - 1] !== PARENS[p - 1])
            throw new Error(`Unmatched close parenthesis '${c}'`);
          stack.pop();
        }
      }
    }
    pos++;
  }
  if (stack.length > 0) throw new Error(`Unclosed parenthesis '${stack[stack.length - 1]}'`);
  return pos;
}

/**
 * StringTokenizer with HONOR_QUOTES | HONOR_PARENS: splits on any delimiter character that is
 * outside string literals and bracket pairs. Tokens are trimmed; empty tokens are dropped.
 */
export function tokenize(s: string, delimiters: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < s.length) {
    const end = tokenEnd(s, pos, delimiters);
    const token = trimSpace(s.slice(pos, end));
    if (token !== '') out.push(token);
    pos = end + 1;
  }
  return out;
}

export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

/** opp_parsequotedstr: the contents of a quoted string literal, escapes interpreted. */
export function parseQuotedString(txt: string): string {
  let i = 0;
  while (isSpace(txt[i])) i++;
  const quote = txt[i];
  if (quote !== '"' && quote !== "'") throw new Error('Missing opening quote');
  i++;
  let out = '';
  for (; i < txt.length && txt[i] !== quote; i++) {
    const c = txt[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    const e = txt[i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '\\':
        out += '\\';
        break;
      case 'x': {
        const m = /^[0-9A-Fa-f]{1,2}/.exec(txt.slice(i + 1));
        out += String.fromCharCode(m ? parseInt(m[0], 16) : 0);
        i += m ? m[0].length : 0;
        break;
      }
      case '\n':
        break;
      case undefined:
        i--;
        break;
      case '=':
      case ';':
      case ',':
        throw new Error(
          `Illegal escape sequence '\\${e}' (Hint: use double backslashes to quote display string special chars: equal sign, comma, semicolon)`,
        );
      default:
        if (e === quote) out += quote;
        else throw new Error(`Illegal escape sequence '\\${e}'`);
    }
  }
  if (txt[i] !== quote) throw new Error('Missing closing quote');
  i++;
  while (isSpace(txt[i])) i++;
  if (i < txt.length) throw new Error('Trailing garbage after string literal');
  return out;
}

/** Removes the quotes of a quoted value; leaves anything that does not parse as it was. */
export function unquote(txt: string): string {
  if (!txt.includes('"')) return txt;
  try {
    return parseQuotedString(txt);
  } catch {
    return txt;
  }
}

const isVariableNameChar = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

const FILENAME_SPECIALS = '/\\:?*<>|\'`"$%{}^&';

/** opp_filenameencode, including its quirks for control and non-ASCII bytes. */
export function filenameEncode(src: string): string {
  // most values are letters and digits: their bytes are their characters, none encoded
  if (/^[A-Za-z0-9.+=,@-]*$/.test(src)) return src;
  let out = '';
  for (const byte of iniBytes(src)) {
    const c = String.fromCharCode(byte);
    if (c === ' ') out += '_';
    else if (c === '_') out += '#_';
    else if (c === '#') out += '##';
    else if (byte >= 128) out += '#ffffff' + byte.toString(16);
    else if (byte < 32 || byte === 127 || FILENAME_SPECIALS.includes(c))
      out += '#' + byte.toString(16).padStart(2, ' ');
    else out += c;
  }
  return out;
}

/**
 * opp_substitutevariables: replaces `$name` and `${name}` by `resolve(name)`; a lone `$`, or a
 * `${` without its `}`, stays as written. Name characters are [A-Za-z0-9_].
 */
export function substituteVariables(
  raw: string,
  resolve: (name: string) => string,
  isNameChar: (c: string) => boolean = isVariableNameChar,
): string {
  let result = '';
  let prevEnd = 0;
  for (;;) {
    const dollar = raw.indexOf('$', prevEnd);
    if (dollar < 0 || prevEnd >= raw.length) break;
    result += raw.slice(prevEnd, dollar);
    const braced = raw[dollar + 1] === '{';
    const varStart = braced ? dollar + 2 : dollar + 1;
    let varEnd = varStart;
    while (varEnd < raw.length && isNameChar(raw[varEnd] as string)) varEnd++;
    if (varEnd === varStart) {
      result += raw.slice(dollar, varStart);
    } else if (braced && raw[varEnd] !== '}') {
      result += raw.slice(dollar, varEnd);
    } else {
      result += resolve(raw.slice(varStart, varEnd));
      if (braced) varEnd++;
    }
    prevEnd = varEnd;
  }
  if (prevEnd < raw.length) result += raw.slice(prevEnd);
  return result;
}

// a byte-order mark is kept: OMNeT++ reads it as part of line 1 (and refuses the line)
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// A byte of an ini file that is not part of valid UTF-8 (a Latin-1 `é`, 0xE9) is held in the
// text as the lone surrogate U+DC00 + byte (U+DCE9), as Python's `surrogateescape` does: valid
// UTF-8 never decodes to a lone surrogate, so the byte is remembered exactly and `iniBytes` gives
// the file's bytes back. OMNeT++ works on those bytes (result file names, `-q runs`).
const RAW_BYTE = 0xdc00;
/** U+DC80..U+DCFF: a byte, unless it is the second half of a pair (an emoji): a quick pre-check. */
const RAW_BYTE_CHAR = /[\uDC80-\uDCFF]/;

/**
 * An ini file's text. OMNeT++ reads its bytes as they are; here valid UTF-8 is decoded as usual
 * and every other byte is kept as a character of its own that stands for that byte (see
 * RAW_BYTE), instead of U+FFFD: two different values stay different (a run's key is made from its
 * values), and result file names and printed runs are made from the original bytes.
 */
export function iniText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const n = utf8SequenceLength(bytes, i);
      if (n > 0) {
        // the valid run up to the next invalid byte, decoded at once
        let end = i + n;
        for (let m; end < bytes.length && (m = utf8SequenceLength(bytes, end)) > 0;) end += m;
        out += strictUtf8.decode(bytes.subarray(i, end));
        i = end;
      } else {
        out += String.fromCharCode(RAW_BYTE + (bytes[i] as number));
        i++;
      }
    }
    return out;
  }
}

/** The length of the valid UTF-8 sequence starting at `i` (as the strict decoder accepts), or 0. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const x = b[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // no overlong forms (E0 A0..), no surrogates (ED ..9F)
    const ok1 = c === 0xe0 ? cont(1, 0xa0) : c === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok1 && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok1 = c === 0xf0 ? cont(1, 0x90) : c === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok1 && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const utf8 = new TextEncoder();

/**
 * False when a text from `iniText` holds no byte that is not UTF-8 (then it is its UTF-8); true
 * when it may (some characters past U+FFFF give a false alarm, which `iniBytes` sorts out).
 */
export const hasRawBytes = (s: string): boolean => RAW_BYTE_CHAR.test(s);

/** The bytes a text from `iniText` stands for: UTF-8, and the file's own bytes where it was not. */
export function iniBytes(s: string): Uint8Array {
  if (!hasRawBytes(s)) return utf8.encode(s);
  const parts: number[] = [];
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) for (const b of utf8.encode(s.slice(start, end))) parts.push(b);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHighSurrogate(s.charCodeAt(i - 1)))) {
      flush(i);
      parts.push(c - RAW_BYTE);
      start = i + 1;
    }
  }
  flush(s.length);
  return Uint8Array.from(parts);
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/**
 * A text from `iniText` with each byte that is not UTF-8 written as its Latin-1 character (0xE9:
 * `é`), as `latin1Json` does: the form of a config's name in the names of files opp-campaign
 * itself chooses (`logs/Caf\xe9-1.log` is made `logs/Café-1.log`). A lone surrogate in a path is
 * a trap: Node opens it as U+FFFD, the process launcher (Python) as the byte, so a file made by
 * one would not be found by the other. Text without such a byte is returned as it is.
 */
export function latin1Name(s: string): string {
  if (!hasRawBytes(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const raw = c >= 0xdc80 && c <= 0xdcff && !(i > 0 && isHighSurrogate(s.charCodeAt(i - 1)));
    out += raw ? String.fromCharCode(c - RAW_BYTE) : s[i];
  }
  return out;
}

// JSON.stringify writes a lone surrogate as the escape `\udce9` (an odd number of backslashes
// before it: an even number is a backslash of the text, then the letters `udce9`)
const RAW_BYTE_ESCAPE = /(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])/g;

/**
 * JSON text (from JSON.stringify) with each byte an ini held that is not UTF-8 written as the
 * character of the same number, its Latin-1 reading (0xE9: `é`, `\u00e9`), instead of a lone
 * surrogate (`\udce9`), which is no character (strict JSON readers refuse it, others make it
 * U+FFFD). Such a file is most often Latin-1 text, so this is what its author wrote; two
 * different bytes stay different. A run's key and the result file names are made from the bytes.
 */
export function latin1Json(json: string): string {
  return json.includes('\\udc') ? json.replace(RAW_BYTE_ESCAPE, '$1\\u00$2') : json;
}
