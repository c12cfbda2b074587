import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  parsePlanDocument
} from "./chunk-E3KJ6BRP.js";
import {
  CampaignClientError,
  CampaignInterrupted,
  DEFAULT_POLICY,
  TOKEN_HELP,
  connect,
  defaultClientContext,
  findArtifact,
  intOption,
  prefixOf,
  readArtifactFile,
  waitBetweenPolls,
  withRetries
} from "./chunk-QLYDDIYZ.js";
import {
  EXIT,
  UsageError
} from "./chunk-UFMSSHFB.js";

// src/cli/watch-command.ts
import { parseArgs } from "node:util";

// src/core/client/campaign-progress.ts
function shardIndexOf(jobName) {
  const m = /(?:^|\/ )shard \((\d+)\)$/.exec(jobName);
  return m?.[1] === void 0 ? void 0 : Number(m[1]);
}
function jobNamed(jobs, name) {
  return jobs.find((j) => j.name === name || j.name.endsWith(` / ${name}`));
}
var FAILED = /* @__PURE__ */ new Set(["failure", "cancelled", "timed_out", "startup_failure", "stale"]);
function campaignProgress(p) {
  const shardJobs = p.jobs.map((j) => ({ job: j, index: shardIndexOf(j.name) })).filter((s) => s.index !== void 0);
  let queued = 0;
  let running = 0;
  let done = 0;
  let failed = 0;
  let finishedRuns = 0;
  for (const { job, index } of shardJobs) {
    if (job.status === "completed") {
      if (job.conclusion !== null && FAILED.has(job.conclusion)) failed++;
      else done++;
      finishedRuns += p.shardRuns?.[index] ?? 0;
    } else if (job.status === "in_progress") running++;
    else queued++;
  }
  const total = p.shardRuns?.length ?? (shardJobs.length > 0 ? shardJobs.length : void 0);
  if (total !== void 0 && shardJobs.length < total) queued += total - shardJobs.length;
  const runs = p.shardRuns === void 0 ? void 0 : { finished: finishedRuns, total: p.shardRuns.reduce((a, b) => a + b, 0) };
  return {
    phase: phaseOf(p),
    shards: { total, queued, running, done, failed },
    runs,
    elapsedMs: Math.max(0, p.nowMs - p.runStartedAtMs),
    etaMs: p.runStatus === "completed" ? 0 : eta(shardJobs, p.shardRuns, p.nowMs)
  };
}
function phaseOf(p) {
  if (p.runStatus === "completed") return "completed";
  const merge = jobNamed(p.jobs, "merge");
  if (merge && merge.status !== "queued" && merge.status !== "waiting") return "merging";
  if (p.jobs.some((j) => shardIndexOf(j.name) !== void 0)) return "running";
  const plan = jobNamed(p.jobs, "plan");
  return plan && plan.status === "in_progress" ? "planning" : p.jobs.length ? "running" : "queued";
}
function eta(shards, shardRuns, now) {
  const size = (i) => shardRuns?.[i] ?? 0;
  let ms = 0;
  let runs = 0;
  for (const { job, index } of shards)
    if (job.status === "completed" && job.startedAtMs !== void 0 && job.completedAtMs !== void 0) {
      ms += job.completedAtMs - job.startedAtMs;
      runs += size(index);
    }
  if (runs === 0) return void 0;
  const perRun = ms / runs;
  const active = shards.filter((s) => s.job.status === "in_progress");
  const created = new Set(shards.map((s) => s.index));
  const waiting = [
    ...shards.filter((s) => s.job.status !== "in_progress" && s.job.status !== "completed").map((s) => s.index),
    ...(shardRuns ?? []).map((_, i) => i).filter((i) => !created.has(i))
  ];
  const slots = active.map(
    (s) => Math.max(0, (s.job.startedAtMs ?? now) + size(s.index) * perRun - now)
  );
  if (slots.length === 0) slots.push(0);
  for (const i of waiting) {
    slots.sort((a, b) => a - b);
    slots[0] = slots[0] + size(i) * perRun;
  }
  return Math.round(Math.max(...slots));
}
function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1e3));
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}:${String(sec).padStart(2, "0")}`;
}
function formatProgress(p) {
  const s = p.shards;
  const parts = [p.phase];
  if (s.total !== void 0)
    parts.push(
      `shards ${s.queued} queued, ${s.running} running, ${s.done} done, ${s.failed} failed of ${s.total}`
    );
  if (p.runs) parts.push(`runs ${p.runs.finished}/${p.runs.total}`);
  parts.push(`${formatDuration(p.elapsedMs)} elapsed`);
  if (p.phase !== "completed")
    parts.push(`ETA ${p.etaMs === void 0 ? "?" : formatDuration(p.etaMs)}`);
  return parts.join(" | ");
}

// src/app/watch.ts
var REQUESTS_PER_POLL = 2;
var MAX_PLAN_BYTES = 512 * 2 ** 20;
async function watchCampaign(ctx, runId, report) {
  const policy = ctx.policy ?? DEFAULT_POLICY;
  let shardRuns;
  for (; ; ) {
    const run = await withRetries(ctx, () => ctx.api.run(runId));
    const jobs = await withRetries(ctx, () => ctx.api.jobs(runId));
    if (shardRuns === void 0 && jobNamed(jobs, "plan")?.conclusion === "success")
      shardRuns = (await readPlan(ctx, runId))?.shards.map((s) => s.runs.length);
    const progress = campaignProgress({
      runStatus: run.status,
      runStartedAtMs: run.startedAtMs,
      jobs,
      shardRuns,
      nowMs: ctx.clock.now()
    });
    await report(progress, run);
    if (run.status === "completed") return { run, progress, ...outcome(run, jobs) };
    const wait = waitBetweenPolls(ctx.api.lastRate, REQUESTS_PER_POLL, ctx.clock.now(), policy);
    await ctx.clock.sleep(wait, ctx.signal);
  }
}
async function readPlan(ctx, runId) {
  const name = `${prefixOf(ctx)}-plan`;
  const artifact = await findArtifact(ctx, runId, name);
  if (!artifact) return void 0;
  const text = await readArtifactFile(ctx, artifact, "plan.json", MAX_PLAN_BYTES);
  return text === void 0 ? void 0 : parsePlanDocument(text.toString("utf8"), `${name}/plan.json`);
}
function outcome(run, jobs) {
  const merge = jobNamed(jobs, "merge");
  const plan = jobNamed(jobs, "plan");
  const conclusion = run.conclusion ?? "unknown";
  const failedShards = jobs.filter(
    (j) => j.status === "completed" && j.conclusion !== "success" && j.conclusion !== "skipped"
  ).map((j) => shardIndexOf(j.name)).filter((i) => i !== void 0).sort((a, b) => a - b);
  const shards = failedShards.length ? ` (shards that failed: ${failedShards.join(", ")})` : "";
  if (merge && merge.status === "completed" && merge.conclusion !== "skipped")
    return {
      succeeded: run.conclusion === "success" && merge.conclusion === "success",
      message: `campaign ${conclusion}: the merge job ended with ${merge.conclusion ?? "no conclusion"}${shards}`
    };
  if (plan && plan.conclusion !== "success")
    return {
      succeeded: false,
      message: `campaign ${conclusion}: the plan job ended with ${plan.conclusion ?? "no conclusion"} (see its log)`
    };
  return { succeeded: false, message: `campaign ${conclusion}: no merge job ran` };
}

// src/core/client/run-ref.ts
function parseRunRef(text) {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { id: Number(t), repo: void 0 };
  const m = /^https?:\/\/[^/\s]+\/([\w.-]+)\/([\w.-]+)\/actions\/runs\/(\d+)(?:\/(?:attempts|job)\/\d+)?\/?(?:[?#].*)?$/.exec(
    t
  );
  if (!m?.[1] || !m[2] || !m[3]) return void 0;
  return { id: Number(m[3]), repo: { owner: m[1], repo: m[2] } };
}

// src/cli/watch-command.ts
var WATCH_HELP = `Usage: opp-campaign watch RUN|--latest [--interval SEC] [--repo OWNER/NAME] [--workflow FILE]

