// `opp-campaign resume` against recorded GitHub responses: it reads the campaign's run index
// (the results artifact's journal, or the shard artifacts' journals) and submits exactly the
// failed and missing runs, on a branch at the campaign's commit named after it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resumeCommand } from '../../src/cli/resume-command.js';
import { planDocument, planZip, resultsZip, type RunSpec } from '../helpers/campaign-artifacts.js';
import { runClient } from '../helpers/client-cli.js';
import {
  blob,
  exchange,
  startScript,
  type Exchange,
  type Script,
} from '../helpers/github-script.js';

const TOKEN = 'github_pat_11RESUMETOKENab12cd34ef56gh78ij9';
const SHA = '009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d';
const cwd = mkdtempSync(join(tmpdir(), 'opp-resume-'));
const scripts: Script[] = [];
after(() => Promise.all(scripts.map((s) => s.close())));

async function resume(
  script: Exchange[],
  args: string[],
): Promise<{ r: Awaited<ReturnType<typeof runClient>>; api: Script }> {
  const api = await startScript(script, TOKEN, { headSha: SHA });
  scripts.push(api);
  const r = await runClient(resumeCommand, [...args, '--repo', 'octo-org/octo-repo'], {
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, PATH: process.env['PATH'] },
    cwd,
  });
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token was printed');
  return { r, api };
}

const RUNS = '/repos/octo-org/octo-repo/actions/runs';
const BLOB = '?sv=2025-01-05&se=2026-01-01T00%3A01%3A00Z&sig=Zm9v';
const spec = (config: string, run: number, status: RunSpec['status']): RunSpec => ({
  config,
  run,
  key: `${config}${run}`,
  status,
});

test('resume: exactly the failed and missing runs of two configs, at the same commit', async () => {
  const plan = planDocument(SHA, [
    [
      ['A', 0, 'A0'],
      ['A', 1, 'A1'],
      ['A', 2, 'A2'],
      ['A', 3, 'A3'],
    ],
    [
      ['A', 7, 'A7'],
      ['B', 0, 'B0'],
      ['B', 1, 'B1'],
      ['B', 2, 'B2'],
    ],
  ]);
  const journal = [
    spec('A', 0, 'ok'),
    spec('A', 1, 'failed'),
    spec('A', 2, 'ok'),
    spec('A', 3, 'interrupted'), // its shard was cancelled: missing
    spec('B', 0, 'ok'),
    spec('B', 1, 'timeout'),
    spec('B', 2, 'ok'),
    // A 7: no shard reported it
  ];
  const { r, api } = await resume(
    [
      ...[
        'run-failure',
        'artifacts-all',
        'artifact-1100-redirect',
        'artifact-1103-redirect',
        'create-ref',
        'dispatch-resume-run-details',
      ].map(exchange),
      blob(1100, planZip(plan)),
      blob(1103, resultsZip(journal)),
    ],
    ['30433642'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'https://github.com/octo-org/octo-repo/actions/runs/30433700\n');
  assert.match(r.stderr, /run 30433642: 4 of 8 planned runs succeeded, 2 failed, 2 missing/);
  assert.deepEqual(api.lines(), [
    `GET ${RUNS}/30433642`,
    `GET ${RUNS}/30433642/artifacts?per_page=100`,
    'GET /repos/octo-org/octo-repo/actions/artifacts/1100/zip',
    `GET /blob/1100${BLOB}`,
    `GET ${RUNS}/30433642/artifacts?per_page=100`,
    'GET /repos/octo-org/octo-repo/actions/artifacts/1103/zip',
    `GET /blob/1103${BLOB}`,
    'POST /repos/octo-org/octo-repo/git/refs',
    'POST /repos/octo-org/octo-repo/actions/workflows/campaign.yml/dispatches',
  ]);
  const [createRef, dispatch] = api.received.slice(-2).map((x) => JSON.parse(x.body) as unknown);
  assert.deepEqual(createRef, { ref: 'refs/heads/opp-campaign/resume-of-30433642', sha: SHA });
  assert.deepEqual(dispatch, {
    ref: 'opp-campaign/resume-of-30433642',
    inputs: {
      configs: 'A,B',
      runs:
        '"$configname" == "A" && ($runnumber == 1 || $runnumber == 3 || $runnumber == 7)' +
        ' || "$configname" == "B" && ($runnumber == 1)',
      'max-shards': '2',
    },
    return_run_details: true,
  });
});

test("without a results artifact, the shards' journals are the run index (--dry-run)", async () => {
  const plan = planDocument(SHA, [
    [
      ['General', 0, 'General0'],
      ['General', 1, 'General1'],
    ],
    [
      ['General', 2, 'General2'],
      ['General', 3, 'General3'],
    ],
  ]);
  const { r, api } = await resume(
    [
      ...[
        'run-failure',
        'artifacts-no-results',
        'artifact-1100-redirect',
        'artifact-1101-redirect',
        'artifact-1102-redirect',
      ].map(exchange),
      blob(1100, planZip(plan)),
      blob(1101, resultsZip([spec('General', 0, 'ok'), spec('General', 1, 'crashed')])),
      blob(1102, resultsZip([spec('General', 2, 'ok')])),
    ],
    ['30433642', '--dry-run', '--max-shards', '1'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /would redo 2 runs at 009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d on branch opp-campaign\/resume-of-30433642: configs General, runs '1,3'/,
  );
  assert.ok(
    api.lines().every((l) => l.startsWith('GET ')),
    'a dry run changes nothing',
  );
});

test('a resumed campaign counts with the one it resumed: nothing left to do', async () => {
  const plan = planDocument(SHA, [
    [
      ['General', 0, 'General0'],
      ['General', 1, 'General1'],
    ],
  ]);
  const { r, api } = await resume(
    [
      ...[
        'run-resumed',
        'run-failure',
        'artifacts-all',
        'artifacts-resumed',
        'artifact-1100-redirect',
        'artifact-1103-redirect',
        'artifact-1203-redirect',
      ].map(exchange),
      blob(1100, planZip(plan)),
      blob(1103, resultsZip([spec('General', 0, 'ok'), spec('General', 1, 'failed')])),
      blob(1203, resultsZip([spec('General', 1, 'ok')])),
    ],
    ['https://github.com/octo-org/octo-repo/actions/runs/30433700'],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'nothing to resume: every planned run of run 30433700 succeeded\n');
  assert.deepEqual(api.lines().slice(0, 2), [`GET ${RUNS}/30433700`, `GET ${RUNS}/30433642`]);
});

test('a campaign still running is not resumed', async () => {
  const { r, api } = await resume([exchange('run-in-progress')], ['30433642']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /run 30433642 is still in progress: resume it once it has ended/);
  assert.equal(api.received.length, 1);
});
