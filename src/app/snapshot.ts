// `opp-campaign snapshot`: run uncommitted work without pushing a branch. The working tree is
// committed on top of HEAD into a scratch ref on the remote; campaigns then run that commit.
import type { GitClient, RemoteSpec, ScratchRef, SnapshotResult } from '../ports.js';
import { refsToPrune, scratchRefName, scratchRefTime } from '../core/git/scratch-refs.js';

export interface SnapshotContext extends RemoteSpec {
  readonly git: GitClient;
  /** The current time (ms since the epoch): names new refs and ages old ones. */
  readonly now: number;
}

export function takeSnapshot(c: SnapshotContext): Promise<SnapshotResult> {
  return c.git.snapshot({ ...remoteOf(c), ref: (sha) => scratchRefName(sha, c.now) });
}

export interface ListedSnapshot extends ScratchRef {
  /** When the snapshot was taken, when the ref's name tells. */
  readonly createdMs: number | undefined;
}

export async function listSnapshots(c: SnapshotContext): Promise<ListedSnapshot[]> {
  const refs = await c.git.listScratchRefs(remoteOf(c));
  return refs.map((r) => ({ ...r, createdMs: scratchRefTime(r.ref) }));
}

/** Deletes every scratch ref, or those older than `olderThanMs`; returns the deleted refs. */
export async function pruneSnapshots(
  c: SnapshotContext,
  olderThanMs: number | undefined,
): Promise<string[]> {
  const refs = await c.git.listScratchRefs(remoteOf(c));
  const doomed = refsToPrune(
    refs.map((r) => r.ref),
    c.now,
    olderThanMs,
  );
  await c.git.deleteScratchRefs(remoteOf(c), doomed);
  return doomed;
}

const remoteOf = (c: SnapshotContext): RemoteSpec => ({
  dir: c.dir,
  remote: c.remote,
  ...(c.token ? { token: c.token } : {}),
});
