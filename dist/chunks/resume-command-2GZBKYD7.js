import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  dispatchAndFind,
  workflowInputs
} from "./chunk-AJPLQJKO.js";
import {
  accountRuns
} from "./chunk-65CKBAEC.js";
import {
  readPlan,
  runArgument,
  watchAndReport
} from "./chunk-JUQYHP2G.js";
import "./chunk-GFI73Y4I.js";
import {
  MAX_SHARDS
} from "./chunk-EG4POAAE.js";
import "./chunk-E3KJ6BRP.js";
import "./chunk-5UK4FNYA.js";
import "./chunk-GDAPQZ6G.js";
import "./chunk-5ZWC2WNS.js";
import "./chunk-XUHSHZOU.js";
import {
  CampaignClientError,
  TOKEN_HELP,
  campaignChain,
  connect,
  defaultClientContext,
  findArtifact,
  intOption,
  interruptible,
  prefixOf,
  readArtifactFile,
  resumeBranch,
  withRetries
} from "./chunk-QLYDDIYZ.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import {
  readJournal
} from "./chunk-EE3EY7XX.js";
import "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-UFMSSHFB.js";
import "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";

// src/cli/resume-command.ts
import { parseArgs } from "node:util";

// src/core/client/resume-filter.ts
var MAX_INPUTS_LENGTH = 65535;
var ResumeFilterError = class extends Error {
  userFacing = true;
};
function resumeSelection(runs) {
  const byConfig = /* @__PURE__ */ new Map();
  for (const r of runs) {
    const list = byConfig.get(r.config) ?? [];
    list.push(r.run);
    byConfig.set(r.config, list);
  }
  const configs = [...byConfig.keys()].sort();
  if (configs.length === 0) throw new ResumeFilterError("there are no runs to redo");
  if (configs.length === 1) return { configs, filter: runNumberList(byConfig.get(configs[0])) };
  const terms = configs.map((c) => {
    if (/["\\,]/.test(c))
      throw new ResumeFilterError(
        `config '${c}' has a quote, backslash or comma in its name: resume one config at a time`
      );
    return `"$configname" == "${c}" && (${runNumberExpression(byConfig.get(c))})`;
  });
  return { configs, filter: terms.join(" || ") };
}
function ranges(numbers) {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}
function runNumberList(numbers) {
  return ranges(numbers).map(([a, b]) => a === b ? String(a) : b === a + 1 ? `${a},${b}` : `${a}..${b}`).join(",");
}
function runNumberExpression(numbers) {
  return ranges(numbers).map(([a, b]) => a === b ? `$runnumber == ${a}` : `$runnumber >= ${a} && $runnumber <= ${b}`).join(" || ");
}

// src/app/resume.ts
var MAX_JOURNAL_BYTES = 2 * 2 ** 30;
async function resumeCampaign(ctx, run, opts) {
  if (run.status !== "completed")
    throw new CampaignClientError(
      `run ${run.id} is still ${run.status.replace("_", " ")}: resume it once it has ended (follow it with 'opp-campaign watch ${run.id}')`
    );
  const chain = await campaignChain(ctx, run);
  const root = chain[0];
  const plan = await readPlan(ctx, root.id);
  if (!plan)
    throw new CampaignClientError(
      `run ${root.id} has no '${prefixOf(ctx)}-plan' artifact: its plan job did not finish, so there is nothing to resume; submit the campaign again`
    );
  const journals = [];
  for (const campaign of chain) journals.push(...await runIndex(ctx, campaign.id));
  const account = accountRuns(plan, journals);
  const redo = [...account.failed, ...account.missing];
  const base = { account, commit: run.headSha };
  if (redo.length === 0)
    return { ...base, selection: void 0, branch: void 0, run: void 0 };
  const selection = resumeSelection(redo);
  const maxShards = opts.maxShards ?? Math.min(Math.max(plan.shards.length, 1), MAX_SHARDS);
  const inputs = workflowInputs({
    configs: selection.configs,
    filter: selection.filter,
    maxShards
  });
  if (JSON.stringify(inputs).length > MAX_INPUTS_LENGTH)
    throw new CampaignClientError(
      `the filter for ${redo.length} runs is ${selection.filter.length} characters long, more than GitHub accepts for a workflow's inputs (${MAX_INPUTS_LENGTH}); run the campaign again, or resume it config by config with -r`
    );
  const branch = resumeBranch(run.id);
  if (opts.dryRun) return { ...base, selection, branch, run: void 0 };
  await withRetries(ctx, () => ctx.api.createBranch(branch, run.headSha));
  const started = await dispatchAndFind(ctx, branch, inputs, run.headSha);
  return { ...base, selection, branch, run: started };
}
async function runIndex(ctx, runId) {
  const prefix = prefixOf(ctx);
  const results = await findArtifact(ctx, runId, `${prefix}-results`);
  if (results) {
    const text = await readArtifactFile(ctx, results, "journal.jsonl", MAX_JOURNAL_BYTES);
    return text === void 0 ? [] : [readJournal(text.toString("utf8"))];
  }
  const shards = await withRetries(ctx, () => ctx.api.artifacts(runId, `${prefix}-shard-`));
  const out = [];
  for (const a of shards.filter((x) => !x.expired)) {
    const text = await readArtifactFile(ctx, a, "journal.jsonl", MAX_JOURNAL_BYTES);
    if (text !== void 0) out.push(readJournal(text.toString("utf8")));
  }
  return out;
}

// src/cli/resume-command.ts
var RESUME_HELP = `Usage: opp-campaign resume RUN [--max-shards N] [--dry-run] [--watch]

Starts a campaign of the runs that RUN's campaign did not finish: its failed runs and the
runs no shard reported (a cancelled or lost shard), on the same commit, and prints the new
run's URL. What RUN finished comes from its results (or, without them, its shard artifacts);
when RUN itself resumed another campaign, the whole chain counts. The new campaign runs on the
branch opp-campaign/resume-of-RUN, so that 'opp-campaign fetch' of it brings the results of
every campaign of the chain, merged.

  RUN                 a run id or the URL of its page
      --max-shards N  the most shards (default: as many as RUN's campaign had)
      --dry-run       print what would be submitted, submit nothing
      --watch         follow the new campaign until it ends
      --repo O/N      the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE the workflow file (default: campaign.yml)

${TOKEN_HELP}
`;
async function resumeCommand(argv, out, err, ctx = defaultClientContext()) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "max-shards": { type: "string" },
      "dry-run": { type: "boolean" },
      watch: { type: "boolean" },
      repo: { type: "string" },
      workflow: { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    await out.line(RESUME_HELP.trimEnd());
    return 0;
  }
  const ref = runArgument("resume", positionals, false);
  const maxShards = intOption("--max-shards", values["max-shards"], 1, MAX_SHARDS);
  return interruptible(err, () => resume(values, ref, maxShards, out, err, ctx));
}
async function resume(values, ref, maxShards, out, err, ctx) {
  const note = (l) => err.write(`${l}
`);
  const conn = await connect(ctx, {
    repoFlag: values.repo,
    runRepo: ref.repo,
    dir: ctx.cwd,
    workflow: values.workflow ?? "campaign.yml",
    note
  });
  const run = await withRetries(conn.client, () => conn.api.run(ref.id));
  const r = await resumeCampaign(conn.client, run, {
    maxShards,
    dryRun: values["dry-run"] === true
  });
  const a = r.account;
  note(
    `run ${run.id}: ${a.ok.length} of ${a.expected} planned runs succeeded, ${a.failed.length} failed, ${a.missing.length} missing`
  );
  if (!r.selection) {
    await out.line(`nothing to resume: every planned run of run ${run.id} succeeded`);
    return 0;
  }
  note(
    `${values["dry-run"] ? "would redo" : "redoing"} ${a.failed.length + a.missing.length} runs at ${r.commit} on branch ${r.branch}: configs ${r.selection.configs.join(",")}, runs '${r.selection.filter}'`
  );
  if (!r.run) return 0;
  await out.line(r.run.htmlUrl);
  await out.flush();
  if (!values.watch) return 0;
  return watchAndReport(conn.client, r.run.id, out, ctx.stdoutIsTTY ? process.stdout : void 0);
}
export {
  RESUME_HELP,
  resumeCommand
};
