import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  matchesFilter,
  selectRuns
} from "./chunk-XGZ5LFLB.js";

// src/core/plan/run-key.ts
import { createHash } from "node:crypto";
function runKey(parts) {
  const h = createHash("sha256");
  h.update("opp-campaign run v1\n");
  h.update(`config	${parts.config}
`);
  h.update(`repetition	${parts.repetition}
`);
  h.update(`seedset	${parts.seedset}
`);
  for (const e of parts.entries) h.update(`entry	${e.key}	${e.value}
`);
  return h.digest("hex").slice(0, 20);
}

// src/core/plan/plan.ts
var RUNTIME_ATTRS = /* @__PURE__ */ new Set(["runid", "datetime", "datetimef", "processid"]);
function* planRuns(ini, req) {
  for (const name of req.configs) {
    const runs = ini.config(name);
    const placed = req.overrides ? ini.config(name, { overrides: req.overrides }) : runs;
    const sel = selectRuns(runs, req.filter, req.maxRuns);
    for (const r of sel.kind === "list" ? runs.runsIn(sel.list) : runs.runs()) {
      const vars = runs.variables(r.scenario, r.runNumber);
      if (sel.kind === "expression" && !matchesFilter(sel.expression, vars)) continue;
      const files = placed.resultFiles(
        placed === runs ? vars : placed.variables(r.scenario, r.runNumber)
      );
      yield toPlannedRun(runs, r.runNumber, r.scenario.names, vars, files);
    }
  }
}
function toPlannedRun(runs, runNumber, names, vars, resultFiles) {
  const v = (k) => vars.get(k) ?? "";
  const entries = runs.resolvedEntries(vars);
  const attrs = {};
  for (const k of [...vars.keys()].sort())
    if (!RUNTIME_ATTRS.has(k) && !names.includes(k)) attrs[k] = v(k);
  attrs["repetition"] = v("repetition");
  const sortedAttrs = Object.fromEntries(
    Object.entries(attrs).sort(([a], [b]) => a < b ? -1 : 1)
  );
  return {
    key: runKey({ config: runs.name, entries, repetition: v("repetition"), seedset: v("seedset") }),
    config: runs.name,
    runNumber,
    itervars: names.filter((n) => n !== "repetition").map((name) => ({ name, value: v(name) })),
    repetition: v("repetition"),
    seedset: v("seedset"),
    attrs: sortedAttrs,
    entries,
    resultFiles
  };
}

// src/core/campaign/child-env.ts
var SECRET_PATTERN = /^(ACTIONS_|INPUT_)|_TOKEN$|SECRET|PASSWORD|PASSWD|JITCONFIG/i;
var isSecretName = (name) => SECRET_PATTERN.test(name);
function childEnvironment(base, ...extra) {
  const env = {};
  for (const [name, value] of Object.entries(base))
    if (value !== void 0 && !isSecretName(name)) env[name] = value;
  for (const e of extra)
    for (const [name, value] of Object.entries(e)) if (value !== void 0) env[name] = value;
  return env;
}

export {
  planRuns,
  childEnvironment
};
