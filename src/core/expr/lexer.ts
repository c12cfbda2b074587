/**
 * Tokenizer for NED expressions, equivalent to OMNeT++ 6.1's flex lexer
 * (src/common/expression.lex): longest match, keywords only as whole names, names that may
 * contain `$`, `@`, bytes >= 0x80 and `:`-separated segments (`a:b`), `//` comments.
 */
import { ExprSyntaxError } from './errors.js';

export enum T {
  EOF,
  INVALID,
  NAME,
  INT,
  REAL,
  STRING,
  TRUE,
  FALSE,
  NAN,
  INF,
  UNDEFINED,
  NULLPTR,
  NULL,
  COMMA,
  COLON,
  ASSIGN, // =
  LPAREN,
  RPAREN,
  LBRACKET,
  RBRACKET,
  LBRACE,
  RBRACE,
  DOT,
  QUESTION,
  OR, // ||
  AND, // &&
  XOR, // ##
  NOT, // !
  BITOR, // |
  BITAND, // &
  BITXOR, // #
  BITNOT, // ~
  SHL, // <<
  SHR, // >>
  POW, // ^
  PLUS,
  MINUS,
  MUL,
  DIV,
  MOD,
  LT,
  GT,
  EQ, // ==
  NE, // !=
  LE, // <=
  GE, // >=
  SPACESHIP, // <=>
  MATCH, // =~
  DOUBLECOLON, // ::
}

const KEYWORDS: ReadonlyMap<string, T> = new Map([
  ['true', T.TRUE],
  ['false', T.FALSE],
  ['nan', T.NAN],
  ['inf', T.INF],
  ['undefined', T.UNDEFINED],
  ['nullptr', T.NULLPTR],
  ['null', T.NULL],
]);

