// The summary `run` prints at the end of a campaign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';

test("the campaign's time is its whole time, the build's included and told apart", async () => {
  const dir = fakeCmdenvProject('{ command: "sleep 0.8" }');
  try {
    const started = performance.now();
    const r = await runCli(['run', dir, '-j', '1', '--progress', 'plain']);
    const wall = (performance.now() - started) / 1000;
    assert.equal(r.code, 0, r.stderr);
    const m = /^Campaign finished in (\d+\.\d)s \(build (\d+\.\d)s\)$/m.exec(r.stdout);
    assert.ok(m, r.stdout);
    const [total, build] = [Number(m[1]), Number(m[2])];
    assert.ok(build >= 0.8 && build < total, `${build} ${total}`);
    // the build, then 3 runs of 0.2 s: all of it, and no more than the command took
    assert.ok(total >= 1.4 && total <= wall + 0.05, `${total} ${wall}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
