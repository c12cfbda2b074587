import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CliGitClient,
  execa,
  workTreeId
} from "./chunk-GDAPQZ6G.js";
import {
  childEnvironment
} from "./chunk-XUHSHZOU.js";
import {
  ModelDetectionError,
  applyDetection,
  findCampaignFile,
  readCampaign
} from "./chunk-EE3EY7XX.js";
import {
  DiskFullError,
  IniConfig,
  isDiskFull,
  readIniFiles
} from "./chunk-XGZ5LFLB.js";

// src/core/build/fingerprint.ts
import { createHash } from "node:crypto";
var BUILD_ENV = [
  "CC",
  "CXX",
  "CFLAGS",
  "CXXFLAGS",
  "CPPFLAGS",
  "LDFLAGS",
  "LDLIBS",
  "MODE",
  "OMNETPP_ROOT",
  "OMNETPP_CONFIGFILE"
];
var FEATURE_FILES = [".oppfeaturestate", ".nedexclusions", ".oppfeatures"];
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}
function buildFingerprint(inputs) {
  return createHash("sha256").update("opp-campaign build v1\n").update(canonical(inputs)).digest("hex");
}
var INTERNAL_RETENTION_DAYS = 1;
var buildArtifactName = (fingerprint) => `build-${fingerprint.slice(0, 32)}`;
var buildMarkerName = (fingerprint, job) => `${buildArtifactName(fingerprint)}.building.${job.replace(/[^A-Za-z0-9._-]/g, "_")}`;

// src/app/build-projects.ts
import { createHash as createHash4 } from "node:crypto";
import { readFileSync as readFileSync4, readdirSync as readdirSync2 } from "node:fs";
import { dirname as dirname3, isAbsolute, join as join4, relative, resolve as resolve4 } from "node:path";

// src/adapters/build.ts
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { finished } from "node:stream/promises";
import { basename, delimiter, dirname, join, resolve, sep } from "node:path";

// src/core/projects/makemake.ts
import { posix } from "node:path";
function targetOf(options, fallback) {
  let kind = "exe";
  let name = fallback;
  options.forEach((o, i) => {
    if (o === "-s" || o === "--make-so") kind = "shared";
    else if (o === "-a" || o === "--make-lib") kind = "static";
    else if (o === "-n" || o === "--nolink") kind = "nolink";
    else if (o === "-o" || o === "--output") name = options[i + 1] ?? name;
    else if (o.startsWith("-o") && o.length > 2 && !o.startsWith("--")) name = o.slice(2);
  });
  return { kind, name };
}
var rel = (from, to) => posix.relative(from, to) || ".";
var isBelow = (dir, ancestor) => ancestor === "." ? dir !== "." : dir.startsWith(`${ancestor}/`);
function parentDir(dir, all) {
  let best;
  for (const d of all)
    if (isBelow(dir, d.path) && (best === void 0 || isBelow(d.path, best))) best = d.path;
  return best;
}
function planOmnetppBuild(input) {
  const makemake = input.dirs.filter((d) => d.type === "makemake");
  const steps = [];
  const libraries = [];
  const executables = [];
  const includeDirs = [];
  const exported = [];
  const reached = /* @__PURE__ */ new Set();
  const f = input.features;
  for (const d of makemake) {
    const abs = posix.join(input.root, d.path);
    const args = ["-f"];
    const meta = new Set(d.options.filter((o) => o.startsWith("--meta:")).map((o) => o.slice(7)));
    for (const o of d.options) {
      if (o === "-f" || o === "--force" || o.startsWith("--meta:")) continue;
      args.push(o);
    }
    if (meta.has("export-include-path")) {
      args.push("-I.");
      includeDirs.push(abs);
    }
    if (meta.has("use-exported-include-paths"))
      for (const dep of input.deps)
        for (const inc of dep.includeDirs) args.push(`-I${rel(abs, inc)}`);
    if (meta.has("use-exported-libs"))
      for (const dep of input.deps)
        for (const lib of dep.libraries) args.push(`-L${rel(abs, lib.dir)}`, `-l${lib.name}$(D)`);
    if (f && meta.has("feature-cflags") && !f.hasDefinesFile) args.push(...f.compileFlags);
    if (f && meta.has("feature-ldflags")) args.push(...f.linkerFlags);
    if (meta.has("recurse")) {
      for (const child of input.dirs)
        if (child.path !== d.path && parentDir(child.path, input.dirs) === d.path) {
          args.push("-d", rel(abs, posix.join(input.root, child.path)));
          reached.add(child.path);
        }
    }
    for (const folder of f?.excludedFolders ?? [])
      if (isBelow(folder, d.path)) args.push(`-X${rel(abs, posix.join(input.root, folder))}`);
    steps.push({ cmd: "opp_makemake", args, dir: d.path });
    const target = targetOf(d.options, d.path === "." ? input.name : posix.basename(d.path));
    const path = d.path === "." ? target.name : `${d.path}/${target.name}`;
    if (target.kind === "shared") libraries.push(path);
    if (target.kind === "exe") executables.push(path);
    if (meta.has("export-library") && (target.kind === "shared" || target.kind === "static"))
      exported.push({ dir: abs, name: target.name });
  }
  for (const d of makemake)
    if (!reached.has(d.path))
      steps.push({ cmd: "make", args: [`-j${input.jobs}`, `MODE=${input.mode}`], dir: d.path });
  return { steps, libraries, executables, exports: { includeDirs, libraries: exported } };
}

