import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  childEnvironment
} from "./chunk-XUHSHZOU.js";
import {
  runCommand
} from "./chunk-5ZQWJDSW.js";
import {
  GENERAL,
  IniError
} from "./chunk-XGZ5LFLB.js";

// src/adapters/find-program.ts
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
function programProblem(command, cwd, path) {
  if (command.includes("/")) return fileProblem(resolve(cwd, command));
  const dirs = (path ?? "").split(delimiter).filter((d) => d !== "");
  for (const dir of dirs) if (fileProblem(join(dir, command)) === void 0) return void 0;
  return "not found on PATH";
}
function fileProblem(file) {
  try {
    if (!statSync(file).isFile()) return `${file} is not a file`;
  } catch {
    return `${file} does not exist`;
  }
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return `${file} is not executable`;
  }
  return void 0;
}

// src/adapters/omnetpp-check.ts
import { execFile } from "node:child_process";

// src/core/ini/omnetpp-options.generated.ts
var OMNETPP_OPTIONS_VERSION = "6.1";
var OMNETPP_OPTIONS = [
  ["abstract", "per-run"],
  ["allow-object-stealing-on-deletion", "per-run"],
  ["bin-recording", "per-object"],
  ["check-signals", "per-run"],
  ["cmdenv-autoflush", "per-run"],
  ["cmdenv-config-name", "global"],
  ["cmdenv-event-banner-details", "per-run"],
  ["cmdenv-event-banners", "per-run"],
  ["cmdenv-express-mode", "per-run"],
  ["cmdenv-extra-stack", "global"],
  ["cmdenv-fake-gui", "per-run"],
  ["cmdenv-fake-gui-after-event-probability", "per-run"],
  ["cmdenv-fake-gui-before-event-probability", "per-run"],
  ["cmdenv-fake-gui-on-hold-numsteps", "per-run"],
  ["cmdenv-fake-gui-on-hold-probability", "per-run"],
  ["cmdenv-fake-gui-on-simtime-numsteps", "per-run"],
  ["cmdenv-fake-gui-on-simtime-probability", "per-run"],
  ["cmdenv-fake-gui-seed", "per-run"],
  ["cmdenv-interactive", "per-run"],
  ["cmdenv-log-level", "per-object"],
  ["cmdenv-log-prefix", "per-run"],
  ["cmdenv-output-file", "per-run"],
  ["cmdenv-performance-display", "per-run"],
  ["cmdenv-redirect-output", "per-run"],
  ["cmdenv-runs-to-execute", "global"],
  ["cmdenv-status-frequency", "per-run"],
  ["cmdenv-stop-batch-on-error", "per-run"],
  ["config-recording", "per-run"],
  ["configuration-class", "global"],
  ["constraint", "per-run"],
  ["cpu-time-limit", "per-run"],
  ["debug-on-errors", "per-run"],
  ["debug-statistics-recording", "per-run"],
  ["debugger-attach-command", "global"],
  ["debugger-attach-on-error", "global"],
  ["debugger-attach-on-startup", "global"],
  ["debugger-attach-wait-time", "global"],
  ["description", "per-run"],
  ["display-name", "per-object"],
  ["display-string", "per-object"],
  ["eventlog-file", "per-run"],
  ["eventlog-index-frequency", "per-run"],
  ["eventlog-max-size", "per-run"],
  ["eventlog-message-detail-pattern", "per-run"],
  ["eventlog-min-truncated-size", "per-run"],
  ["eventlog-options", "per-run"],
  ["eventlog-recording-intervals", "per-run"],
  ["eventlog-snapshot-frequency", "per-run"],
  ["eventlogmanager-class", "per-run"],
  ["experiment-label", "per-run"],
  ["extends", "per-run"],
  ["fingerprint", "per-run"],
  ["fingerprint-events", "per-run"],
  ["fingerprint-ingredients", "per-run"],
  ["fingerprint-modules", "per-run"],
  ["fingerprint-results", "per-run"],
  ["fingerprintcalculator-class", "per-run"],
  ["fname-append-host", "global"],
  ["futureeventset-class", "per-run"],
  ["image-path", "global"],
  ["iteration-nesting-order", "per-run"],
  ["load-libs", "global"],
  ["max-module-nesting", "per-run"],
  ["measurement-label", "per-run"],
  ["module-eventlog-recording", "per-object"],
  ["ned-package-exclusions", "global"],
  ["ned-path", "global"],
  ["network", "per-run"],
  ["num-rngs", "per-run"],
  ["output-scalar-db-commit-freq", "global"],
  ["output-scalar-file", "per-run"],
  ["output-scalar-file-append", "per-run"],
  ["output-scalar-precision", "per-run"],
  ["output-vector-db-indexing", "global"],
  ["output-vector-file", "per-run"],
  ["output-vector-file-append", "per-run"],
  ["output-vector-precision", "per-run"],
  ["output-vectors-memory-limit", "per-run"],
  ["outputscalarmanager-class", "per-run"],
  ["outputvectormanager-class", "per-run"],
  ["parallel-simulation", "global"],
  ["param-record-as-scalar", "per-object"],
  ["param-recording", "per-object"],
  ["parameter-mutability-check", "per-run"],
  ["parsim-communications-class", "global"],
  ["parsim-num-partitions", "global"],
  ["parsim-synchronization-class", "global"],
  ["partition-id", "per-object"],
  ["print-instantiated-ned-types", "per-run"],
  ["print-undisposed", "per-run"],
  ["print-unused-parameters", "per-run"],
  ["real-time-limit", "per-run"],
  ["realtimescheduler-scaling", "global"],
  ["record-eventlog", "per-run"],
  ["repeat", "per-run"],
  ["replication-label", "per-run"],
  ["result-dir", "per-run"],
  ["result-recording-modes", "per-object"],
  ["resultdir-subdivision", "per-run"],
  ["rng-%", "per-object"],
  ["rng-class", "per-run"],
  ["runnumber-width", "per-run"],
  ["scalar-recording", "per-object"],
  ["scheduler-class", "per-run"],
  ["sectionbasedconfig-configreader-class", "global"],
  ["seed-%-lcg32", "per-run"],
  ["seed-%-mt", "per-run"],
  ["seed-%-mt-p%", "per-run"],
  ["seed-set", "per-run"],
  ["sim-time-limit", "per-run"],
  ["simtime-resolution", "global"],
  ["simtime-scale", "global"],
  ["snapshot-file", "per-run"],
  ["snapshotmanager-class", "per-run"],
  ["statistic-recording", "per-object"],
  ["total-stack", "global"],
  ["typename", "per-object"],
  ["user-interface", "global"],
  ["vector-buffer", "per-object"],
  ["vector-record-empty", "per-object"],
  ["vector-record-eventnumbers", "per-object"],
  ["vector-recording", "per-object"],
  ["vector-recording-intervals", "per-object"],
  ["warmup-period", "per-run"],
  ["warnings", "per-run"]
];

