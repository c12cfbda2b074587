import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SETTINGS,
  parseCampaignSettings,
  parseDuration,
  SettingsError,
} from '../../../src/core/campaign/settings.js';

test('an empty campaign file means the defaults', () => {
  assert.deepEqual(parseCampaignSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(parseCampaignSettings({}), DEFAULT_SETTINGS);
});

test('every key is read', () => {
  const s = parseCampaignSettings({
    ini: 'sim.ini',
    configs: ['A', 'B'],
    runs: '$x > 1',
    jobs: 3,
    timeout: '2m',
    retries: 0,
    build: { preset: 'make', target: 'all', args: ['-s'] },
    run: { command: './sim -c {config} -r {run}' },
    env: { FOO: 'bar', N: 3 },
    results: { dir: 'out', files: ['*.sca'] },
    'max-runs': 1000,
  });
  assert.deepEqual(s, {
    ini: ['sim.ini'],
    configs: ['A', 'B'],
    runs: '$x > 1',
    jobs: 3,
    timeoutMs: 120_000,
    retries: 0,
    build: { preset: 'make', dir: '.', target: 'all', args: ['-s'] },
    run: { preset: 'command', command: './sim -c {config} -r {run}' },
    env: { FOO: 'bar', N: '3' },
    resultFiles: ['*.sca'],
    resultsDir: 'out',
    maxRuns: 1000,
  });
});

test('unknown and mistyped keys are errors that name the key path', () => {
  const bad = (v: unknown, path: (string | number)[], re: RegExp) =>
    assert.throws(
      () => parseCampaignSettings(v),
      (e: unknown) =>
        e instanceof SettingsError &&
        re.test(e.message) &&
        JSON.stringify(e.path) === JSON.stringify(path),
    );
  bad({ inis: ['a'] }, ['inis'], /unknown key 'inis'/);
  bad({ jobs: 0 }, ['jobs'], /whole number >= 1/);
  bad({ jobs: '4' }, ['jobs'], /whole number/);
  bad({ build: { preset: 'cmake' } }, ['build', 'preset'], /must be one of/);
  bad({ build: { preset: 'make', makemake: ['-f'] } }, ['build', 'makemake'], /does not apply/);
  bad({ run: { program: 7 } }, ['run', 'program'], /non-empty string/);
  bad({ configs: ['A', 3] }, ['configs', 1], /non-empty string/);
  bad({ timeout: 'soon' }, ['timeout'], /duration/);
  bad([1, 2], [], /must be a mapping/);
});

test('durations', () => {
  assert.equal(parseDuration(90, []), 90_000);
  assert.equal(parseDuration('500ms', []), 500);
  assert.equal(parseDuration('1.5h', []), 5_400_000);
  assert.throws(() => parseDuration('0s', []), SettingsError);
});
