// The pure parts of the client commands: backoff as GitHub asks, progress and ETA from jobs,
// the filter that selects exactly the runs to redo, run references, dispatch branches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY, waitAfter, waitBetweenPolls } from '../../../src/core/client/backoff.js';
import {
  campaignProgress,
  formatProgress,
  shardIndexOf,
  type JobState,
} from '../../../src/core/client/campaign-progress.js';
import {
  parentRunOf,
  resumeBranch,
  snapshotBranch,
} from '../../../src/core/client/dispatch-branch.js';
import { resumeSelection, runNumberList } from '../../../src/core/client/resume-filter.js';
import { accountRuns } from '../../../src/core/client/run-accounting.js';
import { parseRunRef } from '../../../src/core/client/run-ref.js';
import {
  readJournal,
  serializeRecord,
  type RunRecord,
} from '../../../src/core/campaign/journal.js';
import type { PlanDocument } from '../../../src/core/plan/plan-document.js';
import { matchesFilter, selectRuns } from '../../../src/core/ini/run-filter.js';

const now = Date.UTC(2026, 0, 1);
const P = DEFAULT_POLICY;

test('backoff: retry-after, then the reset time, then a minute doubling; 5xx from 2 s', () => {
  const rl = (retryAfterS?: number, remaining?: number, resetAtS?: number) =>
    ({ kind: 'rate-limit', retryAfterS, remaining, resetAtS }) as const;
  assert.equal(waitAfter(rl(30, 10, now / 1000 + 999), 1, now, P), 30_000);
  assert.equal(waitAfter(rl(undefined, 0, now / 1000 + 120), 1, now, P), 121_000);
  assert.equal(waitAfter(rl(undefined, 0, now / 1000 - 5), 1, now, P), 1_000);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => waitAfter(rl(undefined, 17, undefined), n, now, P)),
    [60_000, 120_000, 240_000, 300_000, 300_000],
  );
  assert.deepEqual(
    [1, 2, 3, 9].map((n) => waitAfter({ kind: 'unavailable' }, n, now, P)),
    [2_000, 4_000, 8_000, 300_000],
  );
});

test('polls space out so that the remaining budget lasts until the reset', () => {
  const reset = now / 1000 + 600;
  assert.equal(waitBetweenPolls({ remaining: undefined, resetAtS: undefined }, 2, now, P), 10_000);
  assert.equal(waitBetweenPolls({ remaining: 4000, resetAtS: reset }, 2, now, P), 10_000);
  assert.equal(waitBetweenPolls({ remaining: 4, resetAtS: reset }, 2, now, P), 300_500);
  assert.equal(waitBetweenPolls({ remaining: 1, resetAtS: reset }, 2, now, P), 601_000);
});

const job = (
  name: string,
  status: string,
  conclusion: string | null = null,
  startedMin?: number,
  completedMin?: number,
): JobState => ({
  name,
  status,
  conclusion,
  startedAtMs: startedMin === undefined ? undefined : now + startedMin * 60_000,
  completedAtMs: completedMin === undefined ? undefined : now + completedMin * 60_000,
});

test('progress: shards by state, runs of finished shards, ETA from their time per run', () => {
  const jobs = [
    job('plan', 'completed', 'success', 0, 1),
    job('shard (0)', 'completed', 'success', 1, 5), // 10 runs in 4 min
    job('shard (1)', 'completed', 'failure', 1, 3),
    job('shard (2)', 'in_progress', null, 1),
    job('shard (3)', 'queued'),
  ];
  const p = campaignProgress({
    runStatus: 'in_progress',
    runStartedAtMs: now,
    jobs,
    shardRuns: [10, 5, 10, 10, 10],
    nowMs: now + 6 * 60_000,
  });
  assert.deepEqual(p.shards, { total: 5, queued: 2, running: 1, done: 1, failed: 1 });
  assert.deepEqual(p.runs, { finished: 15, total: 45 });
  assert.equal(p.elapsedMs, 6 * 60_000);
  // 6 min for 15 runs: 24 s a run. Shard 2 (started at 1) is due at 5, so its slot is free now;
  // shard 3 and shard 4 (not created yet) take it in turn: 4 + 4 min
  assert.equal(p.etaMs, 8 * 60_000);
  assert.equal(
    formatProgress(p),
    'running | shards 2 queued, 1 running, 1 done, 1 failed of 5 | runs 15/45 | 6:00 elapsed | ETA 8:00',
  );
  assert.equal(shardIndexOf('campaign / shard (12)'), 12);
  assert.equal(shardIndexOf('shard'), undefined);
});

test('progress before the plan is known, and when merging', () => {
  const planning = campaignProgress({
    runStatus: 'in_progress',
    runStartedAtMs: now,
    jobs: [job('plan', 'in_progress', null, 0)],
    shardRuns: undefined,
    nowMs: now + 30_000,
  });
  assert.equal(formatProgress(planning), 'planning | 0:30 elapsed | ETA ?');
  const merging = campaignProgress({
    runStatus: 'in_progress',
    runStartedAtMs: now,
    jobs: [
      job('plan', 'completed', 'success', 0, 1),
      job('shard (0)', 'completed', 'success', 1, 2),
      job('merge', 'in_progress', null, 2),
    ],
    shardRuns: [3],
    nowMs: now + 150_000,
  });
  assert.equal(
    formatProgress(merging),
    'merging | shards 0 queued, 0 running, 1 done, 0 failed of 1 | runs 3/3 | 2:30 elapsed | ETA 0:00',
  );
});

