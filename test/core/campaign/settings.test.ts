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
    batch: 3,
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
    batch: 3,
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
  bad({ jobs: 0 }, ['jobs'], /whole number from 1 to 1024, not 0/);
  bad({ jobs: '4' }, ['jobs'], /whole number/);
  bad({ build: { preset: 'cmake' } }, ['build', 'preset'], /must be one of/);
  bad({ build: { preset: 'make', makemake: ['-f'] } }, ['build', 'makemake'], /does not apply/);
  bad({ run: { program: 7 } }, ['run', 'program'], /non-empty string/);
  bad({ configs: ['A', 3] }, ['configs', 1], /non-empty string/);
  bad({ timeout: 'soon' }, ['timeout'], /duration/);
  bad([1, 2], [], /must be a mapping/);
  bad(
    { run: { args: ['--sim-time-limit=1s', '-c', 'Other'] } },
    ['run', 'args', 1],
    /^'run\.args': '-c Other': opp-campaign sets each run's config itself/,
  );
});

test('durations', () => {
  assert.equal(parseDuration(90, []), 90_000);
  assert.equal(parseDuration('500ms', []), 500);
  assert.equal(parseDuration('1.5h', []), 5_400_000);
  assert.throws(() => parseDuration('0s', []), SettingsError);
});

test('projects, features and sidecars', () => {
  const s = parseCampaignSettings({
    projects: [
      { name: 'inet', git: 'https://github.com/inet-framework/inet.git', ref: 'v4.5.4' },
      { name: 'veins', submodule: 'lib/veins', build: { preset: 'omnetpp', mode: 'debug' } },
      {
        name: 'mylib',
        path: '../mylib',
        build: 'make',
        libraries: 'out/mylib',
        'ned-path': ['ned'],
        images: [],
        references: [],
      },
      { name: 'tools', path: '/opt/tools', build: { command: './build.sh', dir: 'src' } },
    ],
    features: { inet: { enable: ['Emulation'], disable: ['VisualizationOsg'] } },
    sidecars: [
      {
        name: 'sumo',
        command: 'sumo-launchd.py -vv -c sumo -p {port}',
        args: ['--*.manager.port=${port}'],
        env: { SUMO_PORT: '{port}' },
        'ready-timeout': '10s',
      },
      { name: 'logger', command: 'python3 log.py {run}', ports: [], ready: { line: '^ready$' } },
    ],
  });
  assert.deepEqual(s.projects, [
    {
      name: 'inet',
      source: { kind: 'git', url: 'https://github.com/inet-framework/inet.git', ref: 'v4.5.4' },
      build: { preset: 'omnetpp', mode: 'release' },
    },
    {
      name: 'veins',
      source: { kind: 'submodule', path: 'lib/veins' },
      build: { preset: 'omnetpp', mode: 'debug' },
    },
    {
      name: 'mylib',
      source: { kind: 'path', path: '../mylib' },
      build: { preset: 'make', dir: '.', args: [] },
      nedPath: ['ned'],
      libraries: ['out/mylib'],
      images: [],
      references: [],
    },
    {
      name: 'tools',
      source: { kind: 'path', path: '/opt/tools' },
      build: { preset: 'command', command: './build.sh', dir: 'src' },
    },
  ]);
  assert.deepEqual(s.features, { inet: { enable: ['Emulation'], disable: ['VisualizationOsg'] } });
  assert.deepEqual(s.sidecars, [
    {
      name: 'sumo',
      command: 'sumo-launchd.py -vv -c sumo -p {port}',
      dir: '.',
      ports: ['port'],
      ready: { port: 'port' },
      readyTimeoutMs: 10_000,
      stopTimeoutMs: 2_000,
      args: ['--*.manager.port=${port}'],
      env: { SUMO_PORT: '{port}' },
    },
    {
      name: 'logger',
      command: 'python3 log.py {run}',
      dir: '.',
      ports: [],
      ready: { line: '^ready$' },
      readyTimeoutMs: 30_000,
      stopTimeoutMs: 2_000,
      args: [],
      env: {},
    },
  ]);
  // a git project's ref defaults to the remote's HEAD; without the keys, nothing is added
  assert.deepEqual(parseCampaignSettings({ projects: [{ name: 'a', git: 'u' }] }).projects?.[0], {
    name: 'a',
    source: { kind: 'git', url: 'u', ref: 'HEAD' },
    build: { preset: 'omnetpp', mode: 'release' },
  });
  assert.equal('projects' in parseCampaignSettings({ jobs: 2 }), false);
});

