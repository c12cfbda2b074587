// The pure parts of build reuse: fingerprint, artifact contents, the wait-or-build rule, and
// the campaign file's build.outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFingerprint, type BuildInputs } from '../../../src/core/build/fingerprint.js';
import { globToRegExp, selectOutputs } from '../../../src/core/build/outputs.js';
import { decideMissingBuild, type WaitFacts } from '../../../src/core/build/wait-or-build.js';
import {
  DEFAULT_SETTINGS,
  parseCampaignSettings,
  SettingsError,
} from '../../../src/core/campaign/settings.js';

const inputs: BuildInputs = {
  sourceTree: 'a'.repeat(40),
  toolchain: { 'c++': 'sha256:1', make: 'sha256:2' },
  omnetpp: 'Version: 6.1',
  features: {},
  build: { preset: 'make', dir: '.', args: [] },
  env: { CXXFLAGS: '-O2' },
  outputs: ['out/aloha'],
  platform: 'linux-x64',
};

test('the fingerprint changes with every input and not with key order', () => {
  const fp = buildFingerprint(inputs);
  assert.match(fp, /^[0-9a-f]{64}$/);
  assert.equal(
    buildFingerprint({ ...inputs, toolchain: { make: 'sha256:2', 'c++': 'sha256:1' } }),
    fp,
  );
  const variants: Partial<BuildInputs>[] = [
    { sourceTree: 'b'.repeat(40) },
    { toolchain: { 'c++': 'sha256:9', make: 'sha256:2' } },
    { omnetpp: 'Version: 6.0' },
    { omnetpp: undefined },
    { features: { '.oppfeaturestate': 'x' } },
    { build: { preset: 'make', dir: '.', args: ['MODE=debug'] } },
    { env: { CXXFLAGS: '-O0' } },
    { outputs: ['out/aloha', 'lib/*.so'] },
    { platform: 'linux-arm64' },
  ];
  for (const v of variants)
    assert.notEqual(buildFingerprint({ ...inputs, ...v }), fp, JSON.stringify(v));
});

test('globs', () => {
  const cases: [string, string, boolean][] = [
    ['out/*.so', 'out/libm.so', true],
    ['out/*.so', 'out/sub/libm.so', false],
    ['**/*.ned', 'a.ned', true],
    ['**/*.ned', 'src/x/a.ned', true],
    ['src/**/*.ned', 'src/a.ned', true],
    ['src/**/*.ned', 'other/a.ned', false],
    ['out/**', 'out/a/b', true],
    ['a?c', 'abc', true],
    ['a.c', 'abc', false],
  ];
  for (const [g, p, want] of cases) assert.equal(globToRegExp(g).test(p), want, `${g} ${p}`);
});

test('an artifact holds the program, libraries, ini and NED files, and build.outputs', () => {
  const s = {
    ...DEFAULT_SETTINGS,
    ini: ['omnetpp.ini'],
    build: { preset: 'make' as const, dir: '.', args: [], outputs: ['data/*.xml'] },
    run: {
      preset: 'omnetpp' as const,
      program: 'out/sim',
      libraries: ['lib/model'],
      nedPath: ['src'],
      args: [],
    },
  };
  const files = [
    'out/sim',
    'out/sim.o',
    'lib/libmodel.so',
    'lib/model.o',
    'omnetpp.ini',
    'other.ini',
    'src/a.ned',
    'src/net/b.ned',
    'test/c.ned',
    'data/x.xml',
    'src/a.cc',
  ];
  assert.deepEqual(selectOutputs(s, files), [
    'data/x.xml',
    'lib/libmodel.so',
    'omnetpp.ini',
    'out/sim',
    'src/a.ned',
    'src/net/b.ned',
  ]);
});

test('build.outputs in the campaign file', () => {
  const s = parseCampaignSettings({ build: { preset: 'make', outputs: ['out/*.so', 'x'] } });
  assert.deepEqual(s.build.preset === 'make' && s.build.outputs, ['out/*.so', 'x']);
  assert.deepEqual(parseCampaignSettings({ build: { command: 'b', outputs: 'bin/sim' } }).build, {
    preset: 'command',
    command: 'b',
    dir: '.',
    outputs: ['bin/sim'],
  });
  assert.throws(
    () => parseCampaignSettings({ build: { preset: 'none', outputs: ['x'] } }),
    (e: SettingsError) => /does not apply to build preset 'none'/.test(e.message),
  );
  assert.throws(
    () => parseCampaignSettings({ build: { preset: 'make', outputs: [3] } }),
    (e: SettingsError) => e.path.join('.') === 'build.outputs.0',
  );
});

const facts = (f: Partial<WaitFacts>): WaitFacts => ({
  nowMs: 100_000,
  lookingSinceMs: 100_000,
  markers: [],
  buildJobDeclared: false,
  ownEstimateMs: undefined,
  ...f,
});
const marker = (startedMs: number, expectedMs: number | undefined) => ({
  job: 'shard-1',
  startedMs,
  expectedMs,
});

test('wait or build', () => {
  const d = decideMissingBuild;
  // nobody building
  assert.equal(d(facts({})).action, 'build');
  // a builder 40 s into a 60 s build, our own build unknown: wait until its end + 30 s grace
  assert.deepEqual(d(facts({ markers: [marker(60_000, 60_000)] })), {
    action: 'wait',
    untilMs: 150_000,
    reason: 'waiting for shard-1, which should finish in ~20s',
  });
  // our own build (ccache-warm: 5 s) beats the 20 s left
  assert.equal(
    d(facts({ markers: [marker(60_000, 60_000)], ownEstimateMs: 5000 })).action,
    'build',
  );
  // ours takes longer than what is left
  assert.equal(
    d(facts({ markers: [marker(60_000, 60_000)], ownEstimateMs: 50_000 })).action,
    'wait',
  );
  // the builder is overdue
  assert.match(d(facts({ markers: [marker(0, 60_000)] })).reason, /overdue/);
  // the builder has no estimate: ours stands in for it
  assert.equal(
    d(facts({ markers: [marker(90_000, undefined)], ownEstimateMs: 30_000 })).action,
    'wait',
  );
  assert.equal(d(facts({ markers: [marker(90_000, undefined)] })).action, 'build');
  // of several builders, the one that finishes first counts
  const two = d(facts({ markers: [marker(0, 200_000), marker(90_000, 20_000)] }));
  assert.equal(two.action === 'wait' && two.untilMs, 140_000);
  // a declared build job gets two minutes to show up
  const job = d(facts({ buildJobDeclared: true }));
  assert.equal(job.action === 'wait' && job.untilMs, 220_000);
  assert.equal(d(facts({ buildJobDeclared: true, nowMs: 220_000 })).action, 'build');
});
