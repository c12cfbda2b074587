// GitHubArtifactStore against the fake artifact service. The real @actions/artifact client makes
// its real HTTP calls, and the fake checks each against the recorded exchanges in
// test/fixtures/github-artifacts/, so these tests pin the wire contract as well as the adapter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  GitHubArtifactAuthError,
  GitHubArtifactNetworkError,
  GitHubArtifactRuntimeError,
  GitHubArtifactStore,
} from '../../../src/adapters/artifacts/github-store.js';
import { ArtifactExistsError, ArtifactNotFoundError } from '../../../src/ports.js';
import {
  type Call,
  type FakeArtifactService,
  checkFields,
  loadExchange,
  startFakeArtifactService,
} from '../../helpers/fake-artifact-service.js';
import { REPO } from '../../helpers/project.js';

const UPLOAD: Call[] = ['CreateArtifact', 'PutBlock', 'PutBlockList', 'FinalizeArtifact'];
const DOWNLOAD: Call[] = ['ListArtifacts', 'ListArtifacts', 'GetSignedArtifactURL', 'GetBlob'];

// @actions/core writes the client's progress and ::debug:: commands to stdout, pages of them; the
// fake's `requests` and `violations` tell more, so the test output keeps only the runner's own.
const ACTIONS_LOG =
  /^(::|Artifact |Root directory|Uploading|Uploaded bytes|Beginning upload|Finished uploading|SHA256 digest|Finalizing|Found \d+ artifact|Redirecting to blob|Starting download|Attempt \d+ of \d+ failed)/;
