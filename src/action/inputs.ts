// Every input of the action, read once into one documented settings type (as actions/checkout's
// input-helper does). Nothing deeper reads process.env.
import * as core from '@actions/core';
import { cpus } from 'node:os';
import { join, resolve, sep } from 'node:path';
import {
  MAX_JOBS,
  MAX_RETRIES,
  parseDuration,
  SettingsError,
  shown,
} from '../core/campaign/settings.js';
import { MAX_SHARDS } from '../core/plan/shard.js';

export type Command = 'plan' | 'build' | 'shard' | 'merge';

export interface ActionInputs {
  readonly command: Command;
  readonly projectDir: string;
  readonly ini: string[] | undefined;
  readonly configs: string[] | undefined;
  readonly runs: string | undefined;
  readonly maxShards: number;
  readonly shardIndex: number | undefined;
  readonly parallelism: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  readonly artifactPrefix: string;
  readonly allowPartial: boolean;
  /** shard: a `build` job runs before the shards and publishes the build. */
  readonly buildJob: boolean;
  readonly previousRunIndex: string | undefined;
  readonly cacheDir: string;
  readonly workDir: string;
  readonly commit: string | undefined;
  /** A folder standing in for GitHub's artifact service (local mode and tests). */
  readonly artifactDir: string | undefined;
  readonly maxRuns: number | undefined;
  /** The page of this run attempt, whose step summaries hold the whole merge summary. */
  readonly runUrl: string | undefined;
  /**
   * Use the shared ccache folder read-only: in pull-request jobs (GITHUB_EVENT_NAME
   * pull_request*), or when the runner says so (CCACHE_READONLY, runner-image/README.md).
   */
  readonly cacheReadOnly: boolean;
  /** GITHUB_RUN_ATTEMPT: 2 and up in a re-run. */
  readonly runAttempt: number;
  /** GITHUB_RUN_ID and GITHUB_REPOSITORY (OWNER/NAME): where earlier attempts' artifacts are. */
  readonly runId: number | undefined;
  readonly repository: string | undefined;
  /** Input github-token: lists the run's artifacts in a re-run. */
  readonly githubToken: string | undefined;
  /** On a GitHub-hosted runner without a mounted cache folder: keep ccache in the Actions cache. */
  readonly hostedRunner: boolean;
}

export class InputError extends Error {
  readonly userFacing = true;
}

const list = (v: string): string[] | undefined => {
  const items = v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length ? items : undefined;
};

/** A boolean input as YAML 1.2 has it (true/True/TRUE, false/False/FALSE; empty: false). */
function bool(name: string, v: string): boolean {
  const t = v.trim();
  if (t === '' || /^(false|False|FALSE)$/.test(t)) return false;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  throw new InputError(`input '${name}' must be true or false, not ${shown(v)}`);
}

function int(
  name: string,
  v: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v.trim() === '') return undefined;
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN; // not 0x10 or 1e1
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(
      `input '${name}' must be a whole number from ${min} to ${max}, not ${shown(v)}`,
    );
  return n;
}

/**
 * The compiler cache folder the job was given (input cache-dir, else OPP_CAMPAIGN_CACHE_DIR),
 * relative to the workspace. One inside the workspace is refused: the cache would count among
 * the model's sources (every job another build fingerprint) and the folders kept beside it
 * would land in the checkout.
 */