const plan: PlanDocument = {
  version: 1,
  commit: 'c0ffee',
  ini: ['omnetpp.ini'],
  configs: ['A', 'B'],
  filter: undefined,
  totalRuns: 8,
  shards: [
    {
      index: 0,
      expectedMs: undefined,
      runs: [
        ['A', 0, 'a0'],
        ['A', 1, 'a1'],
        ['A', 2, 'a2'],
        ['A', 3, 'a3'],
      ],
    },
    {
      index: 1,
      expectedMs: undefined,
      runs: [
        ['A', 7, 'a7'],
        ['B', 0, 'b0'],
        ['B', 1, 'b1'],
        ['B', 2, 'b2'],
      ],
    },
  ],
};

const rec = (config: string, run: number, key: string, status: RunRecord['status']): RunRecord => ({
  t: 'run',
  key,
  config,
  run,
  attempt: 1,
  status,
  exitCode: status === 'ok' ? 0 : 1,
  signal: null,
  wallMs: 1000,
  peakKiB: null,
  build: 'b',
  log: `logs/${config}-${run}.log`,
  files: [],
  itervars: '',
});

test('accounting: the last record of a key wins; interrupted runs are missing', () => {
  const first = readJournal(
    [
      rec('A', 0, 'a0', 'ok'),
      rec('A', 1, 'a1', 'failed'),
      rec('A', 2, 'a2', 'crashed'),
      rec('A', 3, 'a3', 'interrupted'),
      rec('B', 0, 'b0', 'ok'),
    ]
      .map(serializeRecord)
      .join(''),
  );
  const a = accountRuns(plan, [first]);
  assert.deepEqual(
    a.ok.map((r) => r.key),
    ['a0', 'b0'],
  );
  assert.deepEqual(
    a.failed.map((r) => r.key),
    ['a1', 'a2'],
  );
  assert.deepEqual(
    a.missing.map((r) => r.key),
    ['a3', 'a7', 'b1', 'b2'],
  );
  const resumed = readJournal(
    [rec('A', 1, 'a1', 'ok'), rec('B', 1, 'b1', 'ok')].map(serializeRecord).join(''),
  );
  const b = accountRuns(plan, [first, resumed]);
  assert.deepEqual(
    b.ok.map((r) => r.key),
    ['a0', 'a1', 'b0', 'b1'],
  );
});

test('one config: a run-number list; several: an expression selecting exactly those runs', () => {
  assert.equal(runNumberList([7, 0, 1, 2, 3, 9, 10, 3]), '0..3,7,9,10');
  assert.deepEqual(
    resumeSelection([
      { config: 'A', run: 3 },
      { config: 'A', run: 1 },
    ]),
    {
      configs: ['A'],
      filter: '1,3',
    },
  );
  const s = resumeSelection([
    { config: 'B', run: 2 },
    { config: 'A', run: 1 },
    { config: 'A', run: 2 },
    { config: 'A', run: 3 },
    { config: 'A', run: 7 },
  ]);
  assert.deepEqual(s.configs, ['A', 'B']);
  assert.equal(
    s.filter,
    '"$configname" == "A" && ($runnumber >= 1 && $runnumber <= 3 || $runnumber == 7) || "$configname" == "B" && ($runnumber == 2)',
  );
  // evaluated as the plan job will: every run of both configs, only the chosen ones pass
  const chosen: string[] = [];
  for (const config of ['A', 'B'])
    for (let n = 0; n < 10; n++)
      if (
        matchesFilter(
          s.filter,
          new Map([
            ['configname', config],
            ['runnumber', String(n)],
          ]),
        )
      )
        chosen.push(`${config}${n}`);
  assert.deepEqual(chosen, ['A1', 'A2', 'A3', 'A7', 'B2']);
  assert.equal(selectRuns({ count: () => 10, checkLimit: () => 10 } as never, '1,3').kind, 'list');
  assert.throws(() => resumeSelection([]), /no runs to redo/);
});

test('run references and dispatch branches', () => {
  assert.deepEqual(parseRunRef('30433642'), { id: 30433642, repo: undefined });
  assert.deepEqual(
    parseRunRef('https://github.com/octo-org/octo-repo/actions/runs/30433642/attempts/2'),
    {
      id: 30433642,
      repo: { owner: 'octo-org', repo: 'octo-repo' },
      host: 'github.com',
      scheme: 'https',
    },
  );
  // a GitHub Enterprise Server's run: its host goes with it (its API, its token)
  assert.equal(
    parseRunRef('https://GHE.example.com/octo-org/octo-repo/actions/runs/5')?.host,
    'ghe.example.com',
  );
  assert.equal(parseRunRef('https://github.com/octo-org/octo-repo/pull/3'), undefined);
  // a run id that a number cannot hold exactly (over 2^53), or 0: no run id (before: rounded,
  // `fetch 99999999999999999999999` asked for run 1e+23)
  assert.equal(parseRunRef('99999999999999999999999'), undefined);
  assert.equal(parseRunRef('9007199254740993'), undefined);
  assert.equal(parseRunRef('0'), undefined);
  assert.equal(parseRunRef('https://github.com/o/r/actions/runs/99999999999999999999'), undefined);
  assert.deepEqual(parseRunRef('9007199254740991'), { id: 9007199254740991, repo: undefined });
  assert.equal(
    snapshotBranch('refs/opp-campaign/20261125T101500Z-1a2b3c4d5e6f'),
    'opp-campaign/20261125T101500Z-1a2b3c4d5e6f',
  );
  assert.equal(resumeBranch(30433642), 'opp-campaign/resume-of-30433642');
  assert.equal(parentRunOf('opp-campaign/resume-of-30433642'), 30433642);
  assert.equal(parentRunOf('main'), undefined);
  assert.equal(parentRunOf(null), undefined);
});
