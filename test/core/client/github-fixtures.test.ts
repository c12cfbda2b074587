// The recorded GitHub responses the client tests replay are shaped as GitHub's published OpenAPI
// description says (the types @octokit/openapi-types generates from it, as @octokit/rest uses
// them): the type checker compares each fixture's body with its endpoint's response type, every
// required field present with the right kind of value (string enums compared as strings).
// Octokit types a dispatch's 200 as never, so that one is compared with its schema directly.
// At run time: each fixture names its documentation and is a well-formed recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import type { components } from '@octokit/openapi-types';
import type { RestEndpointMethodTypes } from '@octokit/rest';

/** A JSON-shaped view of a type: literal unions widen to their primitive, as JSON types do. */
type Loose<T> = T extends string
  ? string
  : T extends number | bigint
    ? number
    : T extends boolean
      ? boolean
      : T extends null | undefined
        ? T
        : T extends readonly (infer E)[]
          ? readonly Loose<E>[]
          : T extends object
            ? { [K in keyof T]: Loose<T[K]> }
            : T;
type Data<K extends keyof RestEndpointMethodTypes['actions']> =
  RestEndpointMethodTypes['actions'][K]['response']['data'];
type Body<F> = F extends { response: { body: infer B } } ? B : never;
type Expect<T extends true> = T;
type Conforms<F, S> = Body<F> extends Loose<S> ? true : false;

export type Checked = [
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/run-success.json'),
      Data<'getWorkflowRun'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/run-resumed.json'),
      Data<'getWorkflowRun'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/list-dispatched-runs.json'),
      Data<'listWorkflowRuns'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/pull-7.json'),
      RestEndpointMethodTypes['pulls']['get']['response']['data']
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/runs-of-pull-7.json'),
      Data<'listWorkflowRuns'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/latest-run.json'),
      Data<'listWorkflowRuns'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/jobs-shards-running.json'),
      Data<'listJobsForWorkflowRun'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/jobs-failure-page-2.json'),
      Data<'listJobsForWorkflowRun'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/artifacts-all.json'),
      Data<'listWorkflowRunArtifacts'>
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/dispatch-run-details.json'),
      components['schemas']['workflow-dispatch-response']
    >
  >,
  Expect<
    Conforms<
      typeof import('../../fixtures/github/campaigns/ref-main.json'),
      RestEndpointMethodTypes['git']['getRef']['response']['data']
    >
  >,
];

const DIR = new URL('../../fixtures/github/campaigns/', import.meta.url);

test('every recording names its documentation and is well-formed', () => {
  const names = readdirSync(DIR).filter((n) => n.endsWith('.json'));
  assert.ok(names.length > 20);
  for (const name of names) {
    const r = JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as Record<string, unknown>;
    const { request, response } = r as unknown as {
      request: { method: string; path: string };
      response: { status: number; headers: Record<string, string> };
    };
    assert.match(String(r['source']), /^https:\/\/(docs\.github\.com|github\.blog)\//, name);
    assert.ok(String(r['comment']).length > 10, name);
    assert.match(request.method, /^(GET|POST)$/, name);
    assert.match(request.path, /^\/(repos|repositories)\//, name);
    assert.ok(response.status >= 200 && response.status < 600, name);
    if (response.status < 300 || response.status === 302)
      assert.ok('x-ratelimit-remaining' in response.headers, `${name}: rate-limit headers`);
  }
});
