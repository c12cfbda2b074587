// `opp-campaign runners` against a local stand-in for GitHub's REST API that replays recorded
// responses (test/fixtures/github/), through the real CLI entry (argv, environment, exit codes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { apiTarget, parseRemoteUrl } from '../../src/adapters/git-remote.js';
import { watchCommand } from '../../src/cli/watch-command.js';
import { runClient } from '../helpers/client-cli.js';
import { runCli, spawnCli, type CliResult } from '../helpers/cli.js';
import { recording, startReplay, type Replay } from '../helpers/github-replay.js';
import { REPO as PROJECT } from '../helpers/project.js';

const TOKEN = 'github_pat_11TESTTOKENab12cd34ef56gh78ij90';
const REPO = ['--repo', 'octo-org/octo-repo'];

let api: Replay;
before(async () => {
  api = await startReplay(
    [
      'list-runners-page-1',
      'list-runners-page-2',
      'generate-jitconfig',
      'generate-jitconfig-conflict',
      'registration-token',
      'delete-runner',
      'delete-busy-runner',
      'not-found',
    ].map(recording),
    TOKEN,
  );
});
after(() => api.close());

/** Runs the CLI with GITHUB_TOKEN (and nothing else token-like) and GITHUB_API_URL set. */
async function runners(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<CliResult> {
  const settings = { GITHUB_TOKEN: TOKEN, GH_TOKEN: undefined, GITHUB_API_URL: api.url, ...env };
  const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  set(settings);
  try {
    const r = await runCli(['runners', ...args], cwd);
    assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token was printed');
    return r;
  } finally {
    set(saved);
  }
}

function lastRequests(n: number): typeof api.received {
  return api.received.slice(-n);
}

test('list: every page, sorted by name, as a table', async () => {
  const r = await runners(['list', ...REPO]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'ID  NAME          STATUS   BUSY  LABELS',
      '31  aws-spot-1    online   idle  self-hosted,omnetpp,omnetpp-6.1.0',
      '23  linux_runner  online   busy  self-hosted,X64,Linux',
      '24  mac_runner    offline  idle  self-hosted,X64,macOS,no-gpu',
      '',
    ].join('\n'),
  );
  const [first, second] = lastRequests(2);
  assert.equal(first?.path, '/repos/octo-org/octo-repo/actions/runners?per_page=100');
  assert.equal(second?.path, '/repositories/1296269/actions/runners?per_page=100&page=2');
  assert.equal(first?.headers.authorization, `token ${TOKEN}`);
  assert.match(first?.headers['user-agent'] ?? '', /^opp-campaign/);
});

test('list --json: the runners with their label names', async () => {
  const r = await runners(['list', '--json', ...REPO]);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { name: string; labels: string[]; ephemeral: boolean }[];
  assert.deepEqual(
    list.map((x) => x.name),
    ['aws-spot-1', 'linux_runner', 'mac_runner'],
  );
  assert.deepEqual(list[0]?.labels, ['self-hosted', 'omnetpp', 'omnetpp-6.1.0']);
  assert.equal(list[0]?.ephemeral, true);
});

test('list: a repository without runners says so', async () => {
  const empty = await startReplay([recording('list-runners-empty')], TOKEN);
  try {
    const r = await runners(['list', ...REPO], { GITHUB_API_URL: empty.url });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'no self-hosted runners\n');
  } finally {
    await empty.close();
  }
});

test('jit: only the encoded configuration on stdout; what was created on stderr', async () => {
  const r = await runners(['jit', '--name', 'vm-1', '--labels', 'omnetpp,omnetpp-6.1.0', ...REPO]);
  assert.equal(r.code, 0, r.stderr);
  const expected = recording('generate-jitconfig').response.body as { encoded_jit_config: string };
  assert.equal(r.stdout, `${expected.encoded_jit_config}\n`);
  assert.match(
    r.stderr,
    /created runner 'vm-1' \(id 42, labels self-hosted, omnetpp, omnetpp-6\.1\.0\)/,
  );
  assert.ok(!r.stderr.includes(expected.encoded_jit_config));
  const [req] = lastRequests(1);
  assert.equal(req?.method, 'POST');
  assert.deepEqual(JSON.parse(req?.body ?? ''), {
    name: 'vm-1',
    runner_group_id: 1,
    labels: ['self-hosted', 'omnetpp', 'omnetpp-6.1.0'],
  });
});

