import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExprError,
  ExprEvalError,
  ExprSyntaxError,
  NULL_POINTER_VALUE,
  UNDEF_VALUE,
  createExpressionCache,
  doubleValue,
  evaluate,
  evaluateExpression,
  expectBool,
  expectNumber,
  expectString,
  intValue,
  parseExpression,
  stringValue,
  valueToString,
  valuesEqual,
  type ExprOptions,
  type ExprValue,
} from '../../../src/core/expr/index.js';

function show(text: string, options?: ExprOptions): string {
  return valueToString(evaluateExpression(text, options));
}

function errorOf(text: string, options?: ExprOptions): Error {
  try {
    evaluateExpression(text, options);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`no error for ${text}`);
}

test('values: discriminated union with 64-bit integers and units', () => {
  const v = evaluateExpression('1h 30min');
  assert.deepEqual(v, { type: 'int', value: 90n, unit: 'min' });
  assert.deepEqual(evaluateExpression('0.5s'), { type: 'double', value: 0.5, unit: 's' });
  assert.deepEqual(evaluateExpression('"a"'), { type: 'string', value: 'a' });
  assert.deepEqual(evaluateExpression('true'), { type: 'bool', value: true });
  assert.equal(evaluateExpression('undefined'), UNDEF_VALUE);
  assert.equal(evaluateExpression('nullptr'), NULL_POINTER_VALUE);
  assert.deepEqual(evaluateExpression('0x7FFFFFFFFFFFFFFF'), {
    type: 'int',
    value: 9223372036854775807n,
    unit: undefined,
  });
  assert.equal(valuesEqual(evaluateExpression('2+3'), intValue(5n)), true);
  assert.equal(valuesEqual(evaluateExpression('nan'), doubleValue(NaN)), true);
  assert.equal(valuesEqual(evaluateExpression('5'), doubleValue(5)), false);
});

test('valueToString prints like ExprValue::str()', () => {
  const cases: ReadonlyArray<readonly [ExprValue, string]> = [
    [intValue(-5n, 'ms'), '-5ms'],
    [intValue(5n), '5'],
    [doubleValue(0.1 + 0.2, 's'), '0.3s'],
    [doubleValue(Infinity, 's'), 'inf s'],
    [doubleValue(NaN), 'nan'],
    [doubleValue(1e-5), '1e-05'],
    [stringValue('say "hi"\n'), '"say \\"hi\\"\\n"'],
    [UNDEF_VALUE, 'undefined'],
    [NULL_POINTER_VALUE, 'nullptr'],
  ];
  for (const [v, s] of cases) assert.equal(valueToString(v), s);
});

test('parseExpression builds the tree with OMNeT++ precedence', () => {
  assert.deepEqual(parseExpression('1 + 2 * 3'), {
    kind: 'binary',
    op: '+',
    left: { kind: 'constant', value: intValue(1n) },
    right: {
      kind: 'binary',
      op: '*',
      left: { kind: 'constant', value: intValue(2n) },
      right: { kind: 'constant', value: intValue(3n) },
    },
  });
  // bitwise operators bind tighter than comparisons (unlike C)
  const t = parseExpression('5 | 2 == 7');
  assert.equal(t.kind === 'binary' && t.op, '==');
  // unary minus binds tighter than ^ and is folded into the literal
  const p = parseExpression('-2^2');
  assert.equal(p.kind === 'binary' && p.op, '^');
  assert.deepEqual(p.kind === 'binary' && p.left, { kind: 'constant', value: intValue(-2n) });
  // `=` becomes `==`
  const eq = parseExpression('1=1');
  assert.equal(eq.kind === 'binary' && eq.op, '==');
  // ?: is right-associative and lowest
  const c = parseExpression('true ? 1 : false ? 2 : 3');
  assert.equal(c.kind === 'conditional' && c.else.kind, 'conditional');
});

test('a parsed tree can be evaluated repeatedly', () => {
  const tree = parseExpression('(1) + (3) <= 5');
  assert.equal(show('(1) + (3) <= 5'), 'true');
  assert.deepEqual(evaluate(tree), evaluate(tree));
});

