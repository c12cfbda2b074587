import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/core/campaign/command.ts
var TemplateError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "TemplateError";
  }
};
var PLACEHOLDERS = ["config", "run", "ini", "resultdir", "runfile", "key"];
function runCommand(settings, input) {
  const extra = input.extraArgs ?? [];
  if (settings.preset === "command") {
    const c = fromTemplate(settings.command, input);
    return { command: c.command, args: [...c.args, ...extra] };
  }
  const common = [
    "-u",
    "Cmdenv",
    "-c",
    input.config,
    "-r",
    String(input.runNumber),
    ...input.iniFiles.flatMap((f) => ["-f", f]),
    `--result-dir=${input.resultDir}`,
    ...settings.args,
    ...extra
  ];
  const linked = input.linked;
  if (linked) {
    const paths = [
      ...[...linked.libraries, ...settings.libraries].flatMap((l) => ["-l", l]),
      ...linked.nedPath.length > 0 ? ["-n", linked.nedPath.join(":")] : [],
      ...linked.nedExclusions.length > 0 ? ["-x", linked.nedExclusions.join(";")] : [],
      ...linked.imagePath.length > 0 ? ["-i", linked.imagePath.join(":")] : []
    ];
    return { command: settings.program ?? "opp_run", args: [...paths, ...common] };
  }
  if (settings.program) return { command: settings.program, args: common };
  const libs = settings.libraries.flatMap((l) => ["-l", l]);
  const ned = settings.nedPath.length > 0 ? ["-n", settings.nedPath.join(":")] : [];
  return { command: "opp_run", args: [...libs, ...ned, ...common] };
}
function fromTemplate(template, input) {
  const words = splitWords(template);
  const values = {
    config: input.config,
    run: String(input.runNumber),
    ini: input.iniFiles.join(" "),
    resultdir: input.resultDir,
    runfile: input.runFile,
    key: input.key
  };
  const filled = words.flatMap((w) => {
    if (w === "{ini}") return [...input.iniFiles];
    return [
      w.replace(/\{([a-z]+)\}/g, (m, name) => {
        if (!PLACEHOLDERS.includes(name))
          throw new TemplateError(
            `unknown placeholder ${m} in run command (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")})`
          );
        return values[name];
      })
    ];
  });
  const [command, ...args] = filled;
  if (command === void 0) throw new TemplateError("the run command is empty");
  return { command, args };
}
function splitWords(s) {
  const words = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) throw new TemplateError(`unclosed ' in run command: ${s}`);
      cur += s.slice(i + 1, close);
      i = close;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === "\\" && j + 1 < s.length && '"\\$`'.includes(s[j + 1])) j++;
        cur += s[j];
      }
      if (j >= s.length) throw new TemplateError(`unclosed " in run command: ${s}`);
      i = j;
      inWord = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
function shellQuote(cmd, env = {}) {
  const q = (w) => /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
  const vars = Object.entries(env).map(([k, v]) => `${k}=${q(v)}`);
  return [...vars, q(cmd.command), ...cmd.args.map(q)].join(" ");
}
function batchOptions(settings, entries) {
  if (settings.preset !== "omnetpp") return [];
  if (settings.args.some((a) => a.startsWith("--debug-on-errors"))) return [];
  const set = entries.find((e) => e.key === "debug-on-errors");
  return set !== void 0 && set.value !== "false" ? ["--debug-on-errors=false"] : [];
}

export {
  TemplateError,
  runCommand,
  splitWords,
  shellQuote,
  batchOptions
};
