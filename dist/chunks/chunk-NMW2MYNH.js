import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  TemplateError,
  splitWords
} from "./chunk-5ZQWJDSW.js";
import {
  PatternMatcher,
  compareNames
} from "./chunk-XGZ5LFLB.js";

// src/core/report/scalar-choice.ts
var MAX_DEFAULT_SCALARS = 4;
var ScalarSpecError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ScalarSpecError";
  }
};
function parseScalarSpec(text) {
  const colon = text.indexOf(":");
  const module = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (colon < 0 || module === "" || name === "")
    throw new ScalarSpecError(
      `'${text}' is not "module pattern:scalar name" (e.g. "**.server:channelUtilization:last")`
    );
  let matcher;
  try {
    matcher = new PatternMatcher(module);
  } catch (e) {
    throw new ScalarSpecError(
      `'${text}': bad module pattern (${e instanceof Error ? e.message : String(e)})`
    );
  }
  return { label: text, name, matchesModule: (m) => matcher.matches(m) };
}
function runValue(choice, scalars) {
  let sum = 0;
  let n = 0;
  for (const s of scalars)
    if (s.name === choice.name && choice.matchesModule(s.module)) {
      sum += s.value;
      n++;
    }
  return n === 0 ? void 0 : sum / n;
}
function defaultScalarChoices(runs, max = MAX_DEFAULT_SCALARS) {
  const withScalars = runs.filter((r) => r.length > 0);
  if (withScalars.length === 0) return [];
  const pairs = /* @__PURE__ */ new Map();
  withScalars.forEach((scalars, i) => {
    for (const s of scalars) {
      const key = `${s.module}\0${s.name}`;
      const seen = pairs.get(key);
      if (seen === void 0)
        pairs.set(key, { module: s.module, name: s.name, runs: 1, first: s.value, varies: false });
      else if (seen.runs === i) {
        seen.runs++;
        if (!Object.is(seen.first, s.value)) seen.varies = true;
      } else if (seen.runs === i + 1 && !Object.is(seen.first, s.value)) seen.varies = true;
    }
  });
  const modulesPerName = /* @__PURE__ */ new Map();
  for (const p of pairs.values()) modulesPerName.set(p.name, (modulesPerName.get(p.name) ?? 0) + 1);
  return [...pairs.values()].filter((p) => p.runs === withScalars.length).sort(
    (a, b) => Number(b.varies) - Number(a.varies) || (modulesPerName.get(a.name) ?? 0) - (modulesPerName.get(b.name) ?? 0) || compareNames(a.module, b.module) || compareNames(a.name, b.name)
  ).slice(0, max).map((p) => ({
    label: `${p.module}:${p.name}`,
    name: p.name,
    matchesModule: (m) => m === p.module
  }));
}

