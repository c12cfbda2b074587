// `opp-campaign snapshot` against a real git server on 127.0.0.1: the snapshot is pushed, checked
// out elsewhere identically, and the user's branch, index, stash and files stay as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
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
import { join, relative } from 'node:path';
import { createGitClient } from '../../src/adapters/git/index.js';
import { basicAuthHeader } from '../../src/core/git/secrets.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { addCommit } from '../helpers/long-history.js';

const TOKEN = 'snap-token-8d1e2f';
const root = mkdtempSync(join(tmpdir(), 'opp-snap-server-'));
let server: GitServer;
let user: string;

/** git in the user's repository; async, since the server answers from this very process. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await execa('git', args, {
    cwd,
    env: {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${server.url}.extraHeader`,
      GIT_CONFIG_VALUE_0: basicAuthHeader(TOKEN),
      GIT_TERMINAL_PROMPT: '0',
    },
  });
  return r.stdout.trim();
}

async function snapshotCli(args: string[], token: string | undefined): Promise<CliResult> {
  const saved = process.env['OPP_CAMPAIGN_GIT_TOKEN'];
  if (token === undefined) delete process.env['OPP_CAMPAIGN_GIT_TOKEN'];
  else process.env['OPP_CAMPAIGN_GIT_TOKEN'] = token;
  try {
    return await runCli(['snapshot', ...args]);
  } finally {
    if (saved === undefined) delete process.env['OPP_CAMPAIGN_GIT_TOKEN'];
    else process.env['OPP_CAMPAIGN_GIT_TOKEN'] = saved;
  }
}

/** Path → content of every file under `dir`, except .git and what `skip` names. */
function files(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (name === '.git' || skip(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else m.set(rel, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return m;
}

async function userState(dir: string): Promise<Record<string, string>> {
  return {
    branch: await git(dir, 'symbolic-ref', 'HEAD'),
    head: await git(dir, 'rev-parse', 'HEAD'),
    stash: await git(dir, 'stash', 'list', '--format=%H %s'),
    index: await git(dir, 'ls-files', '--stage'),
    staged: await git(dir, 'diff', '--cached'),
    status: await git(dir, 'status', '--porcelain', '--ignored'),
    refs: await git(dir, 'for-each-ref'),
    files: JSON.stringify([...files(dir)]),
  };
}

before(async () => {
  server = await startGitServer(root, TOKEN);
  addCommit(join(root, 'proj.git'), [
    { path: '.gitignore', content: 'out/\n*.log\n' },
    { path: 'model.cc', content: 'int main() { return 0; }\n' },
    { path: 'sub/a.txt', content: 'a\n' },
    { path: 'old.txt', content: 'to be deleted\n' },
  ]);
  user = mkdtempSync(join(tmpdir(), 'opp-snap-user-'));
  await git(user, 'clone', '-q', `${server.url}proj.git`, '.');
  await git(user, 'config', 'user.name', 'User');
  await git(user, 'config', 'user.email', 'user@example.com');
  await git(user, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(user, 'model.cc'), 'int main() { return 1; }\n');
  await git(user, 'stash', '-q');
  // staged, then changed again in the work tree; unstaged; deleted; untracked; ignored
  writeFileSync(join(user, 'sub/a.txt'), 'a staged\n');
  await git(user, 'add', 'sub/a.txt');
  writeFileSync(join(user, 'sub/a.txt'), 'a in the work tree\n');
  writeFileSync(join(user, 'model.cc'), 'int main() { return 2; }\n');
  rmSync(join(user, 'old.txt'));
  writeFileSync(join(user, 'new.cc'), 'void f() {}\n');
  mkdirSync(join(user, 'out'));
  writeFileSync(join(user, 'out/model'), 'binary');
  writeFileSync(join(user, 'build.log'), 'log');
});
after(() => server.close());

test('a snapshot is pushed, checked out elsewhere identically, and changes nothing here', async () => {
  const before = await userState(user);
  const r = await snapshotCli([user], TOKEN);
  assert.equal(r.code, 0, r.stderr);
  const sha = r.stdout.trim();
  assert.match(sha, /^[0-9a-f]{40}$/);
  assert.match(
    r.stderr,
    /pushed a snapshot of the working tree to refs\/opp-campaign\/\d{8}T\d{6}Z-/,
  );
  assert.deepEqual(await userState(user), before, 'branch, index, stash, refs and files untouched');
  assert.equal(await git(user, 'rev-parse', `${sha}^`), before['head'], 'its parent is HEAD');

  const elsewhere = mkdtempSync(join(tmpdir(), 'opp-snap-runner-'));
  await createGitClient('cli').ensureCheckout({
    url: `${server.url}proj.git`,
    sha,
    dir: elsewhere,
    token: TOKEN,
  });
  const ignored = (rel: string): boolean => rel === 'out' || rel.endsWith('.log');
  assert.deepEqual(files(elsewhere), files(user, ignored));
  assert.equal(
    await git(elsewhere, 'rev-parse', 'HEAD^{tree}'),
    await git(user, 'rev-parse', `${sha}^{tree}`),
  );
});

test('--list and --prune manage the scratch refs', async () => {
  const listed = await snapshotCli([user, '--list'], TOKEN);
  assert.equal(listed.code, 0, listed.stderr);
  const lines = listed.stdout.trim().split('\n');
  assert.ok(lines.length >= 1);
  assert.match(lines[0] ?? '', /^[0-9a-f]{40} refs\/opp-campaign\/\S+ \d{4}-\d\d-\d\dT/);

  // what `submit` leaves: a branch at a snapshot; a resumed campaign's branch; and an old
  // snapshot whose branch was moved since (someone's work now)
  const [sha, ref] = (lines[0] ?? '').split(' ');
  const name = (ref ?? '').replace('refs/opp-campaign/', '');
  const head = await git(user, 'rev-parse', 'HEAD');
  const old = 'refs/opp-campaign/20200101T000000Z-aaaaaaaaaaaa';
  await git(user, 'push', '-q', 'origin', `${sha}:refs/heads/opp-campaign/${name}`);
  await git(user, 'push', '-q', 'origin', `${sha}:refs/heads/opp-campaign/resume-of-7`);
  await git(user, 'push', '-q', 'origin', `${head}:${old}`);
  await git(
    user,
    'push',
    '-q',
    'origin',
    `${sha}:refs/heads/opp-campaign/20200101T000000Z-aaaaaaaaaaaa`,
  );
  const branches = async (): Promise<string[]> =>
    (await git(user, 'ls-remote', 'origin', 'refs/heads/opp-campaign/*'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[1] ?? '')
      .sort();

  const young = await snapshotCli([user, '--prune', '--older-than', '1h'], TOKEN);
  assert.equal(young.code, 0, young.stderr);
  // a snapshot taken just now is younger than an hour; the old one's branch is not at it
  assert.equal(young.stdout, `${old}\n`);
  assert.match(young.stderr, /deleted 1 scratch ref\(s\) and 0 dispatch branch\(es\)/);
  const all = await snapshotCli([user, '--prune'], TOKEN);
  assert.equal(all.code, 0, all.stderr);
  const deleted = all.stdout.trim().split('\n');
  assert.equal(deleted.length, lines.length + 1);
  assert.ok(deleted.includes(`refs/heads/opp-campaign/${name}`), all.stdout);
  assert.match(all.stderr, new RegExp(`deleted ${lines.length} scratch ref\\(s\\) and 1 dispatch`));
  assert.equal((await snapshotCli([user, '--list'], TOKEN)).stdout, '');
  assert.equal(await git(user, 'ls-remote', 'origin', 'refs/opp-campaign/*'), '');
  assert.deepEqual(await branches(), [
    'refs/heads/opp-campaign/20200101T000000Z-aaaaaaaaaaaa',
    'refs/heads/opp-campaign/resume-of-7',
  ]);
});

test('a clean tree pushes HEAD itself', async () => {
  const clean = mkdtempSync(join(tmpdir(), 'opp-snap-clean-'));
  await git(clean, 'clone', '-q', `${server.url}proj.git`, '.');
  const r = await snapshotCli([clean], TOKEN);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), await git(clean, 'rev-parse', 'HEAD'));
  assert.match(r.stderr, /HEAD \(no uncommitted changes\)/);
});

test('a snapshot of an unchanged work tree reuses the earlier one: same commit, its ref renewed to now, which an age-based prune keeps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-again-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  const refs = async (): Promise<string[]> =>
    (await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*'))
      .split('\n')
      .filter((l) => l !== '')
      .sort();
  const before = await refs();
  // a clean tree: HEAD itself, once (an earlier test may have pushed it already)
  const head = await snapshotCli([dir], TOKEN);
  assert.equal(head.code, 0, head.stderr);
  // (renewed, when an earlier test pushed HEAD: then the ref it is now at)
  const headRef = (/(?:now at|to) (refs\/opp-campaign\/\S+)/.exec(head.stderr) ??
    /(refs\/opp-campaign\/\S+)/.exec(head.stderr))?.[1];
  const headAgain = await snapshotCli([dir], TOKEN);
  assert.equal(headAgain.code, 0, headAgain.stderr);
  assert.equal(headAgain.stdout, head.stdout);
  assert.match(
    headAgain.stderr,
    new RegExp(`as it was for the snapshot ${headRef} \\(taken \\d{4}-.*: that snapshot is reused`),
  );
  // an edit: one commit and ref, however many times it is snapshotted
  writeFileSync(join(dir, 'model.cc'), 'int main() { return 3; }\n');
  const first = await snapshotCli([dir], TOKEN);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /pushed a snapshot of the working tree/);
  const sha = first.stdout.trim();
  // the snapshot made long ago (its ref named with a time of 2020)
  const made = /to (refs\/opp-campaign\/\S+) on/.exec(first.stderr)?.[1] ?? '';
  const old = `refs/opp-campaign/20200101T000000Z-${sha.slice(0, 12)}`;
  await git(dir, 'push', '-q', 'origin', `${sha}:${old}`, `:${made}`);
  const second = await snapshotCli([dir], TOKEN);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout, 'the same commit');
  const renewed = /its commit now at (refs\/opp-campaign\/\S+) /.exec(second.stderr)?.[1] ?? '';
  assert.match(
    second.stderr,
    new RegExp(`snapshot ${old} \\(taken 2020-01-01T00:00:00.000Z\\) .*reused, its commit now at`),
  );
  assert.notEqual(renewed, old);
  const added = (await refs()).filter((l) => !before.includes(l));
  assert.deepEqual(
    added.filter((l) => !l.startsWith(head.stdout.trim())),
    [`${sha}\t${renewed}`],
    '(before: a ref and commit per snapshot)',
  );
  assert.ok(added.length <= 2, added.join('\n'));
  // before: the ref kept its time of 2020, and this deleted the snapshot just reused
  const pruned = await snapshotCli([dir, '--prune', '--older-than', '1h'], TOKEN);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.ok((await refs()).includes(`${sha}\t${renewed}`), pruned.stderr);
  // the same files committed: HEAD is another commit, pushed
  await git(dir, '-c', 'user.name=U', '-c', 'user.email=u@example.com', 'commit', '-qam', 'x');
  const onNew = await snapshotCli([dir], TOKEN);
  assert.notEqual(onNew.stdout, first.stdout);
  assert.match(onNew.stderr, /pushed HEAD/);
  rmSync(dir, { recursive: true, force: true });
});

