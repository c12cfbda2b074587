// `opp-campaign submit`: uncommitted work is snapshotted to a real git server on loopback and
// exactly that commit is dispatched (on a branch at it); a clean branch that GitHub has is
// dispatched as it is, and where GitHub answers 204 the run is found by polling. GitHub's side
// is recorded responses; the exact requests are asserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitCommand } from '../../src/cli/submit-command.js';
import { FakeClock, runClient } from '../helpers/client-cli.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { exchange, startScript, type Script } from '../helpers/github-script.js';
import { addCommit } from '../helpers/long-history.js';

const run = promisify(execFile);
const TOKEN = 'github_pat_11SUBMITTOKENab12cd34ef56gh78ij9';
const GIT_TOKEN = 'git-token-5f4e3d2c1b';
const root = mkdtempSync(join(tmpdir(), 'opp-submit-server-'));
const BARE = join(root, 'octo-org', 'octo-repo.git');
const INI = '[General]\nnetwork = Net\n**.x = ${x=1..5}\n';
let server: GitServer;
const scripts: Script[] = [];

/** git, async: the server answers from this very process. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${server.url}.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x:${GIT_TOKEN}`).toString('base64')}`,
      GIT_TERMINAL_PROMPT: '0',
    },
  });
  return stdout.trim();
}

/** A clone of the server's repository with the model project, on main. */
async function userClone(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'opp-submit-user-'));
  await git(dir, 'clone', '-q', `${server.url}octo-org/octo-repo.git`, '.');
  await git(dir, 'config', 'user.name', 'User');
  await git(dir, 'config', 'user.email', 'user@example.com');
  return dir;
}

before(async () => {
  mkdirSync(join(root, 'octo-org'));
  addCommit(BARE, [
    { path: 'omnetpp.ini', content: INI },
    // a model source: the local plan checks that there is a model to build
    { path: 'Node.cc', content: '' },
    { path: '.gitignore', content: 'results/\n' },
  ]);
  server = await startGitServer(root, GIT_TOKEN);
});
after(async () => {
  await server.close();
  await Promise.all(scripts.map((s) => s.close()));
});

async function submit(
  dir: string,
  names: string[],
  args: string[],
  vars: Record<string, string> = {},
  effect?: Parameters<typeof startScript>[3],
): Promise<{ r: Awaited<ReturnType<typeof runClient>>; api: Script; clock: FakeClock }> {
  const api = await startScript(names.map(exchange), TOKEN, vars, effect);
  scripts.push(api);
  const clock = new FakeClock();
  const r = await runClient(submitCommand, args, {
    env: {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: api.url,
      OPP_CAMPAIGN_GIT_TOKEN: GIT_TOKEN,
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
    },
    cwd: dir,
    clock,
  });
  for (const secret of [TOKEN, GIT_TOKEN])
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'a token was printed');
  return { r, api, clock };
}

/** As GitHub does: a branch it creates (201) is there on the git server. */
const createsBranch: NonNullable<Parameters<typeof startScript>[3]> = async (req, answer) => {
  if (req.method !== 'POST' || !req.path.endsWith('/git/refs') || answer.response.status !== 201)
    return;
  const { ref, sha } = JSON.parse(req.body) as { ref: string; sha: string };
  await git(BARE, 'update-ref', ref, sha);
};

/** The refs on the server: `SHA REF` lines. */
const serverRefs = async (): Promise<string[]> =>
  (await git(BARE, 'for-each-ref', '--format=%(objectname) %(refname)'))
    .split('\n')
    .filter((l) => l !== '');

const DISPATCH = 'POST /repos/octo-org/octo-repo/actions/workflows/campaign.yml/dispatches';

