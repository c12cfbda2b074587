// A shard job (runShard): the plan's runs of one shard, run with the local engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { legacyBuildId } from '../../src/adapters/build-id.js';
import { loadSettings } from '../../src/app/campaign-setup.js';
import { runShard } from '../../src/app/run-shard.js';
import { IniConfig, readIniFiles } from '../../src/core/ini/index.js';
import { planRuns } from '../../src/core/plan/plan.js';
import { PLAN_VERSION, type PlanDocument } from '../../src/core/plan/plan-document.js';
import { runListText, runNumbersByConfig } from '../../src/core/plan/shard.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';

test('run numbers by config, as OMNeT++ run lists', () => {
  const byConfig = runNumbersByConfig([
    ['B', 7, 'k1'],
    ['A', 3, 'k2'],
    ['A', 1, 'k3'],
    ['A', 2, 'k4'],
    ['A', 9, 'k5'],
    ['A', 2, 'k6'],
  ]);
  assert.deepEqual(
    [...byConfig],
    [
      ['B', [7]],
      ['A', [1, 2, 3, 9]],
    ],
  );
  assert.equal(runListText([1, 2, 3, 9]), '1..3,9');
  assert.equal(runListText([0, 2, 4, 5]), '0,2,4..5');
  assert.equal(runListText([]), '');
});

/** One shard (`index`) of a plan of the ini's config M holding these runs (config, number, key). */
function oneShard(
  dir: string,
  index: number,
  runs: ReadonlyArray<readonly [string, number, string]>,
  totalRuns = runs.length,
  outDir = join(mkdtempSync(join(tmpdir(), 'opp-shard-')), 'out'),
) {
  const plan: PlanDocument = {
    version: PLAN_VERSION,
    commit: undefined,
    ini: ['omnetpp.ini'],
    configs: ['M'],
    filter: undefined,
    totalRuns,
    shards: [{ index, expectedMs: undefined, runs: [...runs] }],
  };
  const lines: string[] = [];
  const run = () =>
    runShard({
      dir,
      plan,
      shardIndex: index,
      outDir,
      overrides: { jobs: 2 },
      ccacheDir: join(dir, 'cache'),
      out: { write: (s) => void lines.push(s) },
      progress: 'plain',
      signal: new AbortController().signal,
    });
  return { run, outDir, lines };
}

/** The keyed runs of config M of this ini (a filter: only those). */
function runsOf(ini: string, filter?: string): ReadonlyArray<readonly [string, number, string]> {
  const config = new IniConfig(readIniFiles(['omnetpp.ini'], () => ini));
  return [...planRuns(config, { configs: ['M'], ...(filter ? { filter } : {}) })].map(
    (r) => [r.config, r.runNumber, r.key] as const,
  );
}

test(
  'a shard of a plan of millions of runs plans only its own runs; one the checkout has not is reported, not run',
  { timeout: 120_000 },
  async () => {
    // 5,000,000 runs: working out every one of them (as a shard did) takes minutes. OMNeT++
    // writes values past a million as 5e+06, so runs of x alone would share result files: y
    // tells the shard's two runs apart
    const ini =
      '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1..2500000}\n**.y = ${y=0,1}\n**.behaviour = ok\n';
    const dir = misbehaveProject(ini, MISBEHAVE_CAMPAIGN);
    const last = runsOf(ini, '4999998..4999999');
    assert.equal(last.length, 2);
    const { run, outDir, lines } = oneShard(
      dir,
      7,
      // and a run number past the checkout's runs (a plan of another commit)
      [...last, ['M', 5_000_000, 'not-in-this-checkout']],
      5_000_001,
    );
    const report = await run();
    assert.equal(report.summary.ok, 2, lines.join(''));
    assert.deepEqual(report.notInCheckout, [
      { config: 'M', run: 5_000_000, key: 'not-in-this-checkout' },
    ]);
    const journal = readFileSync(join(outDir, 'journal.jsonl'), 'utf8');
    for (const [, , key] of last) assert.match(journal, new RegExp(`"key":"${key}"`));
  },
);

test('a shard whose runs would write one result file refuses before it builds (a plan the plan job did not check)', async () => {
  // OMNeT++ writes both values as 1e+06: the default result file names are equal
  const ini =
    '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1000001..1000002}\n**.behaviour = ok\n';
  const dir = misbehaveProject(ini, MISBEHAVE_CAMPAIGN);
  const { run, outDir, lines } = oneShard(dir, 0, runsOf(ini));
  await assert.rejects(
    run(),
    /runs M #0 and M #1 would both write the scalar file M-x=1e\+06-#0\.sca/,
  );
  assert.doesNotMatch(lines.join(''), /building/);
  assert.equal(existsSync(join(outDir, 'journal.jsonl')), false);
});

// MIGRATION (remove with src/adapters/build-id.ts' legacyBuildId)
test('a shard run again takes its runs journaled with the build id of before the upgrade as done, once', async () => {
  const ini = '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1,2}\n**.behaviour = ok\n';
  const dir = misbehaveProject(ini, MISBEHAVE_CAMPAIGN);
  const { run: shard, outDir } = oneShard(dir, 0, runsOf(ini));
  try {
    assert.equal((await shard()).summary.ok, 2);
    const journal = join(outDir, 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    const newId = (JSON.parse(text.split('\n')[0] as string) as { build: string }).build;
    const legacy = legacyBuildId(dir, (await loadSettings(dir, {})).run, {
      env: {},
      sidecars: [],
    });
    writeFileSync(journal, text.replaceAll(`"build":"${newId}"`, `"build":"${legacy}"`));
    const again = await shard();
    assert.equal(again.summary.skipped, 2);
    assert.equal(again.summary.ok, 0);
    const copies = readFileSync(journal, 'utf8').split(`"build":"${newId}"`).length - 1;
    assert.equal(copies, 2 + 1, 'a new-style record for each run, after the campaign record');
  } finally {
    rmSync(dirname(outDir), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a shard job into a results folder whose path is too long for SQLite is refused before it builds, naming the folder', async () => {
  const ini = '[General]\nnetwork = Net\n[Config M]\n**.x = ${x=1,2}\n**.behaviour = ok\n';
  const dir = misbehaveProject(ini, MISBEHAVE_CAMPAIGN);
  // 3 x 160 bytes: under Linux's 4096, over what leaves SQLite room in the folder
  const long = join(dir, ...Array.from({ length: 3 }, () => 'd'.repeat(160)));
  const { run, lines } = oneShard(dir, 0, runsOf(ini), 2, long);
  // (before: both runs ran, then the scalars' staging file failed: "unable to open database file")
  await assert.rejects(run(), (e: Error & { userFacing?: boolean }) => {
    assert.match(
      e.message,
      /^the results folder's path is \d+ bytes long: the merged results\.sca is an SQLite file, and SQLite opens no file of a path over 512 bytes/,
    );
    assert.ok(e.message.includes(long), e.message);
    assert.equal(e.userFacing, true);
    return true;
  });
  assert.doesNotMatch(lines.join(''), /building/);
  assert.equal(existsSync(long), false, 'no results folder');
});