// src/core/campaign/project-settings.ts
var NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
function relativePath(v, path) {
  const p = str(v, path);
  if (p.startsWith("/") && path[path.length - 1] === "submodule")
    throw new SettingsError(`'${path.join(".")}' must be relative to the project folder`, path);
  return p;
}
function parseProjectBuild(v, path) {
  if (v === void 0) return { preset: "omnetpp", mode: "release" };
  if (typeof v === "string") return parseProjectBuild({ preset: v }, path);
  const o = fields(v, path, ["preset", "command", "dir", "target", "args", "makemake", "mode"]);
  const preset = o["preset"] ?? (o["command"] !== void 0 ? "command" : "omnetpp");
  const only = (keys) => {
    for (const k of Object.keys(o))
      if (!["preset", ...keys].includes(k))
        throw new SettingsError(
          `'${[...path, k].join(".")}' does not apply to build preset '${typeof preset === "string" ? preset : "?"}'`,
          [...path, k]
        );
  };
  const dir = o["dir"] === void 0 ? "." : str(o["dir"], [...path, "dir"]);
  switch (preset) {
    case "none":
      only([]);
      return { preset: "none" };
    case "make":
      only(["dir", "target", "args"]);
      return {
        preset: "make",
        dir,
        ...o["target"] !== void 0 ? { target: str(o["target"], [...path, "target"]) } : {},
        args: o["args"] === void 0 ? [] : strList(o["args"], [...path, "args"])
      };
    case "command":
      only(["dir", "command"]);
      return { preset: "command", command: str(o["command"], [...path, "command"]), dir };
    case "omnetpp": {
      only(["mode", "makemake"]);
      const mode = o["mode"] ?? "release";
      if (mode !== "release" && mode !== "debug")
        throw new SettingsError(`'${path.join(".")}.mode' must be release or debug`, [
          ...path,
          "mode"
        ]);
      return {
        preset: "omnetpp",
        mode,
        ...o["makemake"] !== void 0 ? { makemake: strList(o["makemake"], [...path, "makemake"]) } : {}
      };
    }
    default:
      throw new SettingsError(
        `'${path.join(".")}.preset' must be one of omnetpp, make, command, none`,
        [...path, "preset"]
      );
  }
}
function parseSource(o, path) {
  const given = ["path", "git", "submodule"].filter((k) => o[k] !== void 0);
  if (given.length !== 1)
    throw new SettingsError(
      `${`'${path.join(".")}'`} needs exactly one of path, git or submodule${given.length > 1 ? ` (it has ${given.join(", ")})` : ""}`,
      path
    );
  if (o["ref"] !== void 0 && o["git"] === void 0)
    throw new SettingsError(`'${path.join(".")}.ref' applies to git projects only`, [
      ...path,
      "ref"
    ]);
  if (o["git"] !== void 0)
    return {
      kind: "git",
      url: str(o["git"], [...path, "git"]),
      ref: o["ref"] === void 0 ? "HEAD" : str(o["ref"], [...path, "ref"])
    };
  if (o["submodule"] !== void 0)
    return { kind: "submodule", path: relativePath(o["submodule"], [...path, "submodule"]) };
  return { kind: "path", path: relativePath(o["path"], [...path, "path"]) };
}
var PROJECT_KEYS = [
  "name",
  "path",
  "git",
  "ref",
  "submodule",
  "build",
  "ned-path",
  "libraries",
  "images",
  "references"
];
function parseProjects(v, path) {
  if (!Array.isArray(v))
    throw new SettingsError(`'${path.join(".")}' must be a list of projects`, path);
  const seen = /* @__PURE__ */ new Set();
  return v.map((item, i) => {
    const p = [...path, i];
    const o = fields(item, p, PROJECT_KEYS);
    const name = str(o["name"], [...p, "name"]);
    if (!NAME.test(name))
      throw new SettingsError(
        `'${[...p, "name"].join(".")}' must be a project name (letters, digits, _ . -)`,
        [...p, "name"]
      );
    if (seen.has(name))
      throw new SettingsError(`project '${name}' is declared twice`, [...p, "name"]);
    seen.add(name);
    const list = (key) => o[key] === void 0 ? void 0 : strList(o[key], [...p, key]);
    const nedPath = list("ned-path");
    const libraries = list("libraries");
    const images = list("images");
    const references = list("references");
    return {
      name,
      source: parseSource(o, p),
      build: parseProjectBuild(o["build"], [...p, "build"]),
      ...nedPath ? { nedPath } : {},
      ...libraries ? { libraries } : {},
      ...images ? { images } : {},
      ...references ? { references } : {}
    };
  });
}
function parseFeatures(v, path, projects) {
  const names = projects.map((p) => p.name);
  const o = fields(v, path, Object.keys(v !== null && typeof v === "object" ? v : {}));
  const out = {};
  for (const [project, choice] of Object.entries(o)) {
    const p = [...path, project];
    if (!names.includes(project))
      throw new SettingsError(
        `'${p.join(".")}': '${project}' is not a referenced project (declared under projects: ${names.join(", ") || "none"})`,
        p
      );
    const c = fields(choice, p, ["enable", "disable"]);
    out[project] = {
      enable: c["enable"] === void 0 ? [] : strList(c["enable"], [...p, "enable"]),
      disable: c["disable"] === void 0 ? [] : strList(c["disable"], [...p, "disable"])
    };
  }
  return out;
}