test('uncommitted work: a snapshot is pushed and exactly that commit is dispatched', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '1..3'));
  writeFileSync(join(dir, 'notes.txt'), 'untracked, not ignored\n');
  const head = await git(dir, 'rev-parse', 'HEAD');
  const { r, api } = await submit(
    dir,
    ['ref-main', 'create-ref', 'dispatch-run-details'],
    [dir, '-c', 'General', '-r', '0..1', '--max-shards', '2'],
    { headSha: head },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://github.com/octo-org/octo-repo/actions/runs/30433642\n');
  // the scratch ref on the server holds the working tree, on top of HEAD
  const [line] = (
    await git(BARE, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/opp-campaign/')
  )
    .split('\n')
    .filter((l) => l !== '');
  const [sha, ref] = (line ?? '').split(' ');
  assert.match(ref ?? '', /^refs\/opp-campaign\/20251231T235000Z-[0-9a-f]{12}$/);
  assert.equal(await git(BARE, 'rev-parse', `${sha}^`), head);
  assert.equal(await git(BARE, 'show', `${sha}:omnetpp.ini`), INI.replace('1..5', '1..3').trim());
  assert.equal(await git(BARE, 'show', `${sha}:notes.txt`), 'untracked, not ignored');
  const branch = `opp-campaign/${(ref ?? '').slice('refs/opp-campaign/'.length)}`;
  // GitHub is asked before the snapshot is pushed
  assert.deepEqual(api.lines(), [
    'GET /repos/octo-org/octo-repo/git/ref/heads%2Fmain',
    'POST /repos/octo-org/octo-repo/git/refs',
    DISPATCH,
  ]);
  assert.deepEqual(JSON.parse(api.received[1]?.body ?? ''), { ref: `refs/heads/${branch}`, sha });
  assert.deepEqual(JSON.parse(api.received[2]?.body ?? ''), {
    ref: branch,
    inputs: { configs: 'General', runs: '0..1', 'max-shards': '2' },
    return_run_details: true,
  });
  assert.match(r.stderr, /planned 2 runs in 2 shards/);
  assert.match(r.stderr, new RegExp(`pushed a snapshot of the working tree \\(${sha}\\)`));
  assert.equal(await git(dir, 'status', '--porcelain'), 'M omnetpp.ini\n?? notes.txt', 'untouched');
});

test('uncommitted work and a token GitHub refuses: nothing is pushed', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '1..2'));
  const refsBefore = await git(BARE, 'for-each-ref');
  const api = await startScript([], TOKEN);
  scripts.push(api);
  const r = await runClient(submitCommand, [], {
    env: {
      GITHUB_TOKEN: 'ghp_wrong0token0wrong0token0wrong0token0',
      GITHUB_API_URL: api.url,
      OPP_CAMPAIGN_GIT_TOKEN: GIT_TOKEN,
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
    },
    cwd: dir,
    clock: new FakeClock(),
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /GitHub refused the token/);
  assert.equal(await git(BARE, 'for-each-ref'), refsBefore, 'a snapshot was pushed');
});

test('a dispatch GitHub refuses (no such workflow): the snapshot and branch pushed for it are deleted', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '1..4'));
  const refsBefore = await git(BARE, 'for-each-ref');
  // (the fake GitHub's create-ref makes no branch on the git server: only the snapshot is there)
  const { r } = await submit(dir, ['ref-main', 'create-ref', 'dispatch-not-found'], [dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Not Found|not found/i);
  assert.match(
    r.stderr,
    /GitHub refused the campaign: deleted what it was to run \(refs\/opp-campaign\/20251231T235000Z-[0-9a-f]{12}\) from origin/,
  );
  assert.equal(await git(BARE, 'for-each-ref'), refsBefore, 'the snapshot was left on the remote');
});

test('a dispatch GitHub refuses, with the branch GitHub created on the server: the branch and the snapshot are deleted', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '2..4'));
  const refsBefore = await serverRefs();
  let pushed: string[] = [];
  const { r } = await submit(
    dir,
    ['ref-main', 'create-ref', 'dispatch-not-found'],
    [dir],
    {},
    async (req, answer) => {
      await createsBranch(req, answer);
      // what was on the server when GitHub was asked to dispatch
      if (req.path.endsWith('/dispatches')) pushed = await serverRefs();
    },
  );
  assert.equal(r.code, 1);
  const added = pushed.filter((l) => !refsBefore.includes(l));
  const snapshot = added.find((l) => / refs\/opp-campaign\//.test(l)) ?? '';
  const sha = snapshot.split(' ')[0] ?? '';
  const name = snapshot.slice(snapshot.indexOf('refs/opp-campaign/') + 'refs/opp-campaign/'.length);
  // both were there: the snapshot and a branch at it
  assert.deepEqual(added.sort(), [
    `${sha} refs/heads/opp-campaign/${name}`,
    `${sha} refs/opp-campaign/${name}`,
  ]);
  assert.ok(
    r.stderr.includes(
      `GitHub refused the campaign: deleted what it was to run (refs/opp-campaign/${name}, refs/heads/opp-campaign/${name}) from origin`,
    ),
    r.stderr,
  );
  assert.deepEqual(await serverRefs(), refsBefore, 'the branch or snapshot was left on the remote');
});

