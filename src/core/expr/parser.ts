/**
 * Parser for NED expressions: a precedence-climbing equivalent of OMNeT++ 6.1's bison grammar
 * (src/common/expression.y), followed by the translation step of `Expression::parse()`
 * (src/common/expression.cc) that turns the AST into an evaluable tree.
 *
 * Precedence, lowest first (as declared in expression.y):
 *   ?: (right) | || | ## | && | == != = | < > <= >= | <=> | =~ | `|` | # | & | << >> | + - |
 *   * / % | ^ (right) | unary - ! ~ | postfix ! | . (member, method)
 * Note that, unlike in C, the bitwise operators bind tighter than comparisons, and unary minus
 * binds tighter than `^` (`-2^2` is 4).
 *
 * The lexer lives in this file too: token types are then plain constants, not imported
 * bindings (which cost a getter call per access when run through tsx).
 */
import type { BinaryOp, ExprNode } from './ast.js';
import { ExprError, ExprSyntaxError } from './errors.js';
import { truncToInt64 } from './int64.js';
import { findNedFunction, isStdMathFunction, stdMathArity } from './functions.js';
import { isKnownUnit, parseQuantity } from './units.js';
import {
  FALSE_VALUE,
  INT64_MAX,
  NULL_POINTER_VALUE,
  TRUE_VALUE,
  UNDEF_VALUE,
  doubleValue,
  intValue,
  stringValue,
  type ExprValue,
} from './value.js';

// ---- lexer: equivalent of OMNeT++'s flex lexer (src/common/expression.lex): longest match,
// keywords only as whole names, names that may contain `$`, `@`, non-ASCII characters and
// `:`-separated segments (`a:b`), `//` comments ----

