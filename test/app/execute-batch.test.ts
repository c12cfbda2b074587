// Runs of one configuration batched in one process (as opp_runall runs them), with a stand-in
// for Cmdenv that opens each run with Cmdenv's own line: each run gets its own log and record,
// a failing run ends the batch and takes its exit status, a crash takes the signal, runs that
// never began run later, and the time limit is each run's. (Real OMNeT++ batches are checked by
// the sample suites in test/integration.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../src/adapters/journal-file.js';
import { RunningRegistry } from '../../src/adapters/running-registry.js';
import { loadIni, loadSettings } from '../../src/app/campaign-setup.js';
import { execute, type ProgressSink } from '../../src/app/execute.js';
import { Progress } from '../../src/app/progress.js';
import { planRuns } from '../../src/core/plan/plan.js';
import { readJournal, type RunRecord } from '../../src/core/campaign/journal.js';
import { countReads } from '../helpers/file-reads.js';

/**
 * A stand-in for Cmdenv: runs the runs of `-r` one after another in one process. Run numbers in
 * FAIL end the batch with OMNeT++'s error line and exit status 1; in CRASH, with SIGSEGV; in
 * SLOW, after 30 s; in HUGE, with an error line of 3 MB. Every run takes DELAY seconds. With GO_ON set, a failed run does not end the
 * batch (cmdenv-stop-batch-on-error=false): the exit status 1 at the end counts it. A run in HOLD
 * waits (10 s at most) for run 0's record in the journal.
 */
const FAKE_CMDENV = `#!/bin/sh
runs=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; esac; shift; done
echo "OMNeT++ Discrete Event Simulation (a stand-in)"
echo "Loading NED files"
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  echo "run $r in process $$"
  sleep "\${DELAY:-0}"
  case " $FAIL " in *" $r "*)
    printf '\\n<!> Error: boom in run %s\\n' "$r"; failed=1; [ -n "$GO_ON" ] || exit 1;; esac
  case " $HUGE " in *" $r "*)
    printf '\\n<!> Error: huge \\033[2J'; head -c 3000000 /dev/zero | tr '\\0' x; printf '\\n'
    failed=1; [ -n "$GO_ON" ] || exit 1;; esac
  case " $CRASH " in *" $r "*) kill -SEGV $$;; esac
  case " $SLOW " in *" $r "*) sleep 30;; esac
  case " $HOLD " in *" $r "*)
    i=0; until grep -q '"run":0,' results/journal.jsonl 2>/dev/null || [ $i -ge 200 ]; do
      sleep 0.05; i=$((i+1)); done
    grep -q '"run":0,' results/journal.jsonl || echo "run 0 not in the journal";; esac
  echo "run $r done"
done
printf '\\nRun statistics: total %s\\n\\nEnd.\\n' "$runs"
exit \${failed:-0}
`;

const quiet: ProgressSink = { skipped() {}, started() {}, status() {}, finished() {} };

interface Case {
  readonly runs: number;
  readonly batch: number;
  readonly env?: Record<string, string>;
  readonly program?: string;
  readonly retries?: number;
  readonly timeout?: string;
  readonly progress?: ProgressSink;
  /** The run count, for batches that shrink toward the end (unknown otherwise). */
  readonly total?: number;
  readonly jobs?: number;
  readonly slotIdle?: () => void;
}

