// Both GitClient implementations against a real git server (git http-backend behind a Basic-auth
// check) on 127.0.0.1, on a generated repository with a 2,000-commit history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitClient, GIT_IMPLEMENTATIONS } from '../../src/adapters/git/index.js';
import { GitAuthError, GitUnsupportedError } from '../../src/ports.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { addCommit, createLongHistory, head } from '../helpers/long-history.js';

const TOKEN = 'tok-3f9a1c7e55d2b8aa';
const TOKEN_B64 = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
const root = mkdtempSync(join(tmpdir(), 'opp-git-server-'));
const big = join(root, 'big.git');
const lib = join(root, 'lib.git');
let server: GitServer;

const gitOut = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd }).toString().trim();
const workspace = (): string => mkdtempSync(join(tmpdir(), 'opp-git-ws-'));

before(async () => {
  createLongHistory(big, { commits: 2000, files: 120, fileBytes: 2000 });
  addCommit(lib, [{ path: 'lib.h', content: 'int lib_v1();\n' }], 'lib 1');
  addCommit(lib, [{ path: 'lib.h', content: 'int lib_v2();\n' }], 'lib 2');
  addCommit(lib, [{ path: 'lib.h', content: 'int lib_v3();\n' }], 'lib 3');
  server = await startGitServer(root, TOKEN);
});
after(() => server.close());

