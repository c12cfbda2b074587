// The summary `run` prints at the end of a campaign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fakeCmdenvProject } from '../helpers/fake-cmdenv.js';
import type { CampaignReport } from '../../src/app/run-campaign.js';
import { summaryLines } from '../../src/cli/run-command.js';
import {
  IncompleteDatasetError,
  SwapFailedError,
} from '../../src/adapters/results/dataset-folder.js';

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
      supersededFiles: 0,
    },
  } as unknown as CampaignReport;
  assert.match(summaryLines(report).join('\n'), /^Campaign finished in 6\.2s \(build 6\.0s\)$/m);
  // the time spent waiting for another campaign's in-place build is said apart (before: `(build
  // 6.0s)`, 4 s of it waiting)
  const waited = { ...report, projectsWaitedMs: 4000 } as CampaignReport;
  assert.match(
    summaryLines(waited).join('\n'),
    /^Campaign finished in 6\.2s \(build 2\.0s, waited 4\.0s for another campaign\)$/m,
  );
});

test('the merge command offered after an interruption is quoted: pasted, it works in a folder with spaces', () => {
  const base = mkdtempSync(join(tmpdir(), 'opp-quote-'));
  const out = join(base, 'my sims', "it's int dir");
  const report = {
    total: 4,
    outDir: out,
    build: { ok: true, ms: 0, ccache: undefined, tail: [], command: 'make' },
    wallMs: 1000,
    merge: undefined,
    summary: {
      ok: 2,
      skipped: 0,
      failed: [],
      retried: 0,
      recovered: [],
      interrupted: true,
      stopped: 1,
      setAside: 0,
      superseded: 0,
      supersededFiles: 0,
    },
  } as unknown as CampaignReport;
  const rel = relative(process.cwd(), out);
  const q = (p: string): string => `'${p.replace(/'/g, `'\\''`)}'`;
  // (before: "opp-campaign merge my sims/int dir/.runs -o my sims/int dir --rebuild")
  const hint = `: opp-campaign run ${q(rel)} -c M --merge-only`;
  assert.ok(
    summaryLines(report, [rel, '-c', 'M']).some((l) => l.endsWith(hint)),
    summaryLines(report, [rel, '-c', 'M']).join('\n'),
  );
  // and the messages about a merge into the folder that did not finish
  for (const e of [new IncompleteDatasetError(out), new SwapFailedError(out, new Error('EIO'))])
    assert.ok(e.message.includes(`(opp-campaign merge ${q(out)} -o ${q(out)})`), e.message);
  rmSync(base, { recursive: true, force: true });
});
