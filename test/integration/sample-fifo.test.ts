// fifo unbuilt: its .oppbuildspec says how; TandemQueueExperiment (an iteration variable, 2
// repetitions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { copySample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'fifo',
  configs: ['TandemQueueExperiment'],
  program: './fifo',
  total: 4,
  detected:
    /^detected: build opp_makemake -f --deep && make MODE=release \(\.oppbuildspec\); model \.\/fifo \(the \.oppbuildspec\)$/m,
});

// fifo's [General] names no network (its configs do): with no -c, OMNeT++ would stop the run
// with "No network specified"; opp-campaign says so before it builds anything
test('fifo without -c: its configs named, nothing built', { skip: needsOmnetpp() }, async () => {
  const dir = copySample('fifo');
  const saved = process.env.PATH;
  process.env.PATH = theOmnetpp().path;
  try {
    const r = await runCli(['run', dir, '--progress', 'plain']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(
      r.stderr,
      `opp-campaign: error: ${dir}/omnetpp.ini:1: config General names no network (network= is ` +
        'missing or empty): OMNeT++ would stop every run of it with "No network specified"; ' +
        'configs that name one: Fifo1 (low job arrival rate), Fifo2 (high job arrival rate), ' +
        'TandemQueues, TandemQueueExperiment: choose with -c NAME\n',
    );
    assert.ok(!existsSync(join(dir, 'fifo')) && !existsSync(join(dir, 'results')));
    // as opp_run says, when asked to run it
    const opp = spawnSync('opp_run', ['-u', 'Cmdenv', '-n', '.', '-c', 'General', '-r', '0'], {
      cwd: dir,
      env: theOmnetpp().env,
      encoding: 'utf8',
    });
    assert.match(opp.stdout + opp.stderr, /No network specified/);
  } finally {
    process.env.PATH = saved;
  }
});
