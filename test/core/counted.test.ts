import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counted } from '../../src/core/counted.js';

test('a count with its noun: one without an s (submit said "planned 1 runs in 1 shards")', () => {
  assert.equal(counted(1, 'shard'), '1 shard');
  assert.equal(counted(3, 'shard'), '3 shards');
  assert.equal(counted(0, 'run'), '0 runs');
});