// src/core/ini/option-names.ts
var LIST_LINE = /^\s+(\*\*\.)?([^=\s]+)=.*;\s*(global|per-run|per-object) setting\s*$/;
function parseOptionList(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const m = LIST_LINE.exec(line);
    if (m) out.push({ name: m[2], kind: m[3] });
  }
  return out;
}
var containsWildcards = (key) => /[?*\\{]|\.\./.test(key);
function lastDot(key) {
  let last = -1;
  let closer = "";
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (closer === "" && (c === "[" || c === "{")) closer = c === "[" ? "]" : "}";
    else if (c === closer) closer = "";
    else if (closer === "" && c === ".") last = i;
  }
  return last;
}
function suffixOf(key) {
  const dot = lastDot(key);
  const after = dot === -1 ? -1 : key.indexOf("**", dot);
  if (dot === -1 || after !== -1) {
    const last = key.lastIndexOf("**");
    return last === -1 ? "*" : key.slice(last + 1);
  }
  return key.slice(dot + 1);
}
var OptionTable = class {
  exact = /* @__PURE__ */ new Map();
  patterns = [];
  /** Prefixes of options OMNeT++ ignores when the part that registers them is absent. */
  ignorable;
  constructor(options) {
    for (const o of options) {
      if (/[%*]/.test(o.name)) {
        const body = o.name.split(/([%*])/).map(
          (p) => p === "%" ? "\\d+" : p === "*" ? ".*" : p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        ).join("");
        this.patterns.push({ re: new RegExp(`^${body}$`), info: o });
      } else this.exact.set(o.name, o);
    }
    this.ignorable = ["cmdenv-", "qtenv-"].filter(
      (p) => !options.some((o) => o.name.startsWith(p))
    );
  }
  /** SectionBasedConfiguration::lookupConfigOption: by name, else a `%` pattern. */
  lookup(key) {
    return this.exact.get(key) ?? this.patterns.find((p) => p.re.test(key))?.info;
  }
  isIgnorable(key) {
    return !key.includes(".") && this.ignorable.some((p) => key.startsWith(p));
  }
  get size() {
    return this.exact.size + this.patterns.length;
  }
};
function checkOptionNames(doc, table) {
  const problems = [];
  for (const section of doc.sections)
    for (const entry of section.entries) {
      const message = keyProblem(entry.key, section.name, table);
      if (message !== void 0)
        problems.push({ message, location: { file: entry.file, line: entry.line } });
    }
  return problems.sort(
    (a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) || a.location.line - b.location.line
  );
}
function keyProblem(key, section, table) {
  if (!key.includes(".") && !containsWildcards(key)) {
    const e2 = table.lookup(key);
    if (!e2 && table.isIgnorable(key)) return void 0;
    if (!e2) return `Unknown configuration option: ${key}`;
    if (e2.kind === "per-object")
      return `Configuration option ${key} should be specified per object, try **.${key}=`;
    if (e2.kind === "global" && section !== GENERAL)
      return `Configuration option ${key} may only occur in the [General] section`;
    return void 0;
  }
  const suffix = suffixOf(key);
  if (!suffix.includes("-")) return void 0;
  const e = table.lookup(suffix);
  if (!e && table.isIgnorable(suffix)) return void 0;
  if (!e || e.kind !== "per-object")
    return `Unknown per-object configuration option '${suffix}' in ${key}`;
  return void 0;
}
var OPTION_ERRORS = [
  /^Unknown configuration option: (\S+)$/,
  /^Unknown per-object configuration option '[^']*' in (\S+)$/,
  /^Configuration option (\S+) should be specified per object/,
  /^Configuration option (\S+) may only occur in the \[General\] section$/
];
function optionErrorKey(message) {
  for (const re of OPTION_ERRORS) {
    const m = re.exec(message);
    if (m) return m[1];
  }
  return void 0;
}
var OptionNameError = class extends IniError {
  constructor(problems) {
    const first = problems[0];
    super(
      problems.length === 1 && first ? first.message : `${problems.length} unknown or misplaced configuration options (first: ${first?.message ?? ""})`,
      first?.location
    );
    this.problems = problems;
    this.name = "OptionNameError";
  }
  problems;
  /** One line per problem: `omnetpp.ini:3: Unknown configuration option: sim-time-limt`. */
  describe() {
    return this.problems.map((p) => `${p.location.file}:${p.location.line}: ${p.message}`).join("\n");
  }
};
var omnetppOptionTable = () => new OptionTable(OMNETPP_OPTIONS.map(([name, kind]) => ({ name, kind })));

