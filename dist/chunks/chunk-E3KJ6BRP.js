import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/core/plan/plan-document.ts
var PLAN_VERSION = 1;
function toPlanDocument(meta, shards) {
  return {
    version: PLAN_VERSION,
    ...meta,
    totalRuns: shards.reduce((n, s) => n + s.runs.length, 0),
    shards: shards.map((s) => ({
      index: s.index,
      expectedMs: s.expectedMs,
      runs: s.runs.map((r) => [r.config, r.runNumber, r.key])
    }))
  };
}
var PlanFormatError = class extends Error {
  userFacing = true;
};
function parsePlanDocument(text, source) {
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new PlanFormatError(`${source}: not a campaign plan (${e.message})`);
  }
  const p = v;
  if (typeof v !== "object" || v === null || p.version !== PLAN_VERSION || !Array.isArray(p.shards))
    throw new PlanFormatError(`${source}: not a version ${PLAN_VERSION} campaign plan`);
  return v;
}

export {
  toPlanDocument,
  parsePlanDocument
};