Follows a campaign on GitHub Actions until it ends: shards queued, running, done and failed,
runs finished of the total (from the plan's shard sizes), elapsed time and ETA. On a terminal
one live line, otherwise a line whenever something changes. Ends with the merge job's outcome.
Exit status 0 only when the campaign succeeded, 1 otherwise, 130 when interrupted (the
campaign goes on).

  RUN                  a run id or the URL of its page (as submit prints it)
      --latest         the newest run of the workflow
      --interval SEC   seconds between polls (default 10; longer when the API rate limit is
                       short, and as GitHub asks after a refusal)
      --repo O/N       the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE  the workflow file (default campaign.yml)

${TOKEN_HELP}
`;
async function watchCommand(argv, out, err, ctx = defaultClientContext()) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      latest: { type: "boolean" },
      interval: { type: "string" },
      repo: { type: "string" },
      workflow: { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    await out.line(WATCH_HELP.trimEnd());
    return 0;
  }
  const ref = runArgument("watch", positionals, values.latest === true);
  const interval = intOption("--interval", values.interval, 1, 3600);
  const policy = {
    ...ctx.policy ?? DEFAULT_POLICY,
    ...interval === void 0 ? {} : { intervalMs: interval * 1e3 }
  };
  const conn = await connect(
    { ...ctx, policy },
    {
      repoFlag: values.repo,
      runRepo: ref?.repo,
      dir: ctx.cwd,
      workflow: values.workflow ?? "campaign.yml",
      note: (l) => err.write(`${l}
`)
    }
  );
  const runId = ref?.id ?? await latestRunId(conn.client);
  return watchAndReport(conn.client, runId, out, ctx.stdoutIsTTY ? process.stdout : void 0);
}
function runArgument(command, positionals, latest) {
  if (positionals.length > 1)
    throw new UsageError(`${command}: one run, not ${positionals.length}`);
  const [arg] = positionals;
  if (latest && arg !== void 0) throw new UsageError(`${command}: RUN or --latest, not both`);
  if (latest) return void 0;
  if (arg === void 0)
    throw new UsageError(`${command}: which run? Give its id or URL, or --latest`);
  const ref = parseRunRef(arg);
  if (!ref) throw new UsageError(`${command}: '${arg}' is neither a run id nor a run's URL`);
  return ref;
}
async function latestRunId(client) {
  const run = await withRetries(client, () => client.api.latestRun());
  if (!run) throw new CampaignClientError("--latest: the workflow has no runs yet");
  return run.id;
}
async function watchAndReport(client, runId, out, live) {
  let last = "";
  const show = async (p) => {
    const line = formatProgress(p);
    if (live) {
      live.write(`\r\x1B[K${line}`);
      return;
    }
    const key = line.replace(/ \| [^|]* elapsed.*$/, "");
    if (key !== last) {
      await out.line(line);
      await out.flush();
    }
    last = key;
  };
  try {
    const end = await watchCampaign(client, runId, show);
    live?.write("\n");
    await out.line(`${end.message}: ${end.run.htmlUrl}`);
    return end.succeeded ? EXIT.ok : EXIT.failure;
  } catch (e) {
    live?.write("\n");
    if (e instanceof CampaignInterrupted) {
      await out.line(`stopped watching run ${runId}; the campaign goes on`);
      return EXIT.interrupted;
    }
    throw e;
  }
}

export {
  readPlan,
  WATCH_HELP,
  watchCommand,
  runArgument,
  latestRunId,
  watchAndReport
};
