// Small interfaces for what the application needs from the outside world. Adapters implement
// them; tests substitute only what cannot run here (GitHub's services).

/** Where campaign artifacts go: a local folder, or GitHub Actions artifacts. */
export interface ArtifactStore {
  /**
   * Uploads `files` (paths relative to `root`) as the artifact `name`. A name can be uploaded
   * once per campaign (as on GitHub, once per workflow run).
   */
  upload(
    name: string,
    root: string,
    files: readonly string[],
    options?: UploadOptions,
  ): Promise<void>;
  /** Downloads the artifact `name` into `dir`; ArtifactNotFoundError when there is none. */
  download(name: string, dir: string): Promise<void>;
  /** Names of the campaign's artifacts, sorted; with `prefix`, only those that start with it. */
  list(prefix?: string): Promise<string[]>;
}

export interface UploadOptions {
  /** Days the store keeps the artifact (default: the store's, e.g. the repository's setting). */
  readonly retentionDays?: number;
}

export class ArtifactNotFoundError extends Error {
  readonly userFacing = true;
  constructor(
    readonly artifact: string,
    hint?: string,
  ) {
    super(`artifact '${artifact}' not found${hint ? ` (${hint})` : ''}`);
    this.name = 'ArtifactNotFoundError';
  }
}

export class ArtifactExistsError extends Error {
  readonly userFacing = true;
  constructor(readonly artifact: string) {
    super(`artifact '${artifact}' was already uploaded in this campaign`);
    this.name = 'ArtifactExistsError';
  }
}

/** Git as runners (checkout of an exact commit) and the snapshot command need it. */
export interface GitClient {
  /**
   * Brings the persistent workspace `dir` to commit `sha` of `url` (detached HEAD, clean tracked
   * files, ignored build outputs kept), fetching only the objects the workspace lacks.
   */
  ensureCheckout(req: CheckoutRequest): Promise<CheckoutResult>;
  /**
   * Commits the working tree of `dir` (tracked and untracked-not-ignored files) as a child of
   * HEAD without touching the branch, index, stash or files, and pushes it to `ref`.
   */
  snapshot(req: SnapshotRequest): Promise<SnapshotResult>;
  /**
   * The remote's refs whose full names start with `prefix` (`refs/opp-campaign/`, the scratch
   * refs; `refs/heads/opp-campaign/`, the branches campaigns were dispatched on), sorted by name.
   */
  listRemoteRefs(remote: RemoteSpec, prefix: string): Promise<ScratchRef[]>;
  /** Deletes these refs (full names) on the remote. */
  deleteRemoteRefs(remote: RemoteSpec, refs: readonly string[]): Promise<void>;
}

export interface CheckoutRequest {
  /** http(s) URL without credentials. */
  readonly url: string;
  /** The full 40-hex commit to check out. */
  readonly sha: string;
  /** A remote ref that reaches `sha` (needed by clients that fetch refs, not commits). */
  readonly ref?: string;
  readonly dir: string;
  /** History depth to fetch; 0 = all of it. Default 1. */
  readonly depth?: number;
  /** Check out submodules (recursively). Default true. */
  readonly submodules?: boolean;
  /** Sent as HTTP Basic auth (`x-access-token:TOKEN`); never written to disk or argv. */
  readonly token?: string;
  /**
   * Keep untracked files (default false: an earlier campaign's untracked files go). A checkout
   * kept for one commit keeps its build's outputs (opp_makemake's Makefile, `out/`, `*_m.cc`)
   * for the next campaign's make.
   */
  readonly keepUntracked?: boolean;
}

export interface CheckoutResult {
  readonly sha: string;
  /** False when the workspace already had the commit. */
  readonly fetched: boolean;
  /** Objects added to the workspace's object store (submodules included). */
  readonly receivedObjects: number;
  readonly submodules: readonly { readonly path: string; readonly sha: string }[];
}

export interface RemoteSpec {
  /** A repository (work tree) whose remote it is. */
  readonly dir: string;
  /** Remote name (`origin`) or URL. */
  readonly remote: string;
  readonly token?: string;
}

export interface SnapshotRequest extends RemoteSpec {
  /** Where to push, e.g. `refs/opp-campaign/20261125T101500Z-1a2b3c4d5e6f`. */
  readonly ref: (sha: string) => string;
  /**
   * The snapshots already on the remote, newest first (asked once the work tree passed the
   * checks). One of the same tree on the same HEAD is the snapshot: its commit is taken, not
   * a new one. Its ref is renewed (unless `newRef`): the commit is pushed to `ref(sha)`, named
   * with the current time, and the old ref deleted in the same push (when `mayDrop` allows:
   * a ref `submit` dispatched on stays, with its branch, for `--prune` to delete together), so
   * a reused snapshot is as young as its last use and `--prune --older-than` keeps it.
   */
  readonly earlier?: () => Promise<readonly ScratchRef[]>;
  /** Whether the ref of an earlier snapshot, renewed, may be deleted (default: yes). */
  readonly mayDrop?: (old: ScratchRef) => Promise<boolean>;
  /** Push the snapshot to a ref of its own even when an earlier one is reused (submit's). */
  readonly newRef?: boolean;
}

export interface SnapshotResult {
  readonly sha: string;
  readonly tree: string;
  /** HEAD when the snapshot was taken; undefined in a repository without commits. */
  readonly parent: string | undefined;
  readonly ref: string;
  /** False when the working tree had no changes: HEAD itself was pushed. */
  readonly changed: boolean;
  /** The untracked files (not ignored) the snapshot adds, relative to the repository's top. */
  readonly untracked: readonly string[];
  /**
   * The earlier snapshot of the same tree on the same HEAD was taken: the same commit, pushed
   * to `ref` (a name of the current time) in place of its old ref, `renewed`.
   */
  readonly reused?: boolean;
  /** With `reused`: the earlier snapshot's ref that `ref` replaces (deleted unless kept). */
  readonly renewed?: { readonly ref: string; readonly kept: boolean };
}

export interface ScratchRef {
  readonly ref: string;
  readonly sha: string;
}

/** A git operation failed; the message names the repository and says what to do. */
export class GitError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** The server refused the credentials (or asked for some and none were given). */
export class GitAuthError extends GitError {
  constructor(message: string) {
    super(message);
    this.name = 'GitAuthError';
  }
}

/** The git implementation cannot do what was asked (e.g. submodules in isomorphic-git). */
export class GitUnsupportedError extends GitError {
  constructor(message: string) {
    super(message);
    this.name = 'GitUnsupportedError';
  }
}
