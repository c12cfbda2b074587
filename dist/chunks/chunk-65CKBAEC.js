import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/core/client/run-accounting.ts
function accountRuns(plan, journals) {
  const last = /* @__PURE__ */ new Map();
  for (const j of journals) for (const [key, rec] of j.runs) last.set(key, rec);
  const ok = [];
  const failed = [];
  const missing = [];
  for (const shard of plan.shards)
    for (const [config, run, key] of shard.runs) {
      const rec = last.get(key);
      if (!rec || rec.status === "interrupted")
        missing.push({ config, run, key, shard: shard.index });
      else if (rec.status === "ok") ok.push(rec);
      else failed.push(rec);
    }
  return { expected: plan.totalRuns, ok, failed, missing };
}

export {
  accountRuns
};
