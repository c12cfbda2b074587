import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  offlineWarnings
} from "./chunk-CPVYBC37.js";
import {
  planRuns
} from "./chunk-XUHSHZOU.js";
import "./chunk-5ZQWJDSW.js";
import {
  UsageError
} from "./chunk-UFMSSHFB.js";
import {
  DEFAULT_MAX_RUNS,
  IniConfig,
  listConfigs,
  query,
  readIniFiles
} from "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";

// src/cli/plan-command.ts
import { parseArgs } from "node:util";

// src/adapters/ini-files.ts
import { readFileSync } from "node:fs";
function loadIniFiles(files) {
  return readIniFiles(files, (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return void 0;
    }
  });
}

// src/adapters/spool.ts
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
var CHUNK = 1 << 20;
var Spool = class {
  constructor(memoryBytes = 8 << 20) {
    this.memoryBytes = memoryBytes;
  }
  memoryBytes;
  parts = [];
  held = 0;
  fd;
  path;
  written = 0;
  write(text) {
    this.parts.push(text);
    this.held += text.length;
    if (this.fd === void 0 ? this.held > this.memoryBytes : this.held >= CHUNK) this.spill();
  }
  /** Everything written, in order, in chunks of at most 1 MiB (or all of it when it is small). */
  *chunks() {
    if (this.fd !== void 0 && this.parts.length > 0) this.spill();
    if (this.fd === void 0) {
      yield Buffer.from(this.parts.join(""), "utf8");
      return;
    }
    const buf = Buffer.alloc(CHUNK);
    for (let pos = 0; pos < this.written; ) {
      const n = readSync(this.fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      yield Buffer.from(buf.subarray(0, n));
    }
  }
  close() {
    this.parts = [];
    if (this.fd !== void 0) closeSync(this.fd);
    this.fd = void 0;
    if (this.path !== void 0) rmSync(this.path, { recursive: true, force: true });
    this.path = void 0;
  }
  /** Moves what is held in memory to the file (opened on the first call). */
  spill() {
    if (this.fd === void 0) this.open();
    const data = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.held = 0;
    for (let off = 0; off < data.length; ) {
      const n = writeSync(this.fd, data, off, data.length - off, this.written);
      off += n;
      this.written += n;
    }
  }
  open() {
    const dir = mkdtempSync(join(tmpdir(), "opp-campaign-spool-"));
    const file = join(dir, "output");
    this.fd = openSync(file, "w+", 384);
    try {
      unlinkSync(file);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.path = dir;
    }
  }
};

// src/cli/plan-command.ts
var PLAN_HELP = `Usage: opp-campaign plan [-f] INI... [-c CONFIG]... [-r FILTER] [-q WHAT] [-a] [--json] [--max-runs N]

Expands omnetpp.ini files into runs exactly as OMNeT++ 6.1 does.

  -f, --ini INI       an ini file (also accepted as a plain argument; default: omnetpp.ini)
  -c, --config NAME   the config (default: General); --json accepts several
  -r, --runs FILTER   run numbers and ranges (0..3,7) or an expression ($x > 2 && $repetition == 0)
  -q, --query WHAT    numruns | runnumbers | runs | rundetails | sectioninheritance,
                      printed exactly as 'opp_run -s -q WHAT' prints it
  -a, --all           every config with its number of runs (as 'opp_run -s -a')
      --json          the full plan: every selected run with its variables, resolved
                      config entries, result file names and stable run key
      --max-runs N    refuse configs with more runs than N (default ${DEFAULT_MAX_RUNS})
`;
async function planCommand(argv, out, err) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ini: { type: "string", short: "f", multiple: true },
      config: { type: "string", short: "c", multiple: true },
      runs: { type: "string", short: "r" },
      query: { type: "string", short: "q" },
      all: { type: "boolean", short: "a" },
      json: { type: "boolean" },
      "max-runs": { type: "string" },
      silent: { type: "boolean", short: "s" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    await out.line(PLAN_HELP.trimEnd());
    return 0;
  }
  const files = [...values.ini ?? [], ...positionals];
  if (files.length === 0) files.push("omnetpp.ini");
  const maxRuns = parseMaxRuns(values["max-runs"]);
  const configs = values.config ?? [];
  const modes = [values.all, values.query !== void 0, values.json].filter(Boolean).length;
  if (modes > 1) throw new UsageError("plan: -a, -q and --json cannot be combined");
  const ini = new IniConfig(loadIniFiles(files));
  for (const w of offlineWarnings(ini.doc)) err?.write(`${w}
`);
  if (values.all) {
    for (const line of listConfigs(ini, maxRuns)) await out.line(line);
    return 0;
  }
  if (values.json) {
    await writeJsonPlan(ini, configs.length > 0 ? configs : ["General"], values.runs, maxRuns, out);
    return 0;
  }
  if (configs.length > 1) throw new UsageError("plan: -q takes one config (-c)");
  const q = values.query ?? "numruns";
  const opts = { maxRuns, ...values.runs !== void 0 ? { filter: values.runs } : {} };
  for (const line of query(ini, configs[0] ?? "General", q, opts)) await out.line(line);
  return 0;
}
function parseMaxRuns(text) {
  if (text === void 0) return DEFAULT_MAX_RUNS;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`plan: --max-runs takes a positive whole number, not '${text}'`);
  return n;
}
async function writeJsonPlan(ini, configs, filter, maxRuns, out) {
  const header = {
    version: 1,
    inifile: ini.doc.fileName,
    configs: configs.map((name) => ({ name, chain: ini.chainNames(name) })),
    ...filter !== void 0 ? { filter } : {}
  };
  const runs = planRuns(ini, { configs, maxRuns, ...filter !== void 0 ? { filter } : {} });
  const spool = new Spool();
  try {
    const head = JSON.stringify(header);
    spool.write(head.slice(0, -1) + ',"runs":[\n');
    let first = true;
    for (const run of runs) {
      spool.write((first ? "" : ",") + JSON.stringify(run) + "\n");
      first = false;
    }
    spool.write("]}\n");
    for (const chunk of spool.chunks()) await out.raw(chunk);
  } finally {
    spool.close();
  }
}
export {
  PLAN_HELP,
  planCommand
};