/** The CLI as a process (process.stdout as it really is) with `stdout`, GitHub the replay. */
async function runnersProcess(
  args: string[],
  stdout: number | 'pipe',
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT, 'src/cli/main.ts'), 'runners', ...args, ...REPO],
    {
      cwd: PROJECT,
      env: { ...process.env, GITHUB_TOKEN: TOKEN, GH_TOKEN: '', GITHUB_API_URL: api.url },
      stdio: ['ignore', stdout, 'pipe'],
    },
  );
  // a reader that has gone before anything was written: its end of the pipe closed now
  child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  assert.ok(!stderr.includes(TOKEN), 'the token was printed');
  return { code, stderr };
}

test('jit, token and list whose stdout cannot be written: an error naming what was created', async () => {
  const full = openSync('/dev/full', 'w');
  try {
    const jit = await runnersProcess(
      ['jit', '--name', 'vm-1', '--labels', 'omnetpp,omnetpp-6.1.0'],
      full,
    );
    assert.equal(jit.code, 1, jit.stderr);
    assert.equal(
      jit.stderr,
      "opp-campaign: error: created runner 'vm-1' (id 42) on GitHub, but could not write the" +
        ' output to stdout: no space left on device (ENOSPC): its just-in-time configuration is' +
        " lost. Remove the runner with 'opp-campaign runners remove 42 --repo" +
        " octo-org/octo-repo' and create it again.\n",
    );
    const token = await runnersProcess(['token'], full);
    assert.equal(token.code, 1, token.stderr);
    assert.match(
      token.stderr,
      /^opp-campaign: error: created a registration token on GitHub, but could not write the output to stdout: no space left on device \(ENOSPC\)\. GitHub cannot revoke it: it expires at 2020-01-22T12:13:35\.123-08:00\. .*'opp-campaign runners remove ID\|NAME --repo octo-org\/octo-repo'\.\n$/,
    );
    // a list is no credential, but a full disk is no success either
    const list = await runnersProcess(['list'], full);
    assert.equal(list.code, 1, list.stderr);
    assert.equal(
      list.stderr,
      'opp-campaign: error: could not write the output to stdout: no space left on device (ENOSPC)\n',
    );
  } finally {
    closeSync(full);
  }
  // a reader that has gone: the credential is lost all the same (a list is just cut short)
  const gone = await runnersProcess(
    ['jit', '--name', 'vm-1', '--labels', 'omnetpp,omnetpp-6.1.0'],
    'pipe',
  );
  assert.equal(gone.code, 1, gone.stderr);
  assert.match(
    gone.stderr,
    /^opp-campaign: error: created runner 'vm-1' \(id 42\) on GitHub, but could not write the output to stdout: its reader has gone \(a closed pipe\) \(EPIPE\): its just-in-time configuration is lost\. Remove the runner with 'opp-campaign runners remove 42 --repo octo-org\/octo-repo'/,
  );
  assert.doesNotMatch(gone.stderr, /created runner 'vm-1' \(id 42, labels/);
  const cut = await runnersProcess(['list'], 'pipe');
  assert.equal(cut.code, 0, cut.stderr);
  assert.equal(cut.stderr, '');
});

test('jit: a name that exists already is a 409, explained', async () => {
  const r = await runners(['jit', '--name', 'linux_runner', ...REPO]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /409 Conflict\): a runner with that name probably exists already/);
  assert.match(r.stderr, /A runner with the name linux_runner already exists/);
});

test('token: the registration token alone on stdout, its expiry on stderr', async () => {
  const r = await runners(['token', ...REPO]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'LLBF3JGZDX3P5PMEXLND6TS6FCWO6\n');
  assert.match(r.stderr, /expires at 2020-01-22T12:13:35\.123-08:00/);
});

