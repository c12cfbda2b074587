// An open-files limit (`ulimit -n`) too low to start the runs: a clear error naming the limit
// and what to do, not an internal error, and a run with a normal limit afterwards goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';
import { REPO } from '../helpers/project.js';
import { copySample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

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

/** `opp-campaign ARGS` under `ulimit -n limit` (none: as it is), with OMNeT++ on the PATH. */
function cli(args: string[], limit?: number): { code: number | null; out: string } {
  const cmd = `${limit !== undefined ? `ulimit -n ${limit}; ` : ''}exec "$0" bin/opp-campaign "$@"`;
  const r = spawnSync('bash', ['-c', cmd, process.execPath, ...args], {
    cwd: REPO,
    env: { ...process.env, PATH: theOmnetpp().path },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test(
  'merge of a real sample under ulimit -n 24: a clear error, the dataset as it was; at 28 it merges',
  { skip: needsOmnetpp() },
  () => {
    const dir = copySample('fifo');
    try {
      const ran = cli(['run', dir, '-c', 'TandemQueueExperiment', '--progress', 'plain']);
      assert.equal(ran.code, 0, ran.out);
      const out = join(dir, 'results');
      const files = ['results.sca', 'scalars.csv', 'runs.csv', 'report.html'];
      const before = files.map((f) => readFileSync(join(out, f)));
      const merge = ['merge', join(out, '.runs'), '-o', out, '--rebuild'];
      // too few descriptors for SQLite (before: "internal error: Error: unable to open database
      // file" and its stack, exit 70)
      const low = cli(merge, 24);
      assert.equal(low.code, 1, low.out);
      assert.doesNotMatch(low.out, /internal error|\n\s+at /);
      assert.match(low.out, /too many open files while merging into .*results \(EMFILE/);
      assert.match(
        low.out,
        /open-files limit \(ulimit -n\) is 24\b.*ulimit -n 1024.*merge again: .*results is as it was/,
      );
      assert.deepEqual(
        files.map((f) => readFileSync(join(out, f))),
        before,
        'nothing replaced',
      );
      // a section's SQLite connections are closed before the next opens its own: 28 is enough
      // (before: exit 70 up to 28)
      const enough = cli(merge, 28);
      assert.equal(enough.code, 0, enough.out);
      assert.match(enough.out, /4 run\(s\) added/);
      assert.deepEqual(readFileSync(join(out, 'scalars.csv')), before[1]);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  },
);
