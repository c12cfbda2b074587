// An open-files limit (`ulimit -n`) too low to start the runs: a clear error naming the limit
// and what to do, not an internal error, and a run with a normal limit afterwards goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';
import { REPO } from '../helpers/project.js';

// bin/opp-campaign runs the built dist/ (tsx alone needs more descriptors than this); below
// about 22 Node itself cannot start, and at 28 or more the 3 runs go through
const LIMIT = 24;

function run(dir: string, limit?: number): { code: number | null; out: string } {
  const cmd = `${limit !== undefined ? `ulimit -n ${limit}; ` : ''}exec "$0" bin/opp-campaign run "$1" --progress plain`;
  const r = spawnSync('bash', ['-c', cmd, process.execPath, dir], {
    cwd: REPO,
    env: { ...process.env, DELAY: '0' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('run with too low an open-files limit: a clear error naming the limit; a rerun goes on', () => {
  const dir = fakeCmdenvProject();
  try {
    const low = run(dir, LIMIT);
    assert.equal(low.code, 1, low.out);
    assert.doesNotMatch(low.out, /internal error|TypeError|Unhandled/, low.out);
    assert.match(low.out, /too many open files/);
    assert.match(low.out, new RegExp(`open-files limit \\(ulimit -n\\) is ${LIMIT}\\b`));
    assert.match(low.out, /ulimit -n 1024/);
    // the journal is as it was (no run recorded as failed for it); a normal limit runs them all
    const journal = join(dir, 'results', 'journal.jsonl');
    if (existsSync(journal)) assert.doesNotMatch(readFileSync(journal, 'utf8'), /"t":"run"/);
    const normal = run(dir);
    assert.equal(normal.code, 0, normal.out);
    assert.match(normal.out, /succeeded\s+3\b/, normal.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
