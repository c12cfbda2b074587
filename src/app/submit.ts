// `opp-campaign submit`: start the campaign workflow on GitHub for exactly the code in the
// working copy. Steps: plan locally (an ini error shows here, with its file and line, before a
// runner is taken); choose the branch to run (the current branch when GitHub's tip is HEAD and
// nothing is uncommitted; otherwise a snapshot of the working tree, on a branch of its own);
// dispatch the workflow; find the run it started.
import type { SnapshotResult, GitClient } from '../ports.js';
import { NotARepositoryError, type WorkingCopy } from '../adapters/local-repo.js';
import {
  GitHubApiError,
  GitHubUnavailableError,
  type WorkflowRunInfo,
} from '../adapters/github-campaigns.js';
import { snapshotBranch } from '../core/client/dispatch-branch.js';
import { planShards } from './plan-shards.js';
import { takeSnapshot } from './snapshot.js';
import { CampaignClientError, withRetries, type ClientContext } from './remote-campaign.js';

export interface SubmitOptions {
  readonly dir: string;
  readonly configs: readonly string[];
  readonly filter: string | undefined;
  readonly maxShards: number | undefined;
  /** Run this branch or tag of the GitHub repository as it is there. */
  readonly ref: string | undefined;
  /** The git remote that snapshots are pushed to (name or URL). */
  readonly remote: string;
  readonly gitToken: string | undefined;
}

export interface SubmitContext extends ClientContext {
  readonly git: GitClient;
  readonly workingCopy: (dir: string) => Promise<WorkingCopy>;
}

export interface Submitted {
  readonly run: { readonly id: number; readonly htmlUrl: string };
  readonly ref: string;
  /** The commit the campaign runs; undefined with --ref (GitHub's tip of that ref). */
  readonly sha: string | undefined;
  readonly snapshot: SnapshotResult | undefined;
  readonly planned: { readonly runs: number; readonly shards: number };
  readonly dirtyIgnored: boolean;
}

/** The workflow's default for max-shards (workflows/campaign.yml). */
const WORKFLOW_MAX_SHARDS = 32;

export async function submitCampaign(ctx: SubmitContext, opts: SubmitOptions): Promise<Submitted> {
  const planned = await planLocally(opts);
  if (opts.ref !== undefined) {
    // the working copy only matters for a warning here: DIR need not even be a clone
    const copy = await ctx.workingCopy(opts.dir).catch((e: unknown) => {
      if (e instanceof NotARepositoryError) return undefined;
      throw e;
    });
    const run = await dispatchAndFind(ctx, opts.ref, workflowInputs(opts), undefined);
    return {
      run,
      ref: opts.ref,
      sha: undefined,
      snapshot: undefined,
      planned,
      dirtyIgnored: copy?.dirty === true,
    };
  }
  const target = await dispatchTarget(ctx, opts, await ctx.workingCopy(opts.dir));
  try {
    const run = await dispatchAndFind(ctx, target.ref, workflowInputs(opts), target.sha);
    return { run, ...target, planned, dirtyIgnored: false };
  } catch (e) {
    if (target.snapshot) await removeRefusedSnapshot(ctx, opts, target.snapshot, target.ref, e);
    throw e;
  }
}

/**
 * The dispatch failed after a snapshot and its branch were pushed. When GitHub refused it (a
 * 4xx: no such workflow, no permission), no run uses them: both are deleted from the remote
 * (best effort). Otherwise (a 5xx, a timeout, a run not found) a run may have started on them:
 * they stay, and the user is told how to remove them.
 */
async function removeRefusedSnapshot(
  ctx: SubmitContext,
  opts: SubmitOptions,
  snapshot: SnapshotResult,
  branch: string,
  cause: unknown,
): Promise<void> {
  const left = `the snapshot ${snapshot.ref} and branch ${branch} are left on ${opts.remote}: 'opp-campaign snapshot --prune' removes them`;
  const refused =
    cause instanceof GitHubApiError &&
    !(cause instanceof GitHubUnavailableError) &&
    cause.status !== undefined &&
    cause.status >= 400 &&
    cause.status < 500;
  if (!refused) {
    ctx.note(left);
    return;
  }
  try {
    const remote = {
      dir: opts.dir,
      remote: opts.remote,
      ...(opts.gitToken ? { token: opts.gitToken } : {}),
    };
    // only those there and still at the snapshot: deleting a ref that is gone fails the push
    const present: string[] = [];
    for (const ref of [snapshot.ref, `refs/heads/${branch}`])
      for (const r of await ctx.git.listRemoteRefs(remote, ref))
        if (r.ref === ref && r.sha === snapshot.sha) present.push(ref);
    await ctx.git.deleteRemoteRefs(remote, present);
    ctx.note(
      `GitHub refused the campaign: deleted what it was to run (${present.join(', ')}) from ${opts.remote}`,
    );
  } catch {
    ctx.note(left);
  }
}

