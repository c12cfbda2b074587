import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  toPlanDocument
} from "./chunk-E3KJ6BRP.js";
import {
  loadCampaign
} from "./chunk-5UK4FNYA.js";
import {
  planRuns
} from "./chunk-XUHSHZOU.js";
import {
  readJournal
} from "./chunk-EE3EY7XX.js";

// src/core/plan/shard.ts
var MAX_SHARDS = 256;
function shardCount(runs, maxShards) {
  if (!Number.isInteger(maxShards) || maxShards < 1 || maxShards > MAX_SHARDS)
    throw new RangeError(
      `max-shards must be a whole number from 1 to ${MAX_SHARDS}, not ${maxShards}`
    );
  return Math.max(1, Math.min(maxShards, runs));
}
function shardByCount(runs, maxShards) {
  const n = shardCount(runs.length, maxShards);
  const base = Math.floor(runs.length / n);
  const extra = runs.length % n;
  const shards = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    shards.push({ index: i, runs: runs.slice(at, at + size), expectedMs: void 0 });
    at += size;
  }
  return shards;
}
function shardByDuration(runs, maxShards, durationMs) {
  const n = shardCount(runs.length, maxShards);
  const known = runs.map((r) => durationMs.get(r.key)).filter((d) => d !== void 0);
  if (known.length === 0) return shardByCount(runs, maxShards);
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const order = runs.map((r, i) => ({ r, i, d: durationMs.get(r.key) ?? median })).sort((a, b) => b.d - a.d || a.i - b.i);
  const loads = Array.from({ length: n }, (_, index) => ({
    index,
    load: 0,
    items: []
  }));
  for (const item of order) {
    let best = loads[0];
    for (const s of loads) if (s.load < best.load) best = s;
    best.load += item.d;
    best.items.push(item);
  }
  return loads.map((s) => ({
    index: s.index,
    runs: s.items.sort((a, b) => a.i - b.i).map((x) => x.r),
    expectedMs: Math.round(s.load)
  }));
}

// src/app/plan-shards.ts
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
function readDurations(path) {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "journal.jsonl") : path;
  if (!existsSync(file))
    throw Object.assign(new Error(`no run index at ${file}`), { userFacing: true });
  const state = readJournal(readFileSync(file, "utf8"));
  const out = /* @__PURE__ */ new Map();
  for (const [key, rec] of state.runs) if (rec.status === "ok") out.set(key, rec.wallMs);
  return out;
}
function planShards(opts) {
  const dir = resolve(opts.dir);
  const loaded = loadCampaign(dir, opts.overrides);
  if (loaded.detected) opts.say?.(loaded.detected);
  const s = loaded.settings;
  const ini = loaded.ini;
  opts.inspect?.(ini.doc);
  const runs = [];
  for (const r of planRuns(ini, {
    configs: s.configs,
    ...s.runs !== void 0 ? { filter: s.runs } : {},
    ...s.maxRuns !== void 0 ? { maxRuns: s.maxRuns } : {}
  }))
    runs.push({ key: r.key, config: r.config, runNumber: r.runNumber });
  const durations = opts.previousRunIndex ? readDurations(opts.previousRunIndex) : void 0;
  const shards = durations ? shardByDuration(runs, opts.maxShards, durations) : shardByCount(runs, opts.maxShards);
  return toPlanDocument(
    { commit: opts.commit, ini: s.ini, configs: s.configs, filter: s.runs },
    runs.length === 0 ? [] : shards
  );
}

export {
  MAX_SHARDS,
  planShards
};
