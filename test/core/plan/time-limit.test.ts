import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles } from '../../../src/core/ini/index.js';
import { overflowedWithoutLimit } from '../../../src/core/plan/time-limit.js';

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
