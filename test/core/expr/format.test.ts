import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatG, formatGPrecision, quoteString } from '../../../src/core/expr/index.js';

// [value, C's printf("%g", value)] -- expected strings produced by glibc (gcc 12, Debian 12).
const G_CASES: ReadonlyArray<readonly [number, string]> = [
  [0.1 + 0.2, '0.3'],
  [1e-5, '1e-05'],
  [123456789, '1.23457e+08'],
  [0.0001, '0.0001'],
  [1e21, '1e+21'],
  [-0.11, '-0.11'],
  [2.957e10, '2.957e+10'],
  [100000, '100000'],
  [1000000, '1e+06'],
  [0, '0'],
  [-0.0, '-0'],
  [1, '1'],
  [-1, '-1'],
  [0.5, '0.5'],
  [2.5, '2.5'],
  [3.14159265358979, '3.14159'],
  [1234565, '1.23456e+06'],
  [1234575, '1.23458e+06'],
  [999999.5, '1e+06'],
  [999999.4, '999999'],
  [9999995, '1e+07'],
  [0.00001234565, '1.23456e-05'],
  [1e-300, '1e-300'],
  [5e-324, '4.94066e-324'],
  [1.7976931348623157e308, '1.79769e+308'],
  [123456.5, '123456'],
  [12345.65, '12345.6'],
  [0.000123456789, '0.000123457'],
  [99999.95, '99999.9'],
  [1e100, '1e+100'],
  [4.3e-5, '4.3e-05'],
  [-4.3e-5, '-4.3e-05'],
  [0.00009999995, '0.0001'],
  [0.00009999994, '9.99999e-05'],
  [-2.043e10, '-2.043e+10'],
  [-1.043e10, '-1.043e+10'],
  [-4.3e8, '-4.3e+08'],
  [9.57e9, '9.57e+09'],
  [1.957e10, '1.957e+10'],
  [1.1, '1.1'],
  [8.9, '8.9'],
  [1 + 0.1 * 79, '8.9'],
  [-0.11 + 0.1 * 2, '0.09'],
  [1e15, '1e+15'],
  [1e16, '1e+16'],
  [123456.4999, '123456'],
  [0.1, '0.1'],
  [1 / 3.0, '0.333333'],
  [2 / 3.0, '0.666667'],
  [100, '100'],
  [1e5 + 0.5, '100000'],
  [65536, '65536'],
  [4294967296, '4.29497e+09'],
  [9007199254740992, '9.0072e+15'],
  [1e-4, '0.0001'],
  [1e-7, '1e-07'],
  [0.000100000001, '0.0001'],
  [-1e-100, '-1e-100'],
  [7e22, '7e+22'],
  [1.5e-308, '1.5e-308'],
  [Infinity, 'inf'],
  [-Infinity, '-inf'],
  [NaN, 'nan'],
];

test('formatG matches printf("%g")', () => {
  const wrong = G_CASES.filter(([v, s]) => formatG(v) !== s).map(
    ([v, s]) => `${v}: ${formatG(v)} != ${s}`,
  );
  assert.deepEqual(wrong, []);
});

test('formatG rounds exact ties to even, as glibc does (toExponential would round up)', () => {
  assert.equal(formatG(100000.5), '100000');
  assert.equal(formatG(100001.5), '100002');
  assert.equal(formatG(1234565), '1.23456e+06');
  assert.equal(formatG(1234575), '1.23458e+06');
  assert.equal(formatG(0.5e-5 * 1.000001), '5e-06');
});

test('formatGPrecision matches printf("%.<n>g")', () => {
  const cases: ReadonlyArray<readonly [number, number, string]> = [
    [3.14159265358979, 0, '3'],
    [3.14159265358979, 3, '3.14'],
    [3.14159265358979, 10, '3.141592654'],
    [0.000123456789, 1, '0.0001'],
    [0.000123456789, 3, '0.000123'],
    [1234565, 3, '1.23e+06'],
    [1234565, 10, '1234565'],
    [2.5, 1, '2'],
    [99.5, 1, '1e+02'],
    [123456789012345680, 10, '1.23456789e+17'],
    [123456789012345680, 17, '1.2345678901234568e+17'],
    [0.1 + 0.2, 17, '0.30000000000000004'],
  ];
  for (const [v, p, s] of cases) assert.equal(formatGPrecision(v, p), s, `%.${p}g of ${v}`);
});

// from OMNeT++'s test/envir/valueiterator_1.test: a range prints "%g" of from + step*k
function range(from: number, to: number, step: number): string[] {
  const n = Math.max(0, Math.floor((to - from + 1.000001 * step) / step));
  return Array.from({ length: n }, (_, k) => formatG(from + step * k));
}

test('iteration range values print as OMNeT++ prints them', () => {
  assert.equal(
    range(1, 9, 0.1).join(' '),
    [
      '1 1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.8 1.9 2 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 3 3.1 3.2 3.3 3.4',
      '3.5 3.6 3.7 3.8 3.9 4 4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 5 5.1 5.2 5.3 5.4 5.5 5.6 5.7 5.8',
      '5.9 6 6.1 6.2 6.3 6.4 6.5 6.6 6.7 6.8 6.9 7 7.1 7.2 7.3 7.4 7.5 7.6 7.7 7.8 7.9 8 8.1 8.2 8.3',
      '8.4 8.5 8.6 8.7 8.8 8.9 9',
    ].join(' '),
  );
  assert.deepEqual(range(-2.043e10, 3e10, 1e10), [
    '-2.043e+10',
    '-1.043e+10',
    '-4.3e+08',
    '9.57e+09',
    '1.957e+10',
    '2.957e+10',
  ]);
  assert.deepEqual(range(-1.1e-1, 1e-1, 1e-1), ['-0.11', '-0.01', '0.09']);
  assert.deepEqual(range(110, 150, 10), ['110', '120', '130', '140', '150']);
});

test('quoteString escapes like opp_quotestr', () => {
  assert.equal(quoteString('plain'), '"plain"');
  assert.equal(quoteString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quoteString('\n\t\r\b\f'), '"\\n\\t\\r\\b\\f"');
  assert.equal(quoteString('\x01\x1f\x7f'), '"\\x01\\x1F\\x7F"');
  assert.equal(quoteString('é'), '"é"');
});
