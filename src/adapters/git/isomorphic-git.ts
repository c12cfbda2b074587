// The GitClient over isomorphic-git (git in JavaScript, no git binary needed). Measured against
// the git command line (README, design notes) and kept as the alternative: it fetches refs, not
// commits, and has no submodules, so it cannot do every checkout the command line can.
import fs from 'node:fs';
import { join, resolve } from 'node:path';
import git, { Errors, type AuthCallback } from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import {
  GitAuthError,
  GitError,
  GitUnsupportedError,
  type CheckoutRequest,
  type CheckoutResult,
  type GitClient,
  type RemoteSpec,
  type ScratchRef,
  type SnapshotResult,
} from '../../ports.js';
import { redactUrl, TOKEN_USER, withoutCredentials } from '../../core/git/secrets.js';
import { countObjects } from './object-count.js';

const FULL_SHA = /^[0-9a-f]{40}$/;

/** The token goes to isomorphic-git's HTTP client in memory; a refusal is not retried. */
function authCallbacks(token: string | undefined): {
  onAuth: AuthCallback;
  onAuthFailure: AuthCallback;
} {
  return {
    onAuth: () => (token ? { username: TOKEN_USER, password: token } : { cancel: true }),
    onAuthFailure: () => ({ cancel: true }),
  };
}

async function guarded<T>(url: string, token: string | undefined, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof GitError) throw e;
    const clean = withoutCredentials(url);
    const status = e instanceof Errors.HttpError ? e.data.statusCode : undefined;
    if (status === 401 || status === 403 || e instanceof Errors.UserCanceledError)
      throw new GitAuthError(
        token
          ? `${clean}: the server refused the token (authentication failed). Check that the token is current and may access this repository.`
          : `${clean}: the server asks for credentials and no token was given.`,
      );
    const message = e instanceof Error ? e.message : String(e);
    throw new GitError(`isomorphic-git failed on ${clean}: ${redactUrl(message, url, token)}`);
  }
}

async function hasCommit(dir: string, sha: string): Promise<boolean> {
  try {
    await git.readCommit({ fs, dir, oid: sha });
    return true;
  } catch {
    return false;
  }
}

async function remoteUrl(dir: string, remote: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return remote;
  const url = (await git.getConfig({ fs, dir, path: `remote.${remote}.url` })) as unknown;
  if (typeof url !== 'string') throw new GitError(`${dir}: no remote named '${remote}'`);
  return url;
}

export class IsomorphicGitClient implements GitClient {
  async ensureCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    if (!FULL_SHA.test(req.sha))
      throw new GitError(`'${req.sha}' is not a full commit id (40 hexadecimal digits)`);
    const dir = resolve(req.dir);
    const gitdir = join(dir, '.git');
    const depth = req.depth ?? 1;
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(gitdir)) await git.init({ fs, dir, defaultBranch: 'main' });
    const url = withoutCredentials(req.url);
    await git.addRemote({ fs, dir, remote: 'origin', url, force: true });
    const before = countObjects(gitdir);
    const have = await hasCommit(dir, req.sha);
    // isomorphic-git's `deepen` makes the server ignore our haves and resend the whole tree, so
    // only the first fetch is shallow; later ones stop at the commit we have (its parent, mostly)
    const first = !(await git.resolveRef({ fs, dir, ref: 'HEAD' }).catch(() => undefined));
    if (!have) {
      await guarded(req.url, req.token, () =>
        git.fetch({
          fs,
          http,
          dir,
          remote: 'origin',
          // local HEAD (the previous checkout) is the "have"; the remote ref is what we want
          ref: 'HEAD',
          remoteRef: req.ref ?? 'HEAD',
          singleBranch: true,
          tags: false,
          ...(depth > 0 && first ? { depth } : {}),
          ...authCallbacks(req.token),
        }),
      );
      if (!(await hasCommit(dir, req.sha)))
        throw new GitUnsupportedError(
          `isomorphic-git fetches refs, not commits: ${req.sha} is not within ${depth || 'the'} commit(s) of ${req.ref ?? 'HEAD'} on ${withoutCredentials(req.url)}; use the git command line (git: cli)`,
        );
    }
    await git.checkout({ fs, dir, ref: req.sha, force: true });
    const gitmodules = join(dir, '.gitmodules');
    if ((req.submodules ?? true) && fs.existsSync(gitmodules))
      throw new GitUnsupportedError(
        `${withoutCredentials(req.url)} has submodules, which isomorphic-git cannot check out; use the git command line (git: cli)`,
      );
    return {
      sha: req.sha,
      fetched: !have,
      receivedObjects: countObjects(gitdir) - before,
      submodules: [],
    };
  }

  snapshot(): Promise<SnapshotResult> {
    return Promise.reject(
      new GitUnsupportedError(
        'snapshots are taken with the git command line (a temporary index, write-tree, commit-tree)',
      ),
    );
  }

  async listRemoteRefs(remote: RemoteSpec, prefix: string): Promise<ScratchRef[]> {
    const url = await remoteUrl(remote.dir, remote.remote);
    const refs = await guarded(url, remote.token, () =>
      git.listServerRefs({ http, url, prefix, ...authCallbacks(remote.token) }),
    );
    return refs
      .map((r) => ({ ref: r.ref, sha: r.oid }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  }

  async deleteRemoteRefs(remote: RemoteSpec, refs: readonly string[]): Promise<void> {
    const url = await remoteUrl(remote.dir, remote.remote);
    for (const ref of refs)
      await guarded(url, remote.token, () =>
        git.push({
          fs,
          http,
          dir: remote.dir,
          url,
          // isomorphic-git looks the local `ref` up even to delete a remote one: HEAD is there
          ref: 'HEAD',
          remoteRef: ref,
          delete: true,
          ...authCallbacks(remote.token),
        }),
      );
  }
}
