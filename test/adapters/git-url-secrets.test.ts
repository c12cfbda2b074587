// A remote URL's password in git's and ssh's own words: with a `/` in it, ssh names the part
// before it as the host (`Could not resolve hostname u:pa`) and git quotes the URL whole; the
// message shown has neither (real git and ssh; nothing leaves the machine: the host does not
// resolve).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliGitClient } from '../../src/adapters/git/cli-git.js';
import { GitError } from '../../src/ports.js';

for (const origin of [
  'ssh://u:pa/ss@gitlab.invalid/r.git',
  'git+ssh://u:pa/ss@gitlab.invalid/r.git',
  'https://u:pa/ss@127.0.0.1:9/r.git',
])
  test(`an origin ${origin.split(':')[0]}://u:pa/ss@...: git's and ssh's messages keep no piece of the password (before: 'hostname u:pa')`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opp-git-url-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['remote', 'add', 'origin', origin], { cwd: dir });
      await assert.rejects(
        new CliGitClient().listRemoteRefs({ dir, remote: 'origin' }, 'refs/x/'),
        (e: Error) => {
          assert.ok(e instanceof GitError, String(e));
          assert.doesNotMatch(e.message, /u:pa|pa\/ss|ss@/, e.message);
          // what git or ssh said is still there
          assert.match(e.message, /hostname \*\*\*|\*\*\*@127\.0\.0\.1/, e.message);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
