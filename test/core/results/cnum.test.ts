import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  formatG,
  parseCDouble,
  parseCInt,
  parseSimtime,
  simtimeFromDouble,
  simtimeFromRaw,
} from '../../../src/core/results/index.js';

test('formatG prints like glibc printf("%.*g"), ties to even', () => {
  assert.equal(formatG(0.20246180269837, 14), '0.20246180269837');
  assert.equal(formatG(180, 14), '180');
  assert.equal(formatG(1e-6, 14), '1e-06');
  assert.equal(formatG(1e21, 14), '1e+21');
  assert.equal(formatG(123456789, 6), '1.23457e+08');
  assert.equal(formatG(0.0001, 6), '0.0001');
  assert.equal(formatG(0.1 + 0.2, 17), '0.30000000000000004');
  assert.equal(formatG(-0, 6), '-0');
  // a subnormal's shortest form is not printf's (a P-square histogram's smallest bin edge)
  assert.equal(formatG(5e-324, 14), '4.9406564584125e-324');
  assert.equal(formatG(-1e-320, 6), '-9.99989e-321');
  // exact binary ties: JavaScript's toPrecision rounds them up, glibc to even
  assert.equal(formatG(0.125, 2), '0.12');
  assert.equal(formatG(0.375, 2), '0.38');
  assert.equal(formatG(2.5, 1), '2');
  assert.equal(formatG(100000000000005, 14), '1e+14');
  assert.equal(formatG(Infinity, 6), 'inf');
  assert.equal(formatG(NaN, 6), 'nan');
});

test('parseCDouble follows strtod plus OMNeT++ fallbacks', () => {
  assert.equal(parseCDouble('0.5'), 0.5);
  assert.equal(parseCDouble('1e-6'), 1e-6);
  assert.equal(parseCDouble('.5'), 0.5);
  assert.equal(parseCDouble('5.'), 5);
  assert.equal(parseCDouble(''), 0); // strtod("") consumes the (empty) string
  assert.equal(parseCDouble('0x1p3'), 8);
  assert.equal(parseCDouble('-inf'), -Infinity);
  assert.equal(parseCDouble('Infinity'), Infinity);
  assert.equal(parseCDouble('1.#INF'), Infinity); // MSVC spelling, via the "INF" fallback
  assert.ok(Number.isNaN(parseCDouble('nan')));
  assert.ok(Number.isNaN(parseCDouble('-1.#IND')));
  assert.equal(parseCDouble('1e'), undefined);
  assert.equal(parseCDouble('1.5.2'), undefined);
  assert.equal(parseCDouble('abc'), undefined);
  assert.equal(parseCInt('42'), 42);
  assert.equal(parseCInt('4x'), undefined);
});

test('parseSimtime gives BigDecimal text', () => {
  assert.equal(parseSimtime('0.073687478407'), '0.073687478407');
  assert.equal(parseSimtime('180'), '180');
  assert.equal(parseSimtime('1.50'), '1.5');
  assert.equal(parseSimtime('007.0'), '7');
  assert.equal(parseSimtime('.5'), '0.5');
  assert.equal(parseSimtime('-0.0'), '0');
  assert.equal(parseSimtime('0.1234567890123456789'), '0.123456789012345678'); // 18 decimals, truncated
  assert.equal(parseSimtime('1e-3'), '0.001');
  assert.equal(parseSimtime('1e-1'), '0.100000000000000005'); // via the double 0.1
  assert.equal(parseSimtime('inf'), '+Inf');
  assert.equal(parseSimtime('-Infinity'), '-Inf');
  assert.equal(parseSimtime('nan'), 'NaN');
  assert.equal(parseSimtime('12345678901234567890'), undefined); // int64 overflow
  assert.equal(parseSimtime(''), undefined);
  assert.equal(parseSimtime('1.5s'), undefined);
  assert.equal(simtimeFromDouble(0.5), '0.5');
  assert.equal(simtimeFromRaw(73687478407n, -12), '0.073687478407');
  assert.equal(simtimeFromRaw(180000000000000n, -12), '180');
  assert.equal(simtimeFromRaw(-5n, -1), '-0.5');
});

test('formatG equals printf("%.*g") for 3,105 doubles at every precision 1..17 (python3 as printf)', (t) => {
  // python's %-formatting rounds the exact binary value correctly, ties to even, as glibc does
  const xs: number[] = [];
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 1000; i++) xs.push((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
  for (let i = 0; i < 1000; i++)
    xs.push(Math.round((rand() - 0.5) * 10 ** Math.floor(rand() * 18)));
  // short decimals (the common case: what a model recorded) and exact binary ties
  for (let i = 0; i < 1000; i++)
    xs.push(Number((rand() * 1000).toFixed(i % 6)) * (i % 3 === 0 ? 1e-9 : 1) + (i % 7) * 0.125);
  // the ends of the range: subnormals, the smallest normal, the largest double
  xs.push(5e-324, 1e-320, 2.225073858507201e-308, 2.2250738585072014e-308, 1.7976931348623157e308);
  for (let i = 0; i < 100; i++) xs.push(rand() * 2.2e-308 * 10 ** -Math.floor(rand() * 15));
  // JSON has no -0 (formatG's -0 is checked above)
  xs.forEach((x, i) => (xs[i] = x === 0 ? 0 : x));
  const precisions = Array.from({ length: 17 }, (_, i) => i + 1);
  const script =
    'import sys,json\nxs=json.load(sys.stdin)\n' +
    `print(json.dumps([["%.*g" % (p, x) for x in xs] for p in ${JSON.stringify(precisions)}]))`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(xs), encoding: 'utf8' });
  if (r.status !== 0) {
    t.skip('python3 not found: printf reference skipped');
    return;
  }
  const expected = JSON.parse(r.stdout) as string[][];
  precisions.forEach((p, i) => {
    const want = expected[i] ?? [];
    xs.forEach((x, j) => assert.equal(formatG(x, p), want[j], `%.${p}g of ${x}`));
  });
});
