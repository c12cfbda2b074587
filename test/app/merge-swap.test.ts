// A merge killed (SIGKILL, a real process) while it puts its new files in place: readers refuse
// the folder instead of showing it mixed, and the next merge into it completes the swap, so the
// folder then holds exactly what an uninterrupted merge gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TEXT = join(ROOT, 'test', 'fixtures', 'results', 'text');
const SQLITE = join(ROOT, 'test', 'fixtures', 'results', 'sqlite');
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `opp-swap-${name}-`));

/** `opp-campaign merge` in a process of its own, SIGKILLed before swap step `step`. */
function killedMerge(args: string[], step: number) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'merge', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, OPP_CAMPAIGN_TEST_KILL_IN_SWAP: String(step) },
    },
  );
}

const snapshot = (dir: string): Map<string, Buffer> =>
  new Map(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f))]),
  );

/** Text and SQLite inputs, and what an uninterrupted merge of the text runs, then the SQLite run, gives. */
async function inputsAndReference(): Promise<{
  inputs: string;
  reference: string;
  expected: Map<string, Buffer>;
}> {
  const inputs = tmp('in');
  cpSync(TEXT, join(inputs, 'text'), { recursive: true });
  cpSync(SQLITE, join(inputs, 'sqlite'), { recursive: true });
  const reference = join(tmp('ref'), 'out');
  assert.equal((await runCli(['merge', join(inputs, 'text'), '-o', reference])).code, 0);
  assert.equal((await runCli(['merge', join(inputs, 'sqlite'), '-o', reference])).code, 0);
  return { inputs, reference, expected: snapshot(reference) };
}

test('a merge killed between its renames: readers refuse the folder, the next merge completes it', async () => {
  const { inputs, reference, expected } = await inputsAndReference();

  // swap steps: results.sca, the SQLite run's .vec, scalars.csv, runs.csv,
  // report.html; every one of them is a point where a kill once left OUT mixed
  for (const step of [0, 1, 2, 3, 4]) {
    const out = join(tmp(`step${step}`), 'out');
    assert.equal((await runCli(['merge', join(inputs, 'text'), '-o', out])).code, 0);
    const killed = killedMerge([join(inputs, 'sqlite'), '-o', out], step);
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    // the swap was recorded whole before it began: the report is among its files
    const swap = JSON.parse(readFileSync(join(out, '.merge-swap.json'), 'utf8')) as {
      renames: Array<[string, string]>;
    };
    assert.deepEqual(
      swap.renames.map(([, to]) => to),
      [
        'results.sca',
        readdirSync(reference).find((f) => f.includes('~')) ?? '',
        'scalars.csv',
        'runs.csv',
        'report.html',
      ],
    );
    for (const argv of [
      ['export', out, '-F', 'csv-r'],
      ['report', out, '-o', join(out, '..', 'r.html')],
      ['merge', out, '-o', join(out, '..', 'copy')],
    ]) {
      const r = await runCli(argv);
      assert.equal(r.code, 1, argv.join(' '));
      assert.match(r.stderr, /a merge was replacing its files and did not finish \(killed\?\)/);
      assert.equal(r.stderr.split('\n').length, 2, 'one line, no stack');
    }
    // the next merge into OUT (here with nothing new) completes the swap first
    const again = await runCli(['merge', out, '-o', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(snapshot(out), expected, `killed before step ${step}`);
    assert.ok(!existsSync(join(out, '.merge.lock')));
  }
});

test('a swap that fails part-way (a rename refused) keeps its files; the next merge completes it', async () => {
  const { inputs, expected } = await inputsAndReference();

  const out = join(tmp('fail'), 'out');
  assert.equal((await runCli(['merge', join(inputs, 'text'), '-o', out])).code, 0);
  // scalars.csv, the swap's third rename, cannot be replaced: a folder that is not empty
  rmSync(join(out, 'scalars.csv'));
  mkdirSync(join(out, 'scalars.csv', 'x'), { recursive: true });
  const failed = await runCli(['merge', join(inputs, 'sqlite'), '-o', out]);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /could not put the merged files in place \(EISDIR/);
  assert.equal(failed.stderr.trim().split('\n').length, 1, 'one line, no stack');
  assert.ok(existsSync(join(out, '.merge-swap.json')), 'the swap stays recorded');
  const swap = JSON.parse(readFileSync(join(out, '.merge-swap.json'), 'utf8')) as {
    renames: Array<[string, string]>;
  };
  const pending = swap.renames.slice(swap.renames.findIndex(([, to]) => to === 'scalars.csv'));
  assert.deepEqual(
    pending.map(([, to]) => to),
    ['scalars.csv', 'runs.csv', 'report.html'],
  );
  for (const [from] of pending) assert.ok(existsSync(join(out, from)), `${from} is kept`);
  const r = await runCli(['export', out, '-F', 'csv-r']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /a merge was replacing its files and did not finish/);
  // once the obstacle is gone, the next merge completes the swap with the files it recorded
  rmSync(join(out, 'scalars.csv'), { recursive: true });
  const again = await runCli(['merge', out, '-o', out]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(snapshot(out), expected);
});
