import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  JournalFile,
  ProcessLauncher,
  Progress,
  buildId,
  execute
} from "./chunk-IZ5QEDFG.js";
import {
  buildOnce,
  buildReferencedProjects,
  checkDetectedModel,
  loadCampaign,
  withExtraArgs,
  withProjects,
  withResultsFolder
} from "./chunk-5UK4FNYA.js";
import "./chunk-GDAPQZ6G.js";
import "./chunk-5ZWC2WNS.js";
import {
  preflight
} from "./chunk-CPVYBC37.js";
import {
  planRuns
} from "./chunk-XUHSHZOU.js";
import {
  intOption
} from "./chunk-QLYDDIYZ.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import {
  badInputLines
} from "./chunk-3TL2DAC7.js";
import {
  ResultDbWriter,
  addTextScalarFile,
  mergeCampaign
} from "./chunk-WNROFDGB.js";
import {
  compareRuns,
  describeGroup,
  groupFailures,
  runLabel,
  someRuns
} from "./chunk-YZN3N6A5.js";
import "./chunk-EE3EY7XX.js";
import {
  MAX_JOBS,
  MAX_RETRIES,
  SettingsError,
  parseDuration
} from "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import {
  fileInTheWay,
  inputFormat,
  scanInput
} from "./chunk-BTRHFJW2.js";
import {
  EXIT,
  UsageError
} from "./chunk-UFMSSHFB.js";
import {
  DiskFullError,
  isDiskFull,
  matchesFilter,
  selectRuns
} from "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";

// src/cli/run-command.ts
import { cpus as cpus2, homedir } from "node:os";
import { join as join2, relative, sep } from "node:path";
import { parseArgs } from "node:util";

// src/app/run-campaign.ts
import { cpus } from "node:os";
import { join, resolve } from "node:path";