test('remove: by name (looked up in the list) or by id', async () => {
  const byName = await runners(['remove', 'mac_runner', ...REPO]);
  assert.equal(byName.code, 0, byName.stderr);
  assert.equal(byName.stdout, "removed runner 'mac_runner' (id 24)\n");
  assert.deepEqual(
    lastRequests(1).map((q) => `${q.method} ${q.path}`),
    ['DELETE /repos/octo-org/octo-repo/actions/runners/24'],
  );
  const count = api.received.length;
  const byId = await runners(['remove', '24', ...REPO]);
  assert.equal(byId.code, 0, byId.stderr);
  assert.equal(api.received.length, count + 1, 'an id needs no listing');
  const missing = await runners(['remove', 'nobody', ...REPO]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no runner named 'nobody'/);
});

test("remove: a busy runner is refused with GitHub's reason", async () => {
  const r = await runners(['remove', '23', ...REPO]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /\(422\)\. GitHub said: "Validation Failed"\. A busy runner cannot be removed/,
  );
});

test('jit: a 422 names what the runner was asked to be, not the busy-runner rule of remove', async () => {
  const invalid = {
    request: {
      method: 'POST',
      path: '/repos/octo-org/octo-repo/actions/runners/generate-jitconfig',
    },
    response: {
      status: 422,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { message: 'Validation Failed' },
    },
  };
  const server = await startReplay([invalid], TOKEN);
  try {
    const r = await runners(['jit', '--name', 'vm-1', '--runner-group-id', '7', ...REPO], {
      GITHUB_API_URL: server.url,
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /\(422\)\. GitHub said: "Validation Failed"\. Check the runner: its --name/,
    );
    assert.match(r.stderr, /--runner-group-id \(a group that exists and admits this repository\)/);
    assert.doesNotMatch(r.stderr, /busy runner/);
  } finally {
    await server.close();
  }
});

test('a wrong token: "GitHub refused the token (401)", exit 1, the token not shown', async () => {
  const wrong = 'ghp_wrongwrongwrongwrongwrongwrong0000';
  const r = await runners(['list', ...REPO], { GITHUB_TOKEN: wrong });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /^opp-campaign: error: GitHub refused the token \(401 Bad credentials\): GITHUB_TOKEN or GH_TOKEN is wrong, expired or revoked/,
  );
  assert.ok(!r.stderr.includes(wrong));
  assert.equal(lastRequests(1)[0]?.headers.authorization, `token ${wrong}`);
  const gh = await runners(['list', ...REPO], { GITHUB_TOKEN: undefined, GH_TOKEN: TOKEN });
  assert.equal(gh.code, 0, 'GH_TOKEN is read when GITHUB_TOKEN is not set');
});

test('a server message that echoes the token: explained with the token replaced by ***', async () => {
  const R = '/repos/octo-org/octo-repo/actions/runners';
  const commands: [string[], string, string][] = [
    [['list'], 'GET', `${R}?per_page=100`],
    [['token'], 'POST', `${R}/registration-token`],
    [['jit', '--name', 'vm-1'], 'POST', `${R}/generate-jitconfig`],
    [['remove', '24'], 'DELETE', `${R}/24`],
  ];
  for (const [args, method, path] of commands)
    for (const [status, message] of [
      [401, /GitHub refused the token \(401 Bad credentials: you sent token \*\*\*\)/],
      [500, /\(HTTP 500\)\. GitHub said: "internal error for token \*\*\*"\. Try again later/],
    ] as const) {
      const echo = {
        request: { method, path },
        response: {
          status,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: {
            message:
              status === 401
                ? `Bad credentials: you sent token ${TOKEN}`
                : `internal error for token ${TOKEN}`,
          },
        },
      };
      const server = await startReplay([echo], TOKEN);
      try {
        // runners() fails when the token is printed
        const r = await runners([...args, ...REPO], { GITHUB_API_URL: server.url });
        assert.equal(r.code, 1, `${args[0]} ${status}`);
        assert.match(r.stderr, message, `${args[0]} ${status}`);
      } finally {
        await server.close();
      }
    }
});