// src/core/campaign/sidecar-settings.ts
var RUN_PLACEHOLDERS = ["config", "run", "key", "resultdir", "runfile"];
var PLACEHOLDER = /\$?\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;
var NAME2 = /^[A-Za-z_][A-Za-z0-9_-]*$/;
function fillTemplate(text, values) {
  return text.replace(PLACEHOLDER, (m, name) => {
    const v = values[name];
    if (v === void 0)
      throw new TemplateError(
        `unknown placeholder ${m} (known: ${Object.keys(values).map((k) => `{${k}}`).join(" ")})`
      );
    return v;
  });
}
function sidecarCommand(s, values) {
  const [command, ...args] = splitWords(s.command).map((w) => fillTemplate(w, values));
  if (command === void 0) throw new TemplateError(`sidecar '${s.name}': the command is empty`);
  return { command, args };
}
function checkPlaceholders(text, known, path) {
  for (const m of text.matchAll(PLACEHOLDER))
    if (!known.has(m[1]))
      throw new SettingsError(
        `'${path.join(".")}': unknown placeholder ${m[0]} (known: ${[...known].map((k) => `{${k}}`).join(" ")})`,
        path
      );
}
var KEYS = [
  "name",
  "command",
  "dir",
  "ports",
  "ready",
  "ready-timeout",
  "stop-timeout",
  "args",
  "env"
];
function parseSidecars(v, path) {
  if (!Array.isArray(v))
    throw new SettingsError(`'${path.join(".")}' must be a list of sidecars`, path);
  const names = /* @__PURE__ */ new Set();
  const portOwner = /* @__PURE__ */ new Map();
  const parsed = v.map((item, i) => {
    const p = [...path, i];
    const o = fields(item, p, KEYS);
    const name = str(o["name"], [...p, "name"]);
    if (!NAME2.test(name))
      throw new SettingsError(
        `'${[...p, "name"].join(".")}' must be a name (letters, digits, _ -)`,
        [...p, "name"]
      );
    if (names.has(name))
      throw new SettingsError(`sidecar '${name}' is declared twice`, [...p, "name"]);
    names.add(name);
    const ports = o["ports"] === void 0 ? ["port"] : strList(o["ports"], [...p, "ports"]);
    ports.forEach((port, j) => {
      if (!NAME2.test(port) || RUN_PLACEHOLDERS.includes(port))
        throw new SettingsError(`'${[...p, "ports", j].join(".")}': '${port}' cannot name a port`, [
          ...p,
          "ports",
          j
        ]);
      const owner = portOwner.get(port);
      if (owner !== void 0)
        throw new SettingsError(
          `port '${port}' of sidecar '${name}' is also a port of '${owner}': give each port its own name`,
          [...p, "ports", j]
        );
      portOwner.set(port, name);
    });
    const ready = parseReady(o["ready"], [...p, "ready"], ports);
    const env = {};
    if (o["env"] !== void 0) {
      const e = fields(
        o["env"],
        [...p, "env"],
        Object.keys(typeof o["env"] === "object" && o["env"] ? o["env"] : {})
      );
      for (const [k, val] of Object.entries(e)) env[k] = str(String(val), [...p, "env", k]);
    }
    const command = str(o["command"], [...p, "command"]);
    try {
      if (splitWords(command).length === 0) throw new TemplateError("the command is empty");
    } catch (err) {
      if (err instanceof TemplateError)
        throw new SettingsError(`'${[...p, "command"].join(".")}': ${err.message}`, [
          ...p,
          "command"
        ]);
      throw err;
    }
    return {
      name,
      command,
      dir: o["dir"] === void 0 ? "." : str(o["dir"], [...p, "dir"]),
      ports,
      ready,
      readyTimeoutMs: o["ready-timeout"] === void 0 ? 3e4 : parseDuration(o["ready-timeout"], [...p, "ready-timeout"]),
      stopTimeoutMs: o["stop-timeout"] === void 0 ? 2e3 : parseDuration(o["stop-timeout"], [...p, "stop-timeout"]),
      args: o["args"] === void 0 ? [] : strList(o["args"], [...p, "args"]),
      env
    };
  });
  const known = /* @__PURE__ */ new Set([...RUN_PLACEHOLDERS, ...portOwner.keys()]);
  parsed.forEach((s, i) => {
    checkPlaceholders(s.command, known, [...path, i, "command"]);
    s.args.forEach((a, j) => checkPlaceholders(a, known, [...path, i, "args", j]));
    for (const [k, val] of Object.entries(s.env))
      checkPlaceholders(val, known, [...path, i, "env", k]);
  });
  return parsed;
}
function parseReady(v, path, ports) {
  if (v === void 0) {
    const first = ports[0];
    if (first === void 0)
      throw new SettingsError(
        `'${path.join(".")}' is needed for a sidecar without ports: { line: PATTERN }`,
        path
      );
    return { port: first };
  }
  const o = fields(v, path, ["port", "line"]);
  if (o["port"] === void 0 === (o["line"] === void 0))
    throw new SettingsError(`'${path.join(".")}' needs exactly one of port or line`, path);
  if (o["port"] !== void 0) {
    const port = str(o["port"], [...path, "port"]);
    if (!ports.includes(port))
      throw new SettingsError(
        `'${path.join(".")}.port': '${port}' is not one of this sidecar's ports (${ports.join(", ") || "none"})`,
        [...path, "port"]
      );
    return { port };
  }
  const line = str(o["line"], [...path, "line"]);
  try {
    new RegExp(line);
  } catch {
    throw new SettingsError(`'${path.join(".")}.line' is not a valid regular expression`, [
      ...path,
      "line"
    ]);
  }
  return { line };
}