test('a dispatch GitHub accepts: the branch GitHub created and the snapshot stay on the server', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '3..4'));
  const head = await git(dir, 'rev-parse', 'HEAD');
  const refsBefore = await serverRefs();
  const { r } = await submit(
    dir,
    ['ref-main', 'create-ref', 'dispatch-run-details'],
    [dir],
    { headSha: head },
    createsBranch,
  );
  assert.equal(r.code, 0, r.stderr);
  const added = (await serverRefs()).filter((l) => !refsBefore.includes(l));
  const snapshot = added.find((l) => / refs\/opp-campaign\//.test(l)) ?? '';
  const sha = snapshot.split(' ')[0] ?? '';
  const name = snapshot.slice(snapshot.indexOf('refs/opp-campaign/') + 'refs/opp-campaign/'.length);
  assert.deepEqual(added.sort(), [
    `${sha} refs/heads/opp-campaign/${name}`,
    `${sha} refs/opp-campaign/${name}`,
  ]);
});

test('a branch GitHub refuses to create (a token that may not write contents): the snapshot pushed for it is deleted', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), INI.replace('1..5', '1..3'));
  const refsBefore = await git(BARE, 'for-each-ref');
  const { r } = await submit(dir, ['ref-main', 'create-ref-forbidden'], [dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Resource not accessible by personal access token/);
  assert.match(
    r.stderr,
    /GitHub refused the campaign: deleted what it was to run \(refs\/opp-campaign\/20251231T235000Z-[0-9a-f]{12}\) from origin/,
  );
  assert.equal(await git(BARE, 'for-each-ref'), refsBefore, 'the snapshot was left on the remote');
});

test('a clean branch GitHub has: dispatched as it is; a 204 is followed by polling', async () => {
  const dir = await userClone();
  const head = await git(dir, 'rev-parse', 'HEAD');
  const refsBefore = await git(BARE, 'for-each-ref');
  const { r, api, clock } = await submit(
    dir,
    ['ref-main', 'dispatch-no-content', 'list-dispatched-runs-empty', 'list-dispatched-runs'],
    [],
    { headSha: head },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://github.com/octo-org/octo-repo/actions/runs/30433642\n');
  const list =
    'GET /repos/octo-org/octo-repo/actions/workflows/campaign.yml/runs?branch=main&event=workflow_dispatch&created=%3E%3D2025-12-31T23%3A49%3A51Z&per_page=30';
  assert.deepEqual(api.lines(), [
    'GET /repos/octo-org/octo-repo/git/ref/heads%2Fmain',
    DISPATCH,
    list,
    list,
  ]);
  assert.deepEqual(JSON.parse(api.received[1]?.body ?? ''), {
    ref: 'main',
    inputs: {},
    return_run_details: true,
  });
  assert.deepEqual(clock.sleeps, [1000]);
  assert.equal(await git(BARE, 'for-each-ref'), refsBefore, 'nothing was pushed');
});

test('a token without the Actions write permission: which permission, GitHub says', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'scratch.txt'), 'uncommitted');
  const { r, api } = await submit(dir, ['dispatch-forbidden'], ['--ref', 'main']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /GitHub refused to start the campaign workflow of octo-org\/octo-repo \(403\): a fine-grained token needs the repository permission "Actions: read and write" \(GitHub accepts: actions=write\)/,
  );
  assert.deepEqual(api.lines(), [DISPATCH]);
});

test('an ini error shows with its file and line, and nothing is sent', async () => {
  const dir = await userClone();
  writeFileSync(join(dir, 'omnetpp.ini'), '[General]\n**.x = ${x=1..}\n');
  const { r, api } = await submit(dir, [], []);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^opp-campaign: error: omnetpp\.ini:2: /);
  assert.deepEqual(api.lines(), []);
});
