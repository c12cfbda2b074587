import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../../src/app/progress.js';
import type { PlannedRun } from '../../src/core/plan/plan.js';
import type { RunRecord } from '../../src/core/campaign/journal.js';

const run = (n: number): PlannedRun => ({
  key: `k${n}`,
  config: 'C',
  runNumber: n,
  itervars: [],
  repetition: '0',
  seedset: '0',
  attrs: {},
  entries: [],
  resultFiles: { scalar: 's', vector: 'v' },
});
const record = (n: number, status: RunRecord['status']): RunRecord => ({
  t: 'run',
  key: `k${n}`,
  config: 'C',
  run: n,
  attempt: 1,
  status,
  exitCode: 0,
  signal: null,
  wallMs: 1500,
  peakKiB: 1,
  build: 'b',
  log: 'l',
  files: [],
  itervars: '$x=1',
});

test('live line: counts, rate, ETA and the simulated time a run has reached', () => {
  let now = 0;
  const out: string[] = [];
  const p = new Progress(10, { write: (s) => out.push(s) }, 'live', () => now);
  p.started(run(0), 1);
  p.started(run(1), 1);
  now = 30_000;
  p.status(run(1), '120s', 40);
  p.finished({ run: run(0), record: record(0, 'ok'), willRetry: false });
  p.skipped(run(5));
  assert.equal(
    p.line(),
    '1/10 done, 1 already done, 0 failed, 1 running | 2.0 runs/min | ETA 4:00 | C #1 t=120s 40%',
  );
  p.finished({ run: run(1), record: record(1, 'crashed'), willRetry: true });
  assert.match(p.line(), /1\/10 done, 1 already done, 0 failed, 0 running/);
  assert.ok(out.every((s) => s.startsWith('\r\x1b[2K')));
});

test('live line: a run that begins as the one before it in its process ends is drawn with it, never one run too many', async () => {
  let now = 0;
  const out: string[] = [];
  const p = new Progress(3, { write: (s) => out.push(s) }, 'live', () => now);
  p.started(run(0), 1);
  await Promise.resolve();
  now = 1_000;
  // one look at a batch's output: the next run has begun, so the one before it has ended
  p.started(run(1), 1);
  p.finished({ run: run(0), record: record(0, 'ok'), willRetry: false });
  await Promise.resolve();
  assert.ok(
    out.every((s) => !/2 running/.test(s)),
    out.join(' / '),
  );
  assert.match(out.at(-1) ?? '', /1\/3 done, 0 failed, 1 running/);
});

test('plain mode: one line per finished run', () => {
  const out: string[] = [];
  const p = new Progress(2, { write: (s) => out.push(s) }, 'plain', () => 0);
  p.started(run(0), 1);
  p.status(run(0), '1s', 10);
  p.finished({ run: run(0), record: record(0, 'timeout'), willRetry: true });
  p.finished({ run: run(0), record: record(0, 'ok'), willRetry: false });
  assert.deepEqual(out, [
    '[0/2] C #0 timeout (will retry) in 1.50s  $x=1\n',
    '[1/2] C #0 ok in 1.50s  $x=1\n',
  ]);
});