// src/adapters/build.ts
var BuildError = class extends Error {
  constructor(message, result) {
    super(message);
    this.result = result;
    this.name = "BuildError";
  }
  result;
  userFacing = true;
};
var COMPILERS = ["gcc", "g++", "cc", "c++", "clang", "clang++"];
var isTrue = (v) => v !== void 0 && v !== "" && !["0", "false", "no", "disable"].includes(v.toLowerCase());
async function findExecutable(name, path) {
  for (const dir of (path ?? "").split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return Promise.resolve(void 0);
}
function masqueradeDir(ccacheDir, ccache) {
  const dir = join(ccacheDir, "bin");
  mkdirSync(dir, { recursive: true });
  for (const c of COMPILERS) {
    const link = join(dir, c);
    if (!existsSync(link)) symlinkSync(ccache, link);
  }
  return dir;
}
async function ccacheStats(env) {
  const r = await execa("ccache", ["--print-stats"], { env, reject: false });
  const m = /* @__PURE__ */ new Map();
  for (const line of r.stdout.split("\n")) {
    const [k, v] = line.split("	");
    if (k && v !== void 0) m.set(k, Number(v));
  }
  return m;
}
function statsDelta(before, after) {
  const d = (k) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  return { hits: d("direct_cache_hit") + d("preprocessed_cache_hit"), misses: d("cache_miss") };
}
function buildCommands(s, jobs, projectDir) {
  switch (s.preset) {
    case "none":
      return [];
    case "make":
      return [
        {
          cmd: "make",
          args: [`-j${jobs}`, ...s.target ? [s.target] : [], ...s.args],
          dir: s.dir
        }
      ];
    case "omnetpp": {
      if (s.buildSpec) return [...buildSpecSteps(s, s.buildSpec, projectDir, jobs, [])];
      const mode = `MODE=${s.mode}`;
      return [
        { cmd: "opp_makemake", args: [...s.makemake], dir: s.dir },
        { cmd: "make", args: [`-j${jobs}`, mode], dir: s.dir }
      ];
    }
    case "command":
      return [{ cmd: "sh", args: ["-c", s.command], dir: s.dir }];
  }
}
function buildSpecSteps(s, dirs, projectDir, jobs, deps) {
  const root = resolve(projectDir).split(sep).join("/");
  return planOmnetppBuild({ name: basename(root), root, dirs, mode: s.mode, jobs, deps }).steps;
}
async function build(req) {
  const jobs = req.jobs ?? cpus().length;
  const steps = req.steps ?? buildCommands(req.settings, jobs, req.projectDir);
  const commandText = steps.map((s) => [s.cmd, ...s.args].join(" ")).join(" && ");
  const started = performance.now();
  if (steps.length === 0) return { ok: true, ms: 0, ccache: void 0, tail: [], command: "" };
  const env = childEnvironment({ ...process.env, ...req.env });
  const ccache = await findExecutable("ccache", env["PATH"]);
  let before;
  let ccacheWarning;
  const readOnly = isTrue(env["CCACHE_READONLY"]);
  let scratch;
  if (ccache) {
    if (!readOnly) mkdirSync(req.ccacheDir, { recursive: true });
    env["CCACHE_DIR"] = req.ccacheDir;
    env["CCACHE_BASEDIR"] = resolve(req.ccacheBaseDir ?? req.projectDir);
    env["CCACHE_COMPILERCHECK"] = "content";
    env["CCACHE_NOHASHDIR"] = "1";
    if (req.ccacheRemote) {
      env["CCACHE_REMOTE_STORAGE"] = req.ccacheRemote;
      env["CCACHE_SECONDARY_STORAGE"] = req.ccacheRemote;
    }
    if (readOnly) {
      const own = mkdtempSync(join(tmpdir(), "opp-ccache-ro-"));
      scratch = own;
      env["CCACHE_TEMPDIR"] ??= own;
      env["CCACHE_NOSTATS"] = "1";
      env["PATH"] = masqueradeDir(own, ccache) + delimiter + (env["PATH"] ?? "");
    } else {
      env["PATH"] = masqueradeDir(req.ccacheDir, ccache) + delimiter + (env["PATH"] ?? "");
      before = await ccacheStats(env);
    }
  } else {
    ccacheWarning = "ccache is not installed: building without a compiler cache";
  }
  mkdirSync(dirname(req.logFile), { recursive: true });
  const log = createWriteStream(req.logFile, { flags: "w" });
  let logError;
  log.on("error", (e) => logError ??= e);
  let ok = true;
  for (const step of steps) {
    log.write(`$ ${[step.cmd, ...step.args].join(" ")}
`);
    const child = execa(step.cmd, step.args, {
      cwd: resolve(req.projectDir, step.dir),
      env,
      extendEnv: false,
      reject: false,
      all: true,
      stdin: "ignore"
    });
    child.all?.pipe(log, { end: false });
    const r = await child;
    if (r.failed) {
      log.write(r.exitCode === void 0 ? `${r.shortMessage}
` : `exit status ${r.exitCode}
`);
      ok = false;
      break;
    }
  }
  log.end();
  await finished(log).catch(() => void 0);
  if (scratch !== void 0) rmSync(scratch, { recursive: true, force: true });
  if (logError)
    throw isDiskFull(logError) ? new DiskFullError(dirname(req.logFile), logError, "No run was started: free some space.") : logError;
  const ms = performance.now() - started;
  const stats = ccache && before ? statsDelta(before, await ccacheStats(env)) : void 0;
  const tail = ok ? [] : readFileSync(req.logFile, "utf8").trimEnd().split("\n").slice(-20);
  return {
    ok,
    ms,
    ccache: stats,
    ...ccacheWarning ? { ccacheWarning } : {},
    tail,
    command: commandText
  };
}

// src/adapters/build-inputs.ts
import { createHash as createHash2 } from "node:crypto";
import { existsSync as existsSync2, readFileSync as readFileSync2, realpathSync, statSync } from "node:fs";
import { delimiter as delimiter2, join as join2, resolve as resolve2 } from "node:path";

// src/core/build/outputs.ts
var LIB_SUFFIXES = ["", ".so", ".dylib", ".dll"];
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
var normal = (p) => p.replace(/\\/g, "/").replace(/^\.\//, "");
function builtPatterns(s) {
  const patterns = [];
  if (s.run.preset === "omnetpp")
    for (const f of [...s.run.program ? [s.run.program] : [], ...s.run.libraries]) {
      const p = normal(f);
      const slash = p.lastIndexOf("/");
      const libName = `${p.slice(0, slash + 1)}lib${p.slice(slash + 1)}`;
      for (const suffix of LIB_SUFFIXES) patterns.push(p + suffix);
      for (const suffix of LIB_SUFFIXES.slice(1)) patterns.push(libName + suffix);
    }
  for (const g of s.build.preset === "none" ? [] : s.build.outputs ?? [])
    patterns.push(normal(g));
  return patterns;
}
function runSourcePatterns(s) {
  const patterns = s.ini.map(normal);
  if (s.run.preset === "omnetpp") {
    const ned = s.run.nedPath.length > 0 ? s.run.nedPath : ["."];
    for (const dir of ned) patterns.push(`${normal(dir) === "." ? "" : `${normal(dir)}/`}**/*.ned`);
  }
  return patterns;
}
function selectOutputs(s, files) {
  const res = [...builtPatterns(s), ...runSourcePatterns(s)].map(globToRegExp);
  return files.map(normal).filter((f) => res.some((r) => r.test(f))).sort();
}

// src/adapters/build-inputs.ts
function toolNames(env) {
  const first = (v) => v?.trim().split(/\s+/)[0];
  return [
    .../* @__PURE__ */ new Set([
      first(env["CXX"]) ?? "c++",
      first(env["CC"]) ?? "cc",
      "g++",
      "gcc",
      "clang++",
      "clang",
      "ld",
      "make"
    ])
  ];
}
function which(name, env) {
  if (name.includes("/")) return existsSync2(name) ? name : void 0;
  for (const dir of (env["PATH"] ?? "").split(delimiter2)) {
    const p = join2(dir, name);
    if (dir && existsSync2(p) && statSync(p).isFile()) return p;
  }
  return void 0;
}
var sha = (data) => createHash2("sha256").update(data).digest("hex");
function toolchain(env) {
  const out = {};
  for (const name of toolNames(env)) {
    const path = which(name, env);
    out[name] = path ? `sha256:${sha(readFileSync2(realpathSync(path))).slice(0, 32)}` : "absent";
  }
  return out;
}
async function omnetppVersion(env) {
  if (!which("opp_run", env)) return void 0;
  const r = await execa("opp_run", ["-v"], { env, reject: false, timeout: 2e4, all: true });
  const text = r.all ?? "";
  return /Version:.*$/m.exec(text)?.[0] ?? (text.trim().split("\n").slice(0, 2).join(" ") || "unknown");
}
function features(projectDir) {
  const out = {};
  for (const f of FEATURE_FILES) {
    const p = join2(projectDir, f);
    if (existsSync2(p)) out[f] = sha(readFileSync2(p));
  }
  return out;
}
async function gatherBuildInputs(projectDir, settings, env = process.env) {
  const dir = resolve2(projectDir);
  const exclude = [...builtPatterns(settings), `${settings.resultsDir}/**`, ".opp-campaign/**"];
  const buildEnv = {};
  for (const k of BUILD_ENV) {
    const v = env[k];
    if (v !== void 0) buildEnv[k] = v;
  }
  return {
    sourceTree: await workTreeId(dir, exclude),
    toolchain: toolchain(env),
    omnetpp: await omnetppVersion(env),
    features: features(dir),
    build: settings.build,
    env: buildEnv,
    outputs: [...builtPatterns(settings), ...runSourcePatterns(settings)],
    platform: `${process.platform}-${process.arch}`,
    // referenced projects and the feature set chosen for them build a different model
    ...settings.projects || settings.features ? { referenced: { projects: settings.projects ?? [], features: settings.features ?? {} } } : {}
  };
}
async function fingerprintOf(projectDir, settings, env) {
  const inputs = await gatherBuildInputs(projectDir, settings, env);
  return { fingerprint: buildFingerprint(inputs), inputs };
}

// src/adapters/projects.ts
import { createHash as createHash3 } from "node:crypto";
import {
  lstatSync,
  mkdirSync as mkdirSync2,
  readdirSync,
  readFileSync as readFileSync3,
  readlinkSync,
  renameSync,
  statSync as statSync2,
  writeFileSync
} from "node:fs";
import { dirname as dirname2, join as join3, resolve as resolve3 } from "node:path";

// src/core/projects/xml.ts
var XmlError = class extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
    this.name = "XmlError";
  }
  line;
};
var ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}
var lineAt = (text, index) => {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};
var ATTR = /([A-Za-z_:][-\w.:]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
var TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/\s*([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
function parseXml(text) {
  const root = { name: "", attrs: {}, text: "", line: 1, children: [] };
  const stack = [root];
  let last = 0;
  const top = () => stack[stack.length - 1] ?? root;
  for (const m of text.matchAll(TOKEN)) {
    const index = m.index;
    top().text += decodeEntities(text.slice(last, index));
    last = index + m[0].length;
    if (m[1] !== void 0) {
      top().text += m[1];
    } else if (m[2] !== void 0) {
      const open = stack.pop();
      if (!open || open === root || open.name !== m[2])
        throw new XmlError(`unexpected </${m[2]}>`, lineAt(text, index));
      const el = { ...open, text: open.text.trim() };
      top().children.push(el);
    } else if (m[3] !== void 0) {
      const attrs = {};
      for (const a of (m[4] ?? "").matchAll(ATTR))
        attrs[a[1]] = decodeEntities(a[3] ?? a[4] ?? "");
      const el = { name: m[3], attrs, text: "", line: lineAt(text, index), children: [] };
      if (m[5] === "/") top().children.push({ ...el, text: "" });
      else stack.push(el);
    }
  }
  if (stack.length > 1) {
    const open = top();
    throw new XmlError(`<${open.name}> is never closed`, open.line);
  }
  const [first, ...rest] = root.children;
  if (!first || rest.length > 0) throw new XmlError("expected exactly one root element", 1);
  return first;
}
function descendants(el, name) {
  const out = [];
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}

// src/core/projects/project-files.ts
var ProjectFileError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ProjectFileError";
  }
};
function xml(text, file) {
  try {
    return parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new ProjectFileError(`${file}:${e.line}: ${e.message}`);
    throw e;
  }
}
function parseDotProject(text, file) {
  const root = xml(text, file);
  if (root.name !== "projectDescription")
    throw new ProjectFileError(`${file}:${root.line}: expected <projectDescription>`);
  const name = root.children.find((c) => c.name === "name")?.text;
  const refs = root.children.filter((c) => c.name === "projects").flatMap((p) => p.children.filter((c) => c.name === "project").map((c) => c.text)).filter((n) => n !== "");
  return { name: name || void 0, references: refs };
}
function parseBuildSpec(text, file) {
  const root = xml(text, file);
  if (root.name !== "buildspec")
    throw new ProjectFileError(`${file}:${root.line}: expected <buildspec>`);
  return descendants(root, "dir").map((d) => {
    const type = d.attrs["type"] ?? "makemake";
    if (type !== "makemake" && type !== "custom")
      throw new ProjectFileError(`${file}:${d.line}: unknown folder type '${type}'`);
    const path = normalFolder(d.attrs["path"] ?? ".");
    return {
      path,
      type,
      options: splitOptions(d.attrs["makemake-options"] ?? ""),
      line: d.line
    };
  });
}
function splitOptions(s) {
  const out = [];
  for (const m of s.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? "");
  return out;
}
var normalFolder = (p) => {
  const parts = p.replace(/\\/g, "/").split("/").filter((x) => x !== "" && x !== ".");
  return parts.length === 0 ? "." : parts.join("/");
};
function parseNedFolders(text) {
  const folders = [];
  const excludedPackages = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("-")) excludedPackages.push(line.slice(1).trim());
    else folders.push(normalFolder(line));
  }
  return { folders, excludedPackages };
}
var DOTTED = /^([A-Za-z0-9_]+\.)*[A-Za-z0-9_]+$/;
function parseNedExclusions(text, file) {
  const out = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    if (!DOTTED.test(line))
      throw new ProjectFileError(`${file}:${i + 1}: '${line}' is not a NED package name`);
    out.push(line);
  });
  return out;
}
function nedPackageOf(packageNedText) {
  const m = /^\s*package\s+((?:[A-Za-z0-9_]+\.)*[A-Za-z0-9_]+)\s*;/m.exec(
    packageNedText.replace(/\/\/.*$/gm, "")
  );
  return m?.[1] ?? "";
}

