import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  accountRuns
} from "./chunk-65CKBAEC.js";
import {
  latestRunId,
  readPlan,
  runArgument
} from "./chunk-JUQYHP2G.js";
import {
  mergeSummary
} from "./chunk-UGOWV2G4.js";
import "./chunk-E3KJ6BRP.js";
import {
  CampaignClientError,
  DEFAULT_LIMITS,
  TOKEN_HELP,
  ZipArchive,
  campaignChain,
  connect,
  defaultClientContext,
  downloadArtifact,
  findArtifact,
  intOption,
  interruptible,
  prefixOf,
  withRetries
} from "./chunk-QLYDDIYZ.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import {
  mergeCampaign
} from "./chunk-WNROFDGB.js";
import "./chunk-YZN3N6A5.js";
import {
  readJournal
} from "./chunk-EE3EY7XX.js";
import "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-BTRHFJW2.js";
import {
  UsageError
} from "./chunk-UFMSSHFB.js";
import "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";

// src/cli/fetch-command.ts
import { homedir } from "node:os";
import { resolve as resolve2 } from "node:path";
import { parseArgs } from "node:util";

// src/app/fetch-results.ts
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync
} from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
var FETCH_RECORD = join(".opp-campaign", "fetched.json");
async function fetchResults(ctx, run, opts) {
  const out = checkFetchTarget(opts);
  const chain = await campaignChain(ctx, run);
  const results = await findResults(ctx, chain);
  mkdirSync(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.fetch-`));
  try {
    const merged = join(staging, "out");
    const layers = [];
    for (const [i, campaign] of chain.entries()) {
      const layer = join(staging, `run-${campaign.id}`);
      await extractArtifact(ctx, results[i], join(staging, `${campaign.id}.zip`), layer);
      layers.push(layer);
    }
    const plan = await readPlan(ctx, chain[0].id);
    const account = layers.length === 1 ? singleLayer(layers[0], merged, plan) : await layerAll(layers, merged, plan, ctx.signal);
    if (plan) writeFileSync(join(merged, "plan.json"), JSON.stringify(plan));
    writeFetchRecord(merged, chain);
    const shardArtifacts = opts.shards ? await fetchShards(ctx, chain, staging, merged) : 0;
    const files = countFiles(join(merged, "runs"));
    await moveIntoPlace(merged, out, opts);
    return {
      outDir: out,
      chain,
      account,
      resultFiles: files.count,
      resultBytes: files.bytes,
      shardArtifacts
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
function checkFetchTarget(t) {
  const out = realPath(resolve(t.outDir));
  const kept = [sep, ...t.keep].map((k) => realPath(resolve(k)));
  const inside = (k) => k.startsWith(out.endsWith(sep) ? out : out + sep);
  const same = kept.find((k) => k === out);
  const holds = kept.find(inside);
  if (same !== void 0 || holds !== void 0)
    throw new CampaignClientError(
      `${t.outDir}: refusing to write ${same !== void 0 ? describeKept(same, t.keep) : `a folder that holds ${describeKept(holds, t.keep)}`}: choose a new folder (-o DIR)`
    );
  if (!existsSync(out)) return out;
  if (!statSync(out).isDirectory())
    throw new CampaignClientError(`${out} exists and is not a folder`);
  if (existsSync(join(out, ".git")))
    throw new CampaignClientError(
      `${out} is a git work tree: refusing to write into it; choose a new folder (-o DIR)`
    );
  if (readdirSync(out).length === 0) return out;
  if (!t.force)
    throw new CampaignClientError(
      `${out} is not empty: choose another folder (-o DIR), or replace it with --force`
    );
  if (!existsSync(join(out, FETCH_RECORD)))
    throw new CampaignClientError(
      `${out} was not made by opp-campaign fetch (it has no ${FETCH_RECORD}): --force replaces only such a folder; choose a new folder (-o DIR)`
    );
  return out;
}
function describeKept(kept, keep) {
  if (kept === sep) return "the root folder";
  const i = keep.findIndex((k) => realPath(resolve(k)) === kept);
  return i === 0 ? `the current folder (${kept})` : `the home folder (${kept})`;
}
function realPath(p) {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realPath(parent), basename(p));
  }
}
async function findResults(ctx, chain) {
  const name = `${prefixOf(ctx)}-results`;
  const found = [];
  for (const campaign of chain) {
    const a = await findArtifact(ctx, campaign.id, name);
    if (!a)
      throw new CampaignClientError(
        campaign.status !== "completed" ? `run ${campaign.id} is still ${campaign.status.replace("_", " ")}: its results are not there yet (follow it with 'opp-campaign watch ${campaign.id}')` : `run ${campaign.id} has no '${name}' artifact (its merge job did not upload one; see ${campaign.htmlUrl})`
      );
    found.push(a);
  }
  return found;
}
async function extractArtifact(ctx, artifact, zipFile, dest) {
  await downloadArtifact(ctx, artifact, zipFile);
  mkdirSync(dest);
  const zip = await ZipArchive.open(zipFile, ctx.limits);
  await zip.extractTo(dest);
  await rm(zipFile);
}
function singleLayer(layer, merged, plan) {
  cpSync(layer, merged, { recursive: true });
  const journal = join(merged, "journal.jsonl");
  if (!plan || !existsSync(journal)) return void 0;
  return accountRuns(plan, [readJournal(readFileSync(journal, "utf8"))]);
}
async function layerAll(layers, merged, plan, signal) {
  mkdirSync(merged, { recursive: true });
  const lines = [];
  for (const layer of layers) {
    for (const sub of ["runs", "logs"])
      if (existsSync(join(layer, sub)))
        cpSync(join(layer, sub), join(merged, sub), { recursive: true, force: true });
    const j = join(layer, "journal.jsonl");
    if (existsSync(j)) lines.push(...readFileSync(j, "utf8").split("\n"));
  }
  const text = lines.filter((l) => l.trim() !== "").map((l) => restamp(l, merged)).join("\n");
  writeFileSync(join(merged, "journal.jsonl"), text === "" ? "" : `${text}
`);
  await mergeCampaign(merged, signal ? { signal } : {});
  if (!plan) return void 0;
  const account = accountRuns(plan, [readJournal(text)]);
  writeFileSync(
    join(merged, "summary.md"),
    mergeSummary({
      expected: account.expected,
      ok: account.ok.length,
      failed: account.failed,
      missing: account.missing,
      shardsMissing: [],
      artifact: `${layers.length} campaigns merged by opp-campaign fetch`
    })
  );
  return account;
}
function restamp(line, dir) {
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    return line;
  }
  const r = rec;
  if (r.t !== "run" || r.status !== "ok" || !Array.isArray(r.files)) return line;
  const recorded = r.files;
  const files = recorded.map((f) => {
    const p = join(dir, f.path);
    if (!existsSync(p)) return f;
    const st = statSync(p);
    return st.size === f.size ? { ...f, mtimeMs: st.mtimeMs } : f;
  });
  return JSON.stringify({ ...r, files });
}
function writeFetchRecord(merged, chain) {
  mkdirSync(join(merged, ".opp-campaign"), { recursive: true });
  writeFileSync(
    join(merged, FETCH_RECORD),
    JSON.stringify(
      { runs: chain.map((r) => ({ id: r.id, url: r.htmlUrl, commit: r.headSha })) },
      null,
      2
    ) + "\n"
  );
}
async function fetchShards(ctx, chain, staging, merged) {
  let n = 0;
  for (const campaign of chain) {
    const shards = await withRetries(
      ctx,
      () => ctx.api.artifacts(campaign.id, `${prefixOf(ctx)}-shard-`)
    );
    for (const a of shards.filter((x) => !x.expired)) {
      const dest = join(merged, "shards", String(campaign.id), a.name);
      mkdirSync(dirname(dest), { recursive: true });
      await extractArtifact(ctx, a, join(staging, `shard-${a.id}.zip`), dest);
      n++;
    }
  }
  return n;
}
function countFiles(dir) {
  if (!existsSync(dir)) return { count: 0, bytes: 0 };
  let count = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const st = statSync(join(dir, name));
    if (st.isFile()) {
      count++;
      bytes += st.size;
    }
  }
  return { count, bytes };
}
async function moveIntoPlace(merged, out, target) {
  if (existsSync(out)) {
    checkFetchTarget(target);
    await rm(out, { recursive: true, force: true });
  }
  await rename(merged, out);
}

// src/cli/fetch-command.ts
var FETCH_HELP = `Usage: opp-campaign fetch RUN|--latest|--pr N [-o DIR] [--shards] [--force] [--max-size GIB]

Downloads a campaign's merged results (the artifact campaign-results) into DIR and prints what
arrived. A campaign started by 'opp-campaign resume' comes merged with the results of the
campaign(s) it resumed. The archive is checked before anything is written: no path may leave
DIR, links and devices are refused, sizes are limited, and a broken or refused download
leaves DIR as it was.

  RUN                 a run id or the URL of its page
      --latest        the newest run of the workflow
      --pr N          the newest run for pull request N
  -o, --output DIR    where to put the results (default: campaign-RUN); must be empty or new
                      (never the current folder, the home folder or a git work tree)
      --shards        also the raw shard artifacts, into DIR/shards/RUN/NAME/
      --force         replace a DIR that an earlier fetch made
      --max-size GIB  refuse an artifact that would extract to more (default 16)
      --repo O/N      the repository (default: the run URL's, else the remote 'origin')
      --workflow FILE the workflow file, for --latest and --pr (default: campaign.yml)

DIR then holds the merge job's output: runs/ (result files), results.sca, a .vec per run,
scalars.csv, runs.csv, report.html, journal.jsonl, logs/ of failed runs, summary.md; and
plan.json.

${TOKEN_HELP}
`;
async function fetchCommand(argv, out, err, ctx = defaultClientContext()) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      latest: { type: "boolean" },
      pr: { type: "string" },
      output: { type: "string", short: "o" },
      shards: { type: "boolean" },
      force: { type: "boolean" },
      "max-size": { type: "string" },
      repo: { type: "string" },
      workflow: { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    await out.line(FETCH_HELP.trimEnd());
    return 0;
  }
  const pr = intOption("--pr", values.pr, 1, Number.MAX_SAFE_INTEGER);
  if (pr !== void 0 && (values.latest || positionals.length > 0))
    throw new UsageError("fetch: RUN, --latest or --pr, only one");
  const ref = pr === void 0 ? runArgument("fetch", positionals, values.latest === true) : void 0;
  const maxGiB = intOption("--max-size", values["max-size"], 1, 1 << 20);
  return interruptible(err, () => fetchRun(values, ref, pr, maxGiB, out, err, ctx));
}
async function fetchRun(values, ref, pr, maxGiB, out, err, ctx) {
  const keep = [ctx.cwd, ctx.env["HOME"] || homedir()];
  const force = values.force === true;
  if (values.output !== void 0)
    checkFetchTarget({ outDir: resolve2(ctx.cwd, values.output), force, keep });
  const conn = await connect(ctx, {
    repoFlag: values.repo,
    runRepo: ref?.repo,
    dir: ctx.cwd,
    workflow: values.workflow ?? "campaign.yml",
    note: (l) => err.write(`${l}
`)
  });
  const client = {
    ...conn.client,
    ...maxGiB === void 0 ? {} : {
      limits: {
        ...DEFAULT_LIMITS,
        maxTotalBytes: maxGiB * 2 ** 30,
        maxFileBytes: maxGiB * 2 ** 30
      }
    }
  };
  const runId = ref?.id ?? (pr !== void 0 ? await prRunId(client, pr) : await latestRunId(client));
  const run = await withRetries(client, () => client.api.run(runId));
  const report = await fetchResults(client, run, {
    outDir: resolve2(ctx.cwd, values.output ?? `campaign-${runId}`),
    shards: values.shards === true,
    force,
    keep
  });
  for (const line of describe(report)) await out.line(line);
  return 0;
}
async function prRunId(client, pr) {
  const head = await withRetries(client, () => client.api.pullRequestHead(pr));
  const run = await withRetries(
    client,
    () => client.api.latestRun({ headSha: head.sha, event: "pull_request" })
  );
  if (!run)
    throw new CampaignClientError(
      `fetch --pr ${pr}: the workflow has not run for the pull request's head ${head.sha.slice(0, 12)}`
    );
  return run.id;
}
function describe(r) {
  const last = r.chain[r.chain.length - 1];
  const earlier = r.chain.slice(0, -1).map((c) => c.id);
  const lines = [
    `fetched the results of run ${last.id}${earlier.length ? ` merged with those of run${earlier.length > 1 ? "s" : ""} ${earlier.join(", ")} (resumed)` : ""} into ${r.outDir}`
  ];
  const a = r.account;
  if (a)
    lines.push(
      `${a.expected} planned runs: ${a.ok.length} succeeded, ${a.failed.length} failed, ${a.missing.length} missing` + (a.failed.length + a.missing.length > 0 ? ` (redo them: opp-campaign resume ${last.id})` : "")
    );
  lines.push(`${r.resultFiles} result files, ${size(r.resultBytes)}`);
  if (r.shardArtifacts) lines.push(`${r.shardArtifacts} shard artifacts in ${r.outDir}/shards/`);
  return lines;
}
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
export {
  FETCH_HELP,
  fetchCommand
};