test("a reused snapshot that 'submit' dispatched on keeps its ref and branch (both pruned together later); once the branch moved on, its ref goes", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-kept-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  const remote = async (prefix: string): Promise<Map<string, string>> =>
    new Map(
      (await git(dir, 'ls-remote', 'origin', `${prefix}*`))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t').reverse() as [string, string]),
    );
  writeFileSync(join(dir, 'model.cc'), 'int main() { return 4; }\n');
  const first = await snapshotCli([dir], TOKEN);
  assert.equal(first.code, 0, first.stderr);
  const sha = first.stdout.trim();
  const made = /to (refs\/opp-campaign\/\S+) on/.exec(first.stderr)?.[1] ?? '';
  // as submit leaves it: its own ref of a time past, and the branch it dispatched on, at it
  const old = `refs/opp-campaign/20200102T000000Z-${sha.slice(0, 12)}`;
  const branch = `refs/heads/opp-campaign/20200102T000000Z-${sha.slice(0, 12)}`;
  await git(dir, 'push', '-q', 'origin', `${sha}:${old}`, `${sha}:${branch}`, `:${made}`);
  const second = await snapshotCli([dir], TOKEN);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout, 'the same commit');
  const renewed = /its commit now at (refs\/opp-campaign\/\S+) /.exec(second.stderr)?.[1] ?? '';
  assert.match(
    second.stderr,
    new RegExp(
      `its commit now at ${renewed} \\(nothing else pushed; ${old} stays: 'submit' dispatched on it\\)`,
    ),
  );
  let refs = await remote('refs/opp-campaign/');
  assert.equal(refs.get(old), sha, 'the ref submit dispatched on stays');
  assert.equal(refs.get(renewed), sha);
  assert.equal((await remote('refs/heads/opp-campaign/')).get(branch), sha, 'and its branch');
  // the branch moved on (someone's work now): the next reuse deletes the old ref, not the branch
  await git(dir, 'push', '-q', 'origin', `+HEAD:${branch}`, `${sha}:${old}`, `:${renewed}`);
  const third = await snapshotCli([dir], TOKEN);
  assert.equal(third.code, 0, third.stderr);
  assert.equal(third.stdout, first.stdout);
  assert.match(third.stderr, new RegExp(`, ${old} deleted\\)`));
  refs = await remote('refs/opp-campaign/');
  assert.ok(!refs.has(old), [...refs.keys()].join());
  const head = await git(dir, 'rev-parse', 'HEAD');
  assert.equal((await remote('refs/heads/opp-campaign/')).get(branch), head);
  // a kept ref and its branch are pruned together
  await git(dir, 'push', '-q', 'origin', `+${sha}:${branch}`, `${sha}:${old}`);
  const pruned = await snapshotCli([dir, '--prune', '--older-than', '365d'], TOKEN);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.ok(pruned.stdout.split('\n').includes(old), pruned.stdout);
  assert.ok(pruned.stdout.split('\n').includes(branch), pruned.stdout);
  assert.ok(!(await remote('refs/opp-campaign/')).has(old));
  assert.ok(!(await remote('refs/heads/opp-campaign/')).has(branch));
  rmSync(dir, { recursive: true, force: true });
});

