// The memory of a merge of many runs: what it keeps per run is a brief header (run-brief.ts),
// not the header as read (10-16 KB a run), so a merge of many runs fits a small heap. The merge
// runs as a child process with V8's heap capped (no timing involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from '../helpers/cli.js';

/** A run's text scalar file as OMNeT++ writes it, with a header of ~6 KB (many config lines). */
function scaFile(dir: string, n: number): void {
  const config = Array.from(
    { length: 90 },
    (_, i) => `config **.host[${i}].app.sendInterval "exponential(${i}.5s) + uniform(0s, ${i}ms)"`,
  );
  const lines = [
    'version 3',
    `run Many-${n}-20261205-09:31:19-${1000 + n}`,
    'attr configname Many',
    'attr datetime 20261205-09:31:19',
    'attr experiment Many',
    'attr inifile omnetpp.ini',
    `attr iterationvars "$x=${n % 10}"`,
    'attr measurement ""',
    'attr network Net',
    `attr processid ${1000 + n}`,
    `attr repetition ${Math.floor(n / 10)}`,
    `attr replication #${Math.floor(n / 10)}`,
    `attr runnumber ${n}`,
    `attr seedset ${n}`,
    `itervar x ${n % 10}`,
    ...config,
    '',
    `scalar Net.sink lifetime:mean ${n / 7}`,
    '',
  ];
  writeFileSync(join(dir, `Many-x=${n % 10}-#${n}.sca`), lines.join('\n'));
}

test('a merge of 6,000 runs with 6 KB headers fits a 72 MB heap', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'opp-merge-memory-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const runs = join(root, 'runs');
  mkdirSync(runs);
  const count = 6000;
  for (let n = 0; n < count; n++) scaFile(runs, n);
  const out = join(root, 'out');
  // the headers as read: ~90 MB of this heap (the merge before brief headers failed even at
  // 96 MB); brief ones: ~3 MB (under tsx the merge needs 56 MB: the cap leaves it some room)
  const cli = spawnCli(['merge', runs, '-o', out], {
    ...process.env,
    NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=72`,
  });
  const { code, signal } = await cli.exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, cli.output().slice(-2000));
  const rows = readFileSync(join(out, 'runs.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(rows.length, count + 1);
  assert.match(rows[1] ?? '', /^Many-0-20261205-09:31:19-1000,Many,0,0,\$x=0,0$/);
});
