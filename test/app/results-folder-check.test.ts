// The check a campaign makes of its results folder before taking it (runs merged in from
// elsewhere refuse it), on a runs.csv of 50,000 runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withResultsFolder } from '../../src/app/campaign-setup.js';

const HEADER =
  'run,config,runnumber,repetition,iterationvars,itervar:iaMean,itervar:numHosts,key,status,exit_code,signal,duration_ms,peak_kib,attempt,log,message\n';
const row = (i: number, log = `logs/Big-${i}.log`, message = ''): string =>
  `Big-${i}-20261205-17:32:20-${5406 + i},Big,${i},0,"$numHosts=${i % 50}, $iaMean=${i % 7}",${i % 7},${i % 50},k${i},ok,0,,24,10444,1,${log},${message}\n`;

test("a campaign's own runs.csv of 50,000 runs is taken by its log column alone; one row merged in from elsewhere still refuses the folder, anywhere in it", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-folder-check-'));
  try {
    const rows = Array.from({ length: 50_000 }, (_, i) =>
      // a failed run's message, quoted, with a quote and a newline
      i % 1000 === 7 ? row(i, `logs/Big-${i}.log`, '"exit 1, ""x""\nsee log"') : row(i),
    );
    const csv = join(dir, 'runs.csv');
    writeFileSync(csv, HEADER + rows.join(''));
    let ran = 0;
    const take = (): Promise<number> =>
      withResultsFolder(
        dir,
        () => {},
        () => Promise.resolve(++ran),
      );
    assert.equal(await take(), 1);
    // a row whose log is outside the folder (another campaign's, or none: result files merged
    // in): the first, the last, one after a quoted newline
    for (const [at, log] of [
      [0, '/elsewhere/logs/A.log'],
      [49_999, ''],
      [8, '../other/logs/B.log'],
    ] as const) {
      const changed = rows.map((r, i) => (i === at ? row(i, log) : r));
      writeFileSync(csv, HEADER + changed.join(''));
      await assert.rejects(take(), (e: Error) => {
        assert.match(
          e.message,
          /holds 1 run\(s\) that its campaign did not make \(rows of \S+runs\.csv, and no campaign journal, e\.g\. Big #\d+\)/,
        );
        assert.ok(e.message.includes(`e.g. Big #${at})`), e.message);
        return true;
      });
    }
    assert.equal(ran, 1);
    assert.ok(existsSync(join(dir, '.opp-campaign')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