test('parse failures are ExprSyntaxError; grammar errors say "syntax error"', () => {
  for (const text of ['1..x', '', '1 +', '(1', '1 2', 'a:', '$x $y', '1;2', '5s 3']) {
    assert.throws(
      () => parseExpression(text),
      (e: unknown) =>
        e instanceof ExprSyntaxError && e instanceof ExprError && e.message === 'syntax error',
      text,
    );
  }
  // translation errors are raised by the parse step too, as in OMNeT++
  assert.throws(() => parseExpression('sqrt(1, 2)'), {
    name: 'ExprSyntaxError',
    message: "Function 'sqrt' invoked with wrong number of arguments (2 instead of 1)",
  });
  assert.throws(() => parseExpression('"\\q"'), { message: "Illegal escape sequence '\\q'" });
});

test('evaluation failures are ExprEvalError with OMNeT++ messages', () => {
  const e = errorOf('1s + 1');
  assert.ok(e instanceof ExprEvalError && e instanceof ExprError);
  assert.equal(e.message, "operator '+': Cannot convert unit none to 's' (second)");
  assert.equal(errorOf('x == 1').message, "No such variable: 'x'");
  assert.equal(
    errorOf('1 && true').message,
    "operator '&&': Boolean argument expected, got integer",
  );
  assert.equal(
    errorOf('uniform(1, 2)').message,
    "No 'uniform' function accepting 2 argument(s) was found",
  );
});

test('option singleEquals: false rejects `=` as OMNeT++ does outside ValueIterator', () => {
  assert.equal(show('2 = 2'), 'true');
  assert.throws(() => parseExpression('2 = 2', { singleEquals: false }), {
    name: 'ExprSyntaxError',
    message: "Not a recognized binary operator: '='",
  });
});

test('deviations where OMNeT++ itself crashes', () => {
  // integer modulo by zero: SIGFPE in OMNeT++
  assert.equal(errorOf('7 % 0').message, "operator '%': Integer division by zero");
  assert.equal(
    errorOf('(-9223372036854775807-1) % -1').message,
    "operator '%': Integer division by zero",
  );
  // a `//` comment running to the end of the input: OMNeT++'s lexer crashes
  assert.equal(show('1 + 2 // comment'), '3');
  assert.throws(() => parseExpression('// comment'), { message: 'syntax error' });
});

test('expectBool / expectNumber / expectString: ValueIterator::Expr type checks', () => {
  assert.equal(expectBool(evaluateExpression('3 != 2'), '$x != 2'), true);
  assert.throws(() => expectBool(evaluateExpression('5'), '$x+1'), {
    name: 'ExprEvalError',
    message: "bool expected, but integer (5) found in the expression '$x+1'",
  });
  assert.throws(() => expectBool(evaluateExpression('undefined'), 'u'), {
    message: "bool expected, but nothing found in the expression 'u'",
  });
  assert.equal(expectNumber(evaluateExpression('2+1'), 'e'), 3);
  assert.equal(expectNumber(evaluateExpression('500ms'), 'e'), 500); // the unit is ignored
  assert.equal(expectNumber(evaluateExpression('1e-3'), 'e'), 0.001);
  assert.throws(() => expectNumber(evaluateExpression('"a"'), 'e'), {
    message: `double expected, but string ("a") found in the expression 'e'`,
  });
  assert.equal(expectString(evaluateExpression('"a" + "b"'), 'e'), 'ab');
});

test('createExpressionCache memoizes parses, values and errors, with LRU eviction', () => {
  const cache = createExpressionCache(2);
  const t1 = cache.parse('1 + 1');
  assert.equal(cache.parse('1 + 1'), t1);
  assert.deepEqual(cache.evaluate('1 + 1'), intValue(2n));
  assert.equal(cache.evaluate('1 + 1'), cache.evaluate('1 + 1'));
  cache.parse('2 + 2');
  cache.parse('1 + 1'); // touch: now '2 + 2' is the least recently used
  cache.parse('3 + 3');
  assert.equal(cache.size, 2);
  assert.equal(cache.parse('1 + 1'), t1);
  assert.notEqual(cache.parse('2 + 2'), undefined);
  assert.equal(cache.size, 2);

  let first: unknown;
  try {
    cache.parse('1 +');
  } catch (e) {
    first = e;
  }
  assert.ok(first instanceof ExprSyntaxError);
  assert.throws(
    () => cache.parse('1 +'),
    (e: unknown) => e === first,
  );
  assert.throws(() => cache.evaluate('x'), {
    name: 'ExprEvalError',
    message: "No such variable: 'x'",
  });
  assert.throws(() => cache.evaluate('x'), { name: 'ExprEvalError' });
  cache.clear();
  assert.equal(cache.size, 0);
  assert.throws(() => createExpressionCache(0), RangeError);
});

