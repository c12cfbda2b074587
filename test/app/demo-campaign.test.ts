// The README's first command, end to end: the demo campaign on a copy of examples/aloha.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { journalRuns, REPO } from '../helpers/project.js';

test('the demo campaign builds, runs 42 runs, and a rerun skips them all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-demo-'));
  cpSync(join(REPO, 'examples', 'aloha'), dir, {
    recursive: true,
    filter: (src) => !/[/\\](out|results)$/.test(src),
  });
  const args = ['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, '.ccache')];
  const first = await runCli(args);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /succeeded +42/);
  assert.match(first.stderr, /\[42\/42\] PureAlohaExperiment #\d+ ok/);
  const files = readdirSync(join(dir, 'results', '.runs'));
  assert.equal(files.filter((f) => f.endsWith('.sca')).length, 42);
  assert.equal(files.filter((f) => f.endsWith('.vec')).length, 42);
  assert.equal(files.filter((f) => f.endsWith('.vci')).length, 42);
  const sca = readFileSync(
    join(dir, 'results', '.runs', 'PureAlohaExperiment-numHosts=15,iaMean=3-#1.sca'),
    'utf8',
  );
  assert.match(sca, /^version 3\nrun PureAlohaExperiment-19-/);
  assert.match(sca, /\nattr iterationvars "\$numHosts=15, \$iaMean=3"\n/);
  assert.match(sca, /\nattr repetition 1\n/);
  assert.match(sca, /\nconfig Aloha\.numHosts 15\n/);
  assert.ok(
    journalRuns(dir).every((r) => r.status === 'ok' && r.peakKiB !== null && r.peakKiB > 0),
  );
  const log = readFileSync(join(dir, 'results', 'logs', 'PureAlohaExperiment-0.log'), 'utf8');
  assert.match(log, /\*\* Event #\d+ +t=\d/);

  const second = await runCli(args);
  assert.equal(second.code, 0);
  assert.match(second.stdout, /skipped +42/);
  assert.match(second.stdout, /Results: .*results/);
});
