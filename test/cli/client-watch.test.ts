// `opp-campaign watch` against recorded GitHub responses on loopback, with a fake clock: progress
// from jobs and the plan's shard sizes, the end decided by the merge job, rate limits honoured
// (retry-after, a short budget), exact requests, and a wrong token refused without showing it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveLine, watchCommand } from '../../src/cli/watch-command.js';
import { fetchCommand } from '../../src/cli/fetch-command.js';
import type { PlanDocument } from '../../src/core/plan/plan-document.js';
import { FakeClock, runClient, T0 } from '../helpers/client-cli.js';
import { blob, exchange, startScript, type Script } from '../helpers/github-script.js';
import { makeZip } from '../helpers/zip-writer.js';

const TOKEN = 'github_pat_11WATCHTOKENab12cd34ef56gh78ij90';
const SHA = '009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d';
const RUN_URL = 'https://github.com/octo-org/octo-repo/actions/runs/30433642';
const cwd = mkdtempSync(join(tmpdir(), 'opp-watch-'));
const scripts: Script[] = [];
after(() => Promise.all(scripts.map((s) => s.close())));

function planOf(sizes: readonly number[]): PlanDocument {
  let n = 0;
  return {
    version: 1,
    commit: SHA,
    ini: ['omnetpp.ini'],
    configs: ['General'],
    filter: undefined,
    totalRuns: sizes.reduce((a, b) => a + b, 0),
    shards: sizes.map((size, index) => ({
      index,
      expectedMs: undefined,
      runs: Array.from({ length: size }, () => {
        const run = n++;
        return ['General', run, `key-${run}`] as const;
      }),
    })),
  };
}

const planZip = makeZip([{ name: 'plan.json', data: JSON.stringify(planOf([4, 4, 2])) }]);

async function watch(
  names: string[],
  args: string[],
  token = TOKEN,
  clock = new FakeClock(),
): Promise<{ r: Awaited<ReturnType<typeof runClient>>; api: Script; clock: FakeClock }> {
  const api = await startScript([...names.map(exchange), blob(1100, planZip)], TOKEN, {
    headSha: SHA,
  });
  scripts.push(api);
  const r = await runClient(watchCommand, args, {
    env: { GITHUB_TOKEN: token, GITHUB_API_URL: api.url, PATH: process.env['PATH'] },
    cwd,
    clock,
  });
  assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'the token was printed');
  return { r, api, clock };
}

const RUN = '/repos/octo-org/octo-repo/actions/runs/30433642';
const JOBS = `${RUN}/jobs?filter=latest&per_page=100`;

test('watch to success: progress lines, waits as GitHub asks, exit status 0', async () => {
  const { r, api, clock } = await watch(
    [
      'run-secondary-rate-limit',
      'run-in-progress',
      'run-in-progress',
      'run-success',
      'jobs-shards-running',
      'jobs-merging-low-budget',
      'jobs-success',
      'artifacts-plan',
      'artifact-1100-redirect',
    ],
    [RUN_URL],
    TOKEN,
    new FakeClock(T0 + 330_000), // 23:55:30, as the recorded jobs' times go
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      // 23:56:00, the run started 23:50:02; shard 0 took 4 min for 4 runs, so shard 1 (4 runs
      // since 23:51:10) is due, and shard 2 (2 runs) needs 2 min more
      'running | shards 1 queued, 1 running, 1 done, 0 failed of 3 | runs 4/10 | 5:58 elapsed | ETA 2:00',
      'merging | shards 0 queued, 0 running, 3 done, 0 failed of 3 | runs 10/10 | 6:08 elapsed | ETA 0:00',
      'completed | shards 0 queued, 0 running, 3 done, 0 failed of 3 | runs 10/10 | 8:04 elapsed',
      `campaign success: the merge job ended with success: ${RUN_URL}`,
      '',
    ].join('\n'),
  );
  assert.match(r.stderr, /secondary rate limit, 403\); wait 30 seconds.*Waiting 30 s\./);
  // retry-after 30 s; the usual 10 s; then 4 requests left for the 231 s until the reset at
  // 00:00:00 (and a second): one poll of 2 requests every 115.5 s
  assert.deepEqual(clock.sleeps, [30_000, 10_000, 115_500]);
  assert.deepEqual(api.lines(), [
    `GET ${RUN}`,
    `GET ${RUN}`,
    `GET ${JOBS}`,
    `GET ${RUN}/artifacts?per_page=100`,
    'GET /repos/octo-org/octo-repo/actions/artifacts/1100/zip',
    'GET /blob/1100?sv=2025-01-05&se=2026-01-01T00%3A01%3A00Z&sig=Zm9v',
    `GET ${RUN}`,
    `GET ${JOBS}`,
    `GET ${RUN}`,
    `GET ${JOBS}`,
  ]);
  for (const req of api.received)
    if (req.path.startsWith('/blob/'))
      assert.equal(req.headers.authorization, undefined, 'the token went to the blob URL');
    else assert.equal(req.headers.authorization, `token ${TOKEN}`);
});

test('watch to failure: all pages of jobs, the merge job failed, exit status 1', async () => {
  const { r, api } = await watch(
    [
      'run-in-progress',
      'run-failure',
      'jobs-shards-running',
      'jobs-failure-page-1',
      'jobs-failure-page-2',
      'artifacts-plan',
      'artifact-1100-redirect',
    ],
    ['30433642', '--repo', 'octo-org/octo-repo'],
  );
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    r.stdout.split('\n').slice(-3).join('\n'),
    [
      'completed | shards 0 queued, 0 running, 2 done, 1 failed of 3 | runs 10/10 | 0:08 elapsed',
      `campaign failure: the merge job ended with failure (shards that failed: 1): ${RUN_URL}`,
      '',
    ].join('\n'),
  );
  assert.ok(
    api
      .lines()
      .includes(
        'GET /repositories/1296269/actions/runs/30433642/jobs?filter=latest&per_page=100&page=2',
      ),
  );
});

