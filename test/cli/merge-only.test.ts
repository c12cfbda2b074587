// After Ctrl-C, the command printed to merge what succeeded merges exactly the campaign's runs
// done with this build: not the runs an earlier build or an earlier ini left in OUT/.runs (an
// interrupted campaign sets nothing aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { needsOmnetpp } from '../helpers/omnetpp.js';
import { mergeOnlyCommand, summaryLines } from '../../src/cli/run-command.js';
import type { CampaignReport } from '../../src/app/run-campaign.js';

/** The run numbers runs.csv lists, with their sim-time-limit (from the .sca's config lines). */
function dataset(dir: string): string[] {
  const [head, ...rows] = readFileSync(join(dir, 'results', 'runs.csv'), 'utf8')
    .trim()
    .split('\n');
  const at = (head ?? '').split(',').indexOf('runnumber');
  return rows.map((r) => r.split(',')[at] ?? '').sort();
}

/** The runs scalars.csv (the export of results.sca) has rows of. */
function scalarRuns(dir: string): string[] {
  const [, ...rows] = readFileSync(join(dir, 'results', 'scalars.csv'), 'utf8')
    .trim()
    .split('\n');
  return [...new Set(rows.map((r) => r.split(',')[0] ?? ''))];
}

test(
  'run --merge-only (the command an interrupted campaign prints) merges the runs done with this build only: not those of an earlier build or ini left in .runs (before: merge OUT/.runs took them all)',
  { skip: needsOmnetpp() },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-merge-only-'));
    const ned = (comment: string) =>
      writeFileSync(join(dir, 'Net.ned'), `// ${comment}\nnetwork Net { parameters: int i; }\n`);
    const ini = (limit: string) =>
      writeFileSync(
        join(dir, 'omnetpp.ini'),
        `[General]\nnetwork = Net\n[Config Q]\nsim-time-limit = ${limit}\n**.i = \${i=1..3}\n`,
      );
    const run = (...args: string[]) =>
      runCli(['run', dir, '-c', 'Q', '--progress', 'plain', '-j', '2', ...args]);
    try {
      ned('first');
      ini('1s');
      writeFileSync(
        join(dir, 'opp-campaign.yml'),
        'build: none\nrun: { libraries: [] }\nprojects: []\n',
      );
      assert.equal((await run()).code, 0);
      assert.deepEqual(dataset(dir), ['0', '1', '2']);
      assert.equal(scalarRuns(dir).length, 3);
      // another build (a NED file edited): run 0 runs again, then the campaign stops (as Ctrl-C
      // after one run would); runs 1 and 2 of the first build stay in .runs
      ned('second');
      const some = await run('-r', '0');
      assert.equal(some.code, 0, some.stdout + some.stderr);
      const m = await run('--merge-only');
      assert.equal(m.code, 0, m.stdout + m.stderr);
      assert.match(
        m.stderr,
        /--merge-only: 1 of 3 run\(s\) of Q done already with this build; no run is started\n/,
      );
      assert.match(
        m.stdout,
        /\n {2}not run {4}2 \(--merge-only: not merged; run without it to run them\)\n/,
      );
      assert.deepEqual(dataset(dir), ['0']);
      assert.equal(scalarRuns(dir).length, 1, 'results.sca holds run 0 alone');
      // kept for the run that runs them again
      assert.equal(
        readdirSync(join(dir, 'results', '.runs')).filter((f) => f.endsWith('.sca')).length,
        3,
      );
      // an earlier ini (another sim-time-limit: other runs): run 1 of it runs, then a stop
      ini('2s');
      assert.equal((await run('-r', '1')).code, 0);
      const n = await run('--merge-only');
      assert.equal(n.code, 0, n.stdout + n.stderr);
      assert.deepEqual(dataset(dir), ['1'], 'run 0 of the earlier ini is not in it');
      assert.equal(scalarRuns(dir).length, 1);
      // its runs were replaced by the ini's: set aside, as at a campaign's end
      assert.ok(existsSync(join(dir, 'results', '.opp-campaign', 'superseded')));
      // a folder with no campaign: refused before anything is made there (before: "is as it
      // was", the folder made with its .opp-campaign, .runs, journal and logs)
      const none = await run('--merge-only', '--results', 'fresh');
      assert.equal(none.code, 1, none.stdout + none.stderr);
      assert.match(none.stderr, /--merge-only: \S*fresh holds no campaign \(no journal\.jsonl\)/);
      assert.ok(!existsSync(join(dir, 'fresh')), 'no folder made');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('an interrupted campaign prints its own command with --merge-only (before: merge OUT/.runs -o OUT --rebuild)', () => {
  const report = {
    total: 8,
    outDir: join(process.cwd(), 'res'),
    build: { ok: true, ms: 0, ccache: undefined, tail: [], command: 'make' },
    wallMs: 1000,
    merge: undefined,
    summary: {
      skipped: 0,
      skippedAtStart: 0,
      ok: 3,
      failed: [],
      interrupted: true,
      stopped: 2,
      retried: 0,
      recovered: [],
      setAside: 0,
      superseded: 0,
      supersededFiles: 0,
      filesChanged: 0,
      buildChanged: 0,
    },
  } satisfies CampaignReport;
  const argv = ['sim', '-c', 'QAKill', '--force', '--results', 'res', '--', '--x=a b'];
  const lines = summaryLines(report, argv).join('\n');
  assert.match(
    lines,
    /\nResults: not merged \(interrupted\); run again to finish, or merge the runs done with this build \(the others, and runs of another build or an earlier ini, left out\): opp-campaign run sim -c QAKill --results res --merge-only -- '--x=a b'$/m,
  );
  assert.equal(mergeOnlyCommand(['-c', 'A']), 'opp-campaign run -c A --merge-only');
});
