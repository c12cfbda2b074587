import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExprError,
  areCompatibleUnits,
  convertUnit,
  cStrtod,
  getBaseUnit,
  getBestUnit,
  getConversionFactor,
  getKnownUnits,
  getLongName,
  getShortName,
  isKnownUnit,
  isLinearUnit,
  parseQuantity,
  parseQuantityInUnit,
} from '../../../src/core/expr/index.js';

// Expected values from OMNeT++ 6.1's UnitConversion (src/common/unitconversion.cc), built from source.

/** [text, value, unit] or [text, error message] */
const QUANTITIES: ReadonlyArray<readonly [string, number, string] | readonly [string, string]> = [
  ['5', 5, ''],
  ['-2.5', -2.5, ''],
  ['  7  ', 7, ''],
  ['5s', 5, 's'],
  ['5 s', 5, 's'],
  ['1h 30min', 90, 'min'],
  ['1h30min', 90, 'min'],
  ['-1s 200ms', -1200, 'ms'],
  ['1s -200ms', "Syntax error parsing quantity '1s -200ms': Minus sign only accepted at the front"],
  ['1 s 500 ms', 1500, 'ms'],
  [
    '500ms 1s',
    "Error in quantity '500ms 1s': Units must be in strictly decreasing order of magnitude",
  ],
  ['1s 1s', "Error in quantity '1s 1s': Units must be in strictly decreasing order of magnitude"],
  ['1 m 1 s', "Error in quantity '1 m 1 s': Unit 's' (second) does not match 'm' (meter)"],
  ['1 foo 1 bar', "Error in quantity '1 foo 1 bar': Unit 'bar' does not match 'foo'"],
  [
    '1 foo 2 foo',
    "Error in quantity '1 foo 2 foo': Units must be in strictly decreasing order of magnitude",
  ],
  ['1 KiB 1 B', 1025, 'B'],
  ['1 MiB 1 kB', 1049.576, 'kB'],
  ['1 km 1 m 1 cm', 100101, 'cm'],
  ['1d 1h 1min 1s 1ms', 90061001, 'ms'],
  ['1.5 h', 1.5, 'h'],
  ['0x10 s', 16, 's'],
  ['1e3 ms', 1000, 'ms'],
  ['inf s', Infinity, 's'],
  ['-inf s', -Infinity, 's'],
  ['nan ms', NaN, 'ms'],
  ['infs', "Syntax error parsing quantity 'infs': Space required after nan/inf"],
  ['5 dBm', 5, 'dBm'],
  [
    '1 dBm 1 dBm',
    "Error in quantity '1 dBm 1 dBm': Concatenated quantity literals are not supported with non-linear units like dB",
  ],
  ['s', "Syntax error parsing quantity 's': Must begin with a number"],
  ['abc', "Syntax error parsing quantity 'abc': Must begin with a number"],
  ['5 5', "Syntax error parsing quantity '5 5': Garbage after first number"],
  ['5 s 5', "Syntax error parsing quantity '5 s 5': Missing unit"],
  ['5 s x', "Syntax error parsing quantity '5 s x'"],
  ['5 bit/sec', "Syntax error parsing quantity '5 bit/sec'"],
  ['1e999 s', "Overflow or underflow during conversion of '1e999 s'"],
  ['1e-400 s', "Overflow or underflow during conversion of '1e-400 s'"],
  ['1 s 1e999 ms', "Overflow or underflow during conversion of '1e999 ms'"],
  ['5seconds', 5, 'seconds'],
  ['5 Seconds', 5, 'Seconds'],
  ['2.5e-3 s 1 ms', 3.5, 'ms'],
];

/** [value, from, to, converted, conversion factor] or [value, from, to, error message] */
const CONVERSIONS: ReadonlyArray<
  readonly [number, string, string, number, number] | readonly [number, string, string, string]
> = [
  [1, 's', 'ms', 1000, 1000],
  [1, 'ms', 's', 0.001, 0.001],
  [1, 'h', 's', 3600, 3600],
  [1, 's', 'h', 0.00027777777777777778, 0.00027777777777777778],
  [1, 's', 'ns', 999999999.99999988, 999999999.99999988],
  [1, 'ns', 's', 1.0000000000000001e-9, 1.0000000000000001e-9],
  [1, 'us', 'ns', 999.99999999999989, 999.99999999999989],
  [1, 'KiB', 'kB', 1.024, 1.024],
  [1, 'kB', 'KiB', 0.9765625, 0.9765625],
  [1, 'B', 'b', 8, 8],
  [1, 'MiB', 'KiB', 1024, 1024],
  [1, 'kmph', 'mps', 0.27777777777777779, 0.27777777777777779],
  [36, 'kmph', 'mps', 10, 0.27777777777777779],
  [1, 'mps', 'kmph', 3.5999999999999996, 3.5999999999999996],
  [180, 'deg', 'rad', 3.1415926535897931, 0.017453292519943295],
  [1, 'mAh', 'As', 3.6000000000000001, 3.6000000000000001],
  [1, 'As', 'mAh', 0.27777777777777779, 0.27777777777777779],
  [0, 'dBm', 'mW', 1, 0],
  [30, 'dBm', 'W', 1, 0],
  [1, 'W', 'dBm', 30, 0],
  [1, 'W', 'dBW', 0, 0],
  [20, 'dB', 'x', 10, 0],
  [100, 'x', 'dB', 40, 0],
  [1, 'mV', 'dBmV', 0, 0],
  [1, 'V', 'dBV', 0, 0],
  [1, 's', 'm', "Cannot convert unit 's' (second) to 'm' (meter)"],
  [1, 's', '', "Cannot convert unit 's' (second) to none"],
  [1, '', 's', "Cannot convert unit none to 's' (second)"],
  [NaN, '', 's', NaN, 0],
  [1, 'foo', 'foo', 1, 1],
  [1, 'foo', 'bar', "Cannot convert unit 'foo' to 'bar'"],
  [1, 'seconds', 's', 1, 1],
  [1, 'Seconds', 'minutes', 0.016666666666666666, 0.016666666666666666],
  [-1, 'mW', 'dBm', "Cannot convert unit 'mW' (milliwatt) to 'dBm' (decibel-milliwatt)"],
  [0, 'mW', 'dBm', -Infinity, 0],
];

