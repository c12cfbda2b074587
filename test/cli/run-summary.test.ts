// The summary `run` prints at the end of a campaign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';
import type { CampaignReport } from '../../src/app/run-campaign.js';
import { summaryLines } from '../../src/cli/run-command.js';

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

test("the build's share counts the referenced projects' builds", () => {
  const report = {
    total: 1,
    outDir: process.cwd(),
    build: { ok: true, ms: 300, ccache: undefined, tail: [], command: 'make' },
    projectsMs: 5700,
    wallMs: 6200,
    merge: undefined,
    summary: {
      ok: 1,
      skipped: 0,
      failed: [],
      retried: 0,
      recovered: 0,
      interrupted: false,
      stopped: 0,
      setAside: 0,
      superseded: 0,
    },
  } as unknown as CampaignReport;
  assert.match(summaryLines(report).join('\n'), /^Campaign finished in 6\.2s \(build 6\.0s\)$/m);
});
