import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refsToPrune, scratchRefName, scratchRefTime } from '../../../src/core/git/scratch-refs.js';
import { basicAuthHeader, httpOrigin, redact } from '../../../src/core/git/secrets.js';

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
  assert.equal(httpOrigin('git@github.com:o/r.git'), undefined);
});