// src/adapters/omnetpp-check.ts
var TIMEOUT_MS = 6e4;
function run(cmd, cwd, env) {
  return new Promise((resolve2) => {
    execFile(
      cmd.command,
      [...cmd.args],
      { cwd, env, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        const code = err ? typeof err.code === "number" ? err.code : null : 0;
        const spawnError = err && typeof err.code === "string" ? err.message : void 0;
        resolve2({ code, stdout, stderr, ...spawnError ? { spawnError } : {} });
      }
    );
  });
}
var ERROR = /^<!> Error: (.*)$/m;
async function checkConfiguration(cmd, cwd, env) {
  const args = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if (a === "-r") i++;
    else if (!a.startsWith("--result-dir=")) args.push(a);
  }
  const r = await run(
    { command: cmd.command, args: [...args, "-s", "-q", "sectioninheritance"] },
    cwd,
    env
  );
  if (r.spawnError !== void 0) return { kind: "unknown", reason: r.spawnError };
  if (r.code === 0) return { kind: "accepted" };
  const error = ERROR.exec(r.stderr)?.[1] ?? ERROR.exec(r.stdout)?.[1];
  return error !== void 0 ? { kind: "refused", error: error.trim() } : { kind: "unknown", reason: `exit status ${r.code ?? "unknown"}` };
}
async function registeredOptions(cmd, cwd, env) {
  const libs = [];
  for (let i = 0; i < cmd.args.length; i++)
    if (cmd.args[i] === "-l" && i + 1 < cmd.args.length) libs.push("-l", cmd.args[++i]);
  const r = await run(
    { command: cmd.command, args: [...libs, "-s", "-f", "/dev/null", "-h", "config"] },
    cwd,
    env
  );
  if (r.code !== 0) return void 0;
  const options = parseOptionList(r.stdout);
  return options.length > 0 ? options : void 0;
}

