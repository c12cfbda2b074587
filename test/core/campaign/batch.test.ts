// Batches of runs in one Cmdenv process: opp_runall's batch size, Cmdenv's run-opening lines
// (verbose and with -s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  autoBatchSize,
  batchLookMs,
  nextBatchSize,
  recentMean,
  runMarkOf,
} from '../../../src/core/campaign/batch.js';

test('the batch size is opp_runall’s: about runs/jobs, at most 5, at least 1', () => {
  assert.deepEqual(
    [
      [42, 2],
      [4, 2],
      [3, 2],
      [2, 2],
      [1, 8],
      [0, 2],
      [9, 4],
    ].map(([n, j]) => autoBatchSize(n as number, j as number)),
    [5, 2, 2, 1, 1, 1, 3],
  );
});

test('batches shrink toward the end, so that the last runs spread over every slot', () => {
  // 42 runs on 2 slots, batches of at most 5: 5 runs a process until fewer than 17 are left
  const sizes: number[] = [];
  for (let left = 42; left > 0;) {
    const n = nextBatchSize(5, left, 2);
    sizes.push(n);
    left -= n;
  }
  assert.deepEqual(sizes, [5, 5, 5, 5, 5, 5, 3, 3, 2, 1, 1, 1, 1]);
  // as long as runs are long (or none has ended yet)
  assert.equal(nextBatchSize(5, 12, 2, 1000), 3);
  assert.equal(nextBatchSize(5, 12, 2, undefined), 3);
  // short runs keep whole batches to the end
  const short: number[] = [];
  for (let left = 42; left > 0;) {
    const n = Math.min(left, nextBatchSize(5, left, 2, 150)); // (as many as there are)
    short.push(n);
    left -= n;
  }
  assert.deepEqual(short, [5, 5, 5, 5, 5, 5, 5, 5, 2]);
  assert.equal(nextBatchSize(5, undefined, 2), 5); // the count unknown: the maximum
  assert.equal(nextBatchSize(1, 1000, 2), 1);
  assert.equal(nextBatchSize(0, 0, 0), 1);
});

test('recentMean: the mean of the last n values', () => {
  const m = recentMean(3);
  assert.equal(m.mean(), undefined);
  m.add(10);
  assert.equal(m.mean(), 10);
  for (const v of [20, 30, 40]) m.add(v);
  assert.equal(m.mean(), 30); // 20, 30, 40
  m.add(4000);
  assert.equal(m.mean(), (30 + 40 + 4000) / 3);
});

test('a batch is looked at a fifth of a recent run apart, from 50 ms to 250 ms', () => {
  assert.equal(batchLookMs(undefined), 50); // nothing known yet: often
  assert.equal(batchLookMs(65), 50); // the aloha sample's shortest runs
  assert.equal(batchLookMs(600), 120);
  assert.equal(batchLookMs(1250), 250);
  assert.equal(batchLookMs(60_000), 250); // long runs: as before, four times a second
});

test('Cmdenv’s first line of a run, verbose and silent (-s), of the right config only', () => {
  assert.equal(runMarkOf('Preparing for running configuration Aloha, run #12...', 'Aloha'), 12);
  assert.equal(runMarkOf('Preparing for running configuration A b, run #0...', 'A b'), 0);
  assert.equal(runMarkOf('Aloha run 3: $numHosts=10, $repetition=0', 'Aloha'), 3);
  assert.equal(
    runMarkOf('Preparing for running configuration Other, run #1...', 'Aloha'),
    undefined,
  );
  assert.equal(runMarkOf('Running configuration Aloha, run #1...', 'Aloha'), undefined);
  assert.equal(runMarkOf('Aloha run 3 is done', 'Aloha'), undefined);
});