function givenCacheDir(input: string, env: NodeJS.ProcessEnv): string | undefined {
  const [name, value] = input
    ? ['input cache-dir', input]
    : ['OPP_CAMPAIGN_CACHE_DIR', env['OPP_CAMPAIGN_CACHE_DIR'] ?? ''];
  if (value === '') return undefined;
  const workspace = resolve(env['GITHUB_WORKSPACE'] ?? '.');
  const dir = resolve(workspace, value);
  if (env['GITHUB_WORKSPACE'] !== undefined && (dir + sep).startsWith(workspace + sep))
    throw new InputError(
      `${name} (${value}) is inside the workspace: give a folder outside it (the runner image's volume, or \${{ runner.temp }}/ccache)`,
    );
  return dir;
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const get = (name: string): string => core.getInput(name);
  const command = get('command');
  if (command !== 'plan' && command !== 'build' && command !== 'shard' && command !== 'merge')
    throw new InputError(`input 'command' must be plan, build, shard or merge, not '${command}'`);
  let timeoutMs: number | undefined;
  try {
    timeoutMs = get('timeout') === '' ? undefined : parseDuration(get('timeout'), ['timeout']);
  } catch (e) {
    if (e instanceof SettingsError) throw new InputError(`input 'timeout': ${e.message}`);
    throw e;
  }
  const shardIndex = int('shard-index', get('shard-index'), 0, MAX_SHARDS - 1);
  if (command === 'shard' && shardIndex === undefined)
    throw new InputError(
      "input 'shard-index' is required for command 'shard' (use ${{ matrix.shard }})",
    );
  const prefix = get('artifact-prefix') || 'campaign';
  if (!/^[A-Za-z0-9._-]+$/.test(prefix))
    throw new InputError(
      `input 'artifact-prefix' may hold letters, digits, '.', '_' and '-', not '${prefix}'`,
    );
  const temp = env['RUNNER_TEMP'] ?? join(env['GITHUB_WORKSPACE'] ?? '.', '.opp-campaign-tmp');
  const cacheDir = givenCacheDir(get('cache-dir'), env) ?? join(temp, 'opp-campaign-cache');
  return {
    command,
    projectDir: join(env['GITHUB_WORKSPACE'] ?? '.', get('project-dir') || '.'),
    ini: list(get('ini')),
    configs: list(get('configs')),
    runs: get('runs') || undefined,
    maxShards: int('max-shards', get('max-shards'), 1, MAX_SHARDS) ?? 32,
    shardIndex,
    // the runner image exports the cores the container may use (a CPU quota, not the host's)
    parallelism:
      int('parallelism', get('parallelism'), 1, MAX_JOBS) ??
      int('OPP_CAMPAIGN_JOBS', env['OPP_CAMPAIGN_JOBS'] ?? '', 1, MAX_JOBS) ??
      cpus().length,
    timeoutMs,
    retries: int('retries', get('retries'), 0, MAX_RETRIES),
    artifactPrefix: prefix,
    allowPartial: bool('allow-partial', get('allow-partial')),
    buildJob: bool('build-job', get('build-job')),
    previousRunIndex: get('previous-run-index') || undefined,
    cacheDir,
    workDir: join(temp, 'opp-campaign'),
    commit: env['GITHUB_SHA'],
    artifactDir: env['OPP_CAMPAIGN_ARTIFACT_DIR'] || undefined,
    maxRuns: int('max-runs', get('max-runs'), 1),
    runUrl:
      env['GITHUB_REPOSITORY'] && env['GITHUB_RUN_ID']
        ? `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${env['GITHUB_REPOSITORY']}/actions/runs/${env['GITHUB_RUN_ID']}/attempts/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`
        : undefined,
    cacheReadOnly:
      (env['GITHUB_EVENT_NAME'] ?? '').startsWith('pull_request') ||
      !['', '0', 'false', 'no', 'disable'].includes((env['CCACHE_READONLY'] ?? '').toLowerCase()),
    runAttempt: int('GITHUB_RUN_ATTEMPT', env['GITHUB_RUN_ATTEMPT'] ?? '', 1) ?? 1,
    runId: int('GITHUB_RUN_ID', env['GITHUB_RUN_ID'] ?? '', 1),
    repository: env['GITHUB_REPOSITORY'] || undefined,
    githubToken: get('github-token') || undefined,
    hostedRunner:
      env['RUNNER_ENVIRONMENT'] === 'github-hosted' &&
      !get('cache-dir') &&
      !env['OPP_CAMPAIGN_CACHE_DIR'],
  };
}
