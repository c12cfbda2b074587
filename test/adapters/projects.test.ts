// Referenced projects from git: a URL or ref is never read by git as an option, even one that
// did not come through the campaign file's checks (which refuse a leading '-').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateProject, ProjectSourceError } from '../../src/adapters/projects.js';

for (const [what, source] of [
  ['a URL', (marker: string) => ({ url: `--upload-pack=touch ${marker}`, ref: 'main' })],
  [
    'a ref',
    (marker: string) => ({
      url: 'https://127.0.0.1:9/r.git',
      ref: `--upload-pack=touch ${marker}`,
    }),
  ],
] as const)
  test(`${what} that starts with '-' is no option to git: no command runs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-projects-'));
    try {
      const marker = join(dir, 'pwned');
      await assert.rejects(
        locateProject(
          { name: 'evil', source: { kind: 'git', ...source(marker) }, build: { preset: 'none' } },
          { modelDir: dir, checkoutRoot: join(dir, 'checkouts'), say: () => {} },
        ),
        ProjectSourceError,
      );
      assert.ok(!existsSync(marker), 'git ran the command');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

const gitIn = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

test("a git project's password is in no message: its refs unreachable, nor in the line naming its commit (before: printed as given)", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-projects-'));
  try {
    const at = (password: string) => ({
      name: 'lib',
      source: { kind: 'git' as const, url: `https://u:${password}@127.0.0.1:9/r.git`, ref: 'main' },
      build: { preset: 'none' as const },
    });
    const opts = { modelDir: dir, checkoutRoot: join(dir, 'checkouts'), say: () => {} };
    // nothing listens on port 9: git cannot list the refs, and says so with the URL it was given
    for (const password of ['secret123', 'pa/ss'])
      await assert.rejects(locateProject(at(password), opts), (e: Error) => {
        assert.ok(e instanceof ProjectSourceError);
        assert.match(e.message, /^https:\/\/\*\*\*@127\.0\.0\.1:9\/r\.git: cannot list its refs: /);
        assert.ok(!e.message.includes(password) && !e.message.includes('u:pa'), e.message);
        return true;
      });
    // a checkout that has its commit: no server is asked; the line naming it hides the password
    const repo = join(dir, 'lib');
    mkdirSync(repo);
    gitIn(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'x.txt'), 'x\n');
    gitIn(repo, 'add', '.');
    gitIn(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x');
    const commit = gitIn(repo, 'rev-parse', 'HEAD');
    const said: string[] = [];
    await locateProject(at('secret123'), {
      ...opts,
      say: (l) => said.push(l),
      checkout: { dir: repo, commit },
    });
    assert.deepEqual(said, [
      `project 'lib': https://***@127.0.0.1:9/r.git at main (${commit.slice(0, 12)})`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
