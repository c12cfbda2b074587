// How the executor judges what a run left behind, with real processes and real files: a run
// whose only result is a .vec larger than a JavaScript string can hold succeeded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../src/adapters/journal-file.js';
import { RunningRegistry } from '../../src/adapters/running-registry.js';
import { loadIni, loadSettings } from '../../src/app/campaign-setup.js';
import { execute, type ProgressSink } from '../../src/app/execute.js';
import { planRuns } from '../../src/core/plan/plan.js';
import { readJournal } from '../../src/core/campaign/journal.js';

const FIX = join(import.meta.dirname, '../fixtures/results/text');
const VEC = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0.vec';

const quiet: ProgressSink = { skipped() {}, started() {}, status() {}, finished() {} };

/** Runs every run of config General of the project in `dir`, without the merge that `run` adds. */
async function executeAll(dir: string) {
  const settings = await loadSettings(dir, {});
  const outDir = join(dir, 'results');
  const resultDir = join(outDir, '.runs');
  const journal = new JournalFile(join(outDir, 'journal.jsonl'));
  const summary = await execute(
    planRuns(loadIni(dir, settings), {
      configs: settings.configs,
      overrides: { 'result-dir': resultDir },
    }),
    {
      projectDir: dir,
      outDir,
      resultDir,
      iniFiles: settings.ini,
      settings,
      jobs: 1,
      buildId: 'test',
      force: false,
      journal,
      registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
      progress: quiet,
      signal: new AbortController().signal,
    },
  );
  await journal.close();
  const records = [
    ...readJournal(readFileSync(join(outDir, 'journal.jsonl'), 'utf8')).runs.values(),
  ];
  return { summary, records };
}

