import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeGroup,
  explainFailure,
  failureCause,
  groupFailures,
  messageHead,
  someRuns,
  withCause,
} from '../../../src/core/campaign/failure-cause.js';
import type { RunStatus } from '../../../src/core/campaign/journal.js';

// what opp_run 6.1 printed for the aloha sample run without its library (stdout and stderr)
const CLASS_NOT_FOUND = `OMNeT++ Discrete Event Simulation  (C) 1992-2024 Andras Varga, OpenSim Ltd.
Version: 6.1, build: internal, edition: Academic Public License -- NOT FOR COMMERCIAL USE
See the license for distribution terms and warranty disclaimer

Setting up Cmdenv...

Loading NED files from .:  4

Preparing for running configuration SlottedAloha2, run #0...
Assigned runID=SlottedAloha2-0-20261203-06:37:49-19571
Setting up network "Aloha"...

<!> Error: Class "aloha::Server" not found -- perhaps its code was not linked in -- in module (omnetpp::cModule) Aloha (id=1), during network setup

End.
`;

// what opp_run 6.1 printed for the aloha sample with debug-on-errors = true (abridged), then SIGTRAP
const TRAPPED = `Setting up network "Aloha"...
RUNTIME ERROR. A cRuntimeError exception is about to be thrown, and you
requested (by setting debug-on-errors=true in the ini file) that errors
abort execution and break into the debugger.

<!> Cannot cast "abc" from type string to integer -- in module (omnetpp::cModule) Aloha (id=1), during network setup

TRAPPING on the exception above, due to a debug-on-errors=true configuration option. Is your debugger ready?
#1    Object "/opt/omnetpp-6.1/lib/liboppsim.so", at 0x7fca4fe01ce8, in omnetpp::cRuntimeError::cRuntimeError(char const*, ...)
#0    Object "/opt/omnetpp-6.1/lib/liboppsim.so", at 0x7fca4fe01ad8, in omnetpp::cRuntimeError::notifyEnvir()
`;

test("the cause of a failure: OMNeT++'s first error line, else the last line", () => {
  const text = (tail: string, fromStart = true) => failureCause(tail, fromStart)?.text;
  assert.deepEqual(failureCause(CLASS_NOT_FOUND, true), {
    text: 'Class "aloha::Server" not found -- perhaps its code was not linked in -- in module (omnetpp::cModule) Aloha (id=1), during network setup',
    modelError: true,
  });
  assert.equal(
    text('<!> Error: first\nmore\n<!> Error: second\n'),
    'first',
    'the first error line',
  );
  assert.deepEqual(failureCause(TRAPPED, true), {
    text: 'Cannot cast "abc" from type string to integer -- in module (omnetpp::cModule) Aloha (id=1), during network setup',
    modelError: true,
  });
  // no error line: the last line that is not Cmdenv's own
  assert.deepEqual(
    failureCause('starting\nsim: cannot open input.csv: No such file\n\nEnd.\n', true),
    {
      text: 'sim: cannot open input.csv: No such file',
      modelError: false,
    },
  );
  assert.equal(text('** Event #12   t=3   Elapsed: 0.1s (0m 00s)  10% completed\n'), undefined);
  // a run that died without a word (SIGKILL, _exit): no line of Cmdenv's own start is its cause
  // (what opp_run 6.1 prints before the first event)
  const start = [
    'OMNeT++ Discrete Event Simulation  (C) 1992-2024 Andras Varga, OpenSim Ltd.',
    'Version: 6.1, build: internal, edition: Academic Public License -- NOT FOR COMMERCIAL USE',
    'See the license for distribution terms and warranty disclaimer',
    '',
    'Setting up Cmdenv...',
    '',
    'Loading NED files from .:  4',
    '',
    'Preparing for running configuration PureAloha1, run #0...',
    'Scenario: $numHosts=10, $repetition=0',
    'Assigned runID=PureAloha1-0-20261205-06:53:24-6966',
    'Setting up network "Aloha"...',
    'Initializing...',
    '',
    'Running simulation...',
    '** Event #0   t=0   Elapsed: 1.7e-05s (0m 00s)  0% completed  (0% total)',
    '',
  ].join('\n');
  assert.equal(text(start), undefined);
  assert.equal(text(''), undefined);
  // a tail that starts inside a line does not use that fragment
  assert.equal(text('r: Class X not found\n', false), undefined);
  // a long cause: its start, saying where the rest is
  assert.equal(text('x'.repeat(2000)), `${'x'.repeat(499)}… (cut: all of it is in the run's log)`);
});

