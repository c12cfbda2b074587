import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIniFiles, IniError } from '../../../src/core/ini/index.js';
import { joinedLines } from '../../../src/core/ini/reader.js';

const files = (map: Record<string, string>) => (path: string) => map[path];
const read = (map: Record<string, string>, roots = ['omnetpp.ini']) =>
  readIniFiles(roots, files(map));

function fails(map: Record<string, string>, message: RegExp, file: string, line: number): void {
  assert.throws(
    () => read(map),
    (e: unknown) => {
      assert.ok(e instanceof IniError);
      assert.match(e.message, message);
      assert.deepEqual(e.location, { file, line });
      return true;
    },
  );
}

test('sections, entries, comments and the optional "Config " prefix', () => {
  const doc = read({
    'omnetpp.ini':
      '# comment\nnetwork = Net\n\n[Config A]\n**.a = 1 # trailing comment\n[B]\n**.s = "x#y" # c\n[Config  General ]\nrepeat = 2\n',
  });
  assert.deepEqual(
    doc.sections.map((s) => [s.name, s.entries.map((e) => [e.key, e.value, e.line])]),
    [
      [
        'General',
        [
          ['network', 'Net', 2],
          ['repeat', '2', 9],
        ],
      ],
      ['A', [['**.a', '1', 5]]],
      ['B', [['**.s', '"x#y"', 7]]],
    ],
  );
});

test('backslash continuation joins lines; indented lines continue an entry', () => {
  const doc = read({
    'omnetpp.ini': '[General]\n**.a = ${x=1, \\\n  2, \\\n  3}\n**.b = a,\n  b # c\n',
  });
  const [a, b] = doc.sections[0]?.entries ?? [];
  assert.equal(a?.value, '${x=1,   2,   3}');
  assert.equal(a?.line, 2);
  assert.equal(b?.value, 'a,\n  b');
});

test('CRLF line ends and a final line without newline', () => {
  const lines = [...joinedLines('a = 1\r\nb = 2')];
  assert.deepEqual(lines, [
    { text: 'a = 1', line: 1 },
    { text: 'b = 2', line: 2 },
  ]);
});

test('include is relative to the including file, nested, and restores the section', () => {
  const doc = read(
    {
      'sim/omnetpp.ini':
        '[General]\ninclude common/base.inc\n[Config A]\ninclude common/base.inc\n**.z = 1\n',
      'sim/common/base.inc': '**.x = 1\ninclude more.inc\n',
      'sim/common/more.inc': '[Config B]\n**.y = 2\n',
    },
    ['sim/omnetpp.ini'],
  );
  assert.deepEqual(
    doc.sections.map((s) => [s.name, s.entries.map((e) => `${e.key}@${e.file}:${e.line}`)]),
    [
      ['General', ['**.x@sim/common/base.inc:1']],
      ['B', ['**.y@sim/common/more.inc:2', '**.y@sim/common/more.inc:2']],
      ['A', ['**.x@sim/common/base.inc:1', '**.z@sim/omnetpp.ini:5']],
    ],
  );
});

test('syntax errors name the file and line', () => {
  fails(
    { 'omnetpp.ini': '[General]\n**.a = "open\n' },
    /Unterminated string constant/,
    'omnetpp.ini',
    2,
  );
  fails({ 'omnetpp.ini': '[General\n' }, /Syntax error in section heading/, 'omnetpp.ini', 1);
  fails({ 'omnetpp.ini': '\n\nnot a pair\n' }, /key=value/, 'omnetpp.ini', 3);
  fails({ 'omnetpp.ini': '; old comment\n' }, /hash mark/, 'omnetpp.ini', 1);
  fails({ 'omnetpp.ini': '[A]\n[A]\n' }, /Duplicate section 'A'/, 'omnetpp.ini', 2);
  fails({ 'omnetpp.ini': '[ ]\n' }, /Section name cannot be empty/, 'omnetpp.ini', 1);
  fails(
    { 'omnetpp.ini': 'a = 1\ninclude nope.ini\n' },
    /Cannot open ini file 'nope.ini'/,
    'omnetpp.ini',
    2,
  );
  fails({ 'omnetpp.ini': '\n include x\n' }, /column 1/, 'omnetpp.ini', 2);
});

test('a file that includes itself is an error', () => {
  assert.throws(
    () => read({ 'omnetpp.ini': 'include a.inc\n', 'a.inc': 'include omnetpp.ini\n' }),
    /includes itself/,
  );
});

test('a missing top-level file is an error without location', () => {
  assert.throws(
    () => read({}),
    (e: unknown) => e instanceof IniError && /Cannot open ini file 'omnetpp.ini'/.test(e.message),
  );
});
