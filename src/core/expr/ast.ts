/**
 * The parsed (and translated) form of an expression: OMNeT++'s expression tree after the AST
 * has gone through the translators (src/common/expression.cc): operators, `<cmath>` functions,
 * unit-conversion functions, optionally NED functions, and nodes for names that OMNeT++ would
 * resolve at evaluation time (variables, members, unknown functions), which fail here.
 */
import type { ExprValue } from './value.js';

export type UnaryOp = '-' | '!' | '~';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '<=>'
  | '=~'
  | '&&'
  | '||'
  | '##'
  | '&'
  | '|'
  | '#'
  | '<<'
  | '>>';

export type ExprNode =
  | { readonly kind: 'constant'; readonly value: ExprValue }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: ExprNode }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: ExprNode;
      readonly right: ExprNode;
    }
  | {
      readonly kind: 'conditional';
      readonly cond: ExprNode;
      readonly then: ExprNode;
      readonly else: ExprNode;
    }
  /** One of the `<cmath>` functions OMNeT++'s Expression class knows (sqrt, pow, fabs, ...). */
  | { readonly kind: 'mathFunction'; readonly name: string; readonly args: readonly ExprNode[] }
  /** `ms(x)`, `seconds(x)`, `bit_per_sec(x)`: attach or convert to a unit. */
  | { readonly kind: 'unitConversion'; readonly unit: string; readonly arg: ExprNode }
  /** A pure NED function (only with the `nedFunctions` option). */
  | { readonly kind: 'nedFunction'; readonly name: string; readonly args: readonly ExprNode[] }
  /** A NED function that needs a running simulation (random numbers, files, modules). */
  | {
      readonly kind: 'unavailableFunction';
      readonly name: string;
      readonly reason: string;
      readonly args: readonly ExprNode[];
    }
  /** An unknown function: evaluating it fails (unless an argument is `undefined`). */
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly ExprNode[] }
  /** `obj.name(args)`: evaluating it fails (unless an operand is `undefined`). */
  | {
      readonly kind: 'method';
      readonly name: string;
      readonly object: ExprNode;
      readonly args: readonly ExprNode[];
    }
  /** A variable (parameter) reference `name` or `name[index]`: evaluating it fails. */
  | { readonly kind: 'variable'; readonly name: string; readonly index?: ExprNode }
  /** `obj.name` or `obj.name[index]`: evaluating it fails. */
  | {
      readonly kind: 'member';
      readonly name: string;
      readonly object: ExprNode;
      readonly index?: ExprNode;
    };
