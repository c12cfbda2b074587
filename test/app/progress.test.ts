import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress, roundSimTime } from '../../src/app/progress.js';
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

test('live line: cut to the terminal width less one column, re-read as the terminal is resized; the simulated time rounded', () => {
  let now = 0;
  const out: string[] = [];
  const term = { columns: 80, write: (s: string) => void out.push(s) };
  const p = new Progress(4, term, 'live', () => now);
  p.started(run(8), 1);
  p.started(run(9), 1);
  now = 1_000;
  p.status(run(8), '156945.83172839473', 37);
  const shown = (s: string): string => s.replace('\r\x1b[2K', '');
  assert.equal(
    p.line(),
    '0/4 done, 0 failed, 2 running | 0.0 runs/min | ETA --:-- | C #8 t=156946 37%',
  );
  // the line as Cmdenv's long config names make it: never wider than 79 columns
  const long = { ...run(3), key: 'k3', config: 'PureAlohaExperimentWithAVeryLongName' };
  p.started(long, 1);
  p.finished({ run: run(8), record: record(8, 'ok'), willRetry: false });
  p.finished({ run: run(9), record: record(9, 'ok'), willRetry: false });
  now = 2_000;
  p.status(long, '0.000123456789s', 5);
  const last = shown(out.at(-1) ?? '');
  assert.ok(last.length <= 79, `${last.length}: ${last}`);
  assert.ok(last.endsWith('…'), last);
  assert.match(p.line(), /t=0\.000123457s 5%$/);
  term.columns = 40;
  now = 3_000;
  p.status(long, '1.5', 6);
  assert.equal(shown(out.at(-1) ?? '').length, 39);
  p.end();
  assert.ok(shown(out.at(-1) ?? '').length <= 40);
  assert.ok(out.every((s) => shown(s).replace('\n', '').length <= 79));
});

test('simulated time: 6 significant digits, whole seconds from a million on', () => {
  assert.equal(roundSimTime('156945.83172839473'), '156946');
  assert.equal(roundSimTime('12.3456789'), '12.3457');
  assert.equal(roundSimTime('2.5s'), '2.5s');
  assert.equal(roundSimTime('123456789.123'), '123456789');
  assert.equal(roundSimTime('0'), '0');
  assert.equal(roundSimTime('n/a'), 'n/a');
});

test('live line: runs handed to one batch process count as one running, whatever order their records come in', async () => {
  let now = 0;
  const out: string[] = [];
  const p = new Progress(12, { write: (s) => out.push(s) }, 'live', () => now);
  // -j 2: two processes of 5 runs each; each look at a batch's log finds several runs begun
  const a = {};
  const b = {};
  for (const n of [0, 1, 2]) p.started(run(n), 1, a);
  for (const n of [5, 6, 7]) p.started(run(n), 1, b);
  await Promise.resolve();
  now = 1_000;
  p.status(run(7), '12', 40);
  p.finished({ run: run(0), record: record(0, 'ok'), willRetry: false });
  assert.match(p.line(), /^1\/12 done, 0 failed, 2 running \|.* C #7 t=12 40%$/);
  // a run's record after the next run of its process began: still 2
  p.finished({ run: run(1), record: record(1, 'ok'), willRetry: false });
  p.finished({ run: run(5), record: record(5, 'ok'), willRetry: false });
  assert.match(p.line(), /^3\/12 done, 0 failed, 2 running/);
  // the last run of a process ends: 1
  p.finished({ run: run(2), record: record(2, 'ok'), willRetry: false });
  assert.match(p.line(), /^4\/12 done, 0 failed, 1 running/);
  assert.ok(
    out.every((s) => !/[3-9] running/.test(s)),
    out.join(' / '),
  );
});

test('live line: never more running than slots (a batch process that ended is counted until its end is handled, after the next process began)', () => {
  const now = 0;
  const out: string[] = [];
  const p = new Progress(12, { write: (s) => out.push(s) }, 'live', () => now, 2);
  const ended = {};
  const running = {};
  p.started(run(0), 1, ended); // its process has exited: its last run's record is yet to come
  p.started(run(1), 1, running);
  p.started(run(2), 1); // the launcher's queued process, begun in the ended one's slot
  assert.match(p.line(), /, 2 running \|/);
  p.finished({ run: run(0), record: record(0, 'ok'), willRetry: false });
  assert.match(p.line(), /, 2 running \|/);
  p.finished({ run: run(1), record: record(1, 'ok'), willRetry: false });
  assert.match(p.line(), /, 1 running \|/);
});

test('live line: the simulated time of a run without a time limit, with no percentage (before: no t= at all)', () => {
  const p = new Progress(4, { write: () => undefined }, 'live', () => 0);
  p.started(run(2), 1);
  p.status(run(2), '2325.711234585491', undefined);
  assert.equal(
    p.line(),
    '0/4 done, 0 failed, 1 running | 0.0 runs/min | ETA --:-- | C #2 t=2325.71',
  );
});