test('a snapshot of the same work in another clone (or after git gc pruned its commit here) reuses the one on the remote: its ref fetched, no second commit', async () => {
  const a = mkdtempSync(join(tmpdir(), 'opp-snap-a-'));
  const b = mkdtempSync(join(tmpdir(), 'opp-snap-b-'));
  for (const dir of [a, b]) {
    await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
    writeFileSync(join(dir, 'model.cc'), 'int main() { return 5; }\n');
    writeFileSync(join(dir, 'extra.cc'), 'int g() { return 5; }\n');
  }
  const first = await snapshotCli([a], TOKEN);
  assert.equal(first.code, 0, first.stderr);
  const made = /to (refs\/opp-campaign\/\S+) on/.exec(first.stderr)?.[1] ?? '';
  const before = await git(b, 'for-each-ref');
  // (before: B made a commit of its own, and pushed a second ref)
  const second = await snapshotCli([b], TOKEN);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, first.stdout, 'the same commit');
  assert.match(
    second.stderr,
    new RegExp(`snapshot ${made} \\(taken .*\\) on origin: that snapshot is reused`),
  );
  assert.equal(await git(b, 'for-each-ref'), before, 'no ref of B changed');
  assert.ok(!existsSync(join(b, '.git', 'FETCH_HEAD')), 'nor its FETCH_HEAD');
  // another edit in B: a commit of its own
  writeFileSync(join(b, 'extra.cc'), 'int g() { return 6; }\n');
  const third = await snapshotCli([b], TOKEN);
  assert.notEqual(third.stdout, first.stdout);
  assert.match(third.stderr, /pushed a snapshot of the working tree/);
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
});