// the text `\xEF\xBB\xBF` (sic: backslash escapes, not the bytes), which OMNeT++'s lexer skips
const BOM_TEXT = '\\xEF\\xBB\\xBF';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** The lexer's "letter" class: [$@a-zA-Z_\x80-\xff] (any non-ASCII character here). */
function isLetter(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c === 64 || c >= 128
  );
}
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export class Lexer {
  private pos = 0;
  /** Type of the current token. */
  type: T = T.EOF;
  /** Text of the current token (names, numbers, and string literals with their quotes). */
  text = '';

  constructor(private readonly src: string) {}

  /** The current token type (a method, so that type narrowing does not stick across next()). */
  t(): T {
    return this.type;
  }

  /** Advances to the next token. Throws for an unterminated string literal (at a newline). */
  next(): T {
    const s = this.src;
    const n = s.length;
    let i = this.pos;
    for (;;) {
      if (i >= n) {
        this.pos = i;
        this.text = '';
        return (this.type = T.EOF);
      }
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c === 47 /* / */ && s.charCodeAt(i + 1) === 47) {
        i += 2;
        while (i < n && s.charCodeAt(i) !== 10) i++;
      } else if (c === 92 /* \ */ && s.startsWith(BOM_TEXT, i)) {
        i += BOM_TEXT.length;
      } else {
        break;
      }
    }
    const start = i;
    const c = s.charCodeAt(i);
    let type: T;
    if (isLetter(c)) {
      i++;
      for (;;) {
        while (i < n && (isLetter(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
        // `:` followed by a letter continues the name
        if (s.charCodeAt(i) === 58 && i + 1 < n && isLetter(s.charCodeAt(i + 1))) i += 2;
        else break;
      }
      const text = s.slice(start, i);
      type = KEYWORDS.get(text) ?? T.NAME;
    } else if (isDigit(c) || (c === 46 /* . */ && isDigit(s.charCodeAt(i + 1)))) {
      type = this.scanNumber(start);
      i = this.pos;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      for (;;) {
        if (i >= n) {
          // flex's default at end of input inside a string: end of the token stream
          this.pos = n;
          this.text = '';
          return (this.type = T.EOF);
        }
        const d = s.charCodeAt(i);
        if (d === 10) throw new ExprSyntaxError('Unterminated string literal');
        if (d === 92 /* \ */ && i + 1 < n) {
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          i++;
        }
      }
      type = T.STRING;
    } else {
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      i++;
      switch (c) {
        case 44:
          type = T.COMMA;
          break;
        case 58: // :
          if (c1 === 58) {
            type = T.DOUBLECOLON;
            i++;
          } else type = T.COLON;
          break;
        case 61: // =
          if (c1 === 61) {
            type = T.EQ;
            i++;
          } else if (c1 === 126) {
            type = T.MATCH;
            i++;
          } else type = T.ASSIGN;
          break;
        case 40:
          type = T.LPAREN;
          break;
        case 41:
          type = T.RPAREN;
          break;
        case 91:
          type = T.LBRACKET;
          break;
        case 93:
          type = T.RBRACKET;
          break;
        case 123:
          type = T.LBRACE;
          break;
        case 125:
          type = T.RBRACE;
          break;
        case 46:
          type = T.DOT;
          break;
        case 63:
          type = T.QUESTION;
          break;
        case 124: // |
          if (c1 === 124) {
            type = T.OR;
            i++;
          } else type = T.BITOR;
          break;
        case 38: // &
          if (c1 === 38) {
            type = T.AND;
            i++;
          } else type = T.BITAND;
          break;
        case 35: // #
          if (c1 === 35) {
            type = T.XOR;
            i++;
          } else type = T.BITXOR;
          break;
        case 33: // !
          if (c1 === 61) {
            type = T.NE;
            i++;
          } else type = T.NOT;
          break;
        case 126:
          type = T.BITNOT;
          break;
        case 60: // <
          if (c1 === 60) {
            type = T.SHL;
            i++;
          } else if (c1 === 61) {
            if (c2 === 62) {
              type = T.SPACESHIP;
              i += 2;
            } else {
              type = T.LE;
              i++;
            }
          } else type = T.LT;
          break;
        case 62: // >
          if (c1 === 62) {
            type = T.SHR;
            i++;
          } else if (c1 === 61) {
            type = T.GE;
            i++;
          } else type = T.GT;
          break;
        case 94:
          type = T.POW;
          break;
        case 43:
          type = T.PLUS;
          break;
        case 45:
          type = T.MINUS;
          break;
        case 42:
          type = T.MUL;
          break;
        case 47:
          type = T.DIV;
          break;
        case 37:
          type = T.MOD;
          break;
        default:
          type = T.INVALID;
          // one character (a whole surrogate pair counts as one)
          if (c >= 0xd800 && c <= 0xdbff && i < n) i++;
      }
    }
    this.pos = i;
    this.text = s.slice(start, i);
    return (this.type = type);
  }

  /** Numbers: {D}+ | 0[xX]{X}+ | {D}+{E} | {D}*"."{D}+({E})? with longest match. */
  private scanNumber(start: number): T {
    const s = this.src;
    let i = start;
    // hex
    if (s.charCodeAt(i) === 48 && (s[i + 1] === 'x' || s[i + 1] === 'X') && isHexDigit(s.charCodeAt(i + 2))) {
      i += 2;
      while (isHexDigit(s.charCodeAt(i))) i++;
      this.pos = i;
      return T.INT;
    }
    while (isDigit(s.charCodeAt(i))) i++;
    let type = T.INT;
    if (s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(s.charCodeAt(i))) i++;
      type = T.REAL;
    }
    // exponent: [Ee][+-]?{D}+
    const e = s.charCodeAt(i);
    if (e === 69 || e === 101) {
      let j = i + 1;
      if (s[j] === '+' || s[j] === '-') j++;
      if (isDigit(s.charCodeAt(j))) {
        while (isDigit(s.charCodeAt(j))) j++;
        i = j;
        type = T.REAL;
      }
    }
    this.pos = i;
    return type;
  }
}