// src/core/projects/features.ts
var FeatureError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "FeatureError";
  }
};
var words = (s) => (s ?? "").split(/\s+/).filter((w) => w !== "");
function parseOppFeatures(text, file) {
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) throw new ProjectFileError(`${file}:${e.line}: ${e.message}`);
    throw e;
  }
  if (root.name !== "features")
    throw new ProjectFileError(`${file}:${root.line}: expected <features>`);
  const features2 = [];
  const seen = /* @__PURE__ */ new Set();
  for (const f of descendants(root, "feature")) {
    const id = f.attrs["id"]?.trim() ?? "";
    if (id === "") throw new ProjectFileError(`${file}:${f.line}: a feature without an id`);
    if (seen.has(id)) throw new ProjectFileError(`${file}:${f.line}: duplicate feature '${id}'`);
    seen.add(id);
    features2.push({
      id,
      name: f.attrs["name"] ?? id,
      initiallyEnabled: (f.attrs["initiallyEnabled"] ?? "true").trim() !== "false",
      requires: words(f.attrs["requires"]),
      nedPackages: words(f.attrs["nedPackages"]),
      extraSourceFolders: words(f.attrs["extraSourceFolders"]),
      compileFlags: words(f.attrs["compileFlags"]),
      linkerFlags: words(f.attrs["linkerFlags"]),
      line: f.line
    });
  }
  for (const f of features2)
    for (const r of f.requires)
      if (!seen.has(r))
        throw new ProjectFileError(
          `${file}:${f.line}: feature '${f.id}' requires '${r}', which is not defined`
        );
  const definesFile = root.attrs["definesFile"]?.trim();
  return {
    file,
    cppSourceRoots: words(root.attrs["cppSourceRoots"]),
    definesFile: definesFile ? definesFile : void 0,
    features: features2
  };
}
function unknown(catalog, id) {
  const lower = id.toLowerCase();
  const near = catalog.features.map((f) => f.id).filter((f) => f.toLowerCase().includes(lower) || lower.includes(f.toLowerCase()));
  const byName = catalog.features.find((f) => f.name.toLowerCase() === lower);
  const hint = byName ? ` (the feature named '${byName.name}' has the id '${byName.id}')` : near.length > 0 ? ` (did you mean ${near.slice(0, 5).map((n) => `'${n}'`).join(", ")}?)` : "";
  return new FeatureError(`${catalog.file} defines no feature '${id}'${hint}`);
}
function withRequired(byId, ids) {
  const out = /* @__PURE__ */ new Set();
  const visit = (id) => {
    if (out.has(id)) return;
    out.add(id);
    for (const r of byId.get(id)?.requires ?? []) visit(r);
  };
  for (const id of ids) visit(id);
  return out;
}
function withDependents(features2, ids) {
  const out = new Set(ids);
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of features2)
      if (!out.has(f.id) && f.requires.some((r) => out.has(r))) {
        out.add(f.id);
        grew = true;
      }
  }
  return out;
}
function resolveFeatures(catalog, choice) {
  const byId = new Map(catalog.features.map((f) => [f.id, f]));
  for (const id of [...choice.enable, ...choice.disable])
    if (!byId.has(id)) throw unknown(catalog, id);
  const both = choice.enable.find((id) => choice.disable.includes(id));
  if (both) throw new FeatureError(`feature '${both}' is both enabled and disabled`);
  for (const d of choice.disable) {
    const off2 = withDependents(catalog.features, [d]);
    const e = choice.enable.find((x) => off2.has(x));
    if (e !== void 0)
      throw new FeatureError(
        `feature '${e}' cannot be enabled: it requires '${d}', which the campaign disables (${catalog.file})`
      );
  }
  const on = withRequired(byId, choice.enable);
  const off = withDependents(catalog.features, choice.disable);
  const enabled = new Set(
    catalog.features.filter((f) => (f.initiallyEnabled || on.has(f.id)) && !off.has(f.id))
  );
  const all = withRequired(
    byId,
    [...enabled].map((f) => f.id)
  );
  return catalog.features.filter((f) => all.has(f.id)).map((f) => f.id);
}
var isUnder = (folder, root) => root === "." || folder === root || folder.startsWith(`${root}/`);
var cleanPath = (p) => {
  const parts = p.split("/").filter((x) => x !== "" && x !== ".");
  return parts.length ? parts.join("/") : ".";
};
function featureEffects(catalog, enabled, nedRoots, isDir2) {
  const on = new Set(enabled);
  const nedExclusions = [];
  const excluded = /* @__PURE__ */ new Set();
  const compileFlags = [];
  const linkerFlags = [];
  const isCxx = (folder) => catalog.cppSourceRoots.length === 0 || catalog.cppSourceRoots.some((r) => isUnder(folder, cleanPath(r)));
  for (const f of catalog.features) {
    if (on.has(f.id)) {
      compileFlags.push(...f.compileFlags);
      linkerFlags.push(...f.linkerFlags);
      continue;
    }
    nedExclusions.push(...f.nedPackages);
    for (const pkg of f.nedPackages)
      for (const root of nedRoots) {
        const inside = root.package === "" || pkg === root.package || pkg.startsWith(`${root.package}.`);
        if (!inside) continue;
        const suffix = root.package === "" ? pkg : pkg.slice(root.package.length + 1);
        const folder = cleanPath(`${root.path}/${suffix.replace(/\./g, "/")}`);
        if (isDir2(folder) && isCxx(folder)) excluded.add(folder);
      }
    for (const extra of f.extraSourceFolders) excluded.add(cleanPath(extra));
  }
  return {
    enabled: catalog.features.filter((f) => on.has(f.id)).map((f) => f.id),
    nedExclusions,
    excludedFolders: [...excluded].sort(),
    compileFlags,
    linkerFlags
  };
}
function definesHeader(compileFlags) {
  const lines = [
    "//",
    "// Generated by opp-campaign from .oppfeatures and the campaign's feature choices;",
    "// do not edit. It changes when a feature is enabled or disabled.",
    "//",
    ""
  ];
  for (const flag of [...compileFlags].sort()) {
    const m = /^-D([A-Za-z0-9_]+)(?:=(.*))?$/.exec(flag);
    if (!m) continue;
    const name = m[1];
    lines.push(
      `#ifndef ${name}`,
      `#define ${name}${m[2] !== void 0 ? ` ${m[2]}` : ""}`,
      "#endif",
      ""
    );
  }
  return lines.join("\n");
}

