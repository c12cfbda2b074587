// Ranges far past any run limit: counted arithmetically (no value is made to count them), run
// lists kept as ranges, so --max-runs refuses at once and a selection of a few runs out of a
// trillion plans only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IniConfig,
  IniError,
  parseRunNumberList,
  query,
  readIniFiles,
  selectRuns,
  TooManyRunsError,
} from '../../../src/core/ini/index.js';
import { ValueSpec } from '../../../src/core/ini/value-iterator.js';
import { planRuns } from '../../../src/core/plan/plan.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));
const config = (text: string) => ini(`[General]\nnetwork = Net\n${text}`).config('General');

test('a range of a trillion values is a length and a formula', () => {
  const list = new ValueSpec('0..1e12').list(() => '');
  assert.equal(list.length, 1e12 + 1);
  assert.equal(list.at(0), '0');
  // %g, six digits, as OMNeT++ prints range values
  assert.equal(list.at(123_456), '123456');
  assert.equal(list.at(123_456_789), '1.23457e+08');
  assert.equal(list.at(1e12), '1e+12');
  const mixed = new ValueSpec('"a", 1..1e15 step 2, b').list(() => '');
  assert.equal(mixed.length, 5e14 + 2);
  assert.equal(mixed.at(0), '"a"');
  assert.equal(mixed.at(2), '3');
  assert.equal(mixed.at(5e14 + 1), 'b');
});

test('--max-runs refuses a huge study with its exact count, or says it is more', () => {
  const huge = config('**.x = ${x=0..1e12}\n');
  assert.equal(huge.count(), 1e12 + 1);
  assert.throws(
    () => huge.checkLimit(10_000_000),
    (e: unknown) =>
      e instanceof TooManyRunsError &&
      /expands to 1000000000001 runs, more than the limit of 10000000/.test(e.message),
  );
  // a variable nobody refers to multiplies the count of those inside it
  const dependent = config('**.x = ${x=0..1e12}\n**.y = ${y=1..3}\n**.z = ${z=0..$y}\n');
  assert.equal(dependent.count(), (1e12 + 1) * 9);
  // one that is referred to is visited, until the count passes the limit
  const deep = config('**.x = ${x=1..3}\n**.y = ${y=0..$x*1e12}\n');
  assert.throws(
    () => deep.checkLimit(10_000_000),
    (e: unknown) =>
      e instanceof TooManyRunsError && /expands to more than 10000000 runs/.test(e.message),
  );
  // and a constraint steps through runs, stopping past the limit
  const constrained = config('**.x = ${x=0..1e12}\nconstraint = $x % 2 == 0\n');
  assert.throws(() => constrained.checkLimit(1000), TooManyRunsError);
});

test('counting without stepping agrees with the runs the odometer makes', () => {
  const studies = [
    '**.x = ${x=1..4}\n**.y = ${y=$x..5}\n**.z = ${z=1..$y step 2}\n**.w = ${w=a,b}\nrepeat = 2\n',
    '**.x = ${x=0..3}\n**.y = ${y=1..$x}\n',
    '**.x = ${x=1,2}\n**.y = ${y="p${x}q", r}\n**.z = ${z=1..3}\niteration-nesting-order = z\n',
    '**.x = ${x=3..1 step -1}\n**.y = ${y=0..$x-2}\n**.v = ${v=1..2}\n',
  ];
  for (const text of studies) {
    const runs = config(text);
    assert.equal(runs.count(), [...runs.runs()].length, text);
  }
});

test('starting at run k directly gives the run the odometer reaches', () => {
  const studies = [
    '**.a = ${a=1..3}\n**.b = ${b=x,y,z ! a}\n**.c = ${c=1,2}\nrepeat = 2\n',
    '**.a = ${a=1..3}\n**.c = ${c=1..4 step 1.5}\niteration-nesting-order = c\n',
    '**.a = ${1,2}\n**.b = ${b=1..2}\n**.d = ${d=0..2 ! b}\n',
  ];
  for (const text of studies) {
    const runs = config(text);
    const all = [...runs.runs()].map((r) => `${r.runNumber} ${r.info}`);
    assert.ok(all.length >= 4, text);
    all.forEach((line, k) => {
      const [from] = runs.runs(k);
      assert.equal(from && `${from.runNumber} ${from.info}`, line, `${text} from ${k}`);
    });
    assert.equal(runs.runs(all.length).next().done, true);
  }
});

test('run lists are ranges: out of range at once, a few of a trillion planned alone', () => {
  const list = parseRunNumberList('0..99999999999, 7');
  assert.ok(list);
  assert.equal(list.size, 1e11 + 1);
  assert.equal(list.distinctSize, 1e11, '7 is in the range already');
  assert.equal(parseRunNumberList('0,0,2..3,3')?.distinctSize, 3);
  assert.equal(list.max, 99_999_999_999);
  assert.equal(list.has(5e10), true);
  assert.equal(list.has(1e11), false);
  assert.equal(list.ascending, false);
  const small = config('**.x = ${x=1..3}\n');
  assert.throws(
    () => selectRuns(small, '0..99999999999'),
    (e: unknown) =>
      e instanceof IniError &&
      e.message === "Run number 3 in run list '0..99999999999' is out of range 0..2",
  );
  assert.throws(
    () => selectRuns(small, '1,5..99999999999'),
    /Run number 5 in run list '1,5..99999999999' is out of range 0..2/,
  );
  const huge = ini('[General]\nnetwork = Net\n**.x = ${x=0..1e12}\n');
  const maxRuns = 2e12;
  const planned = [...planRuns(huge, { configs: ['General'], filter: '7, 5', maxRuns })];
  assert.deepEqual(
    planned.map((r) => r.runNumber),
    [5, 7],
  );
  assert.deepEqual(
    [...query(huge, 'General', 'runs', { filter: '7,5', maxRuns })],
    ['Run 7: $x=7, $repetition=0', 'Run 5: $x=5, $repetition=0'],
  );
  assert.deepEqual(
    [...query(huge, 'General', 'runs', { filter: '999999999999..1000000000000', maxRuns })],
    ['Run 999999999999: $x=1e+12, $repetition=0', 'Run 1000000000000: $x=1e+12, $repetition=0'],
  );
});