test('rate limits, missing permission and unknown repositories are explained', async () => {
  const cases: [string, string[], RegExp][] = [
    [
      'rate-limited',
      ['list'],
      /rate limit for this token is used up \(403\); it resets at 2026-01-01T00:00:00Z/,
    ],
    ['secondary-rate-limit', ['token'], /secondary rate limit, 403\); wait 60 seconds/],
    [
      'forbidden',
      ['list'],
      /refused to list the self-hosted runners of octo-org\/octo-repo \(403\).*"Administration"/,
    ],
  ];
  for (const [name, args, message] of cases) {
    const server = await startReplay([recording(name)], TOKEN);
    try {
      const r = await runners([...args, ...REPO], { GITHUB_API_URL: server.url });
      assert.equal(r.code, 1, name);
      assert.match(r.stderr, message, name);
    } finally {
      await server.close();
    }
  }
  const r = await runners(['list', '--repo', 'octo-org/no-such-repo']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /404 when asked to list the self-hosted runners of octo-org\/no-such-repo/,
  );
});

test('no token, no repository, an unreachable API: one clear message each', async () => {
  const none = await runners(['list', ...REPO], { GITHUB_TOKEN: undefined });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no GitHub token: set GITHUB_TOKEN or GH_TOKEN/);
  const noRepo = await runners(['list'], {}, mkdtempSync(join(tmpdir(), 'opp-runners-')));
  assert.equal(noRepo.code, 1);
  assert.match(noRepo.stderr, /pass --repo OWNER\/NAME/);
  const closed = await startReplay([], TOKEN);
  await closed.close();
  const down = await runners(['list', ...REPO], { GITHUB_API_URL: closed.url });
  assert.equal(down.code, 1);
  assert.ok(down.stderr.includes(`Cannot reach GitHub's API at ${closed.url} (ECONNREFUSED)`));
});

test("a proxy that refuses the tunnel: named as the proxy's refusal, not a timeout", async () => {
  // a real HTTPS_PROXY (Node's NODE_USE_ENV_PROXY) answering CONNECT with 502: nothing leaves
  const proxy = createServer((socket) => {
    socket.once('data', () => socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  try {
    const { port } = proxy.address() as AddressInfo;
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_TOKEN: TOKEN };
    for (const name of ['GITHUB_API_URL', 'NO_PROXY', 'no_proxy', 'https_proxy', 'HTTP_PROXY'])
      delete env[name];
    const cli = spawnCli(['runners', 'list', ...REPO], {
      ...env,
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: `http://127.0.0.1:${port}`,
    });
    const { code } = await cli.exited;
    assert.equal(code, 1, cli.output());
    assert.match(
      cli.output(),
      /The proxy refused a tunnel to GitHub's API at https:\/\/api\.github\.com \(HTTP 502\): check HTTPS_PROXY and NO_PROXY\./,
    );
    assert.doesNotMatch(cli.output(), /did not answer in time/);
  } finally {
    proxy.close();
  }
});

test('the repository defaults to the git remote origin', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-runners-'));
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', [
    '-C',
    dir,
    'remote',
    'add',
    'origin',
    'git@github.com:octo-org/octo-repo.git',
  ]);
  const r = await runners(['list'], {}, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /linux_runner/);
});