// src/adapters/projects.ts
var ProjectSourceError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ProjectSourceError";
  }
};
var isDir = (p) => {
  try {
    return statSync2(p).isDirectory();
  } catch {
    return false;
  }
};
var sha2 = (s) => createHash3("sha256").update(s).digest("hex");
async function resolveRef(url, ref) {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const r = await execa("git", ["ls-remote", url, ref, `refs/tags/${ref}^{}`], {
    reject: false,
    env: { GIT_TERMINAL_PROMPT: "0" },
    stdin: "ignore"
  });
  if (r.exitCode !== 0)
    throw new ProjectSourceError(
      `${url}: cannot list its refs: ${r.stderr.trim().split("\n").pop() ?? ""}`
    );
  const lines = r.stdout.split("\n").map((l) => l.split("	"));
  const pick = lines.find(([, n]) => n === `refs/tags/${ref}^{}`) ?? lines.find(([, n]) => n === `refs/heads/${ref}` || n === `refs/tags/${ref}` || n === ref);
  if (!pick?.[0]) throw new ProjectSourceError(`${url} has no branch or tag '${ref}'`);
  return pick[0];
}
async function locateProject(p, o) {
  const src = p.source;
  if (src.kind === "path") {
    const dir2 = resolve3(o.modelDir, src.path);
    if (!isDir(dir2))
      throw new ProjectSourceError(`project '${p.name}': ${dir2} (projects: path) is not a folder`);
    return dir2;
  }
  if (src.kind === "submodule") {
    const dir2 = resolve3(o.modelDir, src.path);
    if (!isDir(dir2) || readdirSync(dir2).length === 0) {
      o.say(`project '${p.name}': initializing submodule ${src.path}`);
      const r2 = await execa(
        "git",
        ["submodule", "update", "--init", "--recursive", "--", src.path],
        {
          cwd: o.modelDir,
          reject: false,
          stdin: "ignore",
          env: { GIT_TERMINAL_PROMPT: "0" }
        }
      );
      if (r2.exitCode !== 0 || !isDir(dir2))
        throw new ProjectSourceError(
          `project '${p.name}': submodule ${src.path} could not be checked out: ${r2.stderr.trim().split("\n").pop() ?? "no such submodule"}`
        );
    }
    return dir2;
  }
  const dir = join3(o.checkoutRoot, `${p.name}-${sha2(src.url).slice(0, 12)}`);
  const commit = await resolveRef(src.url, src.ref);
  const r = await new CliGitClient().ensureCheckout({ url: src.url, sha: commit, dir, depth: 1 });
  o.say(
    `project '${p.name}': ${src.url} at ${src.ref === commit ? commit.slice(0, 12) : `${src.ref} (${commit.slice(0, 12)})`}${r.fetched ? ", fetched" : ""}`
  );
  return dir;
}
function readIf(path) {
  try {
    return readFileSync3(path, "utf8");
  } catch {
    return void 0;
  }
}
function readProjectFacts(name, dir) {
  const file = (f) => join3(dir, f);
  const dotProject = readIf(file(".project"));
  const buildSpec = readIf(file(".oppbuildspec"));
  const nedText = readIf(file(".nedfolders"));
  const ned = nedText === void 0 ? { folders: ["."], excludedPackages: [] } : parseNedFolders(nedText);
  const exclText = readIf(file(".nedexclusions"));
  const featuresText = readIf(file(".oppfeatures"));
  const nedRoots = ned.folders.map((f) => ({
    path: f,
    package: nedPackageOf(readIf(join3(dir, f, "package.ned")) ?? "")
  }));
  return {
    name,
    dir,
    ...dotProject !== void 0 ? {
      dotProject: {
        file: file(".project"),
        references: parseDotProject(dotProject, file(".project")).references
      }
    } : {},
    ...buildSpec !== void 0 ? {
      buildSpec: {
        file: file(".oppbuildspec"),
        dirs: parseBuildSpec(buildSpec, file(".oppbuildspec"))
      }
    } : {},
    nedFolders: ned.folders,
    nedExclusions: exclText === void 0 ? [] : parseNedExclusions(exclText, file(".nedexclusions")),
    legacyExclusions: ned.excludedPackages,
    ...featuresText !== void 0 ? { features: parseOppFeatures(featuresText, file(".oppfeatures")) } : {},
    nedRoots,
    isDir: (p) => isDir(join3(dir, p))
  };
}
function folderState(dir) {
  const h = createHash3("sha256");
  const walk = (rel2) => {
    const abs = rel2 === "" ? dir : join3(dir, rel2);
    let names;
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (n === ".git") continue;
      const r = rel2 === "" ? n : `${rel2}/${n}`;
      const st = lstatSync(join3(dir, r));
      if (st.isDirectory()) {
        h.update(`d ${r}
`);
        walk(r);
      } else if (st.isSymbolicLink()) h.update(`l ${r} ${readlinkSync(join3(dir, r))}
`);
      else h.update(`f ${r} ${st.size} ${st.mtimeMs}
`);
    }
  };
  walk("");
  return h.digest("hex");
}
function writeIfChanged(path, text) {
  if (readIf(path) === text) return false;
  mkdirSync2(dirname2(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return true;
}
function readStamp(path) {
  try {
    const v = JSON.parse(readFileSync3(path, "utf8"));
    return typeof v.fingerprint === "string" ? v.fingerprint : void 0;
  } catch {
    return void 0;
  }
}
function writeStamp(path, fingerprint) {
  writeIfChanged(path, JSON.stringify({ fingerprint }) + "\n");
}

// src/core/projects/order.ts
var ProjectGraphError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ProjectGraphError";
  }
};
function buildOrder(nodes, root) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const declared = nodes.map((n) => n.name).join(", ") || "none";
  const check = (refs, source) => {
    for (const r of refs)
      if (!byName.has(r))
        throw new ProjectGraphError(
          `${source} references project '${r}', which the campaign file does not declare under 'projects' (declared: ${declared})`
        );
  };
  if (root) check(root.references, root.source);
  for (const n of nodes) check(n.references, n.source);
  const order = [];
  const state = /* @__PURE__ */ new Map();
  const path = [];
  const visit = (name) => {
    const s = state.get(name);
    if (s === "done") return;
    const node = byName.get(name);
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const files = [...new Set(cycle.map((n) => byName.get(n)?.source ?? n))];
      throw new ProjectGraphError(
        `referenced projects form a cycle: ${cycle.join(" -> ")} (see ${files.join(", ")})`
      );
    }
    state.set(name, "visiting");
    path.push(name);
    for (const r of node.references) visit(r);
    path.pop();
    state.set(name, "done");
    order.push(name);
  };
  for (const n of nodes) visit(n.name);
  return order;
}
function closure(nodes, order, name) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const need = /* @__PURE__ */ new Set();
  const visit = (n) => {
    if (need.has(n)) return;
    need.add(n);
    for (const r of byName.get(n)?.references ?? []) visit(r);
  };
  visit(name);
  return order.filter((n) => need.has(n));
}