// src/core/campaign/settings.ts
var SettingsError = class extends Error {
  constructor(message, path) {
    super(message);
    this.path = path;
    this.name = "SettingsError";
  }
  path;
};
var DEFAULT_SETTINGS = {
  ini: ["omnetpp.ini"],
  configs: ["General"],
  runs: void 0,
  jobs: void 0,
  timeoutMs: void 0,
  retries: 1,
  build: { preset: "none" },
  run: { preset: "omnetpp", libraries: [], nedPath: [], args: [] },
  env: {},
  resultFiles: ["*.sca", "*.vec", "*.vci"],
  resultsDir: "results",
  maxRuns: void 0
};
var isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function fields(v, path, allowed) {
  if (!isObj(v)) throw new SettingsError(`${label(path)} must be a mapping`, path);
  for (const k of Object.keys(v))
    if (!allowed.includes(k))
      throw new SettingsError(
        `unknown key '${[...path, k].join(".")}' (known keys${path.length ? ` of ${path.join(".")}` : ""}: ${allowed.join(", ")})`,
        [...path, k]
      );
  return v;
}
var label = (path) => path.length === 0 ? "the campaign file" : `'${path.join(".")}'`;
function str(v, path) {
  if (typeof v !== "string" || v === "")
    throw new SettingsError(`${label(path)} must be a non-empty string`, path);
  return v;
}
function strList(v, path) {
  if (typeof v === "string") return [str(v, path)];
  if (!Array.isArray(v))
    throw new SettingsError(`${label(path)} must be a string or a list of strings`, path);
  return v.map((x, i) => str(x, [...path, i]));
}
var MAX_JOBS = 1024;
var MAX_RETRIES = 100;
var MAX_DURATION_MS = 2 ** 31 - 1;
var shown = (v) => {
  const text = typeof v === "string" ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
function posInt(v, path, min = 1, max = Number.MAX_SAFE_INTEGER) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw new SettingsError(
      `${label(path)} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, not ${shown(v)}`,
      path
    );
  return v;
}
var UNITS = { ms: 1, s: 1e3, m: 6e4, min: 6e4, h: 36e5 };
function parseDuration(v, path) {
  const m = typeof v === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(v) : null;
  const ms = typeof v === "number" ? v * 1e3 : m ? Number(m[1]) * UNITS[m[2] ?? "s"] : NaN;
  if (!(ms > 0))
    throw new SettingsError(
      `${label(path)} must be a duration such as 90s, 10m or 2h, not ${shown(v)}`,
      path
    );
  if (ms > MAX_DURATION_MS)
    throw new SettingsError(`${label(path)} must be at most 596h, not ${shown(v)}`, path);
  return ms;
}
function parseBuild(v, path) {
  if (v === void 0) return DEFAULT_SETTINGS.build;
  if (typeof v === "string") return parseBuild({ preset: v }, path);
  const o = fields(v, path, [
    "preset",
    "command",
    "dir",
    "target",
    "args",
    "makemake",
    "mode",
    "outputs"
  ]);
  const preset = typeof o["preset"] === "string" ? o["preset"] : o["command"] !== void 0 ? "command" : o["preset"];
  const dir = o["dir"] === void 0 ? "." : str(o["dir"], [...path, "dir"]);
  const outputs = o["outputs"] === void 0 ? {} : { outputs: strList(o["outputs"], [...path, "outputs"]) };
  const only = (keys) => {
    for (const k of Object.keys(o))
      if (!["preset", "dir", "outputs", ...keys].includes(k))
        throw new SettingsError(
          `'${[...path, k].join(".")}' does not apply to build preset '${typeof preset === "string" ? preset : "?"}'`,
          [...path, k]
        );
  };
  switch (preset) {
    case "none":
      if (o["outputs"] !== void 0)
        throw new SettingsError(
          `'${path.join(".")}.outputs' does not apply to build preset 'none'`,
          [...path, "outputs"]
        );
      only([]);
      return { preset: "none" };
    case "make":
      only(["target", "args"]);
      return {
        preset: "make",
        dir,
        ...o["target"] !== void 0 ? { target: str(o["target"], [...path, "target"]) } : {},
        args: o["args"] === void 0 ? [] : strList(o["args"], [...path, "args"]),
        ...outputs
      };
    case "omnetpp": {
      only(["makemake", "mode"]);
      const mode = o["mode"] ?? "release";
      if (mode !== "release" && mode !== "debug")
        throw new SettingsError(`'${path.join(".")}.mode' must be release or debug`, [
          ...path,
          "mode"
        ]);
      return {
        preset: "omnetpp",
        dir,
        makemake: o["makemake"] === void 0 ? ["-f", "--deep"] : strList(o["makemake"], [...path, "makemake"]),
        mode,
        ...outputs
      };
    }
    case "command":
      only(["command"]);
      return {
        preset: "command",
        command: str(o["command"], [...path, "command"]),
        dir,
        ...outputs
      };
    default:
      throw new SettingsError(
        `'${path.join(".")}.preset' must be one of none, make, omnetpp, command`,
        [...path, "preset"]
      );
  }
}
function parseRun(v, path) {
  if (v === void 0) return DEFAULT_SETTINGS.run;
  const o = fields(v, path, ["preset", "program", "libraries", "ned-path", "args", "command"]);
  const preset = o["preset"] ?? (o["command"] !== void 0 ? "command" : "omnetpp");
  if (preset === "command") {
    for (const k of Object.keys(o))
      if (!["preset", "command"].includes(k))
        throw new SettingsError(
          `'${[...path, k].join(".")}' does not apply to run preset 'command'`,
          [...path, k]
        );
    return { preset: "command", command: str(o["command"], [...path, "command"]) };
  }
  if (preset !== "omnetpp")
    throw new SettingsError(`'${path.join(".")}.preset' must be omnetpp or command`, [
      ...path,
      "preset"
    ]);
  if (o["command"] !== void 0)
    throw new SettingsError(`'${path.join(".")}.command' does not apply to run preset 'omnetpp'`, [
      ...path,
      "command"
    ]);
  return {
    preset: "omnetpp",
    ...o["program"] !== void 0 ? { program: str(o["program"], [...path, "program"]) } : {},
    libraries: o["libraries"] === void 0 ? [] : strList(o["libraries"], [...path, "libraries"]),
    nedPath: o["ned-path"] === void 0 ? [] : strList(o["ned-path"], [...path, "ned-path"]),
    args: o["args"] === void 0 ? [] : strList(o["args"], [...path, "args"])
  };
}
var TOP_KEYS = [
  "ini",
  "configs",
  "runs",
  "jobs",
  "timeout",
  "retries",
  "build",
  "run",
  "env",
  "results",
  "max-runs",
  "report",
  "projects",
  "features",
  "sidecars"
];
function parseReport(v, path) {
  const o = fields(v, path, ["scalars"]);
  if (o["scalars"] === void 0) return {};
  const scalars = strList(o["scalars"], [...path, "scalars"]);
  scalars.forEach((text, i) => {
    try {
      parseScalarSpec(text);
    } catch (e) {
      if (!(e instanceof ScalarSpecError)) throw e;
      throw new SettingsError(`'${path.join(".")}.scalars': ${e.message}`, [...path, "scalars", i]);
    }
  });
  return { scalars };
}
function parseCampaignSettings(value) {
  if (value === null || value === void 0) return DEFAULT_SETTINGS;
  const o = fields(value, [], TOP_KEYS);
  const env = {};
  if (o["env"] !== void 0) {
    const e = fields(o["env"], ["env"], Object.keys(isObj(o["env"]) ? o["env"] : {}));
    for (const [k, v] of Object.entries(e)) {
      if (typeof v !== "string" && typeof v !== "number")
        throw new SettingsError(`'env.${k}' must be a string`, ["env", k]);
      env[k] = String(v);
    }
  }
  let resultFiles = DEFAULT_SETTINGS.resultFiles;
  let resultsDir = DEFAULT_SETTINGS.resultsDir;
  if (o["results"] !== void 0) {
    const r = fields(o["results"], ["results"], ["dir", "files"]);
    if (r["dir"] !== void 0) resultsDir = str(r["dir"], ["results", "dir"]);
    if (r["files"] !== void 0) resultFiles = strList(r["files"], ["results", "files"]);
  }
  return {
    ini: o["ini"] === void 0 ? DEFAULT_SETTINGS.ini : strList(o["ini"], ["ini"]),
    configs: o["configs"] === void 0 ? DEFAULT_SETTINGS.configs : strList(o["configs"], ["configs"]),
    runs: o["runs"] === void 0 ? void 0 : typeof o["runs"] === "number" ? String(o["runs"]) : str(o["runs"], ["runs"]),
    jobs: o["jobs"] === void 0 ? void 0 : posInt(o["jobs"], ["jobs"], 1, MAX_JOBS),
    timeoutMs: o["timeout"] === void 0 ? void 0 : parseDuration(o["timeout"], ["timeout"]),
    retries: o["retries"] === void 0 ? DEFAULT_SETTINGS.retries : posInt(o["retries"], ["retries"], 0, MAX_RETRIES),
    build: parseBuild(o["build"], ["build"]),
    run: parseRun(o["run"], ["run"]),
    env,
    resultFiles,
    resultsDir,
    maxRuns: o["max-runs"] === void 0 ? void 0 : posInt(o["max-runs"], ["max-runs"]),
    ...o["report"] === void 0 ? {} : { report: parseReport(o["report"], ["report"]) },
    ...referenced(o)
  };
}
function referenced(o) {
  const projects = o["projects"] === void 0 ? [] : parseProjects(o["projects"], ["projects"]);
  return {
    ...o["projects"] === void 0 ? {} : { projects },
    ...o["features"] === void 0 ? {} : { features: parseFeatures(o["features"], ["features"], projects) },
    ...o["sidecars"] === void 0 ? {} : { sidecars: parseSidecars(o["sidecars"], ["sidecars"]) }
  };
}

export {
  ScalarSpecError,
  parseScalarSpec,
  runValue,
  defaultScalarChoices,
  fillTemplate,
  sidecarCommand,
  SettingsError,
  DEFAULT_SETTINGS,
  MAX_JOBS,
  MAX_RETRIES,
  shown,
  parseDuration,
  parseCampaignSettings
};
