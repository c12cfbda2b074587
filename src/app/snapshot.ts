// `opp-campaign snapshot`: run uncommitted work without pushing a branch. The working tree is
// committed on top of HEAD into a scratch ref on the remote; campaigns then run that commit.
import type { GitClient, RemoteSpec, ScratchRef, SnapshotResult } from '../ports.js';
import {
  refsToPrune,
  SCRATCH_PREFIX,
  scratchRefName,
  scratchRefTime,
} from '../core/git/scratch-refs.js';
import { BRANCH_PREFIX, snapshotBranch } from '../core/client/dispatch-branch.js';

export interface SnapshotContext extends RemoteSpec {
  readonly git: GitClient;
  /** The current time (ms since the epoch): names new refs and ages old ones. */
  readonly now: number;
}

/**
 * A snapshot of the work tree. One already on the remote of the same tree on the same HEAD is
 * it (a second `snapshot` of an unchanged tree makes no second commit or ref: its ref is renamed
 * to the current time, so its age is that of its last use); with `newRef`
 * (submit: each dispatch has a ref and branch of its own, which a refused one deletes) its
 * commit is pushed to a new ref.
 */
export function takeSnapshot(
  c: SnapshotContext,
  opts: { readonly newRef?: boolean } = {},
): Promise<SnapshotResult> {
  return c.git.snapshot({
    ...remoteOf(c),
    ref: (sha) => scratchRefName(sha, c.now),
    earlier: async () => newestFirst(await c.git.listRemoteRefs(remoteOf(c), SCRATCH_PREFIX)),
    // a ref `submit` dispatched on (its branch still at it) stays, for --prune to take both
    mayDrop: async (old) => {
      const branch = `refs/heads/${snapshotBranch(old.ref)}`;
      const found = await c.git.listRemoteRefs(remoteOf(c), branch);
      return !found.some((b) => b.ref === branch && b.sha === old.sha);
    },
    ...(opts.newRef ? { newRef: true } : {}),
  });
}

/** Scratch refs by the time in their names, the newest first (names we did not make last). */
function newestFirst(refs: readonly ScratchRef[]): ScratchRef[] {
  const time = (r: ScratchRef): number => scratchRefTime(r.ref) ?? -Infinity;
  return [...refs].sort((a, b) => time(b) - time(a));
}

export interface ListedSnapshot extends ScratchRef {
  /** When the snapshot was taken, when the ref's name tells. */
  readonly createdMs: number | undefined;
}

export async function listSnapshots(c: SnapshotContext): Promise<ListedSnapshot[]> {
  const refs = await c.git.listRemoteRefs(remoteOf(c), SCRATCH_PREFIX);
  return refs.map((r) => ({ ...r, createdMs: scratchRefTime(r.ref) }));
}

export interface PrunedSnapshots {
  /** The scratch refs deleted. */
  readonly refs: string[];
  /** The branches `submit` dispatched those snapshots on, deleted with them. */
  readonly branches: string[];
}

/**
 * Deletes every scratch ref, or those older than `olderThanMs`, and the branch `submit` made at
 * each (`opp-campaign/<time>-<sha>`, while it still points at the snapshot: a branch moved since
 * is someone's work). A resumed campaign's branch (`opp-campaign/resume-of-RUN`) stays.
 */
export async function pruneSnapshots(
  c: SnapshotContext,
  olderThanMs: number | undefined,
): Promise<PrunedSnapshots> {
  const remote = remoteOf(c);
  const refs = await c.git.listRemoteRefs(remote, SCRATCH_PREFIX);
  const doomed = refsToPrune(
    refs.map((r) => r.ref),
    c.now,
    olderThanMs,
  );
  if (doomed.length === 0) return { refs: [], branches: [] };
  const heads = 'refs/heads/';
  const branchSha = new Map(
    (await c.git.listRemoteRefs(remote, `${heads}${BRANCH_PREFIX}`)).map((b) => [b.ref, b.sha]),
  );
  const branches = refs
    .filter((r) => doomed.includes(r.ref))
    .map((r) => ({ branch: `${heads}${snapshotBranch(r.ref)}`, sha: r.sha }))
    .filter((b) => branchSha.get(b.branch) === b.sha)
    .map((b) => b.branch);
  await c.git.deleteRemoteRefs(remote, [...doomed, ...branches]);
  return { refs: doomed, branches };
}

const remoteOf = (c: SnapshotContext): RemoteSpec => ({
  dir: c.dir,
  remote: c.remote,
  ...(c.token ? { token: c.token } : {}),
});