// src/app/build-projects.ts
var DEFAULT_MAKEMAKE = [
  "--deep",
  "--make-so",
  "--meta:export-include-path",
  "--meta:use-exported-include-paths",
  "--meta:export-library",
  "--meta:use-exported-libs",
  "--meta:feature-cflags",
  "--meta:feature-ldflags"
];
var projectEnvName = (name) => `OPP_CAMPAIGN_PROJECT_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
var hash = (v) => createHash4("sha256").update(canonical(v)).digest("hex");
function planBuild(p, facts, effects, hasDefinesFile, deps, jobs) {
  const none = { includeDirs: [], libraries: [] };
  const b = p.build;
  switch (b.preset) {
    case "none":
      return { settings: { preset: "none" }, libraries: [], exports: none };
    case "make":
      return { settings: { ...b }, libraries: [], exports: none };
    case "command":
      return { settings: { ...b }, libraries: [], exports: none };
    case "omnetpp": {
      const dirs = b.makemake ? [{ path: ".", type: "makemake", options: b.makemake, line: 0 }] : facts.buildSpec?.dirs ?? [
        { path: ".", type: "makemake", options: DEFAULT_MAKEMAKE, line: 0 }
      ];
      const plan = planOmnetppBuild({
        name: p.name,
        root: facts.dir,
        dirs,
        mode: b.mode,
        jobs,
        ...effects ? {
          features: {
            excludedFolders: effects.excludedFolders,
            compileFlags: effects.compileFlags,
            linkerFlags: effects.linkerFlags,
            hasDefinesFile
          }
        } : {},
        deps
      });
      return {
        settings: { preset: "command", command: "opp_makemake && make", dir: "." },
        steps: plan.steps,
        libraries: plan.libraries,
        exports: plan.exports
      };
    }
  }
}
function readModelFile(dir, name) {
  try {
    return readFileSync4(join4(dir, name), "utf8");
  } catch {
    return void 0;
  }
}
async function buildProjects(o) {
  const declared = o.settings.projects ?? [];
  if (declared.length === 0) return void 0;
  const env = o.env ?? process.env;
  const located = [];
  for (const p of declared) {
    const dir = await locateProject(p, {
      modelDir: o.dir,
      checkoutRoot: o.checkoutRoot,
      say: o.say
    });
    located.push({ p, facts: readProjectFacts(p.name, dir) });
  }
  const nodes = located.map(({ p, facts }) => ({
    name: p.name,
    references: p.references ?? facts.dotProject?.references ?? [],
    source: p.references ? `the campaign file (projects: ${p.name}, references)` : facts.dotProject?.file ?? `${facts.dir} (no .project)`
  }));
  const modelProject = readModelFile(o.dir, ".project");
  const order = buildOrder(
    nodes,
    modelProject === void 0 ? void 0 : {
      references: parseDotProject(modelProject, join4(o.dir, ".project")).references,
      source: join4(o.dir, ".project")
    }
  );
  const byName = new Map(located.map((l) => [l.p.name, l]));
  const machine = {
    toolchain: hash(toolchain(env)),
    env: Object.fromEntries(BUILD_ENV.flatMap((k) => env[k] !== void 0 ? [[k, env[k]]] : [])),
    platform: `${process.platform}-${process.arch}`
  };
  const buildEnv = {};
  for (const { p, facts } of located) buildEnv[projectEnvName(p.name)] = facts.dir;
  const fingerprints = {};
  const exportsOf = /* @__PURE__ */ new Map();
  const rebuilt = [];
  const ned = [];
  const exclusions = [];
  const libraries = [];
  const images = [];
  for (const name of order) {
    const { p, facts } = byName.get(name);
    const deps = closure(nodes, order, name).filter((n) => n !== name);
    const choice = o.settings.features?.[name];
    let effects;
    if (facts.features) {
      const enabled = resolveFeatures(facts.features, choice ?? { enable: [], disable: [] });
      effects = featureEffects(facts.features, enabled, facts.nedRoots, facts.isDir);
      if (facts.features.definesFile)
        writeIfChanged(
          join4(facts.dir, facts.features.definesFile),
          definesHeader(effects.compileFlags)
        );
    } else if (choice && choice.enable.length + choice.disable.length > 0)
      throw new FeatureError(
        `the campaign file sets features of project '${name}', which has no .oppfeatures (${facts.dir})`
      );
    const plan = planBuild(
      p,
      facts,
      effects,
      facts.features?.definesFile !== void 0,
      deps.map((d) => exportsOf.get(d) ?? { includeDirs: [], libraries: [] }),
      o.jobs
    );
    exportsOf.set(name, plan.exports);
    const fingerprint = () => hash({
      folder: folderState(facts.dir),
      build: p.build,
      steps: plan.steps ?? null,
      features: effects?.enabled ?? null,
      deps: deps.map((d) => fingerprints[d]),
      machine
    });
    const stamp = join4(o.stateDir, `${name}.json`);
    let fp = fingerprint();
    if (readStamp(stamp) === fp || plan.settings.preset === "none") {
      if (plan.settings.preset !== "none") o.say(`project '${name}': up to date`);
    } else {
      const logFile = join4(o.stateDir, `${name}.build.log`);
      o.say(`building project '${name}' (${p.build.preset})...`);
      const r = await build({
        settings: plan.settings,
        ...plan.steps ? { steps: plan.steps } : {},
        projectDir: facts.dir,
        logFile,
        ccacheDir: o.ccacheDir,
        jobs: o.jobs,
        env: { ...env, ...buildEnv }
      });
      if (r.ccacheWarning) o.say(`warning: ${r.ccacheWarning}`);
      if (!r.ok)
        throw new BuildError(
          `the build of project '${name}' failed (${r.command}); no run was started. Last lines of ${logFile}:
  ${r.tail.join("\n  ")}`,
          r
        );
      const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : "";
      o.say(`built project '${name}' in ${(r.ms / 1e3).toFixed(2)}s${cc}`);
      fp = fingerprint();
      writeStamp(stamp, fp);
      rebuilt.push(name);
    }
    fingerprints[name] = fp;
    const inProject = (f) => resolve4(facts.dir, f);
    ned.push(...(p.nedPath ?? facts.nedFolders).map(inProject));
    exclusions.push(
      ...effects ? effects.nedExclusions : facts.nedExclusions,
      ...facts.legacyExclusions
    );
    const built = p.libraries ?? (p.build.preset === "make" ? sharedLibraries(facts.dir) : void 0);
    libraries.push(...(built ?? plan.libraries).map(inProject));
    images.push(...(p.images ?? (facts.isDir("images") ? ["images"] : [])).map(inProject));
  }
  const run = o.settings.run;
  const modelNedFolders = readModelFile(o.dir, ".nedfolders");
  const modelNed = run.preset === "omnetpp" && run.nedPath.length > 0 ? [...run.nedPath] : modelNedFolders !== void 0 ? [...parseNedFolders(modelNedFolders).folders] : ["."];
  const show = (abs) => {
    const rel2 = relative(o.dir, abs);
    return rel2 === "" ? "." : rel2.startsWith("../../..") || isAbsolute(rel2) ? abs : rel2;
  };
  const allExports = order.map((n) => exportsOf.get(n) ?? { includeDirs: [], libraries: [] });
  return {
    paths: {
      nedPath: [...ned.map(show), ...modelNed],
      nedExclusions: [...new Set(exclusions)],
      libraries: libraries.map(show),
      imagePath: images.map(show)
    },
    libraryDirs: [...new Set(libraries.map((l) => dirname3(l)))],
    buildEnv,
    fingerprints,
    rebuilt,
    exports: allExports,
    makemakeOptions: (buildDir) => allExports.flatMap((e) => [
      ...e.includeDirs.map((d) => `-I${relative(buildDir, d) || "."}`),
      ...e.libraries.flatMap((l) => [`-L${relative(buildDir, l.dir) || "."}`, `-l${l.name}$(D)`])
    ])
  };
}
function modelBuildSteps(s, linked, projectDir, jobs) {
  if (s.preset === "omnetpp" && s.buildSpec)
    return [...buildSpecSteps(s, s.buildSpec, projectDir, jobs, linked?.exports ?? [])];
  if (!linked || s.preset !== "omnetpp") return void 0;
  const extra = linked.makemakeOptions(resolve4(projectDir, s.dir));
  return [
    { cmd: "opp_makemake", args: [...s.makemake, ...extra], dir: s.dir },
    { cmd: "make", args: [`-j${jobs}`, `MODE=${s.mode}`], dir: s.dir }
  ];
}
function withProjects(buildId, linked) {
  if (!linked) return buildId;
  return createHash4("sha256").update(buildId).update(canonical(linked.fingerprints)).digest("hex").slice(0, 16);
}
function sharedLibraries(dir) {
  try {
    return readdirSync2(dir).flatMap((f) => /^lib(.+)\.so$/.exec(f)?.[1] ?? []).sort();
  } catch {
    return [];
  }
}

// src/app/campaign-setup.ts
import { mkdirSync as mkdirSync4, readFileSync as readFileSync8 } from "node:fs";
import { dirname as dirname5, join as join8, resolve as resolve6 } from "node:path";

// src/adapters/campaign-lock.ts
import { linkSync, readFileSync as readFileSync6, renameSync as renameSync2, rmSync as rmSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join6 } from "node:path";

// src/adapters/running-registry.ts
import {
  closeSync,
  mkdirSync as mkdirSync3,
  openSync,
  readdirSync as readdirSync3,
  readFileSync as readFileSync5,
  rmSync as rmSync2,
  writeSync
} from "node:fs";
import { join as join5 } from "node:path";
function startTime(pid) {
  try {
    const stat = readFileSync5(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return void 0;
  }
}
var isSameProcess = (pid, start) => Number.isInteger(pid) && pid > 0 && start !== void 0 && start !== "" && startTime(pid) === start;
function runsKey(pid, key) {
  try {
    const environ = readFileSync5(`/proc/${pid}/environ`, "latin1");
    return `\0${environ}`.includes(`\0OPP_CAMPAIGN_RUN_KEY=${key}\0`);
  } catch {
    return false;
  }
}
var FILE_PREFIX = "campaign-";
var RunningRegistry = class {
  constructor(dir) {
    this.dir = dir;
    mkdirSync3(dir, { recursive: true });
    this.file = join5(dir, `${FILE_PREFIX}${process.pid}-${startTime(process.pid) ?? ""}`);
  }
  dir;
  fd;
  file;
  live = /* @__PURE__ */ new Set();
  /** A process group started: by its run's key when it has one, else by its start time. */
  add(pid, runKey) {
    this.fd ??= openSync(this.file, "a");
    const proof = runKey !== void 0 ? `key ${runKey}` : `start ${startTime(pid) ?? ""}`;
    writeSync(this.fd, `+ ${pid} ${proof}
