// The options that shape the plan and not what a run simulates (repeat, constraint,
// description) are not in a run's key: more repetitions run only the new ones. A journal
// written before (every entry in the key) leaves its finished runs done once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/core/campaign/journal.js';
import { legacyRunKey, runKey } from '../../src/core/plan/run-key.js';
import { runCli } from '../helpers/cli.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';

const ini = (rest: string) =>
  '[General]\nnetwork = Net\n[Config M]\n**.behaviour = ok\nseed-set = ${repetition}\n' +
  `**.st = \${st=1,2}\n${rest}`;
const run = (dir: string) =>
  runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);

test('run keys: repeat, constraint and description are left out; the rest stays in', () => {
  const parts = (entries: { key: string; value: string }[]) => ({
    config: 'M',
    entries,
    repetition: '0',
    seedset: '0',
  });
  const p = { key: '**.p', value: '1' };
  const base = runKey(parts([p]));
  assert.equal(runKey(parts([{ key: 'repeat', value: '2' }, p])), base);
  assert.equal(runKey(parts([p, { key: 'description', value: '"x"' }])), base);
  assert.equal(runKey(parts([p, { key: 'constraint', value: '$x < 2' }])), base);
  for (const key of ['sim-time-limit', 'cpu-time-limit', 'seed-0-mt', 'num-rngs', 'extends'])
    assert.notEqual(runKey(parts([p, { key, value: '1' }])), base, key);
  // the key of before: every entry; none where it is the key as it is
  assert.equal(legacyRunKey(parts([p])), undefined);
  assert.notEqual(legacyRunKey(parts([{ key: 'repeat', value: '2' }, p])), base);
});

test('repeat = 3 after repeat = 2 runs the new repetition only (before: all six again, "Set aside 4 earlier run(s)")', async () => {
  const dir = misbehaveProject(ini('repeat = 2\n'), MISBEHAVE_CAMPAIGN);
  try {
    const first = await run(dir);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /succeeded +4/);
    writeFileSync(join(dir, 'omnetpp.ini'), ini('repeat = 3\ndescription = "three"\n'));
    const second = await run(dir);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /succeeded +2\n {2}skipped +4 /);
    assert.doesNotMatch(second.stdout, /Set aside/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a journal keyed as before (repeat in the key): its finished runs are done once, journaled under the new key', async () => {
  const dir = misbehaveProject(ini('repeat = 2\n'), MISBEHAVE_CAMPAIGN);
  try {
    assert.equal((await run(dir)).code, 0);
    const plan = await runCli(['plan', dir, '-c', 'M', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    type Planned = {
      key: string;
      config: string;
      entries: { key: string; value: string }[];
      repetition: string;
      seedset: string;
    };
    const runs = (JSON.parse(plan.stdout) as { runs: Planned[] }).runs;
    const legacy = new Map(runs.map((r) => [r.key, legacyRunKey(r) as string]));
    // the journal as the version before wrote it
    const journal = join(dir, 'results', 'journal.jsonl');
    writeFileSync(
      journal,
      readFileSync(journal, 'utf8')
        .split('\n')
        .map((l) => {
          if (l === '') return l;
          const rec = JSON.parse(l) as { t: string; key?: string };
          if (rec.t === 'run') rec.key = legacy.get(rec.key as string);
          return JSON.stringify(rec);
        })
        .join('\n'),
    );
    assert.equal(readJournal(readFileSync(journal, 'utf8')).runs.has(runs[0]!.key), false);
    const upgraded = await run(dir);
    assert.equal(upgraded.code, 0, upgraded.stdout + upgraded.stderr);
    assert.match(upgraded.stdout, /skipped +4/);
    assert.match(upgraded.stdout, /succeeded +0\n/);
    assert.doesNotMatch(upgraded.stdout, /Set aside/);
    const state = readJournal(readFileSync(journal, 'utf8'));
    assert.deepEqual([...state.runs.keys()].sort(), runs.map((r) => r.key).sort());
    const again = await run(dir);
    assert.match(again.stdout, /skipped +4/);
    assert.match(again.stdout, /succeeded +0\n/);
    assert.doesNotMatch(again.stdout, /Set aside/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