test('a wrong token is refused with a clear message that does not contain it', async () => {
  for (const args of [[user], [user, '--list'], [user, '--prune']]) {
    const r = await snapshotCli(args, 'wrong-secret-42');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /proj\.git: the server refused the token \(authentication failed\)/);
    assert.ok(!(r.stdout + r.stderr).includes('wrong-secret-42'));
    assert.ok(
      !(r.stdout + r.stderr).includes(
        Buffer.from('x-access-token:wrong-secret-42').toString('base64'),
      ),
    );
  }
});

test('bad command lines', async () => {
  assert.equal((await snapshotCli([user, '--list', '--prune'], TOKEN)).code, 2);
  assert.equal((await snapshotCli([user, '--older-than', '1h'], TOKEN)).code, 2);
  const r = await snapshotCli([user, '--prune', '--older-than', 'soon'], TOKEN);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--older-than takes a duration/);
});

test('the working tree as it is: assume-unchanged and skip-worktree edits are in; a results folder of a campaign is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-marks-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  await git(dir, 'update-index', '--assume-unchanged', 'model.cc');
  writeFileSync(join(dir, 'model.cc'), 'int main() { return 7; }\n');
  await git(dir, 'update-index', '--skip-worktree', 'sub/a.txt');
  writeFileSync(join(dir, 'sub/a.txt'), 'edited behind skip-worktree\n');
  // what `opp-campaign run` left: its results folder, untracked and not ignored
  mkdirSync(join(dir, 'results', '.opp-campaign'), { recursive: true });
  writeFileSync(join(dir, 'results', '.opp-campaign', 'lock'), '');
  writeFileSync(join(dir, 'results', 'results.sca'), 'big');
  writeFileSync(join(dir, 'kept.ini'), '[General]\n');
  const r = await snapshotCli([dir], TOKEN);
  assert.equal(r.code, 0, r.stderr);
  const sha = r.stdout.trim();
  assert.equal(await git(dir, 'show', `${sha}:model.cc`), 'int main() { return 7; }');
  assert.equal(await git(dir, 'show', `${sha}:sub/a.txt`), 'edited behind skip-worktree');
  const listed = (await git(dir, 'ls-tree', '-r', '--name-only', sha)).split('\n');
  assert.ok(listed.includes('kept.ini'), listed.join(' '));
  assert.ok(!listed.some((p) => p.startsWith('results/')), listed.join(' '));
  // the user's marks stay
  assert.match(await git(dir, 'ls-files', '-v', 'model.cc'), /^h model\.cc$/);
  assert.match(await git(dir, 'ls-files', '-v', 'sub/a.txt'), /^S sub\/a\.txt$/);
});

