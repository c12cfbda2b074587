import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles } from '../../../src/core/ini/index.js';
import { noRunsSelected } from '../../../src/core/plan/no-match.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

test('a filter that selects no run: each config’s runs and the values of its variables', () => {
  const doc = ini(
    [
      '[General]',
      'network = Net',
      '[A]',
      '**.s = ${s="x, y", "z"}', // a value holding ", " stays whole
      '**.n = ${n=1..30}', // more values than are listed
      'repeat = 2',
      '[B]',
      'sim-time-limit = 1s', // no iteration variable
      '[C]',
      '**.x = ${1..2}', // unnamed: $0
      '',
    ].join('\n'),
  );
  assert.equal(
    noRunsSelected(doc, ['A', 'B', 'C'], '$n > 99'),
    'the run filter "$n > 99" selects no run: ' +
      'A has 120 run(s) ($s = "x, y", "z"; $n = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...); ' +
      'B has 1 run(s); C has 2 run(s) ($0 = 1, 2)',
  );
});