/** Every file at or under `dir` whose bytes contain the token or its Basic-auth form. */
function filesWithSecret(dir: string): string[] {
  const found: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else if (st.isFile()) {
      const text = readFileSync(p).toString('latin1');
      if (text.includes(TOKEN) || text.includes(TOKEN_B64)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** Command lines of every process seen while `f` runs (polled from /proc). */
async function watchArgv<T>(f: () => Promise<T>): Promise<{ result: T; argv: string[] }> {
  const seen = new Set<string>();
  const poll = (): void => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`).toString().replace(/\0/g, ' '));
      } catch {
        // gone already
      }
    }
  };
  const timer = setInterval(poll, 2);
  try {
    const result = await f();
    return { result, argv: [...seen] };
  } finally {
    clearInterval(timer);
  }
}

for (const kind of GIT_IMPLEMENTATIONS) {
  const client = createGitClient(kind);

  test(`${kind}: checks out a commit shallowly, then fetches only the new objects`, async () => {
    const url = `${server.url}big.git`;
    const sha = addCommit(big, [{ path: 'src/part1/extra.cc', content: `${kind} a\n` }]);
    const dir = workspace();
    const first = await client.ensureCheckout({
      url,
      sha,
      ref: 'refs/heads/main',
      dir,
      token: TOKEN,
    });
    assert.equal(first.fetched, true);
    assert.equal(gitOut(dir, 'rev-parse', 'HEAD'), sha);
    assert.equal(
      gitOut(dir, 'rev-parse', 'HEAD^{tree}'),
      gitOut(big, 'rev-parse', `${sha}^{tree}`),
    );
    assert.equal(gitOut(dir, 'status', '--porcelain'), '', 'the work tree is the commit');
    assert.equal(gitOut(dir, 'rev-list', '--count', 'HEAD'), '1', 'shallow: one commit of 2,000');
    const treeObjects = gitOut(big, 'ls-tree', '-r', '-t', sha).split('\n').length;
    assert.equal(first.receivedObjects, treeObjects + 2, 'the commit, its trees and blobs');

    // one new commit changing one file: the commit, 3 trees (/, src, src/part2), 1 blob
    const next = addCommit(big, [{ path: 'src/part2/file2.cc', content: `${kind} changed\n` }]);
    const again = await client.ensureCheckout({
      url,
      sha: next,
      ref: 'refs/heads/main',
      dir,
      token: TOKEN,
    });
    assert.equal(again.fetched, true);
    assert.equal(again.receivedObjects, 5);
    assert.equal(readFileSync(join(dir, 'src/part2/file2.cc'), 'utf8'), `${kind} changed\n`);
    assert.equal(gitOut(dir, 'rev-parse', 'HEAD'), next);

    const same = await client.ensureCheckout({ url, sha: next, dir, token: TOKEN });
    assert.deepEqual([same.fetched, same.receivedObjects], [false, 0]);
    assert.deepEqual(filesWithSecret(dir), [], 'no token anywhere in the workspace');
  });

  test(`${kind}: lists the remote's refs under a prefix, and deletes refs there`, async () => {
    const url = `${server.url}lib.git`;
    const dir = workspace();
    execFileSync('git', ['init', '-q', dir]);
    const sha = head(lib);
    const scratch = `refs/opp-campaign/${kind}-a`;
    const branch = `refs/heads/opp-campaign/${kind}-a`;
    // the pattern's tail matches this one too: it is not under the prefix
    const elsewhere = `refs/heads/x/refs/opp-campaign/${kind}-b`;
    for (const ref of [scratch, branch, elsewhere]) gitOut(lib, 'update-ref', ref, sha);
    const remote = { dir, remote: url, token: TOKEN };
    const mine = (refs: readonly { ref: string; sha: string }[]): string[][] =>
      refs.filter((r) => r.ref.includes(kind)).map((r) => [r.ref, r.sha]);
    assert.deepEqual(mine(await client.listRemoteRefs(remote, 'refs/opp-campaign/')), [
      [scratch, sha],
    ]);
    assert.deepEqual(mine(await client.listRemoteRefs(remote, 'refs/heads/opp-campaign/')), [
      [branch, sha],
    ]);
    await client.deleteRemoteRefs(remote, [scratch, branch]);
    assert.equal(gitOut(lib, 'for-each-ref', scratch, branch), '');
    assert.equal(gitOut(lib, 'for-each-ref', '--format=%(refname)', elsewhere), elsewhere);
  });

  test(`${kind}: a wrong or missing token is refused clearly, without the secret`, async () => {
    const url = `${server.url}big.git`;
    const sha = head(big);
    for (const token of ['wrong-token-value', undefined]) {
      const dir = workspace();
      await assert.rejects(
        client.ensureCheckout({
          url,
          sha,
          ref: 'refs/heads/main',
          dir,
          ...(token ? { token } : {}),
        }),
        (e: Error) => {
          assert.ok(e instanceof GitAuthError, String(e));
          assert.match(
            e.message,
            token ? /refused the token \(authentication failed\)/ : /no token was given/,
          );
          assert.ok(e.message.includes(url));
          for (const s of [TOKEN, 'wrong-token-value', TOKEN_B64])
            assert.ok(!e.message.includes(s));
          assert.ok(!(e.stack ?? '').includes('wrong-token-value'));
          return true;
        },
      );
      assert.deepEqual(filesWithSecret(dir), []);
    }
  });
}

test('a commit that no ref points at: the command line fetches it by id, isomorphic-git cannot', async () => {
  const url = `${server.url}big.git`;
  const sha = gitOut(big, 'rev-parse', 'main~3');
  const dir = workspace();
  await createGitClient('cli').ensureCheckout({ url, sha, dir, token: TOKEN });
  assert.equal(gitOut(dir, 'rev-parse', 'HEAD'), sha);
  assert.equal(gitOut(dir, 'rev-parse', 'HEAD^{tree}'), gitOut(big, 'rev-parse', `${sha}^{tree}`));
  await assert.rejects(
    createGitClient('isomorphic').ensureCheckout({
      url,
      sha,
      ref: 'refs/heads/main',
      dir: workspace(),
      token: TOKEN,
    }),
    (e: Error) => e instanceof GitUnsupportedError && /fetches refs, not commits/.test(e.message),
  );
});

test('cli: the token is in no process argument and no config file', async () => {
  const dir = workspace();
  const client = createGitClient('cli');
  const { argv } = await watchArgv(() =>
    client.ensureCheckout({ url: `${server.url}big.git`, sha: head(big), dir, token: TOKEN }),
  );
  assert.ok(
    argv.some((a) => a.includes('git') && a.includes('fetch')),
    'the watcher saw the fetch',
  );
  assert.deepEqual(
    argv.filter((a) => a.includes(TOKEN) || a.includes(TOKEN_B64)),
    [],
  );
  assert.deepEqual(filesWithSecret(dir), []);
  for (const f of ['.gitconfig', '.git-credentials', '.config/git'])
    if (existsSync(join(homedir(), f))) assert.deepEqual(filesWithSecret(join(homedir(), f)), []);
});

test('submodules: checked out at the recorded commit, with the token; isomorphic-git refuses', async () => {
  const libOld = gitOut(lib, 'rev-parse', 'main~1'); // not a branch tip
  const sha = addCommit(
    big,
    [
      {
        path: '.gitmodules',
        content: '[submodule "ext/lib"]\n\tpath = ext/lib\n\turl = ../lib.git\n',
      },
      { path: 'ext/lib', content: { gitlink: libOld } },
    ],
    'add a submodule',
    'refs/heads/with-submodule',
  );
  const dir = workspace();
  const r = await createGitClient('cli').ensureCheckout({
    url: `${server.url}big.git`,
    sha,
    dir,
    token: TOKEN,
  });
  assert.deepEqual(r.submodules, [{ path: 'ext/lib', sha: libOld }]);
  assert.equal(readFileSync(join(dir, 'ext/lib/lib.h'), 'utf8'), 'int lib_v2();\n');
  assert.deepEqual(filesWithSecret(dir), []);

  await assert.rejects(
    createGitClient('isomorphic').ensureCheckout({
      url: `${server.url}big.git`,
      sha,
      ref: 'refs/heads/with-submodule',
      dir: workspace(),
      token: TOKEN,
    }),
    (e: Error) => e instanceof GitUnsupportedError && /submodules/.test(e.message),
  );
});