test('projects, features and sidecars: mistakes name the key', () => {
  const bad = (v: unknown, path: (string | number)[], re: RegExp) =>
    assert.throws(
      () => parseCampaignSettings(v),
      (e: unknown) =>
        e instanceof SettingsError &&
        re.test(e.message) &&
        JSON.stringify(e.path) === JSON.stringify(path),
      `${JSON.stringify(v)}`,
    );
  bad({ projects: { name: 'a' } }, ['projects'], /must be a list of projects/);
  bad(
    { projects: [{ name: 'a' }] },
    ['projects', 0],
    /needs exactly one of path, git or submodule/,
  );
  bad(
    { projects: [{ name: 'a', path: 'x', git: 'y' }] },
    ['projects', 0],
    /exactly one of path, git or submodule \(it has path, git\)/,
  );
  bad(
    { projects: [{ name: 'a', path: 'x', ref: 'v1' }] },
    ['projects', 0, 'ref'],
    /git projects only/,
  );
  bad({ projects: [{ name: 'a', path: 'x', rev: 'v1' }] }, ['projects', 0, 'rev'], /unknown key/);
  bad(
    { projects: [{ name: 'a', git: '--upload-pack=touch /tmp/x', build: 'none' }] },
    ['projects', 0, 'git'],
    /'projects\.0\.git' must not start with '-' \(git would take "--upload-pack=touch \/tmp\/x" for an option\)/,
  );
  bad(
    { projects: [{ name: 'a', git: 'https://example.org/r.git', ref: '--output=/tmp/x' }] },
    ['projects', 0, 'ref'],
    /'projects\.0\.ref' must not start with '-'/,
  );
  bad(
    {
      projects: [
        { name: 'a', path: 'x' },
        { name: 'a', path: 'y' },
      ],
    },
    ['projects', 1, 'name'],
    /declared twice/,
  );
  bad({ projects: [{ name: 'a b', path: 'x' }] }, ['projects', 0, 'name'], /project name/);
  bad(
    { projects: [{ name: 'a', path: 'x', build: { preset: 'make', mode: 'debug' } }] },
    ['projects', 0, 'build', 'mode'],
    /does not apply to build preset 'make'/,
  );
  bad({ projects: [{ name: 'a', submodule: '/abs' }] }, ['projects', 0, 'submodule'], /relative/);
  bad(
    { projects: [{ name: 'a', path: 'x' }], features: { inte: { enable: ['X'] } } },
    ['features', 'inte'],
    /'inte' is not a referenced project \(declared under projects: a\)/,
  );
  bad(
    { projects: [{ name: 'a', path: 'x' }], features: { a: { enabled: ['X'] } } },
    ['features', 'a', 'enabled'],
    /unknown key/,
  );
  bad({ sidecars: [{ name: 's' }] }, ['sidecars', 0, 'command'], /non-empty string/);
  bad(
    { sidecars: [{ name: 's', command: 'x {prot}' }] },
    ['sidecars', 0, 'command'],
    /unknown placeholder \{prot\}/,
  );
  bad(
    { sidecars: [{ name: 's', command: 'x', args: ['--p=${other}'] }] },
    ['sidecars', 0, 'args', 0],
    /unknown placeholder \$\{other\}/,
  );
  bad(
    { sidecars: [{ name: 's', command: 'x', ports: [] }] },
    ['sidecars', 0, 'ready'],
    /needed for a sidecar without ports/,
  );
  bad(
    { sidecars: [{ name: 's', command: 'x', ready: { port: 'p2' } }] },
    ['sidecars', 0, 'ready', 'port'],
    /not one of this sidecar's ports \(port\)/,
  );
  bad(
    { sidecars: [{ name: 's', command: 'x', ready: { line: '(' } }] },
    ['sidecars', 0, 'ready', 'line'],
    /regular expression/,
  );
  bad(
    {
      sidecars: [
        { name: 's', command: 'x' },
        { name: 't', command: 'y' },
      ],
    },
    ['sidecars', 1, 'ports', 0],
    /port 'port' of sidecar 't' is also a port of 's'/,
  );
  bad({ sidecars: [{ name: 's', command: "x 'open" }] }, ['sidecars', 0, 'command'], /unclosed/);
  // a sidecar's env takes what the campaign's env takes: strings and numbers
  for (const [k, v] of [
    ['A', [1, 2]],
    ['B', null],
    ['C', { x: 1 }],
    ['D', true],
  ] as const)
    bad(
      { sidecars: [{ name: 's', command: 'x', env: { [k]: v } }] },
      ['sidecars', 0, 'env', k],
      new RegExp(`^'sidecars\\.0\\.env\\.${k}' must be a string$`),
    );
  assert.deepEqual(
    parseCampaignSettings({ sidecars: [{ name: 's', command: 'x', env: { N: 3 } }] }).sidecars?.[0]
      ?.env,
    { N: '3' },
  );
});
