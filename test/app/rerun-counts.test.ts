// What a rerun's summary counts agrees with what happened: runs "run again" for another build
// are those that began (not all a batch was handed), and the runs skipped as done already are
// told apart from the start line's count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../src/adapters/journal-file.js';
import { RunningRegistry } from '../../src/adapters/running-registry.js';
import { loadIni, loadSettings } from '../../src/app/campaign-setup.js';
import { execute, type ProgressSink } from '../../src/app/execute.js';
import { planRuns } from '../../src/core/plan/plan.js';
import { runCli } from '../helpers/cli.js';

/** A stand-in for Cmdenv that runs the runs of `-r` one after another, a second each. */
const FAKE_CMDENV = `#!/bin/sh
runs=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; esac; shift; done
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  [ -n "$SLOW" ] && sleep 1
done
printf '\\nEnd.\\n'
`;

const quiet: ProgressSink = { skipped() {}, started() {}, status() {}, finished() {} };

test('an interrupted rerun after a rebuild counts as run again only the runs that began (before: every run its batch was handed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-rerun-count-'));
  try {
    writeFileSync(join(dir, 'fakesim'), FAKE_CMDENV);
    chmodSync(join(dir, 'fakesim'), 0o755);
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.i = ${i=1..4}\n');
    const yml = (slow: boolean): string =>
      [
        'build: none',
        'run: { program: ./fakesim, libraries: [] }',
        'results: { files: [] }',
        `env: { ${slow ? "SLOW: '1'" : ''} }`,
        'retries: 0',
        'batch: 4',
        '',
      ].join('\n');
    const outDir = join(dir, 'results');
    const once = async (buildId: string, slow: boolean, abort?: AbortController) => {
      writeFileSync(join(dir, 'opp-campaign.yml'), yml(slow));
      const settings = await loadSettings(dir, {});
      const journal = new JournalFile(join(outDir, 'journal.jsonl'));
      const signal = (abort ?? new AbortController()).signal;
      try {
        return await execute(planRuns(loadIni(dir, settings), { configs: ['General'] }), {
          projectDir: dir,
          outDir,
          resultDir: join(outDir, '.runs'),
          iniFiles: settings.ini,
          settings,
          jobs: 1,
          buildId,
          force: false,
          journal,
          registry: new RunningRegistry(join(outDir, '.opp-campaign', 'running')),
          // Ctrl-C as the batch's first run begins: the other three never begin
          progress: abort ? { ...quiet, started: () => abort.abort() } : quiet,
          signal,
          batch: 4,
          total: 4,
        });
      } finally {
        await journal.close();
      }
    };
    const first = await once('a', false);
    assert.equal(first.ok, 4);
    const again = await once('b', true, new AbortController());
    assert.equal(again.interrupted, true);
    assert.equal(again.stopped, 1);
    assert.equal(again.buildChanged, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runs found done further on are told apart from the start line\'s "done already" (before: "(1 done already)", then "skipped 2")', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-skip-count-'));
  try {
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\n[Config T]\n**.i = ${i=1..4}\n',
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'configs: [T]\nrun: { command: "true" }\nresults: { files: [] }\n',
    );
    const first = await runCli(['run', dir, '--progress', 'plain', '-r', '0,2']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const r = await runCli(['run', dir, '--progress', 'plain', '-j', '1']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /running up to 3 of 4 run\(s\) of T on 1 slot\(s\) \(1 done already\)\n/,
    );
    assert.match(
      r.stdout,
      /\n {2}skipped {4}2 \(already done with this build: 1 before the first run started, 1 found on the way\)\n/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
