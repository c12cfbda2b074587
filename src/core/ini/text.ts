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
  let out = '';
  for (const byte of new TextEncoder().encode(src)) {
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
/** windows-1252 as WHATWG defines it: every byte to a character of its own. */
const bytewise = new TextDecoder('latin1');

/**
 * An ini file's text. OMNeT++ reads its bytes as they are; here a line that is not UTF-8 (a
 * Latin-1 `é`) is read byte for byte (as windows-1252) instead of as U+FFFD, so that two different
 * values stay different (a run's key is made from its values: a changed value reruns the run).
 */
export function iniText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lines: string[] = [];
    let start = 0;
    while (start <= bytes.length) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      const line = bytes.subarray(start, end);
      try {
        lines.push(strictUtf8.decode(line));
      } catch {
        lines.push(bytewise.decode(line));
      }
      start = end + 1;
    }
    return lines.join('\n');
  }
}
