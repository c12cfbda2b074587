import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refsToPrune, scratchRefName, scratchRefTime } from '../../../src/core/git/scratch-refs.js';
import {
  basicAuthHeader,
  httpOrigin,
  redact,
  redactUrl,
  shownUrl,
  withoutCredentials,
} from '../../../src/core/git/secrets.js';

test('scratch refs carry their creation time', () => {
  const t = Date.UTC(2026, 10, 25, 10, 15, 30);
  const ref = scratchRefName('0123456789abcdef0123456789abcdef01234567', t);
  assert.equal(ref, 'refs/opp-campaign/20261125T101530Z-0123456789ab');
  assert.equal(scratchRefTime(ref), t);
  assert.equal(scratchRefTime('refs/opp-campaign/mine'), undefined);
  const old = scratchRefName('a'.repeat(40), t - 3 * 3_600_000);
  const refs = [ref, old, 'refs/opp-campaign/mine'];
  assert.deepEqual(refsToPrune(refs, t + 1000, undefined), refs);
  assert.deepEqual(refsToPrune(refs, t + 1000, 3_600_000), [old]);
});

test('a token is scrubbed in all its forms', () => {
  const token = 'ghp_s3cr3t/+=';
  const header = basicAuthHeader(token);
  const text = `fatal: ${token} ${header} https://x:${token}@host/r.git ${encodeURIComponent(token)}`;
  const clean = redact(text, token);
  assert.ok(!clean.includes(token));
  assert.ok(!clean.includes(header.split(' ').pop()!));
  assert.ok(!clean.includes(encodeURIComponent(token)));
  assert.equal(redact('see https://user:pw@host/r.git', undefined), 'see https://***@host/r.git');
  assert.equal(httpOrigin('https://github.com:8443/o/r.git'), 'https://github.com:8443/');
});

test("a password with characters URL syntax reserves is scrubbed (before: a raw '/' kept it)", () => {
  for (const password of ['pa/ss', 'pa?ss', 'pa#ss', 'P@ss', 'p@/ss', 'a:b/c;d=e&f+g$h,i!j']) {
    const text = `fatal: unable to access 'https://user:${password}@host/repo.git/': 403`;
    assert.equal(
      redact(text, undefined),
      "fatal: unable to access 'https://***@host/repo.git/': 403",
    );
    assert.equal(
      withoutCredentials(`https://user:${password}@host/repo.git`),
      'https://host/repo.git',
    );
  }
  // two URLs in one message, each redacted; a path with an `@` and no user info is kept
  assert.equal(
    redact('https://u:p/1@h/a and https://v:q/2@k/b', undefined),
    'https://***@h/a and https://***@k/b',
  );
  assert.equal(redact('see https://github.com/o/r@v1', undefined), 'see https://github.com/o/r@v1');
  assert.equal(redact('http://127.0.0.1:9: bad port', undefined), 'http://127.0.0.1:9: bad port');
  // a URL in use keeps its port and a path's `@`
  assert.equal(withoutCredentials('https://host:8443/o/r@v1'), 'https://host:8443/o/r@v1');
  assert.equal(httpOrigin('git@github.com:o/r.git'), undefined);
});

test('a real token is scrubbed everywhere; a short test value only where it is a credential', () => {
  // GitHub's token forms: classic, fine-grained, an app's installation token
  for (const token of [
    'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW',
    'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  ]) {
    const text = [
      `fatal: unable to access 'https://x-access-token:${token}@github.com/o/r.git/'`,
      basicAuthHeader(token),
      `Authorization: token ${token}`,
      `401 Bad credentials: you sent ${token}`,
      encodeURIComponent(token),
      Buffer.from(token).toString('base64'),
    ].join('\n');
    const clean = redact(text, token);
    assert.ok(!clean.includes(token), clean);
    assert.ok(!clean.includes(Buffer.from(token).toString('base64')), clean);
    assert.ok(!clean.includes(basicAuthHeader(token).split(' ').pop()!), clean);
    assert.match(clean, /^fatal: unable to access 'https:\/\/\*\*\*@github\.com\/o\/r\.git\/'$/m);
    // another token than the one at hand (a second credential in the same output) goes too
    assert.ok(!redact(`you sent ${token}`, 'some-other-secret-value').includes(token));
    assert.ok(!redact(`you sent ${token}`, undefined).includes(token));
  }
  // a test's short value (GH_TOKEN=e, token; under 8 characters) is no secret: the message
  // stays readable
  const message =
    "Cannot reach GitHub's API at http://127.0.0.1:9: bad port. Check the network, or the token.";
  for (const token of ['e', 'x', 'token', 'abc1234']) {
    assert.equal(redact(message, token), message);
    // (before: `Cannot r***ach GitHub's API ... Ch***ck th*** n***twork`)
    // where it is a credential it goes all the same
    assert.equal(
      redact(`https://x-access-token:${token}@host/r.git`, token),
      'https://***@host/r.git',
    );
    assert.equal(redact(basicAuthHeader(token), token), 'Authorization: Basic ***');
    assert.equal(redact(`Authorization: Bearer ${token}`, token), 'Authorization: Bearer ***');
  }
  // from the minimum on, the value goes wherever it stands
  assert.equal(redact('a secret12 here', 'secret12'), 'a *** here');
  // GitHub-shaped tokens glued to what precedes them, and a JSON Authorization field, go too
  // (before: kept, for a word boundary the pattern required, and a header's `Authorization:`)
  const ghp = `ghp_${'A1b2C3d4'.repeat(5)}`;
  for (const glued of [
    `https://api.github.com/x?access_token%3D${ghp}&y=1`,
    `https%3A%2F%2Fx-access-token%3A${ghp}%40github.com%2Fo%2Fr`,
    `MY_TOKEN_${ghp}`,
    `MY_TOKEN_github_pat_${'A1b2C3d4'.repeat(4)}`,
  ]) {
    const clean = redact(glued, undefined);
    assert.ok(!/A1b2C3d4A1b2/.test(clean), clean);
    assert.ok(clean.includes('***'), clean);
  }
  assert.equal(
    redact('{"authorization": "token zzzzzzzzzzzz", "x": 1}', undefined),
    '{"authorization": "token ***", "x": 1}',
  );
  assert.equal(
    redact("{'Authorization': 'Bearer abc.def'}", undefined),
    "{'Authorization': 'Bearer ***'}",
  );
});

test("redactUrl: the pieces git and ssh cut from a password at its '/', '?' or '#' go too", () => {
  const url = 'ssh://u:pa/ss@gitlab.example/r.git';
  assert.equal(
    redactUrl('ssh: Could not resolve hostname u:pa: Name or service not known', url),
    'ssh: Could not resolve hostname ***: Name or service not known',
  );
  assert.equal(
    redactUrl("fatal: '/ss@gitlab.example/r.git' does not appear to be a git repository", url),
    "fatal: '/***@gitlab.example/r.git' does not appear to be a git repository",
  );
  // a user name alone is no secret: git's words keep it
  assert.equal(
    redactUrl('git@host: Permission denied (publickey).', 'ssh://git@host/r.git'),
    'git@host: Permission denied (publickey).',
  );
  assert.equal(shownUrl('git+ssh://u:pa/ss@h/r.git'), 'git+ssh://***@h/r.git');
  assert.equal(withoutCredentials('git+ssh://u:pa/ss@h/r.git'), 'git+ssh://h/r.git');
  assert.equal(shownUrl('https://h/r.git'), 'https://h/r.git');
});