async function planLocally(opts: SubmitOptions): Promise<{ runs: number; shards: number }> {
  const doc = await planShards({
    dir: opts.dir,
    overrides: { configs: [...opts.configs], runs: opts.filter },
    maxShards: opts.maxShards ?? WORKFLOW_MAX_SHARDS,
  });
  if (doc.totalRuns === 0)
    throw new CampaignClientError(
      `the campaign selects no runs (configs ${doc.configs.join(', ')}` +
        `${doc.filter ? `, filter '${doc.filter}'` : ''}): nothing to submit`,
    );
  return { runs: doc.totalRuns, shards: doc.shardCount };
}

/** Only what was given: the workflow's own defaults apply to the rest. */
export function workflowInputs(opts: {
  configs: readonly string[];
  filter: string | undefined;
  maxShards: number | undefined;
}): Record<string, string> {
  return {
    ...(opts.configs.length ? { configs: opts.configs.join(',') } : {}),
    ...(opts.filter !== undefined && opts.filter !== '' ? { runs: opts.filter } : {}),
    ...(opts.maxShards !== undefined ? { 'max-shards': String(opts.maxShards) } : {}),
  };
}

async function dispatchTarget(
  ctx: SubmitContext,
  opts: SubmitOptions,
  copy: WorkingCopy,
): Promise<{ ref: string; sha: string; snapshot: SnapshotResult | undefined }> {
  // GitHub is asked before anything is pushed: a wrong token or an API out of reach leaves no
  // snapshot behind on the remote (a detached HEAD's probe asks for a branch that may not exist)
  const tip = await withRetries(ctx, () => ctx.api.branchSha(copy.branch ?? 'main'));
  if (!copy.dirty && copy.branch && copy.head && tip === copy.head)
    return { ref: copy.branch, sha: copy.head, snapshot: undefined };
  // uncommitted work, commits GitHub does not have, or a detached HEAD: a snapshot (which
  // pushes HEAD itself when nothing is uncommitted), and a branch at it to dispatch on
  const snapshot = await takeSnapshot(
    {
      git: ctx.git,
      dir: copy.top,
      remote: opts.remote,
      now: ctx.clock.now(),
      ...(opts.gitToken ? { token: opts.gitToken } : {}),
    },
    // a ref (and branch) of its own: a refused dispatch deletes them, not an earlier snapshot's
    { newRef: true },
  );
  const branch = snapshotBranch(snapshot.ref);
  try {
    await withRetries(ctx, () => ctx.api.createBranch(branch, snapshot.sha));
  } catch (e) {
    // (a token that may read but not write the repository: the snapshot is no use either)
    await removeRefusedSnapshot(ctx, opts, snapshot, branch, e);
    throw e;
  }
  return { ref: branch, sha: snapshot.sha, snapshot };
}

/** How long a dispatch may take to show up as a run before we give up looking. */
const FIND_RUN_TIMEOUT_MS = 120_000;
/** Runs created this long before GitHub's answer to the dispatch still count as ours. */
const CLOCK_SLACK_MS = 10_000;

/**
 * Dispatches the workflow on `ref` and returns the run it started: from the answer itself
 * (return_run_details), or, where GitHub answers 204 without details (older GitHub Enterprise
 * Server), by polling the runs of that branch created by workflow_dispatch since the dispatch,
 * whose commit is `sha` when it is known.
 */
export async function dispatchAndFind(
  ctx: ClientContext,
  ref: string,
  inputs: Record<string, string>,
  sha: string | undefined,
): Promise<{ id: number; htmlUrl: string }> {
  // a rate-limited dispatch was not carried out and is retried; a failed one is not (it may
  // have started a run all the same)
  const answer = await withRetries(ctx, () => ctx.api.dispatch(ref, inputs), false);
  if (answer.kind === 'run') return { id: answer.runId, htmlUrl: answer.htmlUrl };
  const since = (answer.serverTimeMs ?? ctx.clock.now()) - CLOCK_SLACK_MS;
  const deadline = ctx.clock.now() + FIND_RUN_TIMEOUT_MS;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 10_000)) {
    const runs = await withRetries(ctx, () => ctx.api.dispatchedRuns(ref, since));
    const ours = pickDispatched(runs, sha);
    if (ours) return { id: ours.id, htmlUrl: ours.htmlUrl };
    if (ctx.clock.now() + wait > deadline)
      throw new CampaignClientError(
        `the workflow was dispatched on '${ref}', but its run did not appear within` +
          ` ${FIND_RUN_TIMEOUT_MS / 1000} s; look for it on the repository's Actions page`,
      );
    await ctx.clock.sleep(wait, ctx.signal);
  }
}

/** The earliest run of our commit (any, when the commit is not known). */
function pickDispatched(
  runs: readonly WorkflowRunInfo[],
  sha: string | undefined,
): WorkflowRunInfo | undefined {
  return runs
    .filter((r) => sha === undefined || r.headSha === sha)
    .sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id)[0];
}
