// `run` on a real terminal (a pseudo-terminal from util-linux's `script`): the live line is
// redrawn with escape codes, except on a terminal that says it has none (TERM=dumb).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/project.js';
import { redrawsLines } from '../../src/cli/output.js';

/** A stand-in for Cmdenv: opens each run of `-r` as Cmdenv does, with a status line. */
const FAKE_CMDENV = `#!/bin/sh
runs=
while [ $# -gt 0 ]; do case "$1" in -r) runs="$2"; shift;; esac; shift; done
for r in $(echo "$runs" | tr ',' ' '); do
  printf '\\nPreparing for running configuration General, run #%s...\\n' "$r"
  echo "** Event #1   t=0.5   Elapsed: 0.001s (0m 00s)  50% completed  (50% total)"
  sleep 0.2
done
`;

const hasScript = spawnSync('script', ['--version']).status === 0;

function onTerminal(term: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-terminal-'));
  try {
    writeFileSync(join(dir, 'fakesim'), FAKE_CMDENV);
    chmodSync(join(dir, 'fakesim'), 0o755);
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.i = ${i=1..3}\n');
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'build: none\nrun: { program: ./fakesim, libraries: [] }\nresults: { files: [] }\n',
    );
    const cli = `"${process.execPath}" --import tsx src/cli/main.ts run "${dir}" -j 1`;
    const r = spawnSync('script', ['-qec', cli, '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, TERM: term, COLUMNS: '80' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'on a terminal, the live line; with TERM=dumb, plain lines without escape codes',
  { skip: !hasScript },
  () => {
    const xterm = onTerminal('xterm');
    assert.ok(xterm.includes('\r\x1b[2K3/3 done, 0 failed, 0 running'), xterm);
    const dumb = onTerminal('dumb');
    assert.ok(!dumb.includes('\x1b'), dumb);
    assert.match(dumb, /\[3\/3\] General #2 ok in /);
  },
);

test('lines are redrawn on a terminal that has escape codes only (run, and watch/submit/resume)', () => {
  assert.equal(redrawsLines({ isTTY: true }, { TERM: 'xterm-256color' }), true);
  assert.equal(redrawsLines({ isTTY: true }, {}), true);
  assert.equal(redrawsLines({ isTTY: true }, { TERM: 'dumb' }), false);
  assert.equal(redrawsLines({ isTTY: false }, { TERM: 'xterm' }), false);
  assert.equal(redrawsLines({}, { TERM: 'xterm' }), false);
});
