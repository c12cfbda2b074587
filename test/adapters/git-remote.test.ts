import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiTarget,
  apiUrlOf,
  hostOf,
  originElsewhere,
  parseRemoteUrl,
} from '../../src/adapters/git-remote.js';
import { parseRunRef } from '../../src/core/client/run-ref.js';

const GH = { baseUrl: 'https://api.github.com', host: 'github.com' };

test('GITHUB_API_URL is made canonical: lower-case scheme and host, no trailing slash', () => {
  // Octokit prepends the base URL to a next-page link unless it starts with a lower-case `http`
  assert.deepEqual(apiTarget({ envApiUrl: 'HTTPS://API.GITHUB.COM/', originHost: undefined }), GH);
  assert.deepEqual(apiTarget({ envApiUrl: 'HTTP://127.0.0.1:18931', originHost: undefined }), {
    baseUrl: 'http://127.0.0.1:18931',
    host: '127.0.0.1',
  });
  assert.deepEqual(
    apiTarget({ envApiUrl: 'Https://GHE.Example/api/v3/', originHost: 'gitlab.com' }),
    { baseUrl: 'https://ghe.example/api/v3', host: 'ghe.example' },
  );
});

test('a GHE.com (data residency) host has its API at api.SUBDOMAIN.ghe.com', () => {
  const run = parseRunRef('https://octocorp.ghe.com/o/r/actions/runs/5');
  assert.deepEqual(
    apiTarget({ envApiUrl: undefined, givenHost: run?.host, originHost: undefined }),
    {
      baseUrl: 'https://api.octocorp.ghe.com',
      host: 'octocorp.ghe.com',
    },
  );
  assert.equal(apiUrlOf('OctoCorp.GHE.com'), 'https://api.octocorp.ghe.com');
  assert.match(
    originElsewhere('octocorp.ghe.com'),
    /GITHUB_API_URL=https:\/\/api\.octocorp\.ghe\.com\./,
  );
  assert.match(originElsewhere('ghe.example'), /GITHUB_API_URL=https:\/\/ghe\.example\/api\/v3\./);
});

test('www.github.com and ssh.github.com (SSH over port 443) are github.com', () => {
  for (const origin of [
    'https://www.github.com/o/r.git',
    'ssh://git@ssh.github.com:443/o/r.git',
    'git@ssh.github.com:o/r.git',
  ])
    assert.deepEqual(apiTarget({ envApiUrl: undefined, originHost: hostOf(origin) }), GH, origin);
  const run = parseRunRef('https://www.github.com/o/r/actions/runs/5');
  assert.deepEqual(
    apiTarget({ envApiUrl: undefined, givenHost: run?.host, originHost: undefined }),
    GH,
  );
  // an SSH host alias is still not taken for github.com
  assert.equal(apiTarget({ envApiUrl: undefined, originHost: 'github.com-work' }), undefined);
});

test("a run URL's port is kept: its API is on that port", () => {
  const run = parseRunRef('https://ghes.example:8443/o/r/actions/runs/5');
  assert.equal(run?.host, 'ghes.example:8443');
  assert.deepEqual(
    apiTarget({ envApiUrl: undefined, givenHost: run?.host, originHost: undefined }),
    {
      baseUrl: 'https://ghes.example:8443/api/v3',
      host: 'ghes.example',
    },
  );
  // the default port says nothing more
  assert.equal(
    apiUrlOf(parseRunRef('https://ghes.example:443/o/r/actions/runs/5')?.host ?? ''),
    'https://ghes.example/api/v3',
  );
});

test('GITHUB_API_URL that is no http(s) URL: refused, naming the variable', () => {
  for (const value of ['notaurl', 'ftp://x', 'api.github.com', 'http://'])
    assert.throws(
      () => apiTarget({ envApiUrl: value, originHost: undefined }),
      {
        message: `GITHUB_API_URL ('${value}') is not an http(s) URL: set it to the API's address (GitHub Enterprise Server: https://HOST/api/v3), or unset it for github.com`,
      },
      value,
    );
});

test("a run URL over http: a GitHub Enterprise Server's API over http too; github.com's over https", () => {
  const ghes = parseRunRef('http://github.example.com/o/r/actions/runs/1');
  assert.deepEqual(
    apiTarget({
      envApiUrl: undefined,
      givenHost: ghes?.host,
      givenScheme: ghes?.scheme,
      originHost: undefined,
    }),
    { baseUrl: 'http://github.example.com/api/v3', host: 'github.example.com' },
  );
  const dotCom = parseRunRef('http://github.com/o/r/actions/runs/1');
  assert.deepEqual(
    apiTarget({
      envApiUrl: undefined,
      givenHost: dotCom?.host,
      givenScheme: dotCom?.scheme,
      originHost: undefined,
    }),
    GH,
  );
});

test("a password with a raw '#', '?', '/' or '@': the host is after the user info's last '@' (before: github.com)", () => {
  for (const password of ['pa#ss', 'pa?ss', 'pa/ss', 'P@ss', 'p:a#/?s@s'])
    for (const origin of [
      `https://u:${password}@ghe.example/o/r.git`,
      `ssh://u:${password}@ghe.example:2222/o/r.git`,
    ]) {
      assert.equal(hostOf(origin), 'ghe.example', origin);
      assert.deepEqual(parseRemoteUrl(origin), { owner: 'o', repo: 'r' }, origin);
      // origin on another host than github.com: the token goes nowhere unless told
      assert.equal(
        apiTarget({ envApiUrl: undefined, originHost: hostOf(origin) }),
        undefined,
        origin,
      );
    }
  assert.equal(hostOf('https://x-access-token:abc@GitHub.com/o/r.git'), 'github.com');
  // a URL not understood has no host: never github.com by default
  for (const origin of ['https://u:pa', 'https://[::1/o/r', 'ftp://ghe.example/o/r', 'nonsense'])
    assert.equal(hostOf(origin), undefined, origin);
});