test('the token goes to no host only inferred from origin: GitLab, an SSH alias, another server', async () => {
  for (const [origin, host] of [
    ['https://127.0.0.1/octo-org/octo-repo.git', '127.0.0.1'],
    ['https://gitlab.com/octo-org/octo-repo.git', 'gitlab.com'],
    ['git@github.com-work:octo-org/octo-repo.git', 'github.com-work'],
    // a raw `#`, `?` or `/` in a password is no end of the host (before: github.com, or
    // "no git remote 'origin' on GitHub")
    ['https://u:pa#ss@ghe.example/octo-org/octo-repo.git', 'ghe.example'],
    ['https://u:pa/ss@ghe.example/octo-org/octo-repo.git', 'ghe.example'],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'opp-runners-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin]);
      const seen = api.received.length;
      const r = await runners(['list'], { GITHUB_API_URL: undefined }, dir);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(
        r.stderr.includes(
          `which GitHub? the remote 'origin' is on ${host}, not github.com, and the token goes` +
            ' to no host it was not told to: for a repository on github.com (origin through an' +
            ' SSH host alias, a mirror) pass --repo OWNER/NAME; for GitHub Enterprise set' +
            ` GITHUB_API_URL=https://${host}/api/v3.`,
        ),
        r.stderr,
      );
      // watch, fetch, submit and resume decide the same way
      const w = await runClient(watchCommand, ['5'], { env: { GITHUB_TOKEN: TOKEN }, cwd: dir });
      assert.equal(w.code, 1, w.stderr);
      assert.match(w.stderr, new RegExp(`which GitHub\\? the remote 'origin' is on ${host}`));
      // told explicitly (GITHUB_API_URL): that API, with origin's repository
      const told = await runners(['list'], {}, dir);
      assert.equal(told.code, 0, told.stderr);
      assert.equal(api.received.length, seen + 2, 'only the explicit API was asked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // --repo is a repository on github.com, whatever origin names; GITHUB_API_URL overrides all
  const gh = { baseUrl: 'https://api.github.com', host: 'github.com' };
  assert.deepEqual(apiTarget({ envApiUrl: undefined, originHost: undefined }), gh);
  assert.deepEqual(apiTarget({ envApiUrl: '', originHost: 'github.com' }), gh);
  assert.deepEqual(apiTarget({ envApiUrl: undefined, originHost: 'GitHub.com' }), gh);
  assert.equal(apiTarget({ envApiUrl: undefined, originHost: 'localhost' }), undefined);
  assert.deepEqual(
    apiTarget({ envApiUrl: undefined, givenHost: 'ghe.example', originHost: undefined }),
    {
      baseUrl: 'https://ghe.example/api/v3',
      host: 'ghe.example',
    },
  );
  assert.deepEqual(
    apiTarget({ envApiUrl: 'https://ghe.example/api/v3', originHost: 'gitlab.com' }),
    {
      baseUrl: 'https://ghe.example/api/v3',
      host: 'ghe.example',
    },
  );
  assert.deepEqual(apiTarget({ envApiUrl: 'https://api.github.com', originHost: undefined }), gh);
  assert.deepEqual(apiTarget({ envApiUrl: 'https://api.octo.ghe.com', originHost: undefined }), {
    baseUrl: 'https://api.octo.ghe.com',
    host: 'octo.ghe.com',
  });
});

test('usage errors exit 2', async () => {
  for (const args of [
    ['jit', ...REPO],
    ['frobnicate'],
    ['list', '--name', 'x', ...REPO],
    ['remove', ...REPO],
    ['list', '--repo', 'not a repo'],
    ['jit', '--name', 'x', '--runner-group-id', '0', ...REPO],
  ]) {
    const r = await runners(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /Run 'opp-campaign runners --help' for usage/);
  }
  const help = await runners(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: opp-campaign runners <list\|jit\|token\|remove>/);
});

test('remote URLs: https, scp-like and ssh forms', () => {
  const table: [string, string | undefined][] = [
    ['https://github.com/octo-org/octo-repo.git', 'octo-org/octo-repo'],
    ['https://github.com/octo-org/octo-repo', 'octo-org/octo-repo'],
    ['https://x-access-token:abc@ghe.example.com/a/b.git\n', 'a/b'],
    ['git@github.com:octo-org/octo-repo.git', 'octo-org/octo-repo'],
    ['ssh://git@github.com/octo-org/octo-repo.git', 'octo-org/octo-repo'],
    ['/srv/git/repo.git', undefined],
    ['https://github.com/only-owner', undefined],
  ];
  for (const [url, want] of table) {
    const got = parseRemoteUrl(url);
    assert.equal(got ? `${got.owner}/${got.repo}` : undefined, want, url);
  }
});

test('--repo given a URL with a user name and password: the usage error does not repeat them', async () => {
  const r = await runners(['list', '--repo', 'https://alice:S3cr3tPass@github.com/o/r']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--repo takes OWNER\/NAME, not 'https:\/\/\*\*\*@github\.com\/o\/r'/);
  assert.doesNotMatch(r.stderr, /S3cr3t|alice/);
});
