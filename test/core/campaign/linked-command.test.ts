// A run's command line with referenced projects (-l -n -x -i) and sidecars (extra arguments),
// sidecar templates, and the command that reproduces such a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gone } from '../../helpers/processes.js';
import { runCommand, TemplateError } from '../../../src/core/campaign/command.js';
import { reproduceCommand } from '../../../src/core/campaign/reproduce.js';
import {
  fillTemplate,
  sidecarCommand,
  type SidecarSettings,
} from '../../../src/core/campaign/sidecar-settings.js';

const input = {
  config: 'Study',
  runNumber: 7,
  iniFiles: ['omnetpp.ini'],
  resultDir: '/r/runs',
  runFile: '/r/x.run',
  key: 'abc',
};
const COMMON = [
  '-u',
  'Cmdenv',
  '-c',
  'Study',
  '-r',
  '7',
  '-f',
  'omnetpp.ini',
  '--result-dir=/r/runs',
];
const linked = {
  nedPath: ['../inet/src', '../inet/examples', '.'],
  nedExclusions: ['inet.emulation', 'inet.visualizer.osg'],
  libraries: ['../inet/src/INET'],
  imagePath: ['../inet/images'],
};

test('with referenced projects: -l, the combined -n, -x and -i, program or opp_run', () => {
  const paths = [
    '-l',
    '../inet/src/INET',
    '-n',
    '../inet/src:../inet/examples:.',
    '-x',
    'inet.emulation;inet.visualizer.osg',
    '-i',
    '../inet/images',
  ];
  assert.deepEqual(
    runCommand(
      { preset: 'omnetpp', libraries: ['mine'], nedPath: [], args: ['-s'] },
      {
        ...input,
        linked,
      },
    ),
    {
      command: 'opp_run',
      args: [...paths.slice(0, 2), '-l', 'mine', ...paths.slice(2), ...COMMON, '-s'],
    },
  );
  assert.deepEqual(
    runCommand(
      { preset: 'omnetpp', program: 'out/model', libraries: [], nedPath: [], args: [] },
      { ...input, linked, extraArgs: ['--*.manager.port=4321'] },
    ),
    { command: 'out/model', args: [...paths, ...COMMON, '--*.manager.port=4321'] },
  );
  // empty lists add nothing
  assert.deepEqual(
    runCommand(
      { preset: 'omnetpp', program: 'out/model', libraries: [], nedPath: [], args: [] },
      { ...input, linked: { nedPath: [], nedExclusions: [], libraries: [], imagePath: [] } },
    ).args,
    COMMON,
  );
  // a command template gets the sidecars' arguments at the end
  assert.deepEqual(
    runCommand(
      { preset: 'command', command: './sim {config} {run}' },
      {
        ...input,
        extraArgs: ['--port', '4321'],
      },
    ),
    { command: './sim', args: ['Study', '7', '--port', '4321'] },
  );
});

const sidecar: SidecarSettings = {
  name: 'sumo',
  command: "sumo-launchd.py -p {port} --log '{resultdir}/sumo {run}.log'",
  dir: '.',
  ports: ['port'],
  ready: { port: 'port' },
  readyTimeoutMs: 1000,
  stopTimeoutMs: 1000,
  args: [],
  env: {},
};

test('sidecar templates: {name} and ${name}, split into words before filling in', () => {
  const values = { port: '4321', resultdir: '/r/my runs', run: '7' };
  assert.equal(fillTemplate('--*.manager.port=${port}', values), '--*.manager.port=4321');
  assert.equal(fillTemplate('{port}/{port}', values), '4321/4321');
  assert.deepEqual(sidecarCommand(sidecar, values), {
    command: 'sumo-launchd.py',
    args: ['-p', '4321', '--log', '/r/my runs/sumo 7.log'],
  });
  assert.throws(() => fillTemplate('{nope}', values), TemplateError);
});

test('the reproduce command starts the sidecars first and stops them after', () => {
  const cmd = { command: 'out/model', args: ['-c', 'Study', '--*.manager.port=4321'] };
  const env = { OPP_CAMPAIGN_RUN_KEY: 'abc' };
  assert.equal(
    reproduceCommand('/p', cmd, env),
    "cd /p && OPP_CAMPAIGN_RUN_KEY=abc out/model -c Study '--*.manager.port=4321'",
  );
  assert.equal(
    reproduceCommand('/p', cmd, env, [
      { dir: '/p/tools', command: 'python3', args: ['server.py', '--port', '4321'] },
    ]),
    "cd /p && set -m && { (cd /p/tools && exec python3 server.py --port 4321) & S0=$!; } && sleep 1 && OPP_CAMPAIGN_RUN_KEY=abc out/model -c Study '--*.manager.port=4321'; kill -- -$S0 2>/dev/null",
  );
});

test("the reproduce command prints no credential of the campaign's env: it takes it from the shell", () => {
  const cmd = { command: 'out/model', args: ['-c', 'Study'] };
  const env = {
    DB_PASSWORD: 'hunter2',
    LICENSE_API_KEY: 'k-123',
    GITHUB_PAT: 'ghp_x',
    PLAIN: 'a b',
    OPP_CAMPAIGN_RUN_KEY: 'abc',
  };
  const line = reproduceCommand('/p', cmd, env);
  for (const secret of ['hunter2', 'k-123', 'ghp_x']) assert.ok(!line.includes(secret), line);
  assert.equal(
    line,
    `cd /p && DB_PASSWORD="$DB_PASSWORD" LICENSE_API_KEY="$LICENSE_API_KEY" GITHUB_PAT="$GITHUB_PAT" PLAIN='a b' OPP_CAMPAIGN_RUN_KEY=abc out/model -c Study`,
  );
  // pasted, each gets the shell's own value
  const r = spawnSync(
    'bash',
    ['-c', line.replace('cd /p && ', '').replace('out/model -c Study', 'env')],
    {
      encoding: 'utf8',
      env: { ...process.env, DB_PASSWORD: 'mine' },
    },
  );
  assert.match(r.stdout, /^DB_PASSWORD=mine$/m);
  assert.match(r.stdout, /^PLAIN=a b$/m);
});

test('the reproduce command, pasted into a shell, stops each sidecar with what it started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-reproduce-'));
  // a sidecar that starts a worker of its own (as sumo-launchd starts SUMO)
  const sidecar = {
    dir,
    command: 'sh',
    args: ['-c', 'sleep 300 & echo $! > worker.pid; wait'],
  };
  const line = reproduceCommand(dir, { command: 'true', args: [] }, {}, [sidecar]);
  const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.stderr, '');
  const worker = Number(readFileSync(join(dir, 'worker.pid'), 'utf8'));
  assert.ok(await gone(worker), "the sidecar's worker outlived the pasted command");
});
