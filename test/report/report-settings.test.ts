// `report: { scalars: [...] }` in the campaign file: read, checked, and errors at the right line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCampaignFile } from '../../src/adapters/campaign-file.js';
import {
  DEFAULT_SETTINGS,
  parseCampaignSettings,
  SettingsError,
} from '../../src/core/campaign/settings.js';

test('report.scalars is read; without a report key the settings are as before', () => {
  assert.deepEqual(
    parseCampaignSettings({ report: { scalars: ['**.server:channelUtilization:last'] } }).report,
    { scalars: ['**.server:channelUtilization:last'] },
  );
  assert.deepEqual(parseCampaignSettings({ report: { scalars: 'A.b:c' } }).report, {
    scalars: ['A.b:c'],
  });
  assert.deepEqual(parseCampaignSettings({ report: {} }).report, {});
  assert.equal(parseCampaignSettings({}).report, undefined);
  assert.deepEqual(parseCampaignSettings({}), DEFAULT_SETTINGS);
});

test('a bad report key or scalar names its key path', () => {
  const bad = (v: unknown, path: (string | number)[], re: RegExp) =>
    assert.throws(
      () => parseCampaignSettings(v),
      (e: unknown) =>
        e instanceof SettingsError &&
        re.test(e.message) &&
        JSON.stringify(e.path) === JSON.stringify(path),
      JSON.stringify(v),
    );
  bad({ report: { scalar: ['a:b'] } }, ['report', 'scalar'], /unknown key 'report.scalar'/);
  bad({ report: ['a:b'] }, ['report'], /must be a mapping/);
  bad(
    { report: { scalars: ['a:b', 'channelUtilization'] } },
    ['report', 'scalars', 1],
    /module pattern:scalar name/,
  );
  bad({ report: { scalars: ['**.x{:y'] } }, ['report', 'scalars', 0], /bad module pattern/);
  bad({ report: { scalars: [3] } }, ['report', 'scalars', 0], /non-empty string/);
});

test('the campaign file reports a bad scalar at its line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-report-settings-'));
  const file = join(dir, 'opp-campaign.yml');
  writeFileSync(file, 'configs: [A]\nreport:\n  scalars:\n    - "**.server:ok"\n    - nocolon\n');
  try {
    await assert.rejects(
      () => readCampaignFile(file),
      /opp-campaign\.yml:5: 'report\.scalars': 'nocolon'/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
