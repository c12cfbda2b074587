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
 */
import type { BinaryOp, ExprNode } from './ast.js';
import { ExprError, ExprSyntaxError } from './errors.js';
import { truncToInt64 } from './int64.js';
import { Lexer, T } from './lexer.js';
import { findNedFunction, isStdMathFunction, stdMathArity } from './functions.js';
import { isKnownUnit, parseQuantity } from './units.js';
import {
  FALSE_VALUE,
  INT64_MAX,
  INT64_MIN,
  NULL_POINTER_VALUE,
  TRUE_VALUE,
  UNDEF_VALUE,
  doubleValue,
  intValue,
  stringValue,
  type ExprValue,
} from './value.js';

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
  if (v > INT64_MAX) throw new ExprSyntaxError(`Cannot represent "${text}" in the target integer type`);
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

function translate(raw: Raw, opts: Required<ExprOptions>): ExprNode {
  const tr = (r: Raw): ExprNode => translate(r, opts);
  switch (raw.k) {
    case 'const':
      return { kind: 'constant', value: raw.v };
    case 'op': {
      const { op, args } = raw;
      if (args.length === 1) {
        if (op === '-' || op === '!' || op === '~') return { kind: 'unary', op, arg: tr(args[0]!) };
        if (op === '_!')
          throw new ExprSyntaxError(
            "Not a recognized unary operator: postfix '!' (bang operator)",
          );
        throw new ExprSyntaxError(`Not a recognized unary operator: '${op}'`);
      }
      if (args.length === 3) {
        return { kind: 'conditional', cond: tr(args[0]!), then: tr(args[1]!), else: tr(args[2]!) };
      }
      let name = op;
      if (op === '=' && opts.singleEquals) name = '==';
      if (!BINARY_OPS.has(name)) throw new ExprSyntaxError(`Not a recognized binary operator: '${op}'`);
      return { kind: 'binary', op: name as BinaryOp, left: tr(args[0]!), right: tr(args[1]!) };
    }
    case 'func': {
      const { name, args } = raw;
      const argc = args.length;
      if (opts.nedFunctions) {
        const f = findNedFunction(name, argc);
        if (f) {
          const targs = args.map(tr);
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
        return { kind: 'mathFunction', name, args: args.map(tr) };
      }
      if (argc === 1) {
        if (isKnownUnit(name)) return { kind: 'unitConversion', unit: name, arg: tr(args[0]!) };
        if (name.includes('_')) {
          // units containing '/' or '-' are written with "_per_" and "_": bit_per_sec(x)
          const unit = name.replaceAll('_per_', '/').replaceAll('_', '-');
          if (isKnownUnit(unit)) return { kind: 'unitConversion', unit, arg: tr(args[0]!) };
        }
      }
      return { kind: 'function', name, args: args.map(tr) };
    }
    case 'method': {
      if (opts.nedFunctions) {
        const f = findNedFunction(raw.name, raw.args.length + 1);
        if (f) {
          const targs = [raw.object, ...raw.args].map(tr);
          return f.unavailable
            ? { kind: 'unavailableFunction', name: raw.name, reason: f.unavailable, args: targs }
            : { kind: 'nedFunction', name: raw.name, args: targs };
        }
      }
      return { kind: 'method', name: raw.name, object: tr(raw.object), args: raw.args.map(tr) };
    }
    case 'ident':
      return raw.index
        ? { kind: 'variable', name: raw.name, index: tr(raw.index) }
        : { kind: 'variable', name: raw.name };
    case 'member':
      return raw.index
        ? { kind: 'member', name: raw.name, object: tr(raw.object), index: tr(raw.index) }
        : { kind: 'member', name: raw.name, object: tr(raw.object) };
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
  return translate(new Parser(text).parse(), opts);
}
