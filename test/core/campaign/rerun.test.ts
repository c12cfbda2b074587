// The command that reruns a GitHub campaign's run from a clone: the action's timeout and retries
// inputs are named only where they change what the campaign file gives, and every duration is
// shown as `run --timeout` reads it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationArg, rerunCommand, rerunOverrides } from '../../../src/core/campaign/rerun.js';
import { parseDuration } from '../../../src/core/campaign/settings.js';

const FROM = { projectDir: 'sim', ini: ['omnetpp.ini'], commit: undefined };

test('timeout and retries: named when given and other than the campaign file’s, else not', () => {
  const file = { timeoutMs: 5000, retries: 1 };
  assert.deepEqual(rerunOverrides({ timeoutMs: undefined, retries: undefined }, file), {});
  assert.deepEqual(rerunOverrides({ timeoutMs: 5000, retries: 1 }, file), {});
  assert.deepEqual(rerunOverrides({ timeoutMs: 90_000, retries: 0 }, file), {
    timeoutMs: 90_000,
    retries: 0,
  });
  // a file with no timeout: any timeout given is named
  assert.deepEqual(
    rerunOverrides({ timeoutMs: 5000, retries: 1 }, { ...file, timeoutMs: undefined }),
    {
      timeoutMs: 5000,
    },
  );
  assert.equal(
    rerunCommand({ ...FROM, timeoutMs: 600_000, retries: 3 }, 'M', 8),
    'opp-campaign run sim -f omnetpp.ini -c M -r 8 --timeout 10m --retries 3',
  );
  assert.equal(rerunCommand(FROM, 'M', 8), 'opp-campaign run sim -f omnetpp.ini -c M -r 8');
});

test('a duration as --timeout shows it reads back as the same milliseconds', () => {
  for (const ms of [7_200_000, 600_000, 90_000, 1500, 250, 0.5, 5_400_000, 2_147_483_000])
    assert.equal(parseDuration(durationArg(ms), ['timeout']), ms, durationArg(ms));
  assert.deepEqual([7_200_000, 90_000, 1500].map(durationArg), ['2h', '90s', '1500ms']);
});