test('option nedFunctions: pure NED functions (src/sim/nedfunctions.cc)', () => {
  const ned = { nedFunctions: true };
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['min(1, 2)', '1'],
    ['max(1s, 500ms)', '1s'],
    ['min(1s, 500ms)', '500ms'],
    ['max(1, 2.5)', '2.5'],
    ['fabs(-3)', '3'],
    ['fabs(-3s)', '3s'],
    ['fmod(7s, 2000ms)', '1s'],
    ['int(2.7)', '2'],
    ['int(-2.7)', '-3'],
    ['int("12.5s")', '12s'],
    ['int(true)', '1'],
    ['double(3)', '3'],
    ['double("1.5ms")', '1.5ms'],
    ['string(1.5)', '"1.5"'],
    ['string("a")', '"\\"a\\""'],
    ['string(0.05s)', '"50ms"'],
    ['bool(0)', 'false'],
    ['bool("true")', 'true'],
    ['length("abc")', '3'],
    ['"abc".length()', '3'],
    ['substring("hello", 1)', '"ello"'],
    ['substring("hello", 1, 2)', '"el"'],
    ['contains("abc", "b")', 'true'],
    ['startsWith("abc", "ab")', 'true'],
    ['endsWith("abc", "bc")', 'true'],
    ['endsWith("ab", "abc")', 'true'], // size_t wrap-around in OMNeT++
    ['endsWith("ab", "abcd")', 'false'],
    ['indexOf("abc", "z")', '-1'],
    ['replace("abc", "", "-")', '"-a-b-c-"'],
    ['replace("aaa", "a", "b")', '"bbb"'],
    ['replaceFirst("aaa", "a", "b", 1)', '"aba"'],
    ['trim("  x  ")', '"x"'],
    ['toUpper("abc")', '"ABC"'],
    ['toLower("ABC")', '"abc"'],
    ['choose(1, "a b  c")', '"b"'],
    ['tail("hello", 2)', '"lo"'],
    ['select(1, "a", 2, 3s)', '2'],
    ['unitOf(5s)', '"s"'],
    ['dropUnit(5s)', '5'],
    ['replaceUnit(5s, "m")', '5m'],
    ['convertUnit(5.0s, "ms")', '5000ms'],
    ['substringAfterLast("a.b.c", ".")', '"c"'],
    ['min(5)', '5min'], // one argument: still the unit function
    ['sqrt(4)', '2'],
  ];
  for (const [text, expected] of cases) assert.equal(show(text, ned), expected, text);
  const errors: ReadonlyArray<readonly [string, string]> = [
    ['min(1s, 1m)', "min(): Cannot convert unit 'm' (meter) to 's' (second)"],
    [
      'int(1e30)',
      'int(): Overflow casting 1000000000000000019884624838656.000000 to the target integer type',
    ],
    ['bool(1s)', "bool(): Attempt to use the value '1s' as a dimensionless number"],
    ['substring("hello", 9)', 'substring(): Index out of bounds'],
    ['length(5)', 'length(): string expected for argument 0, got integer'],
    [
      'substring("abc", 1.5)',
      'substring(): integer expected for argument 1, got double (note: no implicit conversion from double to int)',
    ],
    ['substring("abc", 1s)', 'substring(): Argument 1 must be dimensionless, got 1s'],
    ['int(undefined)', "int(): Cannot convert 'undefined' to int"],
    ['select(5, 1)', 'select(): Index=5 is too large (max: 0)'],
    ['foo(1)', "No 'foo' function accepting 1 argument(s) was found"],
    [
      'uniform(1, 2)',
      "Cannot evaluate 'uniform()' here: it draws random numbers, which needs a running simulation",
    ],
    [
      'fullPath()',
      "Cannot evaluate 'fullPath()' here: it needs a running simulation (modules, files or configuration)",
    ],
  ];
  for (const [text, message] of errors) {
    const e = errorOf(text, ned);
    assert.ok(e instanceof ExprEvalError, text);
    assert.equal(e.message, message, text);
  }
  // without the option, OMNeT++'s constraint/run-filter context has none of these
  assert.equal(errorOf('max(1, 2)').message, "No 'max' function accepting 2 argument(s) was found");
});

test('parse + evaluate of short expressions is fast', () => {
  const start = performance.now();
  for (let i = 0; i < 10000; i++)
    evaluateExpression(`(${i % 97}) + (${i % 13}) <= 50 && ${i % 3} != 2`);
  // typically ~20 ms; the bound only catches pathological slowness
  assert.ok(performance.now() - start < 2000);
});
