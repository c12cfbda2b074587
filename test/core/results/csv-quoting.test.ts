// CSV-R fields are quoted as opp_scavetool quotes them: only when they hold the separator, the
// quote character or a line break (or, with backslash escaping, a backslash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRecordsFormatter, type RunInfo } from '../../../src/core/results/index.js';

const CONTENTS = {
  scalars: false,
  parameters: false,
  statistics: false,
  histograms: false,
  vectors: false,
};

function metadataRows(values: readonly string[], options = {}): string[] {
  const run: RunInfo = {
    runName: 'R-0',
    attributes: new Map(values.map((v, i) => [`a${i}`, v])),
    itervars: new Map(),
    configEntries: [],
  };
  const f = new CsvRecordsFormatter(CONTENTS, { columnNames: false, ...options });
  f.runMetadata(run);
  return f
    .take()
    .trimEnd()
    .split(/\r?\n(?=R-0)/);
}

test('a field is quoted only for a separator, a quote or a line break in it; quotes doubled', () => {
  const rows = metadataRows(['plain', 'a,b', 'say "hi"', 'two\nlines', 'back\\slash', 'a;b']);
  assert.deepEqual(rows, [
    'R-0,runattr,,,a0,plain',
    'R-0,runattr,,,a1,"a,b"',
    'R-0,runattr,,,a2,"say ""hi"""',
    'R-0,runattr,,,a3,"two\nlines"',
    'R-0,runattr,,,a4,back\\slash',
    'R-0,runattr,,,a5,a;b',
  ]);
});

test('other separators and quotes, and backslash escaping, quote their own characters', () => {
  const rows = metadataRows(['a;b', 'a,b', "it's", 'back\\slash', 'a.b'], {
    separator: ';',
    quoteChar: "'",
    quoteEscaping: 'backslash',
  });
  assert.deepEqual(rows, [
    "R-0;runattr;;;a0;'a;b'",
    'R-0;runattr;;;a1;a,b',
    "R-0;runattr;;;a2;'it\\'s'",
    "R-0;runattr;;;a3;'back\\\\slash'",
    'R-0;runattr;;;a4;a.b',
  ]);
  // a regular-expression character as the separator is taken literally
  assert.deepEqual(metadataRows(['a.b', 'ab'], { separator: '.' }), [
    'R-0.runattr...a0."a.b"',
    'R-0.runattr...a1.ab',
  ]);
});
