// The plan job of a large campaign: what it keeps per run is its config, number and key (10
// bytes), and plan.json is written a shard's runs at a time, never held whole. The job runs as
// the runner runs it, with V8's heap capped (no timing involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';
import { runAction } from './run-action.js';

test('the plan of 100,000 runs fits a 24 MB heap; plan.json as before', async (t) => {
  const workspace = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\n**.a = ${a=1..1000}\n**.b = ${b=1..100}\n',
    MISBEHAVE_CAMPAIGN,
  );
  const artifactDir = mkdtempSync(join(tmpdir(), 'opp-artifacts-'));
  t.after(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(artifactDir, { recursive: true, force: true });
  });
  // before: the runs as objects, the document as objects and as one string (~250 bytes a run;
  // it failed at 28 MB, and a million runs took 626 MB)
  const plan = await runAction({
    workspace,
    artifactDir,
    inputs: { command: 'plan', 'max-shards': '3' },
    env: { NODE_OPTIONS: '--max-old-space-size=24' },
  });
  assert.deepEqual(
    { code: plan.code, signal: plan.signal },
    { code: 0, signal: null },
    plan.stdout.slice(-2000) + plan.stderr.slice(-2000),
  );
  assert.equal(plan.outputs['runs'], '100000');
  assert.deepEqual(JSON.parse(plan.outputs['matrix'] ?? ''), { shard: [0, 1, 2] });
  const text = readFileSync(join(artifactDir, 'campaign-plan', 'plan.json'), 'utf8');
  // the document as JSON.stringify wrote it: one line, keys in their order
  assert.ok(
    text.startsWith(
      '{"version":1,"commit":"0123456789abcdef0123456789abcdef01234567","ini":["omnetpp.ini"],"configs":["M"],"noTimeLimit":["M"],"totalRuns":100000,"shards":[{"index":0,"runs":[["M",0,"',
    ),
    text.slice(0, 300),
  );
  const doc = JSON.parse(text) as { shards: { runs: [string, number, string][] }[] };
  assert.equal(text, JSON.stringify(doc));
  assert.deepEqual(
    doc.shards.map((s) => s.runs.length),
    [33334, 33333, 33333],
  );
  assert.deepEqual(doc.shards[2]?.runs.at(-1)?.slice(0, 2), ['M', 99999]);
  assert.equal(new Set(doc.shards.flatMap((s) => s.runs.map((r) => r[2]))).size, 100000);
});
