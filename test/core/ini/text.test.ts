import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  filenameEncode,
  iniBytes,
  iniText,
  latin1Json,
  latin1Name,
  parseQuotedString,
  substituteVariables,
  tokenize,
} from '../../../src/core/ini/text.js';
import { parseDollarBrace } from '../../../src/core/ini/itervars.js';
import { parseRunNumberList } from '../../../src/core/ini/run-filter.js';

test('tokenize honours quotes and brackets', () => {
  assert.deepEqual(tokenize(' 1, "a,b", (x,[y,{z,w}]) ,, q ', ','), [
    '1',
    '"a,b"',
    '(x,[y,{z,w}])',
    'q',
  ]);
  assert.deepEqual(tokenize('"\\"}", b', ','), ['"\\"}"', 'b']);
  assert.throws(() => tokenize('(a,b', ','), /Unclosed parenthesis '\('/);
  assert.throws(() => tokenize('a)', ','), /Unmatched close parenthesis '\)'/);
  assert.throws(() => tokenize('"abc', ','), /Unclosed string constant/);
});

test('parseQuotedString interprets escapes', () => {
  assert.equal(parseQuotedString('"a\\"b\\\\c\\n\\x41"'), 'a"b\\c\nA');
  assert.throws(() => parseQuotedString('"a\\,b"'), /Illegal escape sequence '\\,'/);
  assert.throws(() => parseQuotedString('"abc'), /Missing closing quote/);
  assert.throws(() => parseQuotedString('"a" b'), /Trailing garbage/);
});

test('filenameEncode as opp_filenameencode', () => {
  assert.equal(filenameEncode('a b_c#d/e:f'), 'a_b#_c##d#2fe#3af');
  assert.equal(filenameEncode('hello, world!'), 'hello,_world!');
  assert.equal(filenameEncode('x\ty'), 'x# 9y');
});

test('substituteVariables: $x, ${x}, and what is left alone', () => {
  const vars: Record<string, string> = { x: '1', long_name: 'L' };
  const r = (n: string) => {
    const v = vars[n];
    if (v === undefined) throw new Error(`Unknown variable $${n}`);
    return v;
  };
  assert.equal(substituteVariables('$x+${x}-$long_name.${long_name}', r), '1+1-L.L');
  assert.equal(substituteVariables('cost $ 5, ${ x', r), 'cost $ 5, ${ x');
  assert.equal(substituteVariables('${x', r), '${x');
  assert.throws(() => substituteVariables('$nope', r), /Unknown variable \$nope/);
});

test('parseDollarBrace: definitions, references, anonymous lists, parallel variables', () => {
  const p = (s: string) => {
    const d = parseDollarBrace(s, s.indexOf('${'));
    return [d.name, d.value, d.parvar, s.slice(d.end)];
  };
  assert.deepEqual(p('${x=1..3}rest'), ['x', '1..3', '', 'rest']);
  assert.deepEqual(p('${x}'), ['x', '', '', '']);
  assert.deepEqual(p('${1, 2}'), ['', '1, 2', '', '']);
  assert.deepEqual(p('${a, b}'), ['', 'a, b', '', '']);
  assert.deepEqual(p('${hosts= 10, 20 ! plan}'), ['hosts', ' 10, 20 ', 'plan', '']);
  assert.deepEqual(p('${q = "a}b", {c}}x'), ['q', ' "a}b", {c}', '', 'x']);
  assert.throws(() => p('${x+1}'), /Missing '=' after/);
  // as opp_run 6.1 takes them (checked live): a value that ends before its '}' ends there
  assert.deepEqual(p('${x=1,2,3'), ['x', '1,2,3', '', '']);
  assert.deepEqual(p('${x=1'), ['x', '1', '', '']);
  assert.throws(() => p('${'), /Missing '}'/);
});

test('run number lists: 0..3,7,20-22', () => {
  const numbers = (t: string): number[] | undefined => {
    const list = parseRunNumberList(t);
    return list && [...list.numbers()];
  };
  assert.deepEqual(numbers('0..3,7,20-22'), [0, 1, 2, 3, 7, 20, 21, 22]);
  assert.deepEqual(numbers(' 5 , 1 '), [5, 1]);
  assert.deepEqual(numbers('5-3'), []);
  assert.equal(numbers('1..'), undefined);
  assert.equal(numbers('1 2'), undefined);
  assert.deepEqual(numbers(''), []);
});

test('an ini line that is not UTF-8: its bytes kept as they are, the valid UTF-8 beside them as text', () => {
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const utf8 = new TextEncoder().encode('[General]\n**.s = "été 😀"\r\n');
  assert.equal(iniText(utf8), '[General]\n**.s = "été 😀"\r\n');
  assert.deepEqual(iniBytes(iniText(utf8)), utf8);
  // Latin-1 é (0xE9) beside UTF-8 ï and 😀, a C1 byte (0x80), a truncated sequence (0xC3 at the
  // end): before, the whole line as windows-1252 (naÃ¯ve, 0x80 as €), é as UTF-8 é
  const raw = bytes('[General]\n**.s = "caf\xe9 na\xc3\xafve \xf0\x9f\x98\x80 \x80"\n# \xc3\n');
  const text = iniText(raw);
  assert.equal(text, '[General]\n**.s = "caf\udce9 naïve 😀 \udc80"\n# \udcc3\n');
  assert.deepEqual(iniBytes(text), raw);
  // different bytes stay different (a run's key is made from its values)
  assert.notEqual(iniText(bytes('"\xe9t\xe9"')), iniText(bytes('"\xfct\xfc"')));
  assert.ok(!text.includes('\ufffd'));
  // result file names as OMNeT++ makes them from the bytes: 0xE9 (a signed char) is #ffffffe9;
  // a valid é is its two UTF-8 bytes, as before
  assert.equal(filenameEncode('caf\udce9'), 'caf#ffffffe9');
  assert.equal(filenameEncode('café'), 'caf#ffffffc3#ffffffa9');
  assert.equal(filenameEncode('😀'), '#fffffff0#ffffff9f#ffffff98#ffffff80');
});

test('JSON of an ini text: a byte kept apart is its Latin-1 character; a backslash or an emoji stays', () => {
  // the byte 0xE9 (\udce9 from JSON.stringify) and 0x80 become \u00e9 and \u0080; the text
  // `\udce9` (a backslash of the value, then letters) and 😀 (a surrogate pair) are left alone
  const json = JSON.stringify({ v: 'caf\udce9 \udc80', t: '\\udce9 \\\udce9', e: '😀' });
  const out = latin1Json(json);
  assert.equal(out, String.raw`{"v":"caf\u00e9 \u0080","t":"\\udce9 \\\u00e9","e":"😀"}`);
  assert.deepEqual(JSON.parse(out), { v: 'café \u0080', t: '\\udce9 \\é', e: '😀' });
});

test('latin1Name: a byte that is not UTF-8 as its Latin-1 character, the rest as it is', () => {
  const name = iniText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2d, 0xf0, 0x9f, 0x98, 0x80]));
  assert.equal(latin1Name(name), 'Caf\u00e9-\u{1F600}');
  assert.equal(latin1Name('plain'), 'plain');
});