test('parseQuantity', () => {
  for (const c of QUANTITIES) {
    if (c.length === 3) {
      assert.deepEqual(parseQuantity(c[0]), { value: c[1], unit: c[2] }, c[0]);
    } else {
      assert.throws(
        () => parseQuantity(c[0]),
        (e: unknown) => e instanceof ExprError && e.message === c[1],
        c[0],
      );
    }
  }
});

test('parseQuantityInUnit converts into the expected unit', () => {
  assert.equal(parseQuantityInUnit('1h 30min', 's'), 5400);
  assert.equal(parseQuantityInUnit('2.5', ''), 2.5);
  assert.throws(
    () => parseQuantityInUnit('2.5', 's'),
    /Cannot convert unit none to 's' \(second\)/,
  );
});

test('convertUnit and getConversionFactor', () => {
  for (const c of CONVERSIONS) {
    const [v, from, to] = c;
    const label = `${v} ${from || 'none'} -> ${to || 'none'}`;
    if (c.length === 5) {
      assert.equal(convertUnit(v, from, to), c[3], label);
      assert.equal(getConversionFactor(from, to), c[4], label);
    } else {
      assert.throws(
        () => convertUnit(v, from, to),
        (e: unknown) => e instanceof ExprError && e.message === c[3],
        label,
      );
    }
  }
});

test('unit lookup: short names case-sensitively, long names and plurals case-insensitively', () => {
  for (const u of [
    's',
    'ms',
    'second',
    'Seconds',
    'SECOND',
    'minutes',
    'KiB',
    'kibibytes',
    'bps',
    'bpss',
    'bit/sec',
    'Ohm',
    'ohms',
    'x',
    'times',
    'dBm',
  ])
    assert.equal(isKnownUnit(u), true, u);
  for (const u of ['SECONDS', 'S', 'MS', 'kib', 'ss', 'mss', 'foo', '', 'sec', 'meters/sec'])
    assert.equal(isKnownUnit(u), false, u);
  assert.equal(getShortName('Seconds'), 's');
  assert.equal(getShortName('foo'), 'foo');
  assert.equal(getLongName('KiB'), 'kibibyte');
  // "decibel-milliwatt" is the long name of both dBm and dBmW: the first in the table wins
  assert.equal(getShortName('decibel-milliwatt'), 'dBm');
  assert.equal(getBaseUnit('ms'), 's');
  assert.equal(getBaseUnit('KiB'), 'b');
  assert.equal(getBaseUnit('dBm'), 'mW');
  assert.equal(getBaseUnit('foo'), undefined);
  assert.equal(isLinearUnit('dB'), false);
  assert.equal(isLinearUnit('W'), true);
  assert.equal(isLinearUnit('foo'), true);
  assert.equal(areCompatibleUnits('dBm', 'W'), true);
  assert.equal(areCompatibleUnits('B', 'Mbps'), false);
  assert.equal(areCompatibleUnits('foo', 'foo'), true);
  assert.equal(getKnownUnits().length, 94);
  assert.deepEqual(getKnownUnits().slice(0, 4), ['d', 'h', 'min', 's']);
});

test('getBestUnit (as used when OMNeT++ prints quantities)', () => {
  // [value, unit, best unit] from UnitConversion::getBestUnit()
  const cases: ReadonlyArray<readonly [number, string, string]> = [
    [0.0015, 's', 'ms'],
    [12345, 's', 's'],
    [86400 * 3, 's', 's'],
    [0.5, 'h', 's'],
    [20000, 'B', 'kB'],
    [20000, 'b', 'kb'],
    [1500, 'B', 'B'],
    [0.001, 'W', 'mW'],
    [-0.001, 'W', 'mW'],
    [1e-9, 'm', 'nm'],
    [0, 's', 's'],
    [Infinity, 'ms', 'ms'],
    [3, 'foo', 'foo'],
  ];
  for (const [v, u, best] of cases) assert.equal(getBestUnit(v, u), best, `${v}${u}`);
});

test('cStrtod follows C strtod()', () => {
  assert.deepEqual(cStrtod('  1.5e3xyz'), { value: 1500, end: 7, erange: false });
  assert.deepEqual(cStrtod('1e'), { value: 1, end: 1, erange: false });
  assert.deepEqual(cStrtod('0x1p3'), { value: 8, end: 5, erange: false });
  assert.deepEqual(cStrtod('0x'), { value: 0, end: 1, erange: false });
  assert.deepEqual(cStrtod('-infinity!'), { value: -Infinity, end: 9, erange: false });
  assert.deepEqual(cStrtod('.'), { value: 0, end: 0, erange: false });
  assert.equal(cStrtod('nan(abc)x').end, 8);
  assert.equal(cStrtod('1e999').erange, true);
  assert.equal(cStrtod('1e-310').erange, true);
  assert.equal(cStrtod('0e-400').erange, false);
});
