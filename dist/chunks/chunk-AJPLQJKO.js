import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  takeSnapshot
} from "./chunk-GFI73Y4I.js";
import {
  planShards
} from "./chunk-EG4POAAE.js";
import {
  CampaignClientError,
  NotARepositoryError,
  snapshotBranch,
  withRetries
} from "./chunk-QLYDDIYZ.js";

// src/app/submit.ts
var WORKFLOW_MAX_SHARDS = 32;
async function submitCampaign(ctx, opts) {
  const planned = planLocally(opts);
  if (opts.ref !== void 0) {
    const copy = await ctx.workingCopy(opts.dir).catch((e) => {
      if (e instanceof NotARepositoryError) return void 0;
      throw e;
    });
    const run2 = await dispatchAndFind(ctx, opts.ref, workflowInputs(opts), void 0);
    return {
      run: run2,
      ref: opts.ref,
      sha: void 0,
      snapshot: void 0,
      planned,
      dirtyIgnored: copy?.dirty === true
    };
  }
  const target = await dispatchTarget(ctx, opts, await ctx.workingCopy(opts.dir));
  const run = await dispatchAndFind(ctx, target.ref, workflowInputs(opts), target.sha);
  return { run, ...target, planned, dirtyIgnored: false };
}
function planLocally(opts) {
  const doc = planShards({
    dir: opts.dir,
    overrides: { configs: [...opts.configs], runs: opts.filter },
    maxShards: opts.maxShards ?? WORKFLOW_MAX_SHARDS
  });
  if (doc.totalRuns === 0)
    throw new CampaignClientError(
      `the campaign selects no runs (configs ${doc.configs.join(", ")}${doc.filter ? `, filter '${doc.filter}'` : ""}): nothing to submit`
    );
  return { runs: doc.totalRuns, shards: doc.shards.length };
}
function workflowInputs(opts) {
  return {
    ...opts.configs.length ? { configs: opts.configs.join(",") } : {},
    ...opts.filter !== void 0 && opts.filter !== "" ? { runs: opts.filter } : {},
    ...opts.maxShards !== void 0 ? { "max-shards": String(opts.maxShards) } : {}
  };
}
async function dispatchTarget(ctx, opts, copy) {
  if (!copy.dirty && copy.branch && copy.head) {
    const tip = await withRetries(ctx, () => ctx.api.branchSha(copy.branch));
    if (tip === copy.head) return { ref: copy.branch, sha: copy.head, snapshot: void 0 };
  }
  const snapshot = await takeSnapshot({
    git: ctx.git,
    dir: copy.top,
    remote: opts.remote,
    now: ctx.clock.now(),
    ...opts.gitToken ? { token: opts.gitToken } : {}
  });
  const branch = snapshotBranch(snapshot.ref);
  await withRetries(ctx, () => ctx.api.createBranch(branch, snapshot.sha));
  return { ref: branch, sha: snapshot.sha, snapshot };
}
var FIND_RUN_TIMEOUT_MS = 12e4;
var CLOCK_SLACK_MS = 1e4;
async function dispatchAndFind(ctx, ref, inputs, sha) {
  const answer = await withRetries(ctx, () => ctx.api.dispatch(ref, inputs), false);
  if (answer.kind === "run") return { id: answer.runId, htmlUrl: answer.htmlUrl };
  const since = (answer.serverTimeMs ?? ctx.clock.now()) - CLOCK_SLACK_MS;
  const deadline = ctx.clock.now() + FIND_RUN_TIMEOUT_MS;
  for (let wait = 1e3; ; wait = Math.min(wait * 2, 1e4)) {
    const runs = await withRetries(ctx, () => ctx.api.dispatchedRuns(ref, since));
    const ours = pickDispatched(runs, sha);
    if (ours) return { id: ours.id, htmlUrl: ours.htmlUrl };
    if (ctx.clock.now() + wait > deadline)
      throw new CampaignClientError(
        `the workflow was dispatched on '${ref}', but its run did not appear within ${FIND_RUN_TIMEOUT_MS / 1e3} s; look for it on the repository's Actions page`
      );
    await ctx.clock.sleep(wait, ctx.signal);
  }
}
function pickDispatched(runs, sha) {
  return runs.filter((r) => sha === void 0 || r.headSha === sha).sort((a, b) => a.createdAtMs - b.createdAtMs || a.id - b.id)[0];
}

export {
  submitCampaign,
  workflowInputs,
  dispatchAndFind
};