const write = process.stdout.write.bind(process.stdout);
const quietWrite = ((chunk: unknown, ...rest: unknown[]): boolean =>
  (typeof chunk === 'string' && ACTIONS_LOG.test(chunk)) ||
  (write as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof write;

let service: FakeArtifactService;
before(async () => {
  process.stdout.write = quietWrite;
  service = await startFakeArtifactService();
});
after(async () => {
  await service.close();
  process.stdout.write = write;
});

/** Runs `fn` with the step environment `env` (the client reads process.env on every call). */
async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  set(env);
  try {
    return await fn();
  } finally {
    set(saved);
  }
}

/** The calls made while `fn` ran, and the fake's contract violations, which must be none. */
async function calls(fn: () => Promise<unknown>): Promise<Call[]> {
  const from = service.requests.length;
  await fn();
  assert.deepEqual(service.violations, []);
  return service.requests.slice(from).map((r) => r.call as Call);
}

function tree(files: Record<string, Buffer | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'opp-gh-artifact-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  return root;
}

function filesOf(dir: string): Record<string, Buffer> {
  const files: [string, Buffer][] = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((p) => [p.slice(dir.length + 1), readFileSync(p)]);
  return Object.fromEntries(files.sort(([a], [b]) => a.localeCompare(b)));
}

const store = new GitHubArtifactStore({ retentionDays: 5, compressionLevel: 0 });

test('upload, list and download round trip files in subfolders, byte for byte', async () => {
  const files = {
    'General-#0.sca': 'scalar Net.host[0] count 42\n',
    'vectors/General-#0.vec': randomBytes(3000),
    'vectors/deep/er/big.bin': randomBytes(9 * 1024 * 1024), // two 8 MiB blocks
    'empty.txt': '',
  };
  const root = tree(files);
  const out = mkdtempSync(join(tmpdir(), 'opp-gh-download-'));
  await withEnv(service.env, async () => {
    assert.deepEqual(await calls(() => store.upload('roundtrip', root, Object.keys(files))), [
      'CreateArtifact',
      'PutBlock',
      'PutBlock',
      'PutBlockList',
      'FinalizeArtifact',
    ]);
    assert.deepEqual(await calls(() => store.list()), ['ListArtifacts']);
    assert.ok((await store.list()).includes('roundtrip'));
    assert.deepEqual(await calls(() => store.download('roundtrip', out)), DOWNLOAD);
  });
  assert.deepEqual(filesOf(out), filesOf(root));

  // The fields that matter on the wire, beyond the recorded shapes the fake already checked.
  const seen = service.requests;
  const body = (call: Call) => seen.find((r) => r.call === call)?.body as Record<string, unknown>;
  const create = body('CreateArtifact');
  assert.equal(create['name'], 'roundtrip');
  assert.equal(create['workflow_run_backend_id'], service.runBackendId);
  const days = (Date.parse(String(create['expires_at'])) - Date.now()) / 86_400_000;
  assert.ok(Math.abs(days - 5) < 0.1, `expires in ${days} days`); // 5 local days: DST may shift it
  const [stored] = service.artifacts();
  assert.equal(body('FinalizeArtifact')['size'], String(stored?.size));
  assert.equal(body('FinalizeArtifact')['hash'], stored?.digest);
  const lists = seen.filter((r) => r.call === 'ListArtifacts').map((r) => r.body);
  assert.ok(lists.some((b) => (b as Record<string, unknown>)['name_filter'] === 'roundtrip'));
  assert.ok(lists.some((b) => (b as Record<string, unknown>)['id_filter'] === String(stored?.id)));
  assert.equal(body('GetSignedArtifactURL')['name'], 'roundtrip');
  for (const r of seen.filter((r) => ['PutBlock', 'PutBlockList', 'GetBlob'].includes(r.call)))
    assert.equal(r.headers['authorization'], undefined, 'no token goes to blob storage');
});

test('list: names of every job of the run, with a prefix, sorted', async () => {
  for (const [job, name] of [
    ['shard-2', 'shard-2'],
    ['shard-0', 'shard-0'],
    ['plan', 'plan'],
    ['shard-1', 'shard-1'],
  ] as const)
    await withEnv(service.jobEnv(job), () =>
      store.upload(name, tree({ [`${name}.txt`]: name }), [`${name}.txt`]),
    );
  await withEnv(service.jobEnv('merge'), async () => {
    assert.deepEqual(await store.list('shard-'), ['shard-0', 'shard-1', 'shard-2']);
    assert.deepEqual(await store.list('nothing-'), []);
    const all = await store.list();
    assert.deepEqual(all, [...all].sort());
    assert.ok(all.includes('plan') && all.includes('shard-1'));
    // Another job's artifact downloads through the uploading job's ids.
    const out = mkdtempSync(join(tmpdir(), 'opp-gh-download-'));
    assert.deepEqual(await calls(() => store.download('shard-1', out)), DOWNLOAD);
    assert.equal(readFileSync(join(out, 'shard-1.txt'), 'utf8'), 'shard-1');
  });
  assert.deepEqual(service.violations, []);
});

test('download of a name that was never uploaded: ArtifactNotFoundError', async () => {
  await withEnv(service.env, async () => {
    const from = service.requests.length;
    await assert.rejects(
      store.download('no-such-artifact', mkdtempSync(join(tmpdir(), 'opp-gh-'))),
      (e) => e instanceof ArtifactNotFoundError && e.artifact === 'no-such-artifact',
    );
    assert.deepEqual(
      service.requests.slice(from).map((r) => r.call),
      ['ListArtifacts'],
    );
  });
});

test('a second upload of a name, from any job of the run: ArtifactExistsError', async () => {
  const root = tree({ 'a.txt': 'first' });
  await withEnv(service.jobEnv('shard-7'), () => store.upload('twice', root, ['a.txt']));
  for (const job of ['shard-7', 'shard-8']) {
    const from = service.requests.length;
    await withEnv(service.jobEnv(job), () =>
      assert.rejects(
        store.upload('twice', tree({ 'a.txt': 'second' }), ['a.txt']),
        (e) => e instanceof ArtifactExistsError && e.artifact === 'twice',
      ),
    );
    const conflict = service.requests.slice(from);
    assert.deepEqual(
      conflict.map((r) => [r.call, r.status]),
      [['CreateArtifact', 409]],
    );
  }
  const out = mkdtempSync(join(tmpdir(), 'opp-gh-download-'));
  await withEnv(service.env, () => store.download('twice', out));
  assert.equal(readFileSync(join(out, 'a.txt'), 'utf8'), 'first');
});

test('a forged or expired token: a clear error without the token', async () => {
  for (const token of [
    service.tokenFor('job', { forged: true }),
    service.tokenFor('job', { expiresIn: -60 }),
  ]) {
    for (const op of [
      () => store.list(),
      () => store.upload('refused', tree({ 'a.txt': 'x' }), ['a.txt']),
      () => store.download('roundtrip', mkdtempSync(join(tmpdir(), 'opp-gh-'))),
    ])
      await withEnv({ ...service.env, ACTIONS_RUNTIME_TOKEN: token }, () =>
        assert.rejects(op(), (e) => {
          assert.ok(e instanceof GitHubArtifactAuthError, String(e));
          assert.equal(e.status, 401);
          assert.match(e.message, /ACTIONS_RUNTIME_TOKEN \(HTTP 401\).*`uses:`/s);
          for (const part of [token, ...token.split('.').slice(1)])
            assert.ok(!e.message.includes(part), 'the token is not in the message');
          return true;
        }),
      );
  }
  assert.ok(!service.artifacts().some((a) => a.name === 'refused'));
});

test('outside an action step: GitHubArtifactRuntimeError before any request, naming OPP_CAMPAIGN_ARTIFACT_DIR', async () => {
  const from = service.requests.length;
  await withEnv({ ACTIONS_RUNTIME_TOKEN: undefined, ACTIONS_RESULTS_URL: undefined }, () =>
    assert.rejects(store.list(), (e) => {
      assert.ok(e instanceof GitHubArtifactRuntimeError);
      assert.match(e.message, /ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set/);
      // the setting that works outside GitHub Actions, by name (before: "a local artifact folder")
      assert.match(e.message, /set OPP_CAMPAIGN_ARTIFACT_DIR to a local folder/);
      return true;
    }),
  );
  assert.equal(service.requests.length, from);
});

test('a service nobody answers: GitHubArtifactNetworkError', async () => {
  const closed = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  await withEnv({ ...service.env, ACTIONS_RESULTS_URL: `http://127.0.0.1:${closed}/` }, () =>
    assert.rejects(store.list(), (e) => {
      assert.ok(e instanceof GitHubArtifactNetworkError, String(e));
      assert.equal(e.code, 'ECONNREFUSED');
      return true;
    }),
  );
});

test('a 503 from the service: the client retries and the upload succeeds', async () => {
  service.failNext('CreateArtifact', 503);
  const seen = await withEnv(service.env, () =>
    calls(() => store.upload('after-503', tree({ 'a.txt': 'x' }), ['a.txt'])),
  );
  assert.deepEqual(seen, ['CreateArtifact', ...UPLOAD]);
  assert.ok(service.artifacts().some((a) => a.name === 'after-503'));
});

test('the fake refuses requests that differ from the recorded exchanges', async () => {
  const create = loadExchange('CreateArtifact').request;
  const recorded = create.body as Record<string, unknown>;
  assert.deepEqual(checkFields(recorded, recorded, create.optional, create.fixed), []);
  assert.deepEqual(
    checkFields(
      { ...recorded, version: 4, size: 12, expires_at: 'tomorrow', extra: true },
      { ...recorded, size: '12' },
      create.optional,
      create.fixed,
    ),
    [
      "field 'extra' is not in the recording",
      "field 'expires_at' is not an RFC 3339 UTC timestamp",
      "field 'version' is 4, recorded 7",
      "field 'size' is number, recorded string",
    ],
  );
  const own = await startFakeArtifactService();
  try {
    const answer = await fetch(
      `${own.url}twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${own.token}`,
          'user-agent': '@actions/artifact-9.0.0',
        },
        body: JSON.stringify({ ...recorded, workflowRunBackendId: own.runBackendId }),
      },
    );
    assert.equal(answer.status, 400);
    assert.deepEqual(await answer.json(), {
      code: 'invalid_argument',
      msg: "contract mismatch: field 'workflowRunBackendId' is not in the recording",
    });
    assert.deepEqual(own.violations, [
      "CreateArtifact: field 'workflowRunBackendId' is not in the recording",
    ]);
  } finally {
    await own.close();
  }
});

