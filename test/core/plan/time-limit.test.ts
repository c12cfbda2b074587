import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles } from '../../../src/core/ini/index.js';
import {
  overflowedConfigs,
  overflowedWithoutLimit,
  timeLimitHint,
  unlimitedConfigs,
} from '../../../src/core/plan/time-limit.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

const OVERFLOW =
  'exit status 1: simtime_t: overflow adding 10.564660062914 to 9223367.551535566649: Result is out of the range';

test('configs whose runs overflowed simulation time and that set no sim-time-limit', () => {
  const doc = ini(
    [
      '[General]',
      'network = Net',
      '[Open]', // no limit anywhere
      '[Limited]',
      'sim-time-limit = 100s',
      '[Base]',
      'sim-time-limit = 1h',
      '[Inherits]',
      'extends = Base',
      '[Other]', // no limit, but failed for another reason
      '',
    ].join('\n'),
  );
  const failed = [
    { config: 'Open', message: OVERFLOW },
    { config: 'Open', message: OVERFLOW },
    { config: 'Limited', message: OVERFLOW },
    { config: 'Inherits', message: OVERFLOW },
    { config: 'Other', message: 'exit status 3: misbehave was asked to fail' },
  ];
  assert.deepEqual(overflowedWithoutLimit(doc, failed, []), ['Open']);
  // a limit given to every run on the command line
  assert.deepEqual(overflowedWithoutLimit(doc, failed, ['--sim-time-limit=10s']), []);
});

test("the plan's part and the merge's part: configs with no limit, then those of them that overflowed", () => {
  const doc = ini(
    '[General]\nnetwork = Net\n[A]\n[B]\nsim-time-limit = "10s"\n[C]\nextends = B\n[D]\nsim-time-limit = ""\n',
  );
  assert.deepEqual(unlimitedConfigs(doc, ['A', 'B', 'C', 'D', 'General'], []), [
    'A',
    'D',
    'General',
  ]);
  assert.deepEqual(unlimitedConfigs(doc, ['A'], ['-u', 'Cmdenv', '--sim-time-limit=1h']), []);
  const failed = [
    { config: 'B', message: OVERFLOW },
    { config: 'D', message: 'exit status 1: out of memory' },
    { config: 'D', message: OVERFLOW },
    { config: 'A' }, // a record with no message
    { config: 'A', message: OVERFLOW },
    { config: 'D', message: OVERFLOW },
  ];
  assert.deepEqual(overflowedConfigs(failed, ['A', 'D']), ['D', 'A']);
  assert.deepEqual(overflowedConfigs(failed, []), []);
});

test('one sentence for one config or several', () => {
  assert.equal(
    timeLimitHint(['A'], 'X'),
    'Config A sets no sim-time-limit, and its runs went on until simulation time overflowed: set one in its section, or give one to every run, e.g. X',
  );
  assert.equal(
    timeLimitHint(['A', 'B'], 'X'),
    'Configs A and B set no sim-time-limit, and their runs went on until simulation time overflowed: set one in their sections, or give one to every run, e.g. X',
  );
  assert.match(
    timeLimitHint(['CallCenter', 'ForkJoin', 'CQN'], 'X'),
    /^Configs CallCenter, ForkJoin and CQN set no /,
  );
});
