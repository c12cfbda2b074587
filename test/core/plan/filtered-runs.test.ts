// `run -r EXPR` works out the runs an expression filter selects once (filteredRuns) and counts,
// checks and plans them from that list: the same runs, in the same order, with the same plans as
// the filter evaluated run by run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles, type IniError } from '../../../src/core/ini/index.js';
import { filteredRuns, planRuns } from '../../../src/core/plan/plan.js';
import { refuseResultFileClash } from '../../../src/core/plan/result-clash.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

const INI = [
  '[General]',
  'network = Net',
  '[Product]', // runs a plain product: sought directly
  '**.a = ${a=1..20}',
  '**.b = ${b=1..10}',
  'repeat = 3',
  '[Constrained]', // stepped through
  '**.a = ${a=1..12}',
  '**.b = ${b=1..12}',
  'constraint = $a <= $b',
  'repeat = 2',
  '[Collide]',
  '**.a = ${a=1..6}',
  'output-scalar-file = ${resultdir}/${configname}-${repetition}.sca',
  '',
].join('\n');

const FILTERS = [
  '$runnumber % 7 == 3',
  '$repetition == 1',
  '$a > 15 && $b < 3',
  '$b % 2 == 0', // many short ranges
  '$a == 4', // one range
  '$runnumber == 0 || $runnumber > 100 && $repetition != 2',
  '$a > 100', // none
];

const planned = (doc: IniConfig, config: string, filter: string, withList: boolean) => {
  const selected = new Map([[config, filteredRuns(doc.config(config), filter)]]);
  return [
    ...planRuns(doc, {
      configs: [config],
      filter,
      overrides: { 'result-dir': '/r' },
      ...(withList ? { selected } : {}),
    }),
  ];
};

for (const config of ['Product', 'Constrained'])
  test(`a filter's runs worked out once plan as the filter evaluated run by run (${config})`, () => {
    const doc = ini(INI);
    for (const filter of FILTERS) {
      const list = filteredRuns(doc.config(config), filter);
      const once = planned(doc, config, filter, true);
      const each = planned(doc, config, filter, false);
      assert.deepEqual(once, each, filter);
      assert.equal(list.distinctSize, each.length, filter);
      assert.deepEqual(
        [...list.numbers()],
        each.map((r) => r.runNumber),
        filter,
      );
    }
  });

test('the runs of a filter on $runnumber, $repetition and iteration variables are the ones it names', () => {
  const doc = ini(INI);
  const numbers = (f: string): number[] => [...filteredRuns(doc.config('Product'), f).numbers()];
  // 600 runs: a (20) outermost, then b (10), then the repetition (3)
  assert.deepEqual(numbers('$runnumber % 100 == 7'), [7, 107, 207, 307, 407, 507]);
  assert.deepEqual(numbers('$repetition == 2 && $runnumber < 12'), [2, 5, 8, 11]);
  assert.deepEqual(numbers('$a == 2 && $b == 3'), [36, 37, 38]);
  assert.deepEqual(numbers('$a == 20 && $b > 8 && $repetition < 2'), [594, 595, 597, 598]);
  assert.deepEqual(numbers('$a > 100'), []);
});

test("a result file clash among a filter's runs is found from the list as from the filter", () => {
  const doc = ini(INI);
  const filter = '$a % 2 == 1';
  const clash = (selected: boolean): string => {
    try {
      refuseResultFileClash(doc, {
        configs: ['Collide'],
        filter,
        ...(selected
          ? { selected: new Map([['Collide', filteredRuns(doc.config('Collide'), filter)]]) }
          : {}),
      });
    } catch (e) {
      return (e as IniError).message;
    }
    return 'none';
  };
  assert.match(clash(true), /^runs Collide #0, Collide #2 and Collide #4 would all write/);
  assert.equal(clash(true), clash(false));
});