test('processes of one workflow run share the service; none prints a token', async () => {
  // Each process is a job step: the shard uploads, the merge job downloads it, then (its token
  // replaced by a forged one, which the client reads per call) is refused.
  const script = `
    const { GitHubArtifactStore } = await import(${JSON.stringify(join(REPO, 'src/adapters/artifacts/github-store.ts'))});
    const op = JSON.parse(process.env.OPP_TEST_OP);
    const store = new GitHubArtifactStore();
    try {
      if (op.upload) await store.upload(op.upload, op.root, op.files);
      if (op.download) await store.download(op.download, op.dir);
      console.log('LIST ' + JSON.stringify(await store.list('proc-')));
      if (op.forged) {
        process.env.ACTIONS_RUNTIME_TOKEN = op.forged;
        await store.list();
      }
    } catch (e) {
      console.error(e.name + ': ' + e.message);
      process.exitCode = 2;
    }`;
  const node = (env: Record<string, string>, op: object) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: REPO,
        env: { ...process.env, ...env, OPP_TEST_OP: JSON.stringify(op) },
      },
    ).catch((e: { stdout: string; stderr: string }) => e);
  const shardEnv = service.jobEnv('shard-0');
  const root = tree({ 'r/x.sca': 'scalar . x 1\n' });
  const shard = await node(shardEnv, { upload: 'proc-shard-0', root, files: ['r/x.sca'] });
  assert.match(shard.stdout, /LIST \["proc-shard-0"\]/);
  assert.equal(shard.stderr, '');

  const mergeEnv = service.jobEnv('merge');
  const forged = service.tokenFor('merge', { forged: true });
  const dir = mkdtempSync(join(tmpdir(), 'opp-gh-download-'));
  const merge = await node(mergeEnv, { download: 'proc-shard-0', dir, forged });
  assert.match(merge.stdout, /LIST \["proc-shard-0"\]/);
  assert.equal(readFileSync(join(dir, 'r', 'x.sca'), 'utf8'), 'scalar . x 1\n');
  assert.match(merge.stderr, /^GitHubArtifactAuthError: .*HTTP 401/);

  const output = `${shard.stdout}${shard.stderr}${merge.stdout}${merge.stderr}`;
  for (const token of [
    shardEnv['ACTIONS_RUNTIME_TOKEN'] ?? '',
    mergeEnv['ACTIONS_RUNTIME_TOKEN'] ?? '',
    forged,
  ])
    for (const part of [token, ...token.split('.').slice(1)])
      assert.ok(!output.includes(part), 'no token in the output');
  assert.deepEqual(service.violations, []);
});
