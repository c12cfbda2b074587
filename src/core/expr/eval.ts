/**
 * Evaluation of parsed expressions, after OMNeT++ 6.1's ExprNode::tryEvaluate() and the node
 * classes of src/common/exprnodes.cc.
 */
import type { ExprNode } from './ast.js';
import { ExprError, ExprEvalError } from './errors.js';
import { callNedFunction, callStdMath } from './functions.js';
import {
  applyBinary,
  applyUnitConversion,
  bitwiseNot,
  cannotCastError,
  errorBooleanArgExpected,
  logicalNot,
  negate,
} from './ops.js';
import { UNDEF_VALUE, boolValue, valueToString, type ExprValue } from './value.js';

/** The text OMNeT++ puts before an error raised by a node (`ExprNode::str()`), if any. */
function errorPrefix(node: ExprNode): string {
  switch (node.kind) {
    case 'unary':
    case 'binary':
      return `operator '${node.op}': `;
    case 'conditional':
      return "operator '?:': ";
    case 'mathFunction':
    case 'nedFunction':
      return `${node.name}(): `;
    case 'unitConversion':
      return `${node.unit}: `;
    default:
      return ''; // dynamically resolved names report the bare message
  }
}

/** Evaluates the arguments; returns undefined if one of them is `undefined`. */
function evalArgs(args: readonly ExprNode[]): ExprValue[] | undefined {
  const values: ExprValue[] = [];
  for (const a of args) {
    const v = evaluate(a);
    if (v.type === 'undef') return undefined;
    values.push(v);
  }
  return values;
}

/** Evaluates an index expression of `x[i]`: must be a dimensionless integer. */
function evalIndex(node: ExprNode): void {
  const v = evaluate(node);
  if (v.type !== 'int') cannotCastError(v, 'int');
  if (v.unit !== undefined) throw new ExprError('Index must be dimensionless');
}

function describeObject(v: ExprValue): string {
  return `${v.type === 'pointer' ? 'Object' : 'Value'} ${valueToString(v)}`;
}

function evaluateNode(node: ExprNode): ExprValue {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'unary': {
      const v = evaluate(node.arg);
      return node.op === '-' ? negate(v) : node.op === '!' ? logicalNot(v) : bitwiseNot(v);
    }
    case 'binary': {
      const op = node.op;
      if (op === '&&' || op === '||' || op === '##') {
        const l = evaluate(node.left);
        if (l.type === 'undef') return l;
        if (l.type !== 'bool') errorBooleanArgExpected(l);
        if (op === '&&' && !l.value) return boolValue(false);
        if (op === '||' && l.value) return boolValue(true);
        const r = evaluate(node.right);
        if (r.type === 'undef') return r;
        if (r.type !== 'bool') errorBooleanArgExpected(r);
        return boolValue(op === '##' ? l.value !== r.value : r.value);
      }
      const l = evaluate(node.left);
      const r = evaluate(node.right);
      return applyBinary(op, l, r);
    }
    case 'conditional': {
      const c = evaluate(node.cond);
      if (c.type === 'undef') return c;
      if (c.type !== 'bool') errorBooleanArgExpected(c);
      return evaluate(c.value ? node.then : node.else);
    }
    case 'mathFunction': {
      // unlike other functions, all arguments are evaluated before looking for `undefined`
      const args: ExprValue[] = [];
      let undef = false;
      for (const a of node.args) {
        const v = evaluate(a);
        if (v.type === 'undef') undef = true;
        args.push(v);
      }
      return undef ? UNDEF_VALUE : callStdMath(node.name, args);
    }
    case 'unitConversion':
      return applyUnitConversion(node.unit, evaluate(node.arg));
    case 'nedFunction': {
      const args: ExprValue[] = [];
      for (const a of node.args) args.push(evaluate(a));
      return callNedFunction(node.name, args);
    }
    case 'unavailableFunction':
      throw new ExprError(`Cannot evaluate '${node.name}()' here: ${node.reason}`);
    case 'function': {
      const args = evalArgs(node.args);
      if (!args) return UNDEF_VALUE;
      throw new ExprError(
        `No '${node.name}' function accepting ${args.length} argument(s) was found`,
      );
    }
    case 'method': {
      const values = evalArgs([node.object, ...node.args]);
      if (!values) return UNDEF_VALUE;
      throw new ExprError(
        `${describeObject(values[0]!)} has no '${node.name}' method that accepts ${node.args.length} argument(s)`,
      );
    }
    case 'variable':
      if (node.index) {
        evalIndex(node.index);
        throw new ExprError(`No such variable: '${node.name}[]'`);
      }
      throw new ExprError(`No such variable: '${node.name}'`);
    case 'member': {
      const object = evaluate(node.object);
      if (node.index) {
        evalIndex(node.index);
        throw new ExprError(`${describeObject(object)} has no member named '${node.name}[]'`);
      }
      throw new ExprError(`${describeObject(object)} has no member named '${node.name}'`);
    }
  }
}

/**
 * Evaluates a parsed expression. Throws {@link ExprEvalError} with OMNeT++'s message, e.g.
 * `operator '&&': Boolean argument expected, got integer` or `No such variable: 'x'`.
 */
export function evaluate(node: ExprNode): ExprValue {
  if (node.kind === 'constant') return node.value;
  try {
    return evaluateNode(node);
  } catch (e) {
    if (e instanceof ExprError && !(e instanceof ExprEvalError))
      throw new ExprEvalError(errorPrefix(node) + e.message);
    throw e;
  }
}
