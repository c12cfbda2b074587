import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ccacheKeys } from '../../src/adapters/actions-cache.js';

test('ccache cache keys: one per commit, restored from the newest of the same build', () => {
  assert.deepEqual(ccacheKeys('linux-x64', 'abc', 'f00'), {
    key: 'opp-campaign-ccache-linux-x64-abc-f00',
    restoreKeys: ['opp-campaign-ccache-linux-x64-abc-'],
  });
});
