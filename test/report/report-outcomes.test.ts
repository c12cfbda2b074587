// A campaign with failures: report.html's runs carry every outcome (and the reproduce command of
// failed runs), and the merge summary's scalar table covers the runs that have results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderReport } from '../../src/app/report.js';
import { mergeSummary } from '../../src/app/summary.js';
import { runCli } from '../helpers/cli.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';

/** The JSON report.html embeds for its script. */
function pageData(html: string): {
  statuses: string[];
  runs: Array<Array<string | number | null>>;
} {
  const m = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  assert.ok(m?.[1], 'the page embeds its data');
  return JSON.parse(m[1]) as ReturnType<typeof pageData>;
}

test('failed and crashed runs in the report; the scalar table per iteration-variable value', async () => {
  const dir = misbehaveProject(
    '[General]\nnetwork = Net\n[Config M]\nrepeat = 2\n**.x = ${x=1,2,3}\n**.behaviour = ${b=ok,exit3,crash}\n',
    `${MISBEHAVE_CAMPAIGN}report:\n  scalars: ['**.node:value', '**.node:Value']\n`,
  );
  try {
    const r = await runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const results = join(dir, 'results');
    const html = readFileSync(join(results, 'report.html'), 'utf8');
    assert.match(html, /<strong>18 runs<\/strong>/);
    assert.match(html, /data-status="ok">6 ok</);
    assert.match(html, /data-status="failed">6 failed</);
    assert.match(html, /data-status="crashed">6 crashed</);
    assert.match(html, /chosen in the campaign file/);
    // a chosen scalar no run recorded (a name of the wrong case): run warns, naming where it was
    // chosen, and the page says it is not charted (before: nothing, one chart of two)
    const warning =
      'opp-campaign: warning: no run has the scalar **.node:Value; did you mean **.node:value? (report.scalars in the campaign file: "module pattern:scalar name")\n';
    assert.ok(r.stderr.endsWith(warning), r.stderr);
    assert.match(
      html,
      /<p class="hint" id="scalars-not-charted">Not charted: no run recorded <code>\*\*\.node:Value<\/code> \(no module and scalar name matched; did you mean <code>\*\*\.node:value<\/code> for <code>\*\*\.node:Value<\/code>\?\)/,
    );
    const again = await runCli(['report', results, '-o', join(dir, 'again.html')]);
    assert.equal(again.stderr, warning);
    // the failures, grouped by cause
    assert.match(
      html,
      /<table id="failure-causes">.*<tr><td class="num">6<\/td><td><span class="badge s-failed">failed<\/span><\/td><td>exit status 3: misbehave was asked to fail<\/td><td><a href="logs\/M-\d+\.log">M #\d+<\/a><\/td><\/tr>/,
    );
    const data = pageData(html);
    const failed = data.runs.filter((run) => data.statuses[Number(run[2])] === 'failed');
    assert.equal(failed.length, 6);
    for (const run of failed) {
      assert.equal(run[5], 3, 'exit code');
      assert.match(String(run[11]), new RegExp(`out/misbehave -u Cmdenv -c M -r ${run[1]}\\b`));
      assert.match(String(run[7]), /^logs\/M-\d+\.log$/);
    }
    const crashed = data.runs.filter((run) => data.statuses[Number(run[2])] === 'crashed');
    assert.ok(
      crashed.every((run) => run[6] !== null && run[9] === 2),
      'signal, two attempts',
    );

    // the merge job's summary: the table of the chosen scalar
    const { scalarsTable } = await writeFolderReport(results, { projectDir: dir });
    assert.match(scalarsTable, /\*\*`\*\*\.node:value`\*\*/);
    const rows = scalarsTable.split('\n').filter((l) => l.startsWith('| `$x` |'));
    assert.deepEqual(
      rows.map((l) => l.split('|').map((c) => c.trim())[2]),
      ['`1`', '`2`', '`3`'],
      'a row per value of $x; $b is ok in every run with results',
    );
    for (const row of rows) assert.match(row, /^\| `\$x` \| `\d` \| 2 \| /, 'two repetitions each');
    const md = mergeSummary({
      expected: 18,
      ok: 6,
      failed: [],
      missing: [],
      shardsMissing: [],
      artifact: 'campaign-results',
      scalarsTable,
    });
    assert.match(md, /### Key scalars\n\n.*report\.html.*\n\n\*\*`\*\*\.node:value`\*\*/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