`);
    this.live.add(pid);
  }
  remove(pid) {
    if (!this.live.delete(pid) || this.fd === void 0) return;
    writeSync(this.fd, `- ${pid}
`);
  }
  /** Closes the file; removes it when nothing it lists is still running. */
  close() {
    if (this.fd === void 0) return;
    closeSync(this.fd);
    this.fd = void 0;
    if (this.live.size === 0) rmSync2(this.file, { force: true });
  }
  /** Kills the process groups left by campaigns that died; returns how many were alive. */
  reapSurvivors() {
    let killed = 0;
    for (const name of readdirSync3(this.dir)) {
      if (!name.startsWith(FILE_PREFIX)) {
        rmSync2(join5(this.dir, name), { force: true });
        continue;
      }
      const [ownerPid, ownerStart] = name.slice(FILE_PREFIX.length).split("-");
      if (isSameProcess(Number(ownerPid), ownerStart)) continue;
      for (const [pid, proof] of stillListed(join5(this.dir, name)))
        if (proof.startsWith("key ") ? runsKey(pid, proof.slice(4)) : isSameProcess(pid, proof.slice(6)))
          try {
            process.kill(-pid, "SIGKILL");
            killed++;
          } catch {
          }
      rmSync2(join5(this.dir, name), { force: true });
    }
    return killed;
  }
};
function stillListed(path) {
  const running = /* @__PURE__ */ new Map();
  let text;
  try {
    text = readFileSync5(path, "utf8");
  } catch {
    return running;
  }
  for (const line of text.split("\n")) {
    const m = /^([+-]) (\d+)(?: (.*))?$/.exec(line);
    if (!m) continue;
    if (m[1] === "+") running.set(Number(m[2]), m[3] ?? "");
    else running.delete(Number(m[2]));
  }
  return running;
}

// src/adapters/campaign-lock.ts
var FolderInUseError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "FolderInUseError";
  }
};
var read = (path) => {
  try {
    return readFileSync6(path, "utf8");
  } catch {
    return void 0;
  }
};
function holderAlive(text) {
  const [pid, start] = text.trim().split(" ");
  if (start === void 0 || start === "") return pidAlive(Number(pid));
  return isSameProcess(Number(pid), start);
}
function pidAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function lockResultsFolder(outDir) {
  const path = join6(outDir, ".opp-campaign", "lock");
  const mine = `${process.pid} ${startTime(process.pid) ?? ""} ${(/* @__PURE__ */ new Date()).toISOString()}
