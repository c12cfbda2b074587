// `opp-campaign watch`: follow a campaign run until it ends. Each poll reads the run and its
// jobs (two requests; the plan artifact once, when the plan job has finished, for the shard
// sizes), reports the progress, and waits: the usual interval, longer when the rate-limit
// budget is short, and as GitHub asks after a refusal (app/remote-campaign.ts withRetries).
import type { WorkflowRunInfo } from '../adapters/github-campaigns.js';
import { DEFAULT_POLICY, waitBetweenPolls } from '../core/client/backoff.js';
import {
  campaignProgress,
  jobNamed,
  shardIndexOf,
  type CampaignProgress,
  type JobState,
} from '../core/client/campaign-progress.js';
import { parsePlanDocument, type PlanDocument } from '../core/plan/plan-document.js';
import {
  findArtifact,
  prefixOf,
  readArtifactFile,
  withRetries,
  type ClientContext,
} from './remote-campaign.js';

export interface WatchOutcome {
  readonly run: WorkflowRunInfo;
  readonly succeeded: boolean;
  /** One sentence: how the campaign ended. */
  readonly message: string;
  readonly progress: CampaignProgress;
}

/** Requests per poll: the run and (usually one page of) its jobs. */
const REQUESTS_PER_POLL = 2;
const MAX_PLAN_BYTES = 512 * 2 ** 20;

export async function watchCampaign(
  ctx: ClientContext,
  runId: number,
  report: (p: CampaignProgress, run: WorkflowRunInfo) => void | Promise<void>,
): Promise<WatchOutcome> {
  const policy = ctx.policy ?? DEFAULT_POLICY;
  let shardRuns: number[] | undefined;
  for (;;) {
    const run = await withRetries(ctx, () => ctx.api.run(runId));
    const jobs = await withRetries(ctx, () => ctx.api.jobs(runId));
    if (shardRuns === undefined && jobNamed(jobs, 'plan')?.conclusion === 'success')
      shardRuns = (await readPlan(ctx, runId))?.shards.map((s) => s.runs.length);
    const progress = campaignProgress({
      runStatus: run.status,
      runStartedAtMs: run.startedAtMs,
      jobs,
      shardRuns,
      nowMs: ctx.clock.now(),
    });
    await report(progress, run);
    if (run.status === 'completed') return { run, progress, ...outcome(run, jobs) };
    const wait = waitBetweenPolls(ctx.api.lastRate, REQUESTS_PER_POLL, ctx.clock.now(), policy);
    await ctx.clock.sleep(wait, ctx.signal);
  }
}

/** The plan of a run, once its plan job has uploaded it. */
export async function readPlan(
  ctx: ClientContext,
  runId: number,
): Promise<PlanDocument | undefined> {
  const name = `${prefixOf(ctx)}-plan`;
  const artifact = await findArtifact(ctx, runId, name);
  if (!artifact) return undefined;
  const text = await readArtifactFile(ctx, artifact, 'plan.json', MAX_PLAN_BYTES);
  return text === undefined
    ? undefined
    : parsePlanDocument(text.toString('utf8'), `the plan artifact of run ${runId}: plan.json`);
}

function outcome(
  run: WorkflowRunInfo,
  jobs: readonly JobState[],
): { succeeded: boolean; message: string } {
  const merge = jobNamed(jobs, 'merge');
  const plan = jobNamed(jobs, 'plan');
  const conclusion = run.conclusion ?? 'unknown';
  const failedShards = jobs
    .filter(
      (j) => j.status === 'completed' && j.conclusion !== 'success' && j.conclusion !== 'skipped',
    )
    .map((j) => shardIndexOf(j.name))
    .filter((i): i is number => i !== undefined)
    .sort((a, b) => a - b);
  const shards = failedShards.length ? ` (shards that failed: ${failedShards.join(', ')})` : '';
  if (merge && merge.status === 'completed' && merge.conclusion !== 'skipped')
    return {
      succeeded: run.conclusion === 'success' && merge.conclusion === 'success',
      message: `campaign ${conclusion}: the merge job ended with ${merge.conclusion ?? 'no conclusion'}${shards}`,
    };
  if (plan && plan.conclusion !== 'success')
    return {
      succeeded: false,
      message: `campaign ${conclusion}: the plan job ended with ${plan.conclusion ?? 'no conclusion'} (see its log)`,
    };
  return { succeeded: false, message: `campaign ${conclusion}: no merge job ran` };
}