test('watch --latest: the newest run of the workflow', async () => {
  const { r, api } = await watch(
    [
      'latest-run',
      'run-failure',
      'jobs-failure-page-1',
      'jobs-failure-page-2',
      'artifacts-plan',
      'artifact-1100-redirect',
    ],
    ['--latest', '--repo', 'octo-org/octo-repo'],
  );
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    api.lines()[0],
    'GET /repos/octo-org/octo-repo/actions/workflows/campaign.yml/runs?per_page=1',
  );
  assert.match(r.stdout, /campaign failure: the merge job ended with failure/);
});

test('an exhausted rate limit waits until it resets', async () => {
  const { r, clock } = await watch(
    [
      'rate-limit-exhausted',
      'run-success',
      'jobs-success',
      'artifacts-plan',
      'artifact-1100-redirect',
    ],
    ['30433642', '--repo', 'octo-org/octo-repo'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /rate limit for this token is used up \(403\); it resets at 2026-01-01T00:00:00Z/,
  );
  // reset at 00:00:00, now 23:50:00, plus a second
  assert.deepEqual(clock.sleeps, [601_000]);
});

test('a wrong token: a clear message, the token nowhere in the output', async () => {
  const { r, api } = await watch(
    [],
    ['30433642', '--repo', 'octo-org/octo-repo'],
    'ghp_wrongTOKEN1234567890',
  );
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /^opp-campaign: error: GitHub refused the token \(401 Bad credentials\): GH_TOKEN or GITHUB_TOKEN/,
  );
  assert.equal(api.received.length, 1);
});

test('no token and no gh login: says where a token comes from and what it needs', async () => {
  const r = await runClient(watchCommand, ['1', '--repo', 'octo-org/octo-repo'], {
    env: { PATH: cwd },
    cwd,
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /no GitHub token: set GH_TOKEN or GITHUB_TOKEN, or log in with 'gh auth login'/,
  );
  assert.match(r.stderr, /"Actions: read" \(watch, fetch\)/);
});

test("the GitHub CLI's login is used when no token is set, and not shown", async () => {
  // its login for the API's host (GITHUB_API_URL's: 127.0.0.1), not github.com's
  const bin = mkdtempSync(join(tmpdir(), 'opp-fake-gh-'));
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/sh\n[ "$*" = "auth token --hostname 127.0.0.1" ] && echo ${TOKEN}\n`,
    { mode: 0o755 },
  );
  const api = await startScript(
    ['run-success', 'jobs-success', 'artifacts-plan', 'artifact-1100-redirect']
      .map(exchange)
      .concat(blob(1100, planZip)),
    TOKEN,
    { headSha: SHA },
  );
  scripts.push(api);
  const r = await runClient(watchCommand, ['30433642', '--repo', 'octo-org/octo-repo'], {
    env: { GITHUB_API_URL: api.url, PATH: bin },
    cwd,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN));
  assert.equal(api.received[0]?.headers.authorization, `token ${TOKEN}`);
});

test('wrong command lines', async () => {
  const env = { GITHUB_TOKEN: TOKEN };
  for (const [args, message] of [
    [[], /which run\?/],
    [['1', '--latest'], /RUN or --latest, not both/],
    [['https://github.com/o/r/pull/1'], /neither a run id nor a run's URL/],
    [['1', '--interval', '0'], /--interval takes a whole number from 1/],
  ] as const) {
    const r = await runClient(watchCommand, [...args], { env, cwd });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test("a URL's user name and password typed as RUN or --repo are not repeated in the usage error", async () => {
  const env = { GITHUB_TOKEN: TOKEN };
  for (const [command, args, shown] of [
    [
      watchCommand,
      ['https://alice:S3cr3tPass@github.com/o/r/actions/runs/5'],
      "'https://***@github.com/o/r/actions/runs/5' is neither a run id nor a run's URL",
    ],
    [
      fetchCommand,
      ['https://alice:P@ss@S3cr3t@evil.example/o/r/pull/1'],
      "'https://***@evil.example/o/r/pull/1' is neither",
    ],
    [
      watchCommand,
      ['5', '--repo', 'https://alice:S3cr3tPass@github.com/o/r'],
      "--repo takes OWNER/NAME, not 'https://***@github.com/o/r'",
    ],
  ] as const) {
    const r = await runClient(command, [...args], { env, cwd });
    assert.equal(r.code, 2, args.join(' '));
    assert.ok(r.stderr.includes(shown), r.stderr);
    assert.doesNotMatch(r.stderr, /S3cr3t|alice|P@ss/);
  }
});

test("watch's live line is cut to the terminal's width (a wrapped line leaves rows behind)", () => {
  const line = `3/10 runs done, 0 failed | shards 1/3 | ${'x'.repeat(80)} | 0:42 elapsed`;
  const shown = liveLine(line, 40);
  assert.ok(shown.startsWith('\r\x1b[K'));
  assert.equal(shown.slice(4).length, 39);
  assert.ok(shown.endsWith('…'));
  assert.equal(liveLine('short', 40), '\r\x1b[Kshort');
  assert.equal(liveLine(line, undefined), `\r\x1b[K${line}`);
});