test('a submodule with uncommitted changes is refused (the snapshot would record its commit, not them)', async () => {
  const lib = mkdtempSync(join(tmpdir(), 'opp-snap-lib-'));
  await git(lib, 'init', '-q');
  writeFileSync(join(lib, 'lib.ned'), 'simple Lib {}\n');
  await git(lib, 'add', '.');
  await git(lib, '-c', 'user.name=U', '-c', 'user.email=u@x', 'commit', '-q', '-m', 'lib');
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-sub-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  await git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'lib');
  await git(dir, '-c', 'user.name=U', '-c', 'user.email=u@x', 'commit', '-q', '-m', 'sub');
  writeFileSync(join(dir, 'lib', 'lib.ned'), 'simple Lib { parameters: int x; }\n');
  const refs = await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*');
  const r = await snapshotCli([dir], TOKEN);
  assert.equal(r.code, 1, r.stdout);
  assert.match(
    r.stderr,
    /submodule lib has uncommitted changes: a snapshot records a submodule's commit, not its work tree/,
  );
  assert.equal(
    await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*'),
    refs,
    'nothing pushed',
  );
  // committed in the submodule: the snapshot takes that commit
  await git(
    join(dir, 'lib'),
    '-c',
    'user.name=U',
    '-c',
    'user.email=u@x',
    'commit',
    '-q',
    '-am',
    'x',
  );
  // ... but only once its remote has it: the runner fetches it from there
  const local = await git(join(dir, 'lib'), 'rev-parse', 'HEAD');
  const unpushed = await snapshotCli([dir], TOKEN);
  assert.equal(unpushed.code, 1, unpushed.stdout);
  assert.match(
    unpushed.stderr,
    new RegExp(
      `submodule lib is at ${local}, which no branch of its remote has \\(as this clone knows it\\): push it first \\(git -C lib push\\)`,
    ),
  );
  assert.equal(
    await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*'),
    refs,
    'nothing pushed',
  );
  await git(join(dir, 'lib'), 'push', '-q', 'origin', 'HEAD:refs/heads/pushed');
  const ok = await snapshotCli([dir], TOKEN);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((await git(dir, 'ls-tree', ok.stdout.trim(), 'lib')).split(/\s/)[2], local);
});

