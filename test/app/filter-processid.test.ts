// `run` and the action's plan read the ini through loadIni: a run filter there sees ${processid}
// and ${datetime} as opp_run does (its own pid, the time now), as `plan` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIni } from '../../src/app/campaign-setup.js';
import { DEFAULT_SETTINGS } from '../../src/core/campaign/settings.js';
import { planRuns } from '../../src/core/plan/plan.js';

test("the campaign's ini: -r '$processid > 0' selects every run (before: Unknown iteration variable)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-filter-pid-'));
  try {
    writeFileSync(join(dir, 'omnetpp.ini'), '[General]\nnetwork = Net\n**.x = ${x=1,2,3}\n');
    const ini = loadIni(dir, DEFAULT_SETTINGS);
    const numbers = (filter: string) =>
      [...planRuns(ini, { configs: ['General'], filter })].map((r) => r.runNumber);
    assert.deepEqual(numbers('$processid > 0'), [0, 1, 2]);
    assert.deepEqual(numbers(`$processid == ${process.pid} && $x != 2`), [0, 2]);
    assert.deepEqual(numbers('$processid == 0'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