test('a run whose only result is a 600 MiB .vec succeeded (checked in bounded memory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-bigvec-'));
  try {
    // the .vec: a real header, a hole (no disk space), whole data lines at the end
    writeFileSync(join(dir, 'header.txt'), readFileSync(join(FIX, VEC), 'utf8').slice(0, 4000));
    writeFileSync(
      join(dir, 'bigvec.sh'),
      [
        'f="$1/big.vec"',
        'mkdir -p "$1"',
        'cp header.txt "$f"',
        'truncate -s 629145589 "$f"', // 600 MiB minus the last line
        'printf \'\\n0\\t7\\t4.5\\t1\\n\' >> "$f"',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\noutput-vector-file = ${resultdir}/big.vec\n',
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      "run: { command: 'sh bigvec.sh {resultdir}' }\nresults: { files: ['*.vec'] }\n",
    );
    const { summary, records } = await executeAll(dir);
    assert.deepEqual(
      records.map((r) => [r.status, r.message ?? '']),
      [['ok', '']],
    );
    assert.equal(summary.ok, 1);
    assert.equal(records[0]?.files.find((f) => f.path.endsWith('big.vec'))?.size, 629145600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an error while a run is recorded stops the other runs, records them, then is thrown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-exec-error-'));
  try {
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.i = ${i=0..3}\n');
    // run 0 ends at once; the others would take 30 s
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'run: { command: \'sh -c "[ {run} = 0 ] || sleep 30"\' }\nresults: { files: [] }\n',
    );
    const settings = await loadSettings(dir, {});
    const outDir = join(dir, 'results');
    const journal = new JournalFile(join(outDir, 'journal.jsonl'));
    let finished = 0;
    const failing: ProgressSink = {
      ...quiet,
      finished() {
        if (++finished === 1) throw new Error('a bug in the progress display');
      },
    };
    const started = Date.now();
    await assert.rejects(
      execute(planRuns(loadIni(dir, settings), { configs: settings.configs }), {
        projectDir: dir,
        outDir,
        resultDir: join(outDir, '.runs'),
        iniFiles: settings.ini,
        settings,
        jobs: 3,
        buildId: 'test',
        force: false,
        journal,
        registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
        progress: failing,
        signal: new AbortController().signal,
      }),
      /a bug in the progress display/,
    );
    await journal.close();
    assert.ok(Date.now() - started < 25_000, 'the sleeping runs were stopped, not waited for');
    const records = [
      ...readJournal(readFileSync(join(outDir, 'journal.jsonl'), 'utf8')).runs.values(),
    ];
    const status = new Map(records.map((r) => [r.run, r.status]));
    assert.equal(status.get(0), 'ok');
    assert.equal(status.get(1), 'interrupted', 'stopped, and recorded');
    assert.equal(status.get(2), 'interrupted', 'stopped, and recorded');
    // run 3 is recorded only if it started (the helper starts the next run as one ends)
    assert.ok([undefined, 'interrupted'].includes(status.get(3)), String(status.get(3)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run that runs again leaves the .vci of its earlier execution as it was (a dataset may hold it as a link)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-exec-vci-'));
  try {
    // as OMNeT++ does: the .vec deleted and written anew, the .vci rewritten in place
    writeFileSync(
      join(dir, 'vec.sh'),
      'mkdir -p "$1" && rm -f "$1/r.vec" && printf \'version 3\\nrun R-0\\n\' > "$1/r.vec" && echo new > "$1/r.vci"\n',
    );
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\noutput-vector-file = ${resultdir}/r.vec\n',
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      "run: { command: 'sh vec.sh {resultdir}' }\nresults: { files: ['*.vec'] }\n",
    );
    // what an earlier execution left, linked into a dataset
    const runs = join(dir, 'results', '.runs');
    mkdirSync(runs, { recursive: true });
    writeFileSync(join(runs, 'r.vec'), 'old\n');
    writeFileSync(join(runs, 'r.vci'), 'old\n');
    linkSync(join(runs, 'r.vci'), join(dir, 'dataset.vci'));
    const { records } = await executeAll(dir);
    assert.deepEqual(
      records.map((r) => [r.status, r.message ?? '']),
      [['ok', '']],
    );
    assert.equal(readFileSync(join(runs, 'r.vci'), 'utf8'), 'new\n');
    assert.equal(
      readFileSync(join(dir, 'dataset.vci'), 'utf8'),
      'old\n',
      'the dataset’s index kept',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ready: no run starts before it settles; when it rejects, none starts at all and its error is thrown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-exec-ready-'));
  try {
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.i = ${i=0..2}\n');
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'run: { command: \'sh -c "date +%s%N >> started"\' }\nresults: { files: [] }\n',
    );
    const settings = await loadSettings(dir, {});
    const run = async (ready: Promise<unknown>) => {
      const outDir = join(dir, 'results');
      const journal = new JournalFile(join(outDir, 'journal.jsonl'));
      try {
        return await execute(planRuns(loadIni(dir, settings), { configs: settings.configs }), {
          projectDir: dir,
          outDir,
          resultDir: join(outDir, '.runs'),
          iniFiles: settings.ini,
          settings,
          jobs: 2,
          buildId: 'test',
          force: true,
          journal,
          registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
          progress: quiet,
          signal: new AbortController().signal,
          ready,
        });
      } finally {
        await journal.close();
      }
    };
    const refused = new Error('Unknown configuration option: sim-time-limt');
    await assert.rejects(run(Promise.reject(refused)), refused);
    assert.equal(existsSync(join(dir, 'started')), false, 'no run started');
    assert.equal(existsSync(join(dir, 'results', 'journal.jsonl')), false, 'nothing recorded');
    assert.equal(existsSync(join(dir, 'results', '.runs')), false, 'no folder for runs made');
    assert.equal(existsSync(join(dir, 'results', 'logs')), false);
    // resolved 300 ms from now: every run starts after that
    const opened = Date.now() + 300;
    const summary = await run(new Promise((done) => setTimeout(done, 300)));
    assert.equal(summary.ok, 3);
    const starts = readFileSync(join(dir, 'started'), 'utf8').trim().split('\n').map(Number);
    assert.equal(starts.length, 3);
    for (const ns of starts) assert.ok(ns / 1e6 >= opened - 5, `${ns / 1e6} >= ${opened}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
