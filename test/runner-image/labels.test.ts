// The shard and build jobs of workflows/campaign.yml must reach every kind of runner this
// repository deploys. GitHub gives a job to a runner whose labels include every label of
// `runs-on`. Runners registered by `opp-campaign runners jit` carry `self-hosted` plus their
// labels; runners registered with a token (the image's entrypoint) carry `self-hosted`, the OS
// and architecture, plus OPP_RUNNER_LABELS; an Actions Runner Controller scale set carries only
// its name (and, from chart 0.14, its `scaleSetLabels`), never `self-hosted`
// (docs.github.com, "Using Actions Runner Controller runners in a workflow").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { runCli } from '../helpers/cli.js';
import { recording, startReplay } from '../helpers/github-replay.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (...parts: string[]): string => readFileSync(join(ROOT, ...parts), 'utf8');
const TOKEN = 'github_pat_11TESTTOKENab12cd34ef56gh78ij90';

/** The labels `opp-campaign runners jit` registers a runner with, by default. */
async function jitLabels(): Promise<string[]> {
  const recorded = recording('generate-jitconfig');
  // any body: the test reads what the command sent
  const api = await startReplay(
    [{ ...recorded, request: { ...recorded.request, body: undefined } }],
    TOKEN,
  );
  const saved = { t: process.env['GITHUB_TOKEN'], u: process.env['GITHUB_API_URL'] };
  process.env['GITHUB_TOKEN'] = TOKEN;
  process.env['GITHUB_API_URL'] = api.url;
  try {
    const r = await runCli(['runners', 'jit', '--name', 'vm-1', '--repo', 'octo-org/octo-repo']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(api.received.at(-1)?.body ?? '{}') as { labels: string[] }).labels;
  } finally {
    for (const [k, v] of [
      ['GITHUB_TOKEN', saved.t],
      ['GITHUB_API_URL', saved.u],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await api.close();
  }
}

/** The labels of a runner the image registers with a token (config.sh adds OS and arch). */
function tokenRunnerLabels(): string[] {
  const docker = read('runner-image', 'Dockerfile');
  const version = /^ARG OMNETPP_VERSION=(\S+)/m.exec(docker)?.[1] ?? '';
  const labels = /OPP_RUNNER_LABELS=(\S+)/.exec(docker)?.[1] ?? '';
  return [
    'self-hosted',
    'Linux',
    'X64',
    ...labels.replace(/\$\{OMNETPP_VERSION\}/g, version).split(','),
  ];
}

function arcLabels(): string[] {
  const values = YAML.parse(read('runner-image', 'arc-values.yaml')) as {
    runnerScaleSetName: string;
    scaleSetLabels?: string[];
  };
  return [values.runnerScaleSetName, ...(values.scaleSetLabels ?? [])];
}

function runsOn(job: string): string[] {
  const wf = YAML.parse(read('workflows', 'campaign.yml')) as {
    jobs: Record<string, { 'runs-on': string | string[] }>;
  };
  const r = wf.jobs[job]?.['runs-on'];
  return typeof r === 'string' ? [r] : (r ?? []);
}

const matches = (wanted: string[], labels: string[]): boolean =>
  wanted.every((w) => labels.some((l) => l.toLowerCase() === w.toLowerCase()));

test('runs-on of the build and shard jobs matches JIT runners, token runners and ARC', async () => {
  const runners = {
    'runners jit': await jitLabels(),
    'token registration': tokenRunnerLabels(),
    'ARC scale set': arcLabels(),
  };
  for (const job of ['build', 'shard']) {
    const wanted = runsOn(job);
    assert.ok(wanted.length > 0, `${job} has runs-on`);
    for (const [kind, labels] of Object.entries(runners))
      assert.ok(
        matches(wanted, labels),
        `${job}: runs-on [${wanted.join(', ')}] does not match a ${kind} runner [${labels.join(', ')}]`,
      );
  }
});