`;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync2(temp, mine);
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 10) throw new FolderInUseError(`cannot take the lock ${path}: remove it`);
      try {
        linkSync(temp, path);
        break;
      } catch (e) {
        if (e.code !== "EEXIST") throw e;
      }
      const held = read(path);
      if (held === void 0) continue;
      if (holderAlive(held)) {
        const [pid, , since] = held.trim().split(" ");
        throw new FolderInUseError(
          `${outDir} is in use by another opp-campaign (process ${pid}${since ? `, since ${since}` : ""}): wait for it to finish or stop it, or give this campaign another results folder (--results)`
        );
      }
      takeOverStale(path, held);
    }
  } finally {
    rmSync3(temp, { force: true });
  }
  return () => {
    if (read(path) === mine) rmSync3(path, { force: true });
  };
}
function takeOverStale(path, stale) {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync2(path, aside);
  } catch {
    return;
  }
  if (read(aside) !== stale)
    try {
      linkSync(aside, path);
    } catch {
    }
  rmSync3(aside, { force: true });
}

// src/adapters/project-folder.ts
import { readdirSync as readdirSync4, readFileSync as readFileSync7, statSync as statSync3 } from "node:fs";
import { basename as basename2, dirname as dirname4, join as join7, relative as relative2, resolve as resolve5 } from "node:path";

// src/core/projects/makefile-target.ts
var KINDS = {
  EXE_SUFFIX: "exe",
  SHARED_LIB_SUFFIX: "shared",
  A_LIB_SUFFIX: "static"
};
function variable(text, name) {
  return new RegExp(`^${name}\\s*=[ \\t]*(.*?)\\s*$`, "m").exec(text)?.[1];
}
function makefileFacts(text) {
  const generated = /^#\s*OMNeT\+\+\/OMNEST Makefile for /m.test(text);
  if (!generated) return { generated, target: void 0 };
  const dir = variable(text, "TARGET_DIR") ?? ".";
  const name = variable(text, "TARGET_NAME")?.replace("$(LIB_PREFIX)", "").replace("$(D)", "").trim();
  const suffix = /^\$\(TARGET_NAME\)\$\((\w+)\)$/.exec(variable(text, "TARGET") ?? "")?.[1];
  const kind = suffix === void 0 ? void 0 : KINDS[suffix];
  if (!name || kind === void 0) return { generated, target: void 0 };
  const clean = dir.replace(/\/+$/, "");
  return {
    generated,
    target: { kind, path: clean === "." || clean === "" ? name : `${clean}/${name}` }
  };
}

// src/core/projects/detect.ts
var MODE = "release";
var withSlash = (p) => p.includes("/") ? p : `./${p}`;
function dotProjectName(f) {
  return f.dotProject === void 0 ? void 0 : parseDotProject(f.dotProject, `${f.path}/.project`).name;
}
function buildSpecDirs(f) {
  return f.buildSpec === void 0 ? void 0 : parseBuildSpec(f.buildSpec, `${f.path}/.oppbuildspec`);
}
function specText(name, dirs) {
  const plan = planOmnetppBuild({ name, root: "/", dirs, mode: MODE, jobs: 1, deps: [] });
  return plan.steps.map((s) => {
    const cmd = [s.cmd, ...s.args.filter((a) => !a.startsWith("-j"))].join(" ");
    return s.dir === "." ? cmd : `(in ${s.dir}) ${cmd}`;
  }).join(" && ");
}
function modelBuild(f, mk) {
  const dirs = buildSpecDirs(f);
  const fromSpec = dirs?.some((d) => d.type === "makemake") ?? false;
  if (mk && (mk.generated || !fromSpec))
    return [
      { preset: "make", dir: ".", args: [`MODE=${MODE}`] },
      `make MODE=${MODE} (the Makefile${mk.generated ? ", by opp_makemake" : ""})`
    ];
  if (dirs && fromSpec)
    return [
      { preset: "omnetpp", dir: ".", makemake: [], mode: MODE, buildSpec: dirs },
      `${specText(f.name, dirs)} (.oppbuildspec)`
    ];
  if (f.sources.length > 0)
    return [
      { preset: "omnetpp", dir: ".", makemake: ["-f", "--deep"], mode: MODE },
      `opp_makemake -f --deep && make MODE=${MODE} (C++ sources, no Makefile or .oppbuildspec)`
    ];
  return [{ preset: "none" }, "none (no Makefile, .oppbuildspec or C++ sources)"];
}
function inFolder(f) {
  const names = [...new Set([f.name, dotProjectName(f)].filter((n) => n !== void 0))];
  const candidates = names.flatMap((n) => [n, `${n}_dbg`]);
  const program = candidates.find((c) => f.programs.includes(c));
  if (program !== void 0)
    return { kind: "found", program: `./${program}`, libraries: [], why: "in the folder" };
  const lib = candidates.find((c) => f.libraries.includes(`lib${c}.so`));
  if (lib !== void 0)
    return { kind: "found", program: void 0, libraries: [`./${lib}`], why: "in the folder" };
  const all = [...f.programs.map((p) => `./${p}`), ...f.libraries.map((l) => `./${l}`)].sort();
  const only = all[0];
  if (all.length === 1 && only !== void 0) {
    const isLib = f.libraries.length === 1;
    return {
      kind: "found",
      program: isLib ? void 0 : only,
      libraries: isLib ? [only.replace(/lib([^/]*)\.so$/, "$1")] : [],
      why: "the only one in the folder"
    };
  }
  const looked = `an executable or lib*.so named ${names.join(" or ")}`;
  if (all.length > 1)
    return {
      kind: "ambiguous",
      message: `several candidates for the model and none named after the project (${looked}): ${all.join(", ")}`
    };
  return {
    kind: "none",
    lookedFor: `a Makefile, an .oppbuildspec, C++ sources (*.cc, *.cpp, *.msg) for opp_makemake, ${looked}, projects referenced by .project, load-libs in the ini files`
  };
}
function fromTargets(exes, libs, why) {
  if (exes.length > 1)
    return {
      kind: "ambiguous",
      message: `${why} builds several executables: ${exes.map(withSlash).join(", ")}`
    };
  if (exes.length === 0 && libs.length === 0) return void 0;
  return {
    kind: "found",
    program: exes[0] === void 0 ? void 0 : withSlash(exes[0]),
    libraries: libs.map(withSlash),
    why
  };
}
function findModel(f, mk) {
  const t = mk?.target;
  if (t)
    return {
      kind: "found",
      program: t.kind === "exe" ? withSlash(t.path) : void 0,
      libraries: t.kind === "shared" ? [withSlash(t.path)] : [],
      why: "the Makefile's target"
    };
  const dirs = buildSpecDirs(f);
  if (dirs) {
    const plan = planOmnetppBuild({ name: f.name, root: "/", dirs, mode: MODE, jobs: 1, deps: [] });
    const found = fromTargets(plan.executables, plan.libraries, "the .oppbuildspec");
    if (found) return found;
  }
  if (!mk && f.sources.length > 0)
    return { kind: "found", program: `./${f.name}`, libraries: [], why: "opp_makemake's target" };
  const here = inFolder(f);
  if (here.kind === "none" && mk)
    return { kind: "found", program: `./${f.name}`, libraries: [], why: "named after the folder" };
  return here;
}
function projectBuild(f) {
  if (buildSpecDirs(f)?.some((d) => d.type === "makemake"))
    return [{ preset: "omnetpp", mode: MODE }, void 0, "its .oppbuildspec"];
  const mk = f.makefile === void 0 ? void 0 : makefileFacts(f.makefile);
  if (mk) {
    const libs = mk.target?.kind === "shared" ? [mk.target.path] : void 0;
    return [{ preset: "make", dir: ".", args: [`MODE=${MODE}`] }, libs, "its Makefile"];
  }
  if (f.sources.length > 0)
    return [{ preset: "omnetpp", mode: MODE }, void 0, "opp_makemake --deep --make-so"];
  return [{ preset: "none" }, [], "nothing to build"];
}
function nedPathOf(f) {
  if (f.nedFolders === void 0) return [];
  const { folders } = parseNedFolders(f.nedFolders);
  return folders.length === 1 && folders[0] === "." ? [] : [...folders];
}
function detectProject(input) {
  const f = input.model;
  const mk = f.makefile === void 0 ? void 0 : makefileFacts(f.makefile);
  const [build2, buildText] = modelBuild(f, mk);
  const projects = [];
  const projectTexts = [];
  for (const r of input.referenced) {
    if (r.path === void 0 || r.folder === void 0) continue;
    const [pb, libraries, how] = projectBuild(r.folder);
    projects.push({
      name: r.name,
      source: { kind: "path", path: r.path },
      build: pb,
      ...libraries ? { libraries } : {}
    });
    projectTexts.push(`${r.name} at ${r.path} (${how})`);
  }
  return {
    build: build2,
    buildText,
    model: findModel(f, mk),
    nedPath: nedPathOf(f),
    projects,
    projectTexts,
    missing: input.referenced.filter((r) => r.path === void 0),
    iniLoadsLibraries: input.iniLoadsLibraries
  };
}

// src/adapters/file-ends.ts
import { closeSync as closeSync2, fstatSync, openSync as openSync2, readSync } from "node:fs";
function readAt(fd, position, length) {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
function readHead(path, bytes) {
  let fd;
  try {
    fd = openSync2(path, "r");
  } catch {
    return void 0;
  }
  try {
    return readAt(fd, 0, bytes);
  } finally {
    closeSync2(fd);
  }
}
function readTail(path, bytes) {
  const fd = openSync2(path, "r");
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(0, size - bytes);
    return { text: readAt(fd, from, size - from).toString("utf8"), fromStart: from === 0 };
  } finally {
    closeSync2(fd);
  }
}

// src/adapters/project-folder.ts
function readIf2(path) {
  try {
    return readFileSync7(path, "utf8");
  } catch {
    return void 0;
  }
}
var SOURCE = /\.(cc|cpp|msg|sm)$/;
var SKIP = /* @__PURE__ */ new Set(["out", "node_modules", "results"]);
var ENOUGH = 20;
function sourcesBelow(dir) {
  const found = [];
  const walk = (rel2, depth) => {
    let entries;
    try {
      entries = readdirSync4(join7(dir, rel2), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
      if (found.length >= ENOUGH) return;
      const r = rel2 === "" ? e.name : `${rel2}/${e.name}`;
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && !SKIP.has(e.name) && depth < 8) walk(r, depth + 1);
      } else if (SOURCE.test(e.name)) found.push(r);
    }
  };
  walk("", 0);
  return found;
}
var BINARY_MAGIC = ["7f454c46", "feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe"];
function isBinary(path) {
  const magic = readHead(path, 4)?.toString("hex");
  return magic !== void 0 && BINARY_MAGIC.includes(magic);
}
function describeFolder(dir) {
  const programs = [];
  const libraries = [];
  let names = [];
  try {
    names = readdirSync4(dir).sort();
  } catch {
  }
  for (const n of names) {
    if (n.startsWith(".")) continue;
    const p = join7(dir, n);
    let st;
    try {
      st = statSync3(p);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    if (/^lib.+\.so$/.test(n)) libraries.push(n);
    else if ((st.mode & 73) !== 0 && !/\.so(\.|$)/.test(n) && isBinary(p)) programs.push(n);
  }
  const text = (f) => {
    const t = readIf2(join7(dir, f));
    return t === void 0 ? {} : { [f]: t };
  };
  const makefile = ["GNUmakefile", "makefile", "Makefile"].map((f) => readIf2(join7(dir, f))).find((t) => t !== void 0);
  const files = { ...text(".project"), ...text(".oppbuildspec"), ...text(".nedfolders") };
  return {
    name: basename2(resolve5(dir)),
    path: dir,
    ...files[".project"] !== void 0 ? { dotProject: files[".project"] } : {},
    ...files[".oppbuildspec"] !== void 0 ? { buildSpec: files[".oppbuildspec"] } : {},
    ...files[".nedfolders"] !== void 0 ? { nedFolders: files[".nedfolders"] } : {},
    ...makefile !== void 0 ? { makefile } : {},
    sources: sourcesBelow(dir),
    programs,
    libraries
  };
}
function referencesOf(dir) {
  const file = join7(dir, ".project");
  const text = readIf2(file);
  return text === void 0 ? [] : [...parseDotProject(text, file).references];
}
function projectName(dir) {
  const file = join7(dir, ".project");
  const text = readIf2(file);
  return text === void 0 ? void 0 : parseDotProject(text, file).name;
}
function findInWorkspace(workspace, name) {
  const direct = join7(workspace, name);
  if (projectName(direct) === name) return direct;
  let entries;
  try {
    entries = readdirSync4(workspace).sort();
  } catch {
    return void 0;
  }
  for (const e of entries) {
    const d = join7(workspace, e);
    if (!e.startsWith(".") && projectName(d) === name) return d;
  }
  return void 0;
}
function findReferencedProjects(dir) {
  const model = resolve5(dir);
  const workspace = dirname4(model);
  const out = [];
  const seen = /* @__PURE__ */ new Set([projectName(model) ?? basename2(model)]);
  const queue = referencesOf(model).map((name) => ({
    name,
    by: join7(model, ".project")
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seen.has(next.name)) continue;
    seen.add(next.name);
    const found = findInWorkspace(workspace, next.name);
    const lookedIn = [
      relative2(model, join7(workspace, next.name)),
      `every folder in ${workspace} with a .project named ${next.name}`
    ];
    if (found === void 0) {
      out.push({ name: next.name, referencedBy: next.by, lookedIn });
      continue;
    }
    out.push({
      name: next.name,
      referencedBy: next.by,
      path: relative2(model, found),
      folder: describeFolder(found),
      lookedIn
    });
    for (const r of referencesOf(found)) queue.push({ name: r, by: join7(found, ".project") });
  }
  return out;
}
function detectFolder(dir, iniLoadsLibraries) {
  return detectProject({
    model: describeFolder(dir),
    referenced: findReferencedProjects(dir),
    iniLoadsLibraries
  });
}
function missingModelFiles(dir, run) {
  if (run.preset !== "omnetpp") return [];
  const isFile = (p) => {
    try {
      return statSync3(resolve5(dir, p)).isFile();
    } catch {
      return false;
    }
  };
  const missing = [];
  if (run.program !== void 0 && !isFile(run.program)) missing.push(run.program);
  for (const l of run.libraries) {
    const slash = l.lastIndexOf("/");
    const file = `${l.slice(0, slash + 1)}lib${l.slice(slash + 1)}.so`;
    if (!isFile(l) && !isFile(file)) missing.push(file);
  }
  return missing;
}

// src/app/campaign-setup.ts
function loadCampaign(dir, overrides) {
  const { settings: file, given } = readCampaign(findCampaignFile(dir));
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(
      ([, v]) => v !== void 0 && !(Array.isArray(v) && v.length === 0)
    )
  );
  const s = { ...file, ...defined };
  const ini = loadIni(dir, s);
  for (const name of s.configs) ini.config(name).count(1);
  if (s.run.preset === "command" || given.build && given.model && given.nedPath && given.projects)
    return { settings: s, detected: void 0, modelDetected: false, ini };
  const loadsLibs = ini.doc.sections.some((sec) => sec.entries.some((e) => e.key === "load-libs"));
  const r = applyDetection(s, given, detectFolder(dir, loadsLibs), dir);
  return { settings: r.settings, detected: r.line, modelDetected: !given.model, ini };
}
function checkDetectedModel(dir, c) {
  if (!c.modelDetected) return;
  const missing = missingModelFiles(dir, c.settings.run);
  if (missing.length > 0)
    throw new ModelDetectionError(
      `${dir}: the build is done but the detected model is not there (${missing.join(", ")}); no run was started. Say what to run in opp-campaign.yml (run: program or libraries)`
    );
}
function withExtraArgs(s, args) {
  if (args.length === 0) return s;
  if (s.run.preset !== "omnetpp")
    throw Object.assign(
      new Error(
        "arguments after -- go to opp_run or the model program; a 'command' run takes its arguments in its template"
      ),
      { userFacing: true }
    );
  return { ...s, run: { ...s.run, args: [...s.run.args, ...args] } };
}
async function withResultsFolder(outDir, say, body) {
  mkdirSync4(join8(outDir, ".opp-campaign"), { recursive: true });
  const release = lockResultsFolder(outDir);
  const registry = new RunningRegistry(join8(outDir, ".opp-campaign", "running"));
  try {
    const reaped = registry.reapSurvivors();
    if (reaped > 0) say(`stopped ${reaped} run(s) left behind by an earlier, killed campaign`);
    return await body(registry);
  } finally {
    registry.close();
    release();
  }
}
function loadIni(dir, settings) {
  return new IniConfig(
    readIniFiles(settings.ini, (p) => {
      try {
        return readFileSync8(resolve6(dir, p), "utf8");
      } catch {
        return void 0;
      }
    })
  );
}
async function buildReferencedProjects(dir, settings, outDir, ccacheDir, jobs, say, projectsDir = join8(dirname5(resolve6(ccacheDir)), "projects")) {
  return buildProjects({
    dir,
    settings,
    stateDir: join8(outDir, ".opp-campaign", "projects"),
    checkoutRoot: projectsDir,
    ccacheDir,
    jobs,
    say
  });
}
async function buildOnce(dir, settings, outDir, ccacheDir, jobs, say, linked) {
  const logFile = join8(outDir, ".opp-campaign", "build.log");
  if (settings.build.preset !== "none") say(`building (${settings.build.preset})...`);
  const steps = modelBuildSteps(settings.build, linked, dir, jobs);
  const r = await build({
    settings: settings.build,
    ...steps ? { steps } : {},
    projectDir: dir,
    logFile,
    ccacheDir,
    jobs,
    ...linked ? { env: linked.buildEnv } : {}
  });
  if (r.ccacheWarning) say(`warning: ${r.ccacheWarning}`);
  if (!r.ok)
    throw new BuildError(
      `the build failed (${r.command}); no run was started. Last lines of ${logFile}:
  ${r.tail.join("\n  ")}`,
      r
    );
  if (settings.build.preset !== "none") {
    const cc = r.ccache ? `, ccache ${r.ccache.hits} hits / ${r.ccache.misses} misses` : "";
    say(`built in ${(r.ms / 1e3).toFixed(2)}s${cc}`);
  }
  return r;
}

export {
  BuildError,
  build,
  readAt,
  readHead,
  readTail,
  INTERNAL_RETENTION_DAYS,
  buildArtifactName,
  buildMarkerName,
  globToRegExp,
  selectOutputs,
  fingerprintOf,
  buildProjects,
  modelBuildSteps,
  withProjects,
  loadCampaign,
  checkDetectedModel,
  withExtraArgs,
  withResultsFolder,
  buildReferencedProjects,
  buildOnce
};
