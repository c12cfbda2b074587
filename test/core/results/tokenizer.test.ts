import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LineSplitter,
  TextLineSplitter,
  TokenizeError,
  quoteString,
  tokenizeLine,
} from '../../../src/core/results/index.js';

test('tokenizeLine splits like OMNeT++ LineTokenizer', () => {
  assert.deepEqual(tokenizeLine('scalar Aloha.server duration 180'), [
    'scalar',
    'Aloha.server',
    'duration',
    '180',
  ]);
  assert.deepEqual(tokenizeLine('bin\t-inf\t0'), ['bin', '-inf', '0']);
  assert.deepEqual(tokenizeLine('attr title "collision length"'), [
    'attr',
    'title',
    'collision length',
  ]);
  assert.deepEqual(tokenizeLine('par m typename "\\"Server\\""'), [
    'par',
    'm',
    'typename',
    '"Server"',
  ]);
  assert.deepEqual(tokenizeLine('"a"b "" c\r'), ['a', 'b', '', 'c']);
  assert.deepEqual(tokenizeLine('x "\\x41\\x42\\t\\q"'), ['x', 'AB\tq']);
  assert.deepEqual(tokenizeLine('x "\\xC3\\xA9"'), ['x', 'é']);
  assert.deepEqual(tokenizeLine('   '), []);
  assert.throws(() => tokenizeLine('attr title "open'), TokenizeError);
  assert.throws(() => tokenizeLine('attr title "ends in backslash\\"'), TokenizeError);
});

test('quoteString is opp_quotestr', () => {
  assert.equal(quoteString('a "b"\\\n\u0001é'), '"a \\"b\\"\\\\\\n\\x01é"');
});

test('LineSplitter handles \\n, \\r\\n and \\r across chunk boundaries, with offsets', () => {
  const s = new LineSplitter();
  const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
  const lines = [
    ...s.push(enc('ab\r')),
    ...s.push(enc('\ncd\n\ré')),
    ...s.push(enc('f\r\ng')),
    ...s.end(),
  ];
  assert.deepEqual(
    lines.map((l) => [l.text, l.lineNo, l.offset, l.terminated]),
    [
      ['ab', 1, 0, true],
      ['cd', 2, 4, true],
      ['', 3, 7, true],
      ['éf', 4, 8, true],
      ['g', 5, 13, false],
    ],
  );
});

test('TextLineSplitter gives the lines LineSplitter gives, for chunks cut anywhere', () => {
  const text = 'ab\r\ncd\r\rx\n\n\r\nyz\r';
  const whole = new LineSplitter();
  const bytes = new TextEncoder().encode(`${text}last`);
  const expected = [...whole.push(bytes), ...whole.end()].map((l) => [l.text, l.terminated]);
  const split = (chunks: string[]): Array<[string, boolean]> => {
    const s = new TextLineSplitter();
    const lines: string[] = [];
    for (const c of chunks) s.push(c, lines);
    const last = s.end();
    return [
      ...lines.map((l): [string, boolean] => [l, true]),
      ...(last ? [[last, false]] : []),
    ] as Array<[string, boolean]>;
  };
  const all = `${text}last`;
  for (let i = 0; i <= all.length; i++)
    for (let j = i; j <= all.length; j++)
      assert.deepEqual(
        split([all.slice(0, i), all.slice(i, j), '', all.slice(j)]),
        expected,
        `cut at ${i}, ${j}`,
      );
  // a last "\r" ends its line; nothing is left unterminated
  assert.deepEqual(split(['a\r']), [['a', true]]);
  assert.deepEqual(split(['a\r', '\n', 'b']), [
    ['a', true],
    ['b', false],
  ]);
});

test('tokenizeLine: quoted tokens with escapes, the simple ones and the rest, as OMNeT++ reads them', () => {
  const cases: Array<[string, string]> = [
    ['"\\"Server\\""', '"Server"'],
    ['"a\\tb\\\\c\\nd\\re\\bf\\fg"', 'a\tb\\c\nd\re\bf\fg'],
    ['"\\x41\\x4"', 'A\x04'],
    ['"\\q\\""', 'q"'],
    ['"é\\"x"', 'é"x'],
    ['"\\xC3\\xA9"', 'é'],
    ['"ab\\x00cd"', 'ab'],
    ['"a\\\\"', 'a\\'],
    // a NUL ends the token's text, as in C
    ['"a\\"\u0000b"', 'a"'],
  ];
  for (const [line, token] of cases)
    assert.deepEqual(tokenizeLine(`par m p ${line}`)[3], token, line);
});
