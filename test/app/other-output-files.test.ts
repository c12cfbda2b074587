// A run's files besides its .sca/.vec/.vci (its snapshot, eventlog, redirected output: named by
// OMNeT++'s output-file options) go where its result files go when the run is superseded.
// (An interrupted run's: test/examples/omnetpp-outcomes.test.ts, with real OMNeT++.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { journalRuns } from '../helpers/project.js';

/** Writes each run's snapshot where OMNeT++'s default snapshot-file puts it ($i = run + OFF). */
const FAKE = `#!/bin/sh
runs=; dir=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; --result-dir=*) dir="\${1#--result-dir=}";; esac; shift; done
off=$(cat off)
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  echo snapshot > "$dir/General-i=$((r + off))-#0.sna"
done
`;

test("a superseded run's snapshot file leaves .runs/ with it (before: left there)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-outputs-'));
  try {
    writeFileSync(join(dir, 'fakesim'), FAKE);
    chmodSync(join(dir, 'fakesim'), 0o755);
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'build: none\nrun: { program: ./fakesim, libraries: [] }\nresults: { files: [] }\n',
    );
    const campaign = async (from: number) => {
      writeFileSync(
        join(dir, 'omnetpp.ini'),
        `[General]\nnetwork = Net\n**.i = \${i=${from}..${from + 2}}\n`,
      );
      writeFileSync(join(dir, 'off'), String(from));
      const r = await runCli(['run', dir, '--progress', 'plain', '-j', '1']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    };
    await campaign(1);
    const runs = join(dir, 'results', '.runs');
    assert.deepEqual(
      readdirSync(runs).sort(),
      [1, 2, 3].map((i) => `General-i=${i}-#0.sna`),
    );
    assert.deepEqual(
      journalRuns(dir).map((r) => r.outputs),
      [1, 2, 3].map((i) => [`.runs/General-i=${i}-#0.sna`]),
    );
    // the ini changed: every earlier run is superseded ($i=1 is gone, $i=2 and $i=3 have other
    // run numbers, so other seeds), its snapshot with it: none is written over, none left behind
    await campaign(2);
    assert.deepEqual(
      readdirSync(runs).sort(),
      [2, 3, 4].map((i) => `General-i=${i}-#0.sna`),
    );
    assert.deepEqual(
      readdirSync(join(dir, 'results', '.opp-campaign', 'superseded', '.runs')).sort(),
      [1, 2, 3].map((i) => `General-i=${i}-#0.sna`),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
