// A campaign of one config after the model changed leaves the other configs' runs of the old
// build in its dataset: said at the end, and on the report, with the configs to run again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { buildReportModel } from '../../src/core/report/build.js';
import type { RunFacts } from '../../src/core/report/model.js';

const run = (dir: string, ...args: string[]) =>
  runCli(['run', dir, '--progress', 'plain', '-j', '2', ...args]);

test("a campaign of one config after a change of build: the other configs' runs of the old build are said, on the console and the report (before: nothing)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-other-builds-'));
  try {
    writeFileSync(
      join(dir, 'omnetpp.ini'),
      '[General]\nnetwork = Net\n[Config A]\n**.i = ${i=1..2}\n[Config B]\n**.i = ${i=1..3}\n',
    );
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'run: { command: "true" }\nresults: { files: [] }\n',
    );
    for (const c of ['A', 'B']) {
      const r = await run(dir, '-c', c);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /another build/);
    }
    // the campaign file's env is part of the build id, as the model's program is: B of another
    // build
    writeFileSync(
      join(dir, 'opp-campaign.yml'),
      'run: { command: "true" }\nresults: { files: [] }\nenv: { X: "1" }\n',
    );
    const r = await run(dir, '-c', 'B');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /\n2 run\(s\) of other configs in \S*results \(A\) were made with another build: the dataset holds them beside this build's; run them again with -c A\n/,
    );
    const html = readFileSync(join(dir, 'results', 'report.html'), 'utf8');
    assert.match(
      html,
      /id="other-builds"><strong>2 run\(s\) of A were made with another build<\/strong>.*<code>-c A<\/code>/,
    );
    // run again, A is of this build too: nothing said
    const a = await run(dir, '-c', 'A');
    assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.doesNotMatch(a.stdout, /another build:/);
    assert.doesNotMatch(readFileSync(join(dir, 'results', 'report.html'), 'utf8'), /other-builds/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the report of a GitHub campaign (shards of the same configs) says nothing of other builds', () => {
  const fact = (config: string, build: string): RunFacts => ({
    key: `${config}-${build}`,
    config,
    run: 0,
    status: 'ok',
    exitCode: 0,
    signal: null,
    wallMs: 1,
    peakKiB: null,
    attempt: 1,
    itervars: '',
    log: null,
    build,
  });
  const campaigns = [
    { t: 'campaign', build: 'x', configs: ['A'] },
    { t: 'campaign', build: 'y', configs: ['A'] },
  ];
  const m = buildReportModel({ facts: [fact('A', 'x'), fact('A', 'y')], results: [], campaigns });
  assert.equal(m.otherBuilds, null);
  const mixed = buildReportModel({
    facts: [fact('A', 'x'), fact('B', 'x'), fact('A', 'y')],
    results: [],
    campaigns,
  });
  assert.deepEqual(mixed.otherBuilds, { runs: 1, configs: ['B'] });
});
