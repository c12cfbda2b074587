// Line tokenizer of OMNeT++ 6.1's result file readers (src/common/linetokenizer.cc):
// tokens are separated by spaces and tabs; a token starting with '"' runs to the next unescaped
// '"' and has its backslash escapes interpreted; a closing quote ends the token even when no
// separator follows it.

/** Thrown for a line the tokenizer rejects; the caller adds the file name and line number. */
export class TokenizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizeError';
  }
}

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * interpretBackslashes(): \b \f \n \r \t \" \\ and \xHH (one or two hex digits, producing a raw
 * byte); a backslash before any other character yields that character. The result is decoded as
 * UTF-8, so \xC3\xA9 gives "é". A NUL byte ends the string, as it does in C.
 */
function interpretBackslashes(body: string): string {
  return simpleEscapes(body) ?? byteEscapes(body);
}

/** Characters after a backslash that stand for one character (and make no byte of their own). */
const SIMPLE_ESCAPE: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * The common case, without going through bytes: ASCII text (no NUL) whose backslashes are all
 * followed by one of SIMPLE_ESCAPE's characters (`"\"Server\""`); undefined for any other.
 */
function simpleEscapes(body: string): string | undefined {
  if (NOT_PLAIN_ASCII.test(body)) return undefined;
  let out = '';
  let from = 0;
  for (let i = body.indexOf('\\'); i >= 0; i = body.indexOf('\\', from)) {
    const c = SIMPLE_ESCAPE[body.charAt(i + 1)];
    if (c === undefined) return undefined;
    out += body.slice(from, i) + c;
    from = i + 2;
  }
  return out + body.slice(from);
}

// eslint-disable-next-line no-control-regex -- a NUL (where a C string ends) is one of those looked for
const NOT_PLAIN_ASCII = /[^\x01-\x7f]/;

/** interpretBackslashes for any text: through UTF-8 bytes. */
function byteEscapes(body: string): string {
  const bytes: number[] = [];
  const pushText = (t: string): void => {
    for (const b of utf8Encoder.encode(t)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      if (c.charCodeAt(0) < 128) bytes.push(c.charCodeAt(0));
      else {
        const cp = body.codePointAt(i) ?? 0;
        const ch = String.fromCodePoint(cp);
        pushText(ch);
        i += ch.length - 1;
      }
      continue;
    }
    i++;
    const e = body[i];
    switch (e) {
      case 'b':
        bytes.push(8);
        break;
      case 'f':
        bytes.push(12);
        break;
      case 'n':
        bytes.push(10);
        break;
      case 'r':
        bytes.push(13);
        break;
      case 't':
        bytes.push(9);
        break;
      case 'x': {
        const a = hexValue(body[i + 1]);
        if (a < 0) bytes.push(0);
        else {
          i++;
          const b = hexValue(body[i + 1]);
          if (b < 0) bytes.push(a);
          else {
            i++;
            bytes.push(a * 16 + b);
          }
        }
        break;
      }
      case '\n':
        break; // line continuation: dropped
      case undefined:
        break; // stray backslash at the end
      default:
        pushText(e);
    }
  }
  const nul = bytes.indexOf(0);
  return utf8.decode(Uint8Array.from(nul >= 0 ? bytes.slice(0, nul) : bytes));
}

/** Splits one line (without its line terminator) into tokens. */
export function tokenizeLine(line: string): string[] {
  const tokens: string[] = [];
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 13 || line.charCodeAt(end - 1) === 10)) end--;
  let i = 0;
  for (;;) {
    while (i < end) {
      const c = line.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (i >= end) break;
    if (line.charCodeAt(i) === 34) {
      const start = ++i;
      let backslash = false;
      while (i < end && line.charCodeAt(i) !== 34) {
        if (line.charCodeAt(i++) === 92) {
          i++;
          backslash = true;
        }
      }
      if (i >= end) throw new TokenizeError('Unmatched quote');
      const body = line.slice(start, i);
      i++;
      tokens.push(backslash ? interpretBackslashes(body) : body);
    } else {
      const start = i;
      while (i < end) {
        const c = line.charCodeAt(i);
        if (c === 32 || c === 9) break;
        i++;
      }
      tokens.push(line.slice(start, i));
      if (i < end) i++;
    }
  }
  return tokens;
}

/** Control characters as C's iscntrl() sees them in the "C" locale. */
const isControl = (c: string): boolean => {
  const code = c.charCodeAt(0);
  return code < 32 || code === 127;
};

/** opp_quotestr(): a C-style quoted string ("\"", "\\", \n, \t..., other controls as \xHH). */
export function quoteString(s: string): string {
  let out = '"';
  for (const c of s) {
    switch (c) {
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      default:
        out += isControl(c)
          ? '\\x' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')
          : c;
    }
  }
  return out + '"';
}