const enum T {
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

class Lexer {
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
    if (
      s.charCodeAt(i) === 48 &&
      (s[i + 1] === 'x' || s[i + 1] === 'X') &&
      isHexDigit(s.charCodeAt(i + 2))
    ) {
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

export interface ExprOptions {
  /**
   * Accept `=` as a synonym of `==`. OMNeT++ does so (for compatibility with 4.x/5.x) wherever
   * it evaluates constraints, run filters and iteration ranges (envir/valueiterator.cc).
   * Default: true.
   */
  singleEquals?: boolean;
  /**
   * Also resolve the pure NED functions of src/sim/nedfunctions.cc (min, max, int, double,
   * string, length, substring, ...). OMNeT++ does NOT offer these in constraints, run filters
   * and iteration ranges (there only `<cmath>` and unit functions exist; others evaluate to
   * "No 'min' function accepting 2 argument(s) was found"), so the default is false.
   */
  nedFunctions?: boolean;
}

// ---- raw AST (the bison grammar's output) ----

type Raw =
  | { k: 'const'; v: ExprValue }
  | { k: 'op'; op: string; args: Raw[] }
  | { k: 'ident'; name: string; index?: Raw }
  | { k: 'func'; name: string; args: Raw[] }
  | { k: 'method'; name: string; object: Raw; args: Raw[] }
  | { k: 'member'; name: string; object: Raw; index?: Raw }
  | { k: 'array'; items: Raw[] }
  | { k: 'object'; typeName: string; keys: string[]; values: Raw[] };

const enum Prec {
  NONE = 0,
  IIF = 1,
  OR,
  XOR,
  AND,
  EQ,
  REL,
  SPACESHIP,
  MATCH,
  BITOR,
  BITXOR,
  BITAND,
  SHIFT,
  ADD,
  MUL,
  POW,
  UNARY,
  POSTFIX,
  MEMBER,
}

/** Binary operator tokens: precedence and operator name. */
const BINARY: ReadonlyMap<T, readonly [Prec, string]> = new Map<T, readonly [Prec, string]>([
  [T.OR, [Prec.OR, '||']],
  [T.XOR, [Prec.XOR, '##']],
  [T.AND, [Prec.AND, '&&']],
  [T.EQ, [Prec.EQ, '==']],
  [T.NE, [Prec.EQ, '!=']],
  [T.ASSIGN, [Prec.EQ, '=']],
  [T.LT, [Prec.REL, '<']],
  [T.GT, [Prec.REL, '>']],
  [T.LE, [Prec.REL, '<=']],
  [T.GE, [Prec.REL, '>=']],
  [T.SPACESHIP, [Prec.SPACESHIP, '<=>']],
  [T.MATCH, [Prec.MATCH, '=~']],
  [T.BITOR, [Prec.BITOR, '|']],
  [T.BITXOR, [Prec.BITXOR, '#']],
  [T.BITAND, [Prec.BITAND, '&']],
  [T.SHL, [Prec.SHIFT, '<<']],
  [T.SHR, [Prec.SHIFT, '>>']],
  [T.PLUS, [Prec.ADD, '+']],
  [T.MINUS, [Prec.ADD, '-']],
  [T.MUL, [Prec.MUL, '*']],
  [T.DIV, [Prec.MUL, '/']],
  [T.MOD, [Prec.MUL, '%']],
  [T.POW, [Prec.POW, '^']],
]);

function syntaxError(): never {
  throw new ExprSyntaxError('syntax error');
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** OMNeT++'s `opp_parsequotedstr()` on a string literal token (quotes included). */
export function unquoteString(txt: string): string {
  const quot = txt[0]!;
  let out = '';
  let i = 1;
  const n = txt.length;
  for (; i < n && txt[i] !== quot; i++) {
    const ch = txt[i]!;
    if (ch !== '\\') {
      out += ch;
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
      case 'x': {
        // up to two hex digits; none gives a NUL character, which ends the C string
        let v = 0;
        const a = hexValue(txt.charCodeAt(i + 1));
        if (a >= 0) {
          i++;
          v = a;
          const b = hexValue(txt.charCodeAt(i + 1));
          if (b >= 0) {
            i++;
            v = a * 16 + b;
          }
        }
        out += String.fromCharCode(v);
        break;
      }
      case '\\':
        out += '\\';
        break;
      case '\n':
        break; // line continuation
      case undefined:
        i--;
        break;
      case '=':
      case ';':
      case ',':
        throw new ExprSyntaxError(
          `Illegal escape sequence '\\${e}' (Hint: use double backslashes to quote display string special chars: equal sign, comma, semicolon)`,
        );
      default:
        if (e === quot) out += quot;
        else throw new ExprSyntaxError(`Illegal escape sequence '\\${e}'`);
    }
  }
  if (i >= n) throw new ExprSyntaxError('Missing closing quote');
  const nul = out.indexOf('\0');
  return nul >= 0 ? out.slice(0, nul) : out;
}

/** `opp_atoll()` on an INTCONSTANT token (decimal or 0x hex). */
function parseIntLiteral(text: string): bigint {
  const isHex = text.length > 1 && (text[1] === 'x' || text[1] === 'X');
  const v = BigInt(isHex ? '0x' + text.slice(2) : text);
  if (v > INT64_MAX)
    throw new ExprSyntaxError(`Cannot represent "${text}" in the target integer type`);
  return v;
}

/** `opp_atof()` on a REALCONSTANT token. */
function parseRealLiteral(text: string): number {
  const d = Number(text);
  if (!Number.isFinite(d)) throw new ExprSyntaxError(`Cannot represent "${text}" in double`);
  return d;
}

function isIntegerValued(d: number): boolean {
  return Number.isInteger(d) && d >= -(2 ** 63) && d < 2 ** 63;
}

class Parser {
  private readonly lex: Lexer;

  constructor(text: string) {
    this.lex = new Lexer(text);
  }

  parse(): Raw {
    this.lex.next();
    const e = this.parseExpr(Prec.NONE);
    if (this.lex.t() !== T.EOF) syntaxError();
    return e;
  }

  private expect(t: T): void {
    if (this.lex.t() !== t) syntaxError();
    this.lex.next();
  }

  private parseExpr(minPrec: Prec): Raw {
    const lex = this.lex;
    let left = this.parsePrefix();
    for (;;) {
      const t = lex.t();
      const bin = BINARY.get(t);
      if (bin) {
        const [prec, op] = bin;
        if (prec < minPrec) break;
        lex.next();
        const right = this.parseExpr(prec === Prec.POW ? prec : prec + 1);
        left = { k: 'op', op, args: [left, right] };
      } else if (t === T.QUESTION) {
        if (Prec.IIF < minPrec) break;
        lex.next();
        const then = this.parseExpr(Prec.NONE);
        this.expect(T.COLON);
        const els = this.parseExpr(Prec.IIF);
        left = { k: 'op', op: '?:', args: [left, then, els] };
      } else if (t === T.NOT) {
        if (Prec.POSTFIX < minPrec) break;
        lex.next();
        left = { k: 'op', op: '_!', args: [left] };
      } else if (t === T.DOT) {
        lex.next();
        if (lex.t() !== T.NAME) syntaxError();
        const name = lex.text;
        lex.next();
        if (lex.t() === T.LPAREN) {
          left = { k: 'method', name, object: left, args: this.parseArgs() };
        } else if (lex.t() === T.LBRACKET) {
          lex.next();
          const index = this.parseExpr(Prec.NONE);
          this.expect(T.RBRACKET);
          left = { k: 'member', name, object: left, index };
        } else {
          left = { k: 'member', name, object: left };
        }
      } else {
        break;
      }
    }
    return left;
  }

  /** `(` [expr {`,` expr}] `)`, starting at the `(`. */
  private parseArgs(): Raw[] {
    const lex = this.lex;
    lex.next();
    const args: Raw[] = [];
    if (lex.t() === T.RPAREN) {
      lex.next();
      return args;
    }
    for (;;) {
      args.push(this.parseExpr(Prec.NONE));
      if (lex.t() === T.COMMA) {
        lex.next();
        continue;
      }
      this.expect(T.RPAREN);
      return args;
    }
  }

  private parsePrefix(): Raw {
    const lex = this.lex;
    switch (lex.t()) {
      case T.MINUS: {
        lex.next();
        const arg = this.parseExpr(Prec.POSTFIX);
        // the grammar folds a minus sign into a numeric constant (even a parenthesized one)
        if (arg.k === 'const' && arg.v.type === 'double')
          return { k: 'const', v: doubleValue(-arg.v.value, arg.v.unit) };
        if (arg.k === 'const' && arg.v.type === 'int')
          return { k: 'const', v: intValue(BigInt.asIntN(64, -arg.v.value), arg.v.unit) };
        return { k: 'op', op: '-', args: [arg] };
      }
      case T.NOT:
        lex.next();
        return { k: 'op', op: '!', args: [this.parseExpr(Prec.POSTFIX)] };
      case T.BITNOT:
        lex.next();
        return { k: 'op', op: '~', args: [this.parseExpr(Prec.POSTFIX)] };
      case T.LPAREN: {
        lex.next();
        const e = this.parseExpr(Prec.NONE);
        this.expect(T.RPAREN);
        return e;
      }
      case T.STRING: {
        const v = stringValue(unquoteString(lex.text));
        lex.next();
        return { k: 'const', v };
      }
      case T.TRUE:
        lex.next();
        return { k: 'const', v: TRUE_VALUE };
      case T.FALSE:
        lex.next();
        return { k: 'const', v: FALSE_VALUE };
      case T.UNDEFINED:
        lex.next();
        return { k: 'const', v: UNDEF_VALUE };
      case T.NULL:
      case T.NULLPTR:
        lex.next();
        return { k: 'const', v: NULL_POINTER_VALUE };
      case T.INT:
      case T.REAL:
      case T.NAN:
      case T.INF:
        return { k: 'const', v: this.parseNumber() };
      case T.NAME: {
        const name = lex.text;
        lex.next();
        switch (lex.t()) {
          case T.LPAREN:
            return { k: 'func', name, args: this.parseArgs() };
          case T.LBRACKET: {
            lex.next();
            const index = this.parseExpr(Prec.NONE);
            this.expect(T.RBRACKET);
            return { k: 'ident', name, index };
          }
          case T.LBRACE:
            return this.parseObject(name);
          case T.DOUBLECOLON: {
            let qname = name;
            while (lex.t() === T.DOUBLECOLON) {
              lex.next();
              if (lex.t() !== T.NAME) syntaxError();
              qname += '::' + lex.text;
              lex.next();
            }
            if (lex.t() !== T.LBRACE) syntaxError();
            return this.parseObject(qname);
          }
          default:
            return { k: 'ident', name };
        }
      }
      case T.LBRACE:
        return this.parseObject('');
      case T.LBRACKET: {
        lex.next();
        const items: Raw[] = [];
        if (lex.t() === T.RBRACKET) {
          lex.next();
          return { k: 'array', items };
        }
        for (;;) {
          items.push(this.parseExpr(Prec.NONE));
          if (lex.t() === T.COMMA) {
            lex.next();
            if (lex.t() === T.RBRACKET) break;
            continue;
          }
          break;
        }
        this.expect(T.RBRACKET);
        return { k: 'array', items };
      }
      default:
        syntaxError();
    }
  }

  /** The text of a quantity's number token (qnumber), or undefined if not at one. */
  private qnumberText(): string | undefined {
    switch (this.lex.t()) {
      case T.INT:
      case T.REAL:
        return this.lex.text;
      case T.NAN:
        return 'nan';
      case T.INF:
        return 'inf';
      default:
        return undefined;
    }
  }

  /**
   * At a qnumber token: reads a quantity (`5s`, `1h 30min`) if a name follows, else the plain
   * number; returns the text of a quantity in `quantityText` form for object keys.
   */
  private readNumberOrQuantity(): { type: T; text: string; isQuantity: boolean } {
    const lex = this.lex;
    const type = lex.t();
    let text = this.qnumberText()!;
    lex.next();
    if (lex.t() !== T.NAME) return { type, text, isQuantity: false };
    text += ' ' + lex.text;
    lex.next();
    for (;;) {
      const q = this.qnumberText();
      if (q === undefined) break;
      lex.next();
      if (lex.t() !== T.NAME) syntaxError();
      text += ' ' + q + ' ' + lex.text;
      lex.next();
    }
    return { type, text, isQuantity: true };
  }

  private parseNumber(): ExprValue {
    const { type, text, isQuantity } = this.readNumberOrQuantity();
    if (isQuantity) {
      let q;
      try {
        q = parseQuantity(text);
      } catch (e) {
        if (e instanceof ExprError) throw new ExprSyntaxError(e.message);
        throw e;
      }
      return isIntegerValued(q.value)
        ? intValue(truncToInt64(q.value), q.unit)
        : doubleValue(q.value, q.unit);
    }
    switch (type) {
      case T.INT:
        return intValue(parseIntLiteral(text));
      case T.REAL:
        return doubleValue(parseRealLiteral(text));
      case T.NAN:
        return doubleValue(NaN);
      default:
        return doubleValue(Infinity);
    }
  }

  private parseKey(): string {
    const lex = this.lex;
    switch (lex.t()) {
      case T.STRING: {
        const k = unquoteString(lex.text);
        lex.next();
        return k;
      }
      case T.NAME:
      case T.TRUE:
      case T.FALSE:
      case T.NULL:
      case T.NULLPTR: {
        const k = lex.text;
        lex.next();
        return k;
      }
      case T.INT:
      case T.REAL:
      case T.NAN:
      case T.INF:
        return this.readNumberOrQuantity().text;
      case T.MINUS: {
        lex.next();
        if (lex.t() === T.INF) {
          lex.next();
          return '-inf';
        }
        if (lex.t() !== T.INT && lex.t() !== T.REAL) syntaxError();
        return '-' + this.readNumberOrQuantity().text;
      }
      default:
        syntaxError();
    }
  }

  /** `{` [key `:` expr {`,` key `:` expr} [`,`]] `}`, starting at the `{`. */
  private parseObject(typeName: string): Raw {
    const lex = this.lex;
    lex.next();
    const keys: string[] = [];
    const values: Raw[] = [];
    while (lex.t() !== T.RBRACE) {
      keys.push(this.parseKey());
      this.expect(T.COLON);
      values.push(this.parseExpr(Prec.NONE));
      if (lex.t() === T.COMMA) lex.next();
      else if (lex.t() !== T.RBRACE) syntaxError();
    }
    lex.next();
    return { k: 'object', typeName, keys, values };
  }
}

// ---- translation ----

const BINARY_OPS: ReadonlySet<string> = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '<=>',
  '=~',
  '&&',
  '||',
  '##',
  '&',
  '|',
  '#',
  '<<',
  '>>',
]);

function translateAll(raws: readonly Raw[], opts: Required<ExprOptions>): ExprNode[] {
  const out: ExprNode[] = [];
  for (const r of raws) out.push(translate(r, opts));
  return out;
}

/** `Expression::translateToExpressionTree()`: checks happen top-down, before the children. */
function translate(raw: Raw, opts: Required<ExprOptions>): ExprNode {
  switch (raw.k) {
    case 'const':
      return { kind: 'constant', value: raw.v };
    case 'op': {
      const { op, args } = raw;
      if (args.length === 1) {
        if (op === '-' || op === '!' || op === '~')
          return { kind: 'unary', op, arg: translate(args[0]!, opts) };
        if (op === '_!')
          throw new ExprSyntaxError("Not a recognized unary operator: postfix '!' (bang operator)");
        throw new ExprSyntaxError(`Not a recognized unary operator: '${op}'`);
      }
      if (args.length === 3) {
        return {
          kind: 'conditional',
          cond: translate(args[0]!, opts),
          then: translate(args[1]!, opts),
          else: translate(args[2]!, opts),
        };
      }
      let name = op;
      if (op === '=' && opts.singleEquals) name = '==';
      if (!BINARY_OPS.has(name))
        throw new ExprSyntaxError(`Not a recognized binary operator: '${op}'`);
      return {
        kind: 'binary',
        op: name as BinaryOp,
        left: translate(args[0]!, opts),
        right: translate(args[1]!, opts),
      };
    }
    case 'func': {
      const { name, args } = raw;
      const argc = args.length;
      if (opts.nedFunctions) {
        const f = findNedFunction(name, argc);
        if (f) {
          const targs = translateAll(args, opts);
          return f.unavailable
            ? { kind: 'unavailableFunction', name, reason: f.unavailable, args: targs }
            : { kind: 'nedFunction', name, args: targs };
        }
      }
      if (isStdMathFunction(name)) {
        const expected = stdMathArity(name);
        if (argc !== expected)
          throw new ExprSyntaxError(
            `Function '${name}' invoked with wrong number of arguments (${argc} instead of ${expected})`,
          );
        return { kind: 'mathFunction', name, args: translateAll(args, opts) };
      }
      if (argc === 1) {
        if (isKnownUnit(name))
          return { kind: 'unitConversion', unit: name, arg: translate(args[0]!, opts) };
        if (name.includes('_')) {
          // units containing '/' or '-' are written with "_per_" and "_": bit_per_sec(x)
          const unit = name.replaceAll('_per_', '/').replaceAll('_', '-');
          if (isKnownUnit(unit))
            return { kind: 'unitConversion', unit, arg: translate(args[0]!, opts) };
        }
      }
      return { kind: 'function', name, args: translateAll(args, opts) };
    }
    case 'method': {
      if (opts.nedFunctions) {
        const f = findNedFunction(raw.name, raw.args.length + 1);
        if (f) {
          const targs = translateAll([raw.object, ...raw.args], opts);
          return f.unavailable
            ? { kind: 'unavailableFunction', name: raw.name, reason: f.unavailable, args: targs }
            : { kind: 'nedFunction', name: raw.name, args: targs };
        }
      }
      return {
        kind: 'method',
        name: raw.name,
        object: translate(raw.object, opts),
        args: translateAll(raw.args, opts),
      };
    }
    case 'ident':
      return raw.index
        ? { kind: 'variable', name: raw.name, index: translate(raw.index, opts) }
        : { kind: 'variable', name: raw.name };
    case 'member':
      return raw.index
        ? {
            kind: 'member',
            name: raw.name,
            object: translate(raw.object, opts),
            index: translate(raw.index, opts),
          }
        : { kind: 'member', name: raw.name, object: translate(raw.object, opts) };
    case 'array':
      throw new ExprSyntaxError("Unknown array ''");
    case 'object': {
      const seen = new Set<string>();
      for (const key of raw.keys) {
        if (seen.has(key)) throw new ExprSyntaxError(`Duplicate key "${key}" in object literal`);
        seen.add(key);
      }
      throw new ExprSyntaxError(`Unknown object '${raw.typeName}'`);
    }
  }
}

/**
 * Parses a NED expression into an evaluable tree, like OMNeT++'s `Expression::parse()`.
 * Throws {@link ExprSyntaxError}; a grammar error has the message `syntax error`.
 */
export function parseExpression(text: string, options?: ExprOptions): ExprNode {
  const opts: Required<ExprOptions> = {
    singleEquals: options?.singleEquals ?? true,
    nedFunctions: options?.nedFunctions ?? false,
  };
  let raw: Raw;
  try {
    raw = new Parser(text).parse();
  } catch (e) {
    // absurdly deep nesting; bison gives up on its stack too
    if (e instanceof RangeError) throw new ExprSyntaxError('memory exhausted');
    throw e;
  }
  return translate(raw, opts);
}
