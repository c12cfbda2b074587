// A run run again (--force, or after a change) whose config has OMNeT++ append to its result
// files (output-scalar-file-append, output-vector-file-append): the dataset holds the new
// execution only, and OMNeT++'s tools still read it (real OMNeT++ 6.1, the aloha sample).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { buildSample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

async function campaign(dir: string, ...extra: string[]) {
  const saved = process.env.PATH;
  process.env.PATH = theOmnetpp().path;
  try {
    const r = await runCli(
      ['run', '.', '-c', 'Appending', '-r', '0..1', '--progress', 'plain', ...extra],
      dir,
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
  } finally {
    process.env.PATH = saved;
  }
}

const scavetool = (dir: string, ...args: string[]) =>
  spawnSync('opp_scavetool', args, { cwd: dir, env: theOmnetpp().env, encoding: 'utf8' });

for (const [what, options] of [
  // (OMNeT++'s text vector files cannot be appended to: "does not support append mode")
  ['text files', ['output-scalar-file-append = true']],
  [
    'SQLite files',
    [
      'outputvectormanager-class = "omnetpp::envir::SqliteOutputVectorManager"',
      'outputscalarmanager-class = "omnetpp::envir::SqliteOutputScalarManager"',
      'output-scalar-file-append = true',
      'output-vector-file-append = true',
    ],
  ],
] as const)
  test(
    `append to result files (${what}): a run run again is in the dataset once, readable by opp_scavetool`,
    { skip },
    async () => {
      const dir = buildSample('aloha');
      appendFileSync(
        join(dir, 'omnetpp.ini'),
        `\n[Appending]\nextends = PureAlohaExperiment\n${options.join('\n')}\n`,
      );
      await campaign(dir);
      await campaign(dir, '--force');
      const runs = scavetool(join(dir, 'results'), 'q', '--list-runs', '.');
      assert.equal(runs.status, 0, runs.stderr);
      assert.equal(runs.stdout.trim().split('\n').length, 2, runs.stdout);
      const exported = scavetool(dir, 'export', '-F', 'CSV-R', '-o', 'x.csv', 'results');
      assert.equal(exported.status, 0, exported.stderr);
      assert.equal(
        readFileSync(join(dir, 'results', 'runs.csv'), 'utf8')
          .trim()
          .split('\n').length,
        3,
      );
    },
  );
