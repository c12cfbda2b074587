// Detected settings under the campaign file: each detectable setting the file gives wins over
// detection; what it leaves out is detected; a wrong or missing model is an error naming what
// was looked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyDetection,
  givenSettings,
  ModelDetectionError,
  NOTHING_GIVEN,
} from '../../../src/core/campaign/detected.js';
import { DEFAULT_SETTINGS, parseCampaignSettings } from '../../../src/core/campaign/settings.js';
import type { Detection } from '../../../src/core/projects/detect.js';

const DETECTED: Detection = {
  build: { preset: 'make', dir: '.', args: ['MODE=release'] },
  buildText: 'make MODE=release (the Makefile, by opp_makemake)',
  model: { kind: 'found', program: './aloha', libraries: [], why: "the Makefile's target" },
  nedPath: ['src'],
  projects: [
    {
      name: 'queueinglib',
      source: { kind: 'path', path: '../queueinglib' },
      build: { preset: 'omnetpp', mode: 'release' },
    },
  ],
  projectTexts: ['queueinglib at ../queueinglib (its .oppbuildspec)'],
  missing: [],
  iniLoadsLibraries: false,
};

const fromFile = (value: unknown) => {
  const settings = parseCampaignSettings(value);
  return applyDetection(settings, givenSettings(value), DETECTED, '/w/aloha');
};

test('without a campaign file every detectable setting is detected, in one line', () => {
  const r = applyDetection(DEFAULT_SETTINGS, NOTHING_GIVEN, DETECTED, '/w/aloha');
  assert.deepEqual(r.settings.build, DETECTED.build);
  assert.deepEqual(r.settings.run, {
    preset: 'omnetpp',
    program: './aloha',
    libraries: [],
    nedPath: ['src'],
    args: [],
  });
  assert.deepEqual(r.settings.projects, DETECTED.projects);
  assert.equal(
    r.line,
    "detected: build make MODE=release (the Makefile, by opp_makemake); model ./aloha (the Makefile's target); projects queueinglib at ../queueinglib (its .oppbuildspec); NED path src",
  );
});

test('the campaign file overrides every detected setting, each on its own', () => {
  const build = fromFile({ build: { preset: 'command', command: 'ninja' } });
  assert.deepEqual(build.settings.build, { preset: 'command', command: 'ninja', dir: '.' });
  assert.equal(build.settings.run.preset === 'omnetpp' && build.settings.run.program, './aloha');
  assert.doesNotMatch(build.line ?? '', /(: |; )build /);

  const program = fromFile({ run: { program: 'out/sim', args: ['-s'] } });
  assert.deepEqual(program.settings.run, {
    preset: 'omnetpp',
    program: 'out/sim',
    libraries: [],
    nedPath: ['src'],
    args: ['-s'],
  });
  assert.deepEqual(program.settings.build, DETECTED.build);
  assert.doesNotMatch(program.line ?? '', /(: |; )model /);

  // libraries alone also name the model: opp_run -l, no detected program
  const libs = fromFile({ run: { libraries: ['out/model'] } });
  assert.equal(libs.settings.run.preset === 'omnetpp' && libs.settings.run.program, undefined);
  assert.deepEqual(libs.settings.run.preset === 'omnetpp' && libs.settings.run.libraries, [
    'out/model',
  ]);

  const ned = fromFile({ run: { 'ned-path': ['.'] } });
  assert.deepEqual(ned.settings.run.preset === 'omnetpp' && ned.settings.run.nedPath, ['.']);
  assert.equal(ned.settings.run.preset === 'omnetpp' && ned.settings.run.program, './aloha');

  const projects = fromFile({ projects: [{ name: 'other', path: '../other' }] });
  assert.deepEqual(
    projects.settings.projects?.map((p) => p.name),
    ['other'],
  );
  const none = fromFile({ projects: [] });
  assert.deepEqual(none.settings.projects, []);

  // build: none is a setting too: nothing is built
  assert.deepEqual(fromFile({ build: 'none' }).settings.build, { preset: 'none' });
});

test('a command run is not an OMNeT++ launch: nothing is detected', () => {
  const r = fromFile({ run: { command: './sim {config} {run}' } });
  assert.equal(r.line, undefined);
  assert.deepEqual(r.settings.build, { preset: 'none' });
  assert.equal(r.settings.projects, undefined);
});

test('a file that gives everything leaves nothing to say', () => {
  const r = fromFile({
    build: 'make',
    run: { program: 'out/a', 'ned-path': ['.'] },
    projects: [],
  });
  assert.equal(r.line, undefined);
});

test('an ambiguous or missing model is an error naming what was looked for', () => {
  const ambiguous: Detection = {
    ...DETECTED,
    projects: [],
    projectTexts: [],
    model: { kind: 'ambiguous', message: 'several candidates ...: ./a, ./b' },
  };
  assert.throws(
    () => applyDetection(DEFAULT_SETTINGS, NOTHING_GIVEN, ambiguous, '/w/p'),
    (e: unknown) =>
      e instanceof ModelDetectionError &&
      e.message ===
        '/w/p: cannot tell which is the model: several candidates ...: ./a, ./b; say what to run in opp-campaign.yml (run: program or libraries; build:)',
  );
  const none: Detection = { ...ambiguous, model: { kind: 'none', lookedFor: 'X, Y' } };
  assert.throws(
    () => applyDetection(DEFAULT_SETTINGS, NOTHING_GIVEN, none, '/w/p'),
    /^ModelDetectionError: \/w\/p: no simulation model found: looked for X, Y; build the model first/,
  );
  // a program in the campaign file: nothing to detect, nothing wrong
  const given = givenSettings({ run: { program: './sim' } });
  assert.doesNotThrow(() => applyDetection(DEFAULT_SETTINGS, given, none, '/w/p'));
  // opp_run with the referenced projects' libraries, or with the ini's load-libs
  const withProject = applyDetection(
    DEFAULT_SETTINGS,
    NOTHING_GIVEN,
    { ...none, projects: DETECTED.projects, projectTexts: DETECTED.projectTexts },
    '/w/p',
  );
  assert.match(withProject.line ?? '', /model opp_run with the referenced projects' libraries/);
  const loadLibs = applyDetection(
    DEFAULT_SETTINGS,
    NOTHING_GIVEN,
    { ...none, iniLoadsLibraries: true },
    '/w/p',
  );
  assert.match(loadLibs.line ?? '', /model opp_run with the ini files' load-libs/);
});

test('a referenced project that is not found is an error, unless the file declares projects', () => {
  const missing: Detection = {
    ...DETECTED,
    missing: [
      {
        name: 'queueinglib',
        referencedBy: '/w/queuenet/.project',
        lookedIn: ['../queueinglib', 'every folder in /w with a .project named queueinglib'],
      },
    ],
  };
  assert.throws(
    () => applyDetection(DEFAULT_SETTINGS, NOTHING_GIVEN, missing, '/w/queuenet'),
    (e: unknown) =>
      e instanceof ModelDetectionError &&
      e.message ===
        "project 'queueinglib' (referenced by /w/queuenet/.project) not found: looked in ../queueinglib, every folder in /w with a .project named queueinglib; put it there, or declare it under projects: in opp-campaign.yml",
  );
  const value = { projects: [{ name: 'queueinglib', git: 'https://example.org/q.git' }] };
  assert.doesNotThrow(() =>
    applyDetection(parseCampaignSettings(value), givenSettings(value), missing, '/w/queuenet'),
  );
});