async function runBatched(c: Case) {
  const dir = mkdtempSync(join(tmpdir(), 'opp-batch-'));
  try {
    writeFileSync(join(dir, 'fakesim'), c.program ?? FAKE_CMDENV);
    chmodSync(join(dir, 'fakesim'), 0o755);
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      `[General]\nnetwork = Net\n**.i = \${i=1..${c.runs}}\n`,
    );
    const env = Object.entries(c.env ?? {})
      .map(([k, v]) => `${k}: '${v}'`)
      .join(', ');
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      [
        'build: none',
        'run: { program: ./fakesim, libraries: [] }',
        'results: { files: [] }',
        `env: { ${env} }`,
        `retries: ${c.retries ?? 0}`,
        // a stand-in is given several runs only when the campaign file asks for it
        ...(c.batch > 1 ? [`batch: ${c.batch}`] : []),
        ...(c.timeout !== undefined ? [`timeout: ${c.timeout}`] : []),
        '',
      ].join('\n'),
    );
    const settings = await loadSettings(dir, {});
    const outDir = join(dir, 'results');
    const journal = new JournalFile(join(outDir, 'journal.jsonl'));
    const summary = await execute(planRuns(loadIni(dir, settings), { configs: ['General'] }), {
      projectDir: dir,
      outDir,
      resultDir: join(outDir, '.runs'),
      iniFiles: settings.ini,
      settings,
      jobs: c.jobs ?? 1,
      buildId: 'test',
      force: false,
      journal,
      registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
      progress: c.progress ?? quiet,
      signal: new AbortController().signal,
      batch: c.batch,
      ...(c.total !== undefined ? { total: c.total } : {}),
      ...(c.slotIdle ? { slotIdle: c.slotIdle } : {}),
    });
    await journal.close();
    const text = readFileSync(join(outDir, 'journal.jsonl'), 'utf8');
    const records = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunRecord & { t: string })
      .filter((r) => r.t === 'run');
    assert.equal(readJournal(text).runs.size, c.runs);
    const logs = new Map(records.map((r) => [r, readFileSync(join(outDir, r.log), 'utf8')]));
    /** The process that ran the run, from its log. */
    const pid = (r: RunRecord): string => /in process (\d+)/.exec(logs.get(r) ?? '')?.[1] ?? '';
    /** The .run files written (OMNeT++ reads none: only a reproduce command names one). */
    const runFiles = readdirSync(join(outDir, '.opp-campaign', 'runfiles')).sort();
    const runFileText = (name: string): string =>
      readFileSync(join(outDir, '.opp-campaign', 'runfiles', name), 'utf8');
    return {
      summary,
      records,
      logs,
      pid,
      runFiles,
      runFileText: new Map(runFiles.map((f) => [f, runFileText(f)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('runs alone in their process share a .run file per worker; a failed one gets its own', async () => {
  // each run prints the run number its .run file names; run 3 fails
  const program = [
    '#!/bin/sh',
    'runs=',
    'while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; esac; shift; done',
    'grep "^attr runnumber" "$OPP_CAMPAIGN_RUN_FILE"',
    '[ "$runs" = 3 ] && exit 1',
    'exit 0',
    '',
  ].join('\n');
  const { summary, records, logs, runFiles, runFileText } = await runBatched({
    runs: 6,
    batch: 1,
    program,
  });
  assert.equal(summary.ok, 5);
  for (const r of records)
    assert.match(logs.get(r) ?? '', new RegExp(`^attr runnumber ${r.run}$`, 'm'));
  const failed = records.find((r) => r.run === 3) as RunRecord;
  assert.equal(failed.status, 'failed');
  const own = `${failed.key}.run`;
  assert.match(failed.command ?? '', new RegExp(`OPP_CAMPAIGN_RUN_FILE=\\S*${failed.key}\\.run`));
  assert.match(runFileText.get(own) ?? '', /^attr runnumber 3$/m);
  const shared = runFiles.filter((f) => f !== own);
  assert.ok(shared.length >= 1 && shared.length <= 2, runFiles.join());
  for (const f of shared) assert.match(f, /^worker-\d+\.run$/);
});

test('short runs keep whole batches to the end: no process for a run or two', async () => {
  // 12 instant runs, at most 5 a process, on one slot: 5, then 4 or 5 (started before any run
  // ended: the batch shrinks to the runs left over twice the slots), then the rest in one
  const { summary, records, pid } = await runBatched({ runs: 12, batch: 5, total: 12 });
  assert.equal(summary.ok, 12);
  const sizes = new Map<string, number>();
  for (const r of records) sizes.set(pid(r), (sizes.get(pid(r)) ?? 0) + 1);
  assert.equal(sizes.size, 3, [...sizes.values()].join());
  assert.ok(
    [...sizes.values()].every((n) => n >= 2),
    [...sizes.values()].join(),
  );
});

test('runs share a process; each gets a log of its own run, after the process banner', async () => {
  const { summary, records, logs, pid, runFiles } = await runBatched({ runs: 5, batch: 3 });
  assert.equal(summary.ok, 5);
  assert.deepEqual(runFiles, []);
  assert.deepEqual(
    records.map((r) => [r.run, r.status, r.exitCode]),
    [0, 1, 2, 3, 4].map((n) => [n, 'ok', 0]),
  );
  // runs 0-2 in one process, 3-4 in another
  assert.equal(new Set(records.slice(0, 3).map(pid)).size, 1);
  assert.equal(new Set(records.slice(3).map(pid)).size, 1);
  assert.notEqual(pid(records[0] as RunRecord), pid(records[3] as RunRecord));
  for (const r of records) {
    const log = logs.get(r) as string;
    assert.match(log, /^OMNeT\+\+ Discrete Event Simulation \(a stand-in\)\nLoading NED files\n/);
    assert.deepEqual(
      [...log.matchAll(/^run (\d+) done$/gm)].map((m) => Number(m[1])),
      [r.run],
      r.log,
    );
    assert.equal(r.log, `logs/General-${r.run}.log`);
  }
  assert.match(logs.get(records[4] as RunRecord) as string, /End\.\n$/);
});

test('a failing run ends its batch: the runs before it succeeded, the rest run later', async () => {
  const started: number[] = [];
  const {
    result: { summary, records, logs, pid, runFiles },
    reads,
  } = await countReads('/logs/General-1.log', () =>
    runBatched({
      runs: 5,
      batch: 5,
      env: { FAIL: '1' },
      progress: { ...quiet, started: (run) => started.push(run.runNumber) },
    }),
  );
  // its log read once for the model's words: whether it failed, and why (before: twice)
  assert.equal(reads, 1);
  assert.deepEqual(
    records.map((r) => [r.run, r.status, r.exitCode]),
    [
      [0, 'ok', 0],
      [1, 'failed', 1],
      [2, 'ok', 0],
      [3, 'ok', 0],
      [4, 'ok', 0],
    ],
  );
  assert.equal(summary.failed.length, 1);
  // the failure's cause is the model's own words, from the run's own log
  assert.match(records[1]?.message ?? '', /exit status 1: boom in run 1/);
  assert.match(logs.get(records[1] as RunRecord) as string, /<!> Error: boom in run 1\n$/);
  // reproduced alone: -r 1, not the batch, with its run file (written for that command only)
  assert.match(records[1]?.command ?? '', / -r 1 /);
  assert.deepEqual(runFiles, [`${records[1]?.key}.run`]);
  assert.match(
    records[1]?.command ?? '',
    new RegExp(`OPP_CAMPAIGN_RUN_FILE=\\S*${records[1]?.key}\\.run`),
  );
  // 0 and 1 in the first process; 2-4, which never began there, in a second one
  assert.equal(pid(records[0] as RunRecord), pid(records[1] as RunRecord));
  assert.equal(new Set(records.slice(2).map(pid)).size, 1);
  assert.notEqual(pid(records[1] as RunRecord), pid(records[2] as RunRecord));
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
});

test('a run is recorded when the next one begins, while its batch still runs', async () => {
  // run 1 goes on only once run 0 is in the journal
  const { records, logs } = await runBatched({ runs: 3, batch: 3, env: { HOLD: '1' } });
  assert.deepEqual(
    records.map((r) => [r.run, r.status]),
    [
      [0, 'ok'],
      [1, 'ok'],
      [2, 'ok'],
    ],
  );
  assert.doesNotMatch(logs.get(records[1] as RunRecord) ?? '', /not in the journal/);
});

test('a batch that goes on after a failed run: only that run failed', async () => {
  const { records, pid } = await runBatched({ runs: 4, batch: 4, env: { FAIL: '1', GO_ON: '1' } });
  assert.deepEqual(
    records.map((r) => [r.run, r.status, r.exitCode]),
    [
      [0, 'ok', 0],
      [1, 'failed', 1],
      [2, 'ok', 0],
      [3, 'ok', 0],
    ],
  );
  assert.equal(new Set(records.map(pid)).size, 1);
});

test("a run's error of 3 MB in a batch: failed, its cause shown by its start as a run alone shows it", async () => {
  // the batch goes on after it (the run's output is not the batch's end) or ends with it
  for (const goOn of [true, false]) {
    const { records } = await runBatched({
      runs: 3,
      batch: 3,
      env: { HUGE: '1', ...(goOn ? { GO_ON: '1' } : {}) },
    });
    assert.deepEqual(
      records.map((r) => [r.run, r.status, r.exitCode]),
      [
        [0, 'ok', 0],
        [1, 'failed', 1],
        [2, 'ok', 0],
      ],
      `GO_ON=${goOn}`,
    );
    // (before, with GO_ON: recorded as succeeded, its error's start out of the 64 KiB searched)
    const message = records[1]?.message ?? '';
    assert.ok(message.startsWith('exit status 1: huge \x1b[2Jxxxx'), message.slice(0, 100));
    assert.match(message, /x{400,}… \(cut: all of it is in the run's log\)$/);
  }
});

test('a crash is the crashing run’s; it is retried alone, the runs after it run later', async () => {
  const { records, pid } = await runBatched({
    runs: 4,
    batch: 4,
    env: { CRASH: '2' },
    retries: 1,
  });
  assert.deepEqual(
    records.map((r) => [r.run, r.attempt, r.status, r.signal]),
    [
      [0, 1, 'ok', null],
      [1, 1, 'ok', null],
      [2, 1, 'crashed', 'SIGSEGV'],
      [2, 2, 'crashed', 'SIGSEGV'],
      [3, 1, 'ok', null],
    ],
  );
  assert.equal(records[3]?.log, 'logs/General-2.attempt2.log');
  // the retry ran in a process of its own
  const [, , crash, retry, after] = records as RunRecord[];
  assert.notEqual(pid(crash as RunRecord), pid(retry as RunRecord));
  assert.notEqual(pid(retry as RunRecord), pid(after as RunRecord));
});

test('the time limit is each run’s: a batch may take longer than one run may', async () => {
  const { records } = await runBatched({
    runs: 5,
    batch: 5,
    env: { DELAY: '0.6', SLOW: '3' },
    timeout: '1.5s',
  });
  assert.deepEqual(
    records.map((r) => [r.run, r.status]),
    [
      [0, 'ok'],
      [1, 'ok'],
      [2, 'ok'],
      [3, 'timeout'],
      [4, 'ok'],
    ],
  );
  // each run's own time, not the batch's
  for (const r of records.filter((x) => x.status === 'ok'))
    assert.ok(r.wallMs >= 250 && r.wallMs < 1500, `run ${r.run}: ${r.wallMs} ms`);
});

test('a program that does not open runs as Cmdenv does runs one process per run', async () => {
  // it was asked for batches, but no run began as Cmdenv begins one: nothing of the batch's
  // process is recorded, its runs and the rest run one per process
  const program = '#!/bin/sh\necho "a process of its own: $$ ($*)"\n';
  const { records, logs } = await runBatched({ runs: 4, batch: 4, program });
  for (const r of records) assert.match(logs.get(r) ?? '', new RegExp(` -r ${r.run} `));
  assert.deepEqual(
    records.map((r) => r.status),
    ['ok', 'ok', 'ok', 'ok'],
  );
  const pids = records.map((r) => /own: (\d+)/.exec(logs.get(r) ?? '')?.[1]);
  assert.equal(new Set(pids).size, 4);
});

test('once a slot has no run left to start while another run goes on, slotIdle is told, once', async () => {
  // on 2 slots, run 0 takes 0.8 s and runs 1-3 0.05 s each: a slot stands idle from the end of
  // the last short run until run 0 ends
  const program = [
    '#!/bin/sh',
    'while [ $# -gt 0 ]; do case "$1" in -r) r="$2"; shift;; esac; shift; done',
    'if [ "$r" = 0 ]; then sleep 0.8; else sleep 0.05; fi',
    '',
  ].join('\n');
  const events: string[] = [];
  await runBatched({
    runs: 4,
    batch: 1,
    jobs: 2,
    program,
    progress: { ...quiet, finished: (f) => events.push(`run ${f.run.runNumber}`) },
    slotIdle: () => events.push('idle'),
  });
  assert.equal(events.filter((e) => e === 'idle').length, 1, events.join(', '));
  // told after every short run ended, before the long one did
  assert.deepEqual(events.slice(-2), ['idle', 'run 0'], events.join(', '));
});

test('the live line counts at most a run per batch process as running (-j 2, 12 runs in batches of 5)', async () => {
  const out: string[] = [];
  const progress = new Progress(12, { write: (s) => out.push(s) }, 'live', undefined, 2);
  const { summary } = await runBatched({ runs: 12, batch: 5, jobs: 2, total: 12, progress });
  progress.end();
  assert.equal(summary.ok, 12);
  const counts = out.map((s) => Number(/(\d+) running/.exec(s)?.[1]));
  assert.ok(
    counts.every((n) => n <= 2),
    out.join(' / '),
  );
});