test('what a failure was, in the light of its output', () => {
  const model = { text: 'Cannot cast "abc"', modelError: true };
  const other = { text: 'terminate called without an active exception', modelError: false };
  const crashed = { status: 'crashed' as const, message: 'killed by SIGTRAP' };
  assert.deepEqual(explainFailure(crashed, 'SIGTRAP', model), {
    status: 'failed',
    message: 'SIGTRAP after the model\'s error: Cannot cast "abc"',
  });
  assert.deepEqual(
    explainFailure({ status: 'crashed', message: 'killed by SIGABRT' }, 'SIGABRT', other),
    {
      status: 'crashed',
      message: 'killed by SIGABRT: terminate called without an active exception',
    },
  );
  assert.deepEqual(
    explainFailure({ status: 'crashed', message: 'killed by SIGKILL' }, 'SIGKILL', model),
    {
      status: 'crashed',
      message: 'killed by SIGKILL: Cannot cast "abc"',
    },
  );
  assert.deepEqual(
    explainFailure({ status: 'failed', message: 'exit status 127' }, null, {
      text: '/usr/bin/time: cannot run ./nope: No such file or directory',
      modelError: false,
    }),
    { status: 'spawn-error', message: 'cannot run ./nope: No such file or directory' },
  );
  assert.deepEqual(
    explainFailure({ status: 'failed', message: 'exit status 1' }, null, undefined),
    {
      status: 'failed',
      message: 'exit status 1',
    },
  );
});

test('a run OMNeT++ ended at a SIGTERM from outside is a crash (retried), not the model failing', () => {
  // what opp_run 6.1 printed, SIGTERM'd in the first of a batch of three (exit status 2)
  const log = [
    '** Event #2800000   t=89815.2   Elapsed: 1.526s (0m 01s)  100% completed',
    '',
    '<!> SIGINT or SIGTERM received, exiting -- at t=90215.072346432995s, event #2813703',
    '',
    'Calling finish() at end of Run #0...',
    '[INFO]\tduration: 90215.072346432995',
    '',
    'Run statistics: total 3, successful 1, skipped 2',
    '',
    'End.',
    '',
  ].join('\n');
  const cause = failureCause(log, true);
  assert.deepEqual(cause, {
    text: 'SIGINT or SIGTERM received, exiting -- at t=90215.072346432995s, event #2813703',
    modelError: false,
    terminated: true,
  });
  assert.deepEqual(explainFailure({ status: 'failed', message: 'exit status 2' }, null, cause), {
    status: 'crashed',
    message:
      'stopped from outside: SIGINT or SIGTERM received, exiting -- at t=90215.072346432995s, event #2813703',
  });
});

test('messages with causes and their heads', () => {
  assert.equal(withCause('exit status 1', undefined), 'exit status 1');
  assert.equal(withCause('exit status 1', 'Class X not found'), 'exit status 1: Class X not found');
  assert.equal(
    messageHead('exit status 3: asked to fail -- in module (Node) M.node (id=2), at t=0.5s'),
    'exit status 3: asked to fail',
  );
  assert.equal(messageHead('killed by SIGSEGV'), 'killed by SIGSEGV');
});

test('failures grouped by status and cause, the largest group first', () => {
  const f = (run: number, status: RunStatus, message?: string) => ({
    config: 'C',
    run,
    itervars: `$x=${run}`,
    status,
    message,
  });
  const groups = groupFailures([
    f(0, 'crashed', 'killed by SIGSEGV'),
    f(1, 'failed', 'exit status 1: Class X not found -- in module A'),
    f(2, 'failed', 'exit status 1: Class X not found -- in module B'),
    f(3, 'failed', 'exit status 1: other -- at t=1'),
    f(4, 'failed', 'exit status 1: Class X not found -- in module A'),
    f(5, 'timeout'),
  ]);
  assert.deepEqual(
    groups.map((g) => [describeGroup(g), g.runs.map((r) => r.run)]),
    [
      ['3 runs: failed: exit status 1: Class X not found', [1, 2, 4]],
      ['crashed: killed by SIGSEGV', [0]],
      ['failed: exit status 1: other', [3]],
      ['timeout', [5]],
    ],
  );
  const many = Array.from({ length: 8 }, (_, i) => f(i, 'failed'));
  assert.equal(
    someRuns(many),
    'C #0 ($x=0); C #1 ($x=1); C #2 ($x=2); C #3 ($x=3); C #4 ($x=4); and 3 more',
  );
});
