// `run` on a real terminal (a pseudo-terminal from util-linux's `script`): the live line is
// redrawn with escape codes, except on a terminal that says it has none (TERM=dumb).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';
import { REPO } from '../helpers/project.js';
import { redrawsLines } from '../../src/cli/output.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

function onTerminal(term: string): string {
  const dir = fakeCmdenvProject();
  try {
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
