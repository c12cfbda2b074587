// Credentials in opp-campaign's environment (a GitHub job's tokens, our git token) reach no run,
// no sidecar and no build of a real campaign; ordinary variables and the campaign's env do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { childEnvironment, isSecretName } from '../../src/core/campaign/child-env.js';

const SECRETS = {
  GITHUB_TOKEN: 'ghs_secretGithubToken0001',
  GH_TOKEN: 'ghp_secretGhToken0002',
  ACTIONS_RUNTIME_TOKEN: 'secretRuntimeToken0003',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'secretIdToken0004',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/secret0005',
  ACTIONS_RESULTS_URL: 'https://results.example/secret0006',
  ACTIONS_RUNNER_INPUT_JITCONFIG: 'secretJitConfig0007',
  OPP_CAMPAIGN_GIT_TOKEN: 'secretGitToken0008',
  'INPUT_GITHUB-TOKEN': 'secretActionInput0009',
  AWS_SECRET_ACCESS_KEY: 'secretAws0010',
};

test('which names are credentials', () => {
  for (const name of Object.keys(SECRETS)) assert.equal(isSecretName(name), true, name);
  for (const name of ['PATH', 'HOME', 'LD_LIBRARY_PATH', 'OMNETPP_ROOT', 'TOKENIZER', 'LANG'])
    assert.equal(isSecretName(name), false, name);
  assert.deepEqual(childEnvironment({ PATH: '/bin', GITHUB_TOKEN: 'x' }, { NPM_TOKEN: 'given' }), {
    PATH: '/bin',
    NPM_TOKEN: 'given',
  });
});

test('no run, sidecar or build of a campaign sees a credential', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-child-env-'));
  writeFileSync(
    join(dir, 'omnetpp.ini'),
    '[General]\nnetwork = Net\n[Config C]\n**.x = ${x=1,2}\n',
  );
  writeFileSync(
    join(dir, 'opp-campaign.yml'),
    `configs: [C]
build: { preset: command, command: "env > build.env" }
run: { preset: command, command: "sh -c 'env > run-{run}.env'" }
results: { files: [] }
env: { GIVEN_TOKEN: passed-on-purpose }
sidecars:
  - name: helper
    command: "sh -c 'env > sidecar-{run}.env; echo ready; exec sleep 60'"
    ports: []
    ready: { line: ready }
`,
  );
  mkdirSync(join(dir, 'cache'));
  const saved = { ...process.env };
  Object.assign(process.env, SECRETS, { PLAIN_VARIABLE: 'kept' });
  let r;
  try {
    r = await runCli(['run', dir, '--progress', 'plain', '--ccache-dir', join(dir, 'cache')]);
  } finally {
    for (const k of [...Object.keys(SECRETS), 'PLAIN_VARIABLE']) delete process.env[k];
    Object.assign(process.env, saved);
  }
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const file of ['build.env', 'run-0.env', 'run-1.env', 'sidecar-0.env', 'sidecar-1.env']) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [name, value] of Object.entries(SECRETS)) {
      assert.ok(!text.includes(value), `${file} holds ${name}`);
      assert.ok(!text.includes(`${name}=`), `${file} names ${name}`);
    }
    assert.match(text, /^PLAIN_VARIABLE=kept$/m, file);
    if (!file.startsWith('build')) assert.match(text, /^GIVEN_TOKEN=passed-on-purpose$/m, file);
  }
});
