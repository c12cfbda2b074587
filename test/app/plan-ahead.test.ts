import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { PlanAhead } from '../../src/app/plan-ahead.js';

/** A plan of `n` numbers that counts how many it has given, failing at `failAt`. */
function counted(
  n: number,
  failAt?: number,
): { plan: () => Generator<number>; given: () => number } {
  let given = 0;
  return {
    plan: function* () {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error(`bad run ${i}`);
        given++;
        yield i;
      }
    },
    given: () => given,
  };
}

const turns = async (k: number): Promise<void> => {
  for (let i = 0; i < k; i++) await turn();
};

test('PlanAhead gives the plan in order, however far it got ahead', async () => {
  const want = Array.from({ length: 10 }, (_, i) => i);
  // not started: planned as asked for
  assert.deepEqual([...new PlanAhead(counted(10).plan, 4)], want);
  // started: nothing planned at once, then one a turn, up to the limit
  const c = counted(10);
  const a = new PlanAhead(c.plan, 4);
  a.start();
  assert.equal(c.given(), 0);
  await turns(2);
  assert.ok(a.ahead >= 1 && a.ahead <= 2, String(a.ahead));
  await turns(20);
  assert.equal(a.ahead, 4);
  assert.equal(c.given(), 4);
  assert.deepEqual([...a], want);
  // the whole plan taken ahead (fewer runs than the limit)
  const b = new PlanAhead(counted(3).plan, 100);
  b.start();
  await turns(10);
  assert.deepEqual([...b], [0, 1, 2]);
});

test('an error met while planning ahead is thrown where the plan met it', async () => {
  const a = new PlanAhead(counted(10, 2).plan, 8);
  a.start();
  await turns(10);
  const got: number[] = [];
  assert.throws(() => {
    for (const x of a) got.push(x);
  }, /bad run 2/);
  assert.deepEqual(got, [0, 1]);
});

test('stop ends planning ahead; a PlanAhead is iterated once', async () => {
  const c = counted(10);
  const a = new PlanAhead(c.plan, 8);
  a.start();
  await turn();
  a.stop();
  const at = c.given();
  await turns(5);
  assert.equal(c.given(), at);
  const d = new PlanAhead(counted(2).plan, 8);
  assert.deepEqual([...d], [0, 1]);
  assert.throws(() => [...d], /iterated twice/);
});
