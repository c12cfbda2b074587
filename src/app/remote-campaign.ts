// What the client commands (submit, watch, fetch, resume) share: the clock (injected, so tests
// run without waiting), retries that follow GitHub's rate-limit rules, the chain of campaigns a
// resumed campaign belongs to, and reading one file out of a run's artifact.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GitHubRateLimitError,
  GitHubUnavailableError,
  type ArtifactInfo,
  type GitHubCampaigns,
  type WorkflowRunInfo,
} from '../adapters/github-campaigns.js';
import { ZipArchive } from '../adapters/zip-reader.js';
import { DEFAULT_LIMITS, type ExtractLimits } from '../core/archive/entry-check.js';
import { DEFAULT_POLICY, waitAfter, type PollPolicy } from '../core/client/backoff.js';
import { parentRunOf } from '../core/client/dispatch-branch.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CampaignInterrupted());
        return;
      }
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(t);
        reject(new CampaignInterrupted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Ctrl-C while waiting: the command stops (exit status 130); the campaign goes on. */
export class CampaignInterrupted extends Error {
  readonly userFacing = true;
  constructor(message = 'interrupted (the campaign on GitHub goes on)') {
    super(message);
    this.name = 'CampaignInterrupted';
  }
}

/** A client command could not do what was asked; the message says why and what to do. */
export class CampaignClientError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'CampaignClientError';
  }
}

export interface ClientContext {
  readonly api: GitHubCampaigns;
  readonly clock: Clock;
  /** Notes for the user (waits, retries): one line each, on stderr. */
  readonly note: (line: string) => void;
  readonly policy?: PollPolicy;
  readonly signal?: AbortSignal;
  /** Artifact names: PREFIX-plan, PREFIX-shard-K, PREFIX-results. */
  readonly artifactPrefix?: string;
  readonly limits?: ExtractLimits;
}

export const prefixOf = (ctx: ClientContext): string => ctx.artifactPrefix ?? 'campaign';

/**
 * Calls `fn`, and when GitHub limits the rate or fails for a moment, waits as GitHub asks (see
 * core/client/backoff.ts) and calls again. `retryUnavailable: false` is for requests that must
 * not be repeated blindly (a dispatch that failed with a 5xx may still have started a run).
 */
export async function withRetries<T>(
  ctx: ClientContext,
  fn: () => Promise<T>,
  retryUnavailable = true,
): Promise<T> {
  const policy = ctx.policy ?? DEFAULT_POLICY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const refusal =
        err instanceof GitHubRateLimitError
          ? ({
              kind: 'rate-limit',
              retryAfterS: err.retryAfterS,
              remaining: err.remaining,
              resetAtS: err.resetAtS,
            } as const)
          : err instanceof GitHubUnavailableError && retryUnavailable
            ? ({ kind: 'unavailable' } as const)
            : undefined;
      if (!refusal || (refusal.kind === 'unavailable' && attempt >= policy.maxFailures)) throw err;
      const wait = waitAfter(refusal, attempt, ctx.clock.now(), policy);
      ctx.note(`${(err as Error).message} Waiting ${Math.ceil(wait / 1000)} s.`);
      await ctx.clock.sleep(wait, ctx.signal);
    }
  }
}

/** The campaign and the campaigns it resumed, oldest first (at most 50). */
export async function campaignChain(
  ctx: ClientContext,
  run: WorkflowRunInfo,
): Promise<WorkflowRunInfo[]> {
  const chain = [run];
  for (let parent = parentRunOf(run.headBranch); parent !== undefined;) {
    if (chain.length >= 50 || chain.some((r) => r.id === parent))
      throw new CampaignClientError(`run ${run.id}: its chain of resumed campaigns is too long`);
    const p = await withRetries(ctx, () => ctx.api.run(parent as number));
    chain.unshift(p);
    parent = parentRunOf(p.headBranch);
  }
  return chain;
}

export async function findArtifact(
  ctx: ClientContext,
  runId: number,
  name: string,
): Promise<ArtifactInfo | undefined> {
  const all = await withRetries(ctx, () => ctx.api.artifacts(runId, name));
  // a re-run's job uploads NAME-attempt-N (an artifact name is taken once per workflow run):
  // the latest attempt's is the run's
  const attempt = (a: ArtifactInfo): number => {
    if (a.name === name) return 1;
    const m = /^-attempt-(\d+)$/.exec(a.name.slice(name.length));
    return m ? Number(m[1]) : 0;
  };
  const named = all.filter((a) => attempt(a) > 0);
  const live = named
    .filter((a) => !a.expired)
    .sort((a, b) => attempt(a) - attempt(b) || a.id - b.id);
  if (live.length === 0 && named.length > 0)
    throw new CampaignClientError(
      `artifact '${name}' of run ${runId} has expired (GitHub keeps artifacts 90 days unless the` +
        ' repository says otherwise).',
    );
  return live[live.length - 1];
}

/** Downloads the artifact into `file`, retrying a link that failed (a fresh link each time). */
export async function downloadArtifact(
  ctx: ClientContext,
  artifact: ArtifactInfo,
  file: string,
): Promise<void> {
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  await withRetries(ctx, async () => {
    await rm(file, { force: true });
    try {
      await ctx.api.downloadArtifact(artifact, file, limits.maxTotalBytes, ctx.signal);
    } catch (e) {
      // the download stopped by Ctrl-C (any error once aborted) is no failure to retry
      if (ctx.signal?.aborted) throw new CampaignInterrupted();
      throw e;
    }
  });
}

/** One file of a run's artifact (read in memory, at most `maxBytes`), or undefined. */
export async function readArtifactFile(
  ctx: ClientContext,
  artifact: ArtifactInfo,
  path: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'opp-campaign-artifact-'));
  try {
    const zip = join(dir, 'artifact.zip');
    await downloadArtifact(ctx, artifact, zip);
    return await (await ZipArchive.open(zip, ctx.limits)).read(path, maxBytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
