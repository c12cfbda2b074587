import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExprEvalError,
  ExprSyntaxError,
  evaluate,
  getTypeName,
  parseExpression,
  valueToString,
} from '../../../src/core/expr/index.js';
import { GROUPS, type Case } from './omnetpp-cases.js';

/** Runs one case; returns a description of the difference, or undefined if it passes. */
function check([text, type, result]: Case): string | undefined {
  let node;
  try {
    node = parseExpression(text);
  } catch (e) {
    if (!(e instanceof ExprSyntaxError)) return `${text}: unexpected ${String(e)}`;
    if (type === 'PARSE' && e.message === result) return undefined;
    return `${text}: parse error '${e.message}', expected ${type} ${result}`;
  }
  if (type === 'PARSE') return `${text}: parsed, expected parse error '${result}'`;
  try {
    const v = evaluate(node);
    if (getTypeName(v.type) === type && valueToString(v) === result) return undefined;
    return `${text}: got ${getTypeName(v.type)} ${valueToString(v)}, expected ${type} ${result}`;
  } catch (e) {
    if (!(e instanceof ExprEvalError)) return `${text}: unexpected ${String(e)}`;
    if (type === 'EVAL' && e.message === result) return undefined;
    return `${text}: error '${e.message}', expected ${type} ${result}`;
  }
}

for (const [name, cases] of GROUPS) {
  test(`same results as OMNeT++ 6.1: ${name}`, () => {
    const failures = cases.map(check).filter((f) => f !== undefined);
    assert.deepEqual(failures, []);
  });
}