// src/app/preflight.ts
var RunArgsError = class extends Error {
  userFacing = true;
  constructor(omnetppError) {
    super(`the runs' command line (run.args in the campaign file): ${omnetppError}`);
    this.name = "RunArgsError";
  }
};
var COMMAND_LINE_ERROR = /^(Unknown|Invalid) command-line configuration option/;
var ProgramError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ProgramError";
  }
};
async function preflight(p) {
  const s = p.settings;
  const cmd = runCommand(s.run, {
    config: s.configs[0] ?? "General",
    runNumber: 0,
    iniFiles: s.ini,
    resultDir: ".",
    runFile: "",
    key: "",
    ...p.linked ? { linked: p.linked.paths } : {}
  });
  const env = childEnvironment(process.env, s.env, libraryPath(s, p.linked));
  const missing = programProblem(cmd.command, p.dir, env["PATH"]);
  if (missing !== void 0) throw new ProgramError(programMessage(s, cmd.command, missing));
  if (s.run.preset === "omnetpp") {
    const check = await checkConfiguration(cmd, p.dir, env);
    if (check.kind === "accepted") return;
    if (check.kind === "refused") {
      if (COMMAND_LINE_ERROR.test(check.error)) throw new RunArgsError(check.error);
      const key = optionErrorKey(check.error);
      if (key !== void 0) {
        const listed = await registeredOptions(cmd, p.dir, env);
        const table = listed ? new OptionTable(listed) : omnetppOptionTable();
        throw refusal(check.error, key, checkOptionNames(p.doc, table), p.doc);
      }
    }
  }
  warnOffline(p.doc, p.say);
}
function programMessage(s, command, problem) {
  if (s.run.preset === "command")
    return `the run command's program ${command}: ${problem} (run.command)`;
  if (s.run.program !== void 0) return `the run program ${command}: ${problem} (run.program)`;
  return `${command}: ${problem}: install OMNeT++ and put its bin/ on PATH, or name the model's executable in run.program`;
}
function refusal(error, key, found, doc) {
  if (found.some((f) => f.message === error)) return new OptionNameError(found);
  const at = doc.sections.flatMap((s) => s.entries).find((e) => e.key === key);
  if (!at) return new IniError(error);
  return new OptionNameError([
    { message: error, location: { file: at.file, line: at.line } },
    ...found
  ]);
}
function warnOffline(doc, say) {
  const lines = offlineWarnings(doc);
  if (lines.length === 0) return;
  for (const l of lines) say(l);
  say(
    `opp-campaign: warning: (option names checked against OMNeT++ ${OMNETPP_OPTIONS_VERSION}'s own list: no OMNeT++ program answered; a model may register more)`
  );
}
function offlineWarnings(doc) {
  return checkOptionNames(doc, omnetppOptionTable()).map(
    (p) => `opp-campaign: warning: ${p.location.file}:${p.location.line}: ${p.message}`
  );
}
function libraryPath(s, linked) {
  if (!linked || linked.libraryDirs.length === 0) return {};
  const inherited = (s.env["LD_LIBRARY_PATH"] ?? process.env["LD_LIBRARY_PATH"] ?? "").split(":").filter((d) => d !== "");
  return { LD_LIBRARY_PATH: [...linked.libraryDirs, ...inherited].join(":") };
}

export {
  checkOptionNames,
  OptionNameError,
  omnetppOptionTable,
  preflight,
  offlineWarnings
};
