import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  refsToPrune,
  scratchRefName,
  scratchRefTime
} from "./chunk-GDAPQZ6G.js";

// src/app/snapshot.ts
function takeSnapshot(c) {
  return c.git.snapshot({ ...remoteOf(c), ref: (sha) => scratchRefName(sha, c.now) });
}
async function listSnapshots(c) {
  const refs = await c.git.listScratchRefs(remoteOf(c));
  return refs.map((r) => ({ ...r, createdMs: scratchRefTime(r.ref) }));
}
async function pruneSnapshots(c, olderThanMs) {
  const refs = await c.git.listScratchRefs(remoteOf(c));
  const doomed = refsToPrune(
    refs.map((r) => r.ref),
    c.now,
    olderThanMs
  );
  await c.git.deleteScratchRefs(remoteOf(c), doomed);
  return doomed;
}
var remoteOf = (c) => ({
  dir: c.dir,
  remote: c.remote,
  ...c.token ? { token: c.token } : {}
});

export {
  takeSnapshot,
  listSnapshots,
  pruneSnapshots
};