// src/app/scalar-staging.ts
import { mkdirSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
var ScalarStaging = class {
  constructor(db) {
    this.db = db;
    try {
      mkdirSync(dirname(db), { recursive: true });
      rmSync(db, { force: true });
      this.writer = ResultDbWriter.open(db, true);
    } catch {
      this.writer = void 0;
    }
  }
  db;
  writer;
  staged = /* @__PURE__ */ new Map();
  queue = Promise.resolve();
  /**
   * Stages the text scalar files among a finished run's result files, and reads the headers of
   * its vector files (in the background), so the merge at the end reads neither again.
   */
  add(files) {
    for (const file of files)
      if (file.endsWith(".sca")) this.queue = this.queue.then(() => this.stage(file));
      else if (file.endsWith(".vec")) this.queue = this.queue.then(() => this.scan(file));
  }
  async scan(file) {
    try {
      const { size, mtimeMs } = statSync(file);
      const scanned = await scanInput(file);
      if (scanned.format === "text-vector")
        this.staged.set(file, { scanned, runs: [], size, mtimeMs });
    } catch {
    }
  }
  async stage(file) {
    const w = this.writer;
    if (w === void 0) return;
    try {
      const { size, mtimeMs } = statSync(file);
      if (await inputFormat(file) !== "text") return;
      const headers = await w.transactionAsync(() => addTextScalarFile(w, file, "all"));
      if (headers.length === 0) return;
      const scanned = {
        file,
        format: "text",
        runs: headers.map((h, i) => ({
          runName: h.runName,
          ...i === 0 ? { header: h } : {},
          kinds: ["scalar"]
        }))
      };
      this.staged.set(file, { scanned, runs: headers.map((h) => h.runName), size, mtimeMs });
    } catch {
    }
  }
  /** Waits for what is queued and closes the staging file; lookups stay valid. */
  async finish() {
    await this.queue;
    try {
      this.writer?.close("scalar");
    } catch {
      this.staged.clear();
    }
    this.writer = void 0;
    return this;
  }
  lookup(file) {
    const e = this.staged.get(file);
    if (e === void 0) return void 0;
    try {
      const st = statSync(file);
      return st.size === e.size && st.mtimeMs === e.mtimeMs ? e : void 0;
    } catch {
      return void 0;
    }
  }
  /** Removes the staging file. */
  dispose() {
    this.writer?.abandon();
    this.writer = void 0;
    rmSync(this.db, { force: true });
  }
};

// src/app/run-campaign.ts
function campaignFor(opts) {
  return loadCampaign(opts.dir, {
    ini: opts.iniFiles ? [...opts.iniFiles] : void 0,
    configs: opts.configs ? [...opts.configs] : void 0,
    runs: opts.filter,
    jobs: opts.jobs,
    resultsDir: opts.results,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    maxRuns: opts.maxRuns
  });
}
function countRuns(ini, s) {
  let total = 0;
  for (const name of s.configs) {
    const runs = ini.config(name);
    const sel = selectRuns(runs, s.runs, s.maxRuns ?? void 0);
    if (sel.kind === "all") total += sel.count;
    else if (sel.kind === "list") total += sel.list.distinctSize;
    else
      for (const r of runs.runs())
        if (matchesFilter(sel.expression, runs.variables(r.scenario, r.runNumber))) total++;
  }
  return total;
}
async function runCampaign(opts) {
  const dir = resolve(opts.dir);
  const loaded = campaignFor(opts);
  const s = withExtraArgs(loaded.settings, opts.extraArgs ?? []);
  const outDir = resolve(dir, s.resultsDir);
  const inTheWay = fileInTheWay(outDir);
  if (inTheWay !== void 0)
    throw Object.assign(new Error(`results folder ${outDir}: ${inTheWay} is a file`), {
      userFacing: true
    });
  const resultDir = join(outDir, "runs");
  const ini = loaded.ini;
  const total = countRuns(ini, s);
  opts.planned?.();
  const jobs = s.jobs ?? cpus().length;
  const say = (l) => opts.out.write(l + "\n");
  if (loaded.detected) say(loaded.detected);
  return withResultsFolder(
    outDir,
    say,
    (registry) => runClaimed(opts, { dir, s, outDir, resultDir, ini, total, jobs, registry, say, loaded })
  );
}
async function runClaimed(opts, c) {
  const starting = ProcessLauncher.start(Math.max(1, c.jobs));
  try {
    return await runWith(opts, c, await starting ?? null);
  } finally {
    (await starting)?.close();
  }
}
async function runWith(opts, c, launcher) {
  const { dir, s, outDir, resultDir, ini, total, jobs, registry, say, loaded } = c;
  const linked = await buildReferencedProjects(dir, s, outDir, opts.ccacheDir, jobs, say);
  const buildResult = await buildOnce(dir, s, outDir, opts.ccacheDir, jobs, say, linked);
  checkDetectedModel(dir, loaded);
  await preflight({ dir, settings: s, doc: ini.doc, linked, say });
  const id = withProjects(buildId(dir, s.run), linked);
  const journal = new JournalFile(join(outDir, "journal.jsonl"));
  journal.append({
    t: "campaign",
    started: (/* @__PURE__ */ new Date()).toISOString(),
    build: id,
    configs: s.configs,
    ...s.runs !== void 0 ? { filter: s.runs } : {},
    total
  });
  const progress = new Progress(total, opts.out, opts.progress);
  opts.out.write(`running ${total} run(s) of ${s.configs.join(", ")} on ${jobs} slot(s)
`);
  const staging = new ScalarStaging(join(outDir, ".opp-campaign", "staged.sca"));
  const sink = {
    skipped: (run) => progress.skipped(run),
    started: (run, attempt) => progress.started(run, attempt),
    status: (run, simTime, percent) => progress.status(run, simTime, percent),
    finished: (f) => {
      if (f.record.status === "ok") staging.add(f.record.files.map((x) => join(outDir, x.path)));
      progress.finished(f);
    }
  };
  let summary;
  try {
    summary = await execute(
      planRuns(ini, {
        configs: s.configs,
        ...s.runs !== void 0 ? { filter: s.runs } : {},
        overrides: { "result-dir": resultDir }
      }),
      {
        projectDir: dir,
        outDir,
        resultDir,
        iniFiles: s.ini,
        settings: s,
        jobs,
        buildId: id,
        force: opts.force,
        journal,
        registry,
        progress: sink,
        signal: opts.signal,
        launcher,
        ...linked ? { linked } : {}
      }
    );
  } catch (e) {
    staging.dispose();
    throw e;
  } finally {
    launcher?.close();
    progress.end();
    await journal.close();
  }
  let merge;
  if (summary.interrupted) staging.dispose();
  else
    try {
      const staged = await staging.finish();
      merge = await mergeCampaign(outDir, { signal: opts.signal, projectDir: dir, staged });
    } catch (e) {
      if (isDiskFull(e))
        throw new DiskFullError(
          outDir,
          e,
          "Every run is done and recorded, the merged dataset is as before. Free some space and run the same command again to merge."
        );
      if (!opts.signal.aborted) throw e;
    } finally {
      staging.dispose();
    }
  return { total, outDir, build: buildResult, summary, merge, wallMs: progress.elapsedMs() };
}

// src/cli/run-command.ts
var RUN_HELP = `Usage: opp-campaign run [DIR] [-f INI]... [-c CONFIG]... [-r FILTER] [-j N] [--results OUT] [-- ARG...]

Runs a campaign on this machine: plans it, builds the model once, runs every selected run on
N parallel slots and records each one in OUT/journal.jsonl. Running it again skips the runs
that already succeeded with the same build; Ctrl-C stops cleanly (exit status 130).

  DIR                 the project folder (default: .); opp-campaign.yml there is read;
                      without one, how to build and run the model is detected
  -f, --ini INI       ini file, relative to DIR (default: omnetpp.ini)
  -c, --config NAME   config to run (several allowed; default: General)
  -r, --runs FILTER   run numbers (0..3,7) or an expression ($x > 2)
  -j, --jobs N        parallel runs (default: number of cores, ${cpus2().length} here)
      --results OUT   results folder (default: results, relative to DIR)
      --timeout DUR   per-run time limit, e.g. 90s, 10m
      --retries N     retries of runs killed by a signal or timed out (default 1)
      --force         rerun every run, even those already done
      --progress MODE live | plain (default: live on a terminal)
      --ccache-dir D  compiler cache (default: ~/.cache/opp-campaign/ccache)
  -- ARG...           added to every run's command line, e.g. -- --sim-time-limit=100s
`;
async function runCommandCli(argv, out, err, signal, planned) {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      ini: { type: "string", short: "f", multiple: true },
      config: { type: "string", short: "c", multiple: true },
      runs: { type: "string", short: "r" },
      jobs: { type: "string", short: "j" },
      results: { type: "string" },
      timeout: { type: "string" },
      retries: { type: "string" },
      force: { type: "boolean" },
      progress: { type: "string" },
      "ccache-dir": { type: "string" },
      "max-runs": { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  });
  const { values } = parsed;
  const end = parsed.tokens.find((t) => t.kind === "option-terminator")?.index ?? argv.length;
  const positionals = parsed.tokens.flatMap(
    (t) => t.kind === "positional" && t.index < end ? [t.value] : []
  );
  const extraArgs = argv.slice(end + 1);
  if (values.help) {
    await out.line(RUN_HELP.trimEnd());
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`run: one project folder, not ${positionals.length}`);
  const int = (name, v, min, max) => intOption(`run: --${name}`, v, min, max);
  const mode = values.progress ?? (err.isTTY ? "live" : "plain");
  if (mode !== "live" && mode !== "plain")
    throw new UsageError(`run: --progress is live or plain, not '${mode}'`);
  let timeoutMs;
  try {
    timeoutMs = values.timeout === void 0 ? void 0 : parseDuration(values.timeout, ["timeout"]);
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(`run: --timeout: ${e.message}`);
    throw e;
  }
  const jobs = int("jobs", values.jobs, 1, MAX_JOBS);
  const retries = int("retries", values.retries, 0, MAX_RETRIES);
  const maxRuns = int("max-runs", values["max-runs"], 1, Number.MAX_SAFE_INTEGER);
  const report = await runCampaign({
    dir: positionals[0] ?? ".",
    ...values.ini ? { iniFiles: values.ini } : {},
    ...values.config ? { configs: values.config } : {},
    ...values.runs !== void 0 ? { filter: values.runs } : {},
    ...jobs !== void 0 ? { jobs } : {},
    ...values.results !== void 0 ? { results: values.results } : {},
    ...timeoutMs !== void 0 ? { timeoutMs } : {},
    ...retries !== void 0 ? { retries } : {},
    ...maxRuns !== void 0 ? { maxRuns } : {},
    ...extraArgs.length > 0 ? { extraArgs } : {},
    force: values.force ?? false,
    progress: mode,
    out: err,
    signal,
    ...planned ? { planned } : {},
    ccacheDir: values["ccache-dir"] ?? process.env["OPP_CAMPAIGN_CCACHE_DIR"] ?? join2(process.env["XDG_CACHE_HOME"] ?? join2(homedir(), ".cache"), "opp-campaign", "ccache")
  });
  for (const line of summaryLines(report)) await out.line(line);
  if (report.summary.interrupted || report.merge === void 0) return EXIT.interrupted;
  const ok = report.summary.failed.length === 0 && report.merge.bad.length === 0;
  return ok ? EXIT.ok : EXIT.failure;
}
function summaryLines(r) {
  const s = r.summary;
  const rel = relative(process.cwd(), r.outDir) || ".";
  const lines = [
    "",
    `Campaign ${s.interrupted ? "interrupted" : s.failed.length ? "finished with failures" : "finished"} in ${(r.wallMs / 1e3).toFixed(1)}s`,
    `  runs       ${r.total}`,
    `  succeeded  ${s.ok}`,
    `  skipped    ${s.skipped} (already done with this build)`,
    `  failed     ${s.failed.length}`,
    `  retried    ${s.retried}`
  ];
  if (s.failed.length > 0) lines.push(...failureLines(s.failed, rel));
  if (r.merge === void 0)
    lines.push(
      "",
      `Results: not merged (interrupted); run again to finish, or merge the runs that succeeded: opp-campaign merge ${join2(rel, "runs")} -o ${rel}`
    );
  else {
    lines.push(
      "",
      `Results: ${rel}${sep}  (report.html, results.sca, *.vec, scalars.csv, runs.csv; per-run files in ${join2(rel, "runs")}, journal ${join2(rel, "journal.jsonl")})`
    );
    lines.push(...badInputLines(r.merge));
  }
  if (s.setAside > 0)
    lines.push(
      `Files that ${s.setAside} unfinished or failed run(s) wrote: ${join2(rel, ".opp-campaign", "incomplete")} (kept out of ${join2(rel, "runs")})`
    );
  return lines;
}
var SHOWN_GROUPS = 20;
function failureLines(failed, rel) {
  const groups = groupFailures([...failed].sort(compareRuns));
  const lines = ["", "Failed runs (reproduce with the command shown):"];
  for (const g of groups.slice(0, SHOWN_GROUPS)) {
    const first = g.runs[0];
    if (g.runs.length === 1) lines.push(`  ${runLabel(first)}: ${first.status}: ${first.message}`);
    else
      lines.push(`  ${describeGroup(g)}`, `    ${someRuns(g.runs)}`, `    first: ${first.message}`);
    lines.push(`    log: ${join2(rel, first.log)}`);
    lines.push(`    $ ${first.command}`);
  }
  if (groups.length > SHOWN_GROUPS)
    lines.push(
      `  ... and ${groups.length - SHOWN_GROUPS} more causes (see ${join2(rel, "runs.csv")})`
    );
  return lines;
}
export {
  RUN_HELP,
  runCommandCli,
  summaryLines
};