test('a git repository nested in the project, not a submodule, is refused (the runner would get an empty folder)', async () => {
  const lib = mkdtempSync(join(tmpdir(), 'opp-snap-nestsrc-'));
  await git(lib, 'init', '-q');
  writeFileSync(join(lib, 'lib.ned'), 'simple Lib {}\n');
  await git(lib, 'add', '.');
  await git(lib, '-c', 'user.name=U', '-c', 'user.email=u@x', 'commit', '-q', '-m', 'lib');
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-nested-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  await git(dir, 'clone', '-q', lib, 'nested');
  writeFileSync(join(dir, 'nested', 'lib.ned'), 'simple Lib { parameters: int x; }\n');
  const refs = await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*');
  const r = await snapshotCli([dir], TOKEN);
  assert.equal(r.code, 1, r.stdout);
  assert.match(
    r.stderr,
    /nested: a git repository inside the project that is not a submodule: .*empty folder.*git submodule add URL nested.*\.gitignore or \.git\/info\/exclude.*projects: with git:/,
  );
  assert.equal(
    await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*'),
    refs,
    'nothing pushed',
  );
  // one with no commit yet (git init alone): the same refusal, not git's own error
  await git(dir, 'init', '-q', 'fresh');
  writeFileSync(join(dir, 'fresh', 'x.ned'), 'simple X {}\n');
  writeFileSync(join(dir, '.git', 'info', 'exclude'), 'nested/\n');
  const fresh = await snapshotCli([dir], TOKEN);
  assert.equal(fresh.code, 1, fresh.stdout);
  assert.match(fresh.stderr, /fresh: a git repository inside the project that is not a submodule/);
  // ignored: the snapshot goes without it
  writeFileSync(join(dir, '.git', 'info', 'exclude'), 'nested/\nfresh/\n');
  const ok = await snapshotCli([dir], TOKEN);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(await git(dir, 'ls-tree', ok.stdout.trim(), 'nested'), '');
  rmSync(lib, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

test('untracked files that look like credentials are refused; the untracked files that go are listed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-snap-secrets-'));
  await git(dir, 'clone', '-q', `${server.url}proj.git`, '.');
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, '.env'), 'TOKEN=x\n');
  writeFileSync(join(dir, 'keys', 'id_ed25519'), 'private\n');
  writeFileSync(join(dir, 'keys', 'id_ed25519.pub'), 'public\n');
  writeFileSync(join(dir, 'server.pem'), 'pem\n');
  writeFileSync(join(dir, 'net.ini'), '[General]\n');
  const refs = await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*');
  const r = await snapshotCli([dir], TOKEN);
  assert.equal(r.code, 1, r.stdout);
  assert.match(
    r.stderr,
    /untracked files \.env, keys\/id_ed25519, server\.pem look like credentials and would be pushed to the remote in the snapshot: put them in \.gitignore or \.git\/info\/exclude/,
  );
  assert.equal(
    await git(dir, 'ls-remote', 'origin', 'refs/opp-campaign/*'),
    refs,
    'nothing pushed',
  );
  writeFileSync(join(dir, '.git', 'info', 'exclude'), '.env\nid_ed25519\n*.pem\n');
  const ok = await snapshotCli([dir], TOKEN);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /the snapshot adds 2 untracked files: keys\/id_ed25519\.pub, net\.ini\n/);
  const listed = (await git(dir, 'ls-tree', '-r', '--name-only', ok.stdout.trim())).split('\n');
  assert.ok(!listed.includes('.env') && !listed.includes('server.pem'), listed.join(' '));
  rmSync(dir, { recursive: true, force: true });
});
