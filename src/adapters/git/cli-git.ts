// The GitClient over the `git` command line. The token travels only in the environment of the
// git processes, as `http.<server>.extraHeader` through GIT_CONFIG_COUNT/KEY/VALUE: never in
// argv (readable by every user through /proc), never in .git/config, never in a message.
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  GitAuthError,
  GitError,
  type CheckoutRequest,
  type CheckoutResult,
  type GitClient,
  type RemoteSpec,
  type ScratchRef,
  type SnapshotRequest,
  type SnapshotResult,
} from '../../ports.js';
import {
  basicAuthHeader,
  httpOrigin,
  redact,
  redactUrl,
  withoutCredentials,
} from '../../core/git/secrets.js';
import { countObjects } from './object-count.js';

/** The workspace's own ref to the commit it has checked out: its "have" in the next fetch. */
export const CHECKOUT_REF = 'refs/opp-campaign-workspace/head';

const FULL_SHA = /^[0-9a-f]{40}$/;

interface GitCall {
  readonly cwd: string;
  readonly args: readonly string[];
  /** Sent to the server of `url` only. */
  readonly auth?: { readonly url: string; readonly token: string | undefined };
  readonly env?: Readonly<Record<string, string>>;
  /** Exit status 1 is an answer ("no"), not a failure. */
  readonly allowFailure?: boolean;
  /** Given on stdin (none otherwise). */
  readonly input?: string;
}

/** The environment of every git process: no prompts, no inherited repository, optional auth. */
function gitEnv(call: GitCall): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_ASKPASS', 'SSH_ASKPASS'])
    delete env[k];
  env['GIT_TERMINAL_PROMPT'] = '0';
  env['GCM_INTERACTIVE'] = 'never';
  const origin = call.auth ? httpOrigin(call.auth.url) : undefined;
  if (call.auth?.token && origin) {
    const n = Number(env['GIT_CONFIG_COUNT'] ?? 0) || 0;
    env[`GIT_CONFIG_KEY_${n}`] = `http.${origin}.extraHeader`;
    env[`GIT_CONFIG_VALUE_${n}`] = basicAuthHeader(call.auth.token);
    // no credential helper answers in the token's place, nor stores anything
    env[`GIT_CONFIG_KEY_${n + 1}`] = 'credential.helper';
    env[`GIT_CONFIG_VALUE_${n + 1}`] = '';
    env['GIT_CONFIG_COUNT'] = String(n + 2);
  }
  return { ...env, ...call.env };
}

const AUTH_FAILURE =
  /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]|HTTP 40[13]/i;

async function git(call: GitCall): Promise<{ stdout: string; ok: boolean }> {
  const r = await execa('git', call.args, {
    cwd: call.cwd,
    env: gitEnv(call),
    extendEnv: false,
    reject: false,
    ...(call.input !== undefined ? { input: call.input } : { stdin: 'ignore' as const }),
    stripFinalNewline: true,
  });
  if (r.exitCode === 0) return { stdout: r.stdout, ok: true };
  if (call.allowFailure && r.exitCode === 1) return { stdout: r.stdout, ok: false };
  const token = call.auth?.token;
  const said = r.stderr.trim() || (r.shortMessage ?? `exit status ${r.exitCode}`);
  const detail = (call.auth ? redactUrl(said, call.auth.url, token) : redact(said, token))
    .split('\n')
    .slice(-6)
    .join('\n');
  const what = `git ${call.args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''}`;
  if (call.auth && AUTH_FAILURE.test(r.stderr)) {
    const url = withoutCredentials(call.auth.url);
    throw new GitAuthError(
      token
        ? `${url}: the server refused the token (authentication failed). Check that the token is current and may read${call.args.includes('push') ? ' and write' : ''} this repository.`
        : `${url}: the server asks for credentials and no token was given.`,
    );
  }
  throw new GitError(`${what} failed in ${call.cwd}:\n  ${detail.replace(/\n/g, '\n  ')}`);
}

async function out(call: GitCall): Promise<string> {
  return (await git(call)).stdout.trim();
}

async function remoteUrl(dir: string, remote: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return remote;
  // a remote name, else a URL or path given as is
  return out({ cwd: dir, args: ['remote', 'get-url', '--push', remote] }).catch(() => remote);
}

export class CliGitClient implements GitClient {
  async ensureCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    if (!FULL_SHA.test(req.sha))
      throw new GitError(`'${req.sha}' is not a full commit id (40 hexadecimal digits)`);
    const depth = req.depth ?? 1;
    const dir = resolve(req.dir);
    const gitdir = join(dir, '.git');
    const auth = { url: req.url, token: req.token };
    mkdirSync(dir, { recursive: true });
    if (!existsSync(gitdir))
      await git({ cwd: dir, args: ['-c', 'init.defaultBranch=main', 'init', '-q'] });
    await git({
      cwd: dir,
      args: ['config', '--', 'remote.origin.url', withoutCredentials(req.url)],
    });
    const before = countObjects(gitdir);
    const have = await git({
      cwd: dir,
      args: ['cat-file', '-e', `${req.sha}^{commit}`],
      allowFailure: true,
    }).catch(() => ({ ok: false }));
    if (!have.ok) {
      const deepen =
        depth > 0
          ? [`--depth=${depth}`]
          : existsSync(join(gitdir, 'shallow'))
            ? ['--unshallow']
            : [];
      await git({
        cwd: dir,
        args: [
          '-c',
          'gc.auto=0',
          'fetch',
          '--quiet',
          '--no-tags',
          '--no-write-fetch-head',
          ...deepen,
          'origin',
          `+${req.sha}:${CHECKOUT_REF}`,
        ],
        auth,
      });
    } else {
      await git({ cwd: dir, args: ['update-ref', CHECKOUT_REF, req.sha] });
    }
    await git({ cwd: dir, args: ['checkout', '-q', '--force', '--detach', req.sha] });
    // untracked files of an earlier campaign go; ignored ones (build outputs) stay for make
    if (req.keepUntracked !== true) await git({ cwd: dir, args: ['clean', '-ffdq'] });
    const submodules =
      (req.submodules ?? true) && existsSync(join(dir, '.gitmodules'))
        ? await this.updateSubmodules(dir, depth, auth)
        : [];
    return {
      sha: req.sha,
      fetched: !have.ok,
      receivedObjects: countObjects(gitdir) - before,
      submodules,
    };
  }

  private async updateSubmodules(
    dir: string,
    depth: number,
    auth: GitCall['auth'],
  ): Promise<CheckoutResult['submodules']> {
    await git({ cwd: dir, args: ['submodule', 'sync', '--quiet', '--recursive'] });
    await git({
      cwd: dir,
      args: [
        '-c',
        'gc.auto=0',
        'submodule',
        'update',
        '--quiet',
        '--init',
        '--recursive',
        '--force',
        ...(depth > 0 ? [`--depth=${depth}`] : []),
      ],
      ...(auth ? { auth } : {}),
    });
    const status = await git({ cwd: dir, args: ['submodule', 'status', '--recursive'] });
    return status.stdout
      .split('\n')
      .map((l) => /^[ +\-U]([0-9a-f]{40}) (\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ sha: m[1]!, path: m[2]! }));
  }

  async snapshot(req: SnapshotRequest): Promise<SnapshotResult> {
    const top = await out({ cwd: req.dir, args: ['rev-parse', '--show-toplevel'] });
    const headR = await git({
      cwd: top,
      args: ['rev-parse', '--verify', '-q', 'HEAD^{commit}'],
      allowFailure: true,
    });
    const parent = headR.ok ? headR.stdout.trim() : undefined;
    await refuseDirtySubmodules(top);
    const untracked = await untrackedFiles(top);
    refuseCredentials(untracked.files);
    const tree = await withTemporaryIndex(top, async (env) => {
      // files marked assume-unchanged or skip-worktree (and there) are taken as they are: the
      // marks hide local edits from `git add`, and the snapshot is the working tree
      // (one update-index per mark: given together, only one of them is cleared)
      const marked = await markedFiles(top);
      for (const [flag, paths] of [
        ['--no-assume-unchanged', marked.assumeUnchanged],
        ['--no-skip-worktree', marked.skipWorktree],
      ] as const)
        if (paths.length > 0)
          await git({
            cwd: top,
            args: ['update-index', flag, '-z', '--stdin'],
            env,
            input: paths.join('\0') + '\0',
          });
      await git({ cwd: top, args: ['add', '--all', '--', '.'], env }).catch((e: unknown) => {
        // a nested repository with no commit yet: git refuses to add it at all
        const empty = /'([^']+?)\/?' does not have a commit checked out/.exec(String(e));
        throw empty ? new GitError(nestedRepositories([empty[1]!])) : e;
      });
      // the campaigns' own results folders (untracked) stay out: gigabytes of results
      const results = untracked.resultsFolders;
      if (results.length > 0)
        await git({
          cwd: top,
          args: ['rm', '-r', '-q', '--cached', '--ignore-unmatch', '--', ...results],
          env,
        });
      await refuseUnusableGitlinks(top, env);
      return out({ cwd: top, args: ['write-tree'], env });
    });
    const headTree = parent
      ? await out({ cwd: top, args: ['rev-parse', `${parent}^{tree}`] })
      : undefined;
    const changed = tree !== headTree;
    // an unchanged work tree is the snapshot taken of it before: the same commit (and ref)
    const earlier = req.earlier
      ? await earlierSnapshot(
          top,
          await req.earlier(),
          changed ? { tree, parent } : { sha: parent },
          (refs) => fetchSnapshots(top, req, refs),
        )
      : undefined;
    if (earlier && !req.newRef) {
      // renewed: the same commit under a ref of the current time, the old ref gone in the same
      // push (an age-based prune would otherwise delete the snapshot just reused)
      const ref = req.ref(earlier.sha);
      const kept = ref !== earlier.ref && req.mayDrop ? !(await req.mayDrop(earlier)) : false;
      if (ref !== earlier.ref) {
        const url = await remoteUrl(top, req.remote);
        await git({
          cwd: top,
          args: [
            'push',
            '--quiet',
            '--atomic',
            '--',
            req.remote,
            `${earlier.sha}:${ref}`,
            ...(kept ? [] : [`:${earlier.ref}`]),
          ],
          auth: { url, token: req.token },
        });
      }
      return {
        sha: earlier.sha,
        ref,
        tree,
        parent,
        changed,
        untracked: untracked.files,
        reused: true,
        renewed: { ref: earlier.ref, kept },
      };
    }
    const sha =
      earlier?.sha ??
      (changed || !parent
        ? await out({
            cwd: top,
            args: [
              'commit-tree',
              tree,
              ...(parent ? ['-p', parent] : []),
              '-m',
              `opp-campaign snapshot of the working tree${parent ? ` on ${parent.slice(0, 12)}` : ''}`,
            ],
            env: await identity(top),
          })
        : parent);
    const ref = req.ref(sha);
    const url = await remoteUrl(top, req.remote);
    await git({
      cwd: top,
      args: ['push', '--quiet', '--', req.remote, `${sha}:${ref}`],
      auth: { url, token: req.token },
    });
    return { sha, tree, parent, ref, changed, untracked: untracked.files };
  }

  async listRemoteRefs(remote: RemoteSpec, prefix: string): Promise<ScratchRef[]> {
    const url = await remoteUrl(remote.dir, remote.remote);
    const text = await out({
      cwd: remote.dir,
      args: ['ls-remote', '--refs', '--', remote.remote, `${prefix}*`],
      auth: { url, token: remote.token },
    });
    return text
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((p): p is [string, string] => p.length === 2)
      .map(([sha, ref]) => ({ sha, ref }))
      .filter((r) => r.ref.startsWith(prefix))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  }

  async deleteRemoteRefs(remote: RemoteSpec, refs: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    const url = await remoteUrl(remote.dir, remote.remote);
    await git({
      cwd: remote.dir,
      args: ['push', '--quiet', remote.remote, ...refs.map((r) => `:${r}`)],
      auth: { url, token: remote.token },
    });
  }
}

/** Of the remote's snapshots considered (the newest first), at most this many. */
const EARLIER_LOOKED_AT = 500;

/** Of the remote's snapshots this clone lacks, at most this many are fetched to look at. */
const EARLIER_FETCHED = 16;

/**
 * The first of `refs` (the remote's snapshots, newest first) that is this snapshot: HEAD itself
 * (`sha`: an unchanged work tree pushes HEAD), or a snapshot commit of `tree` whose only parent
 * is `parent`. The commits this clone has are looked at first (it made them: commit-tree); when
 * none is it, the newest of those it lacks (another clone made them, or `git gc` pruned them
 * here: no ref holds them) are fetched and looked at (before: a second commit and ref).
 */
async function earlierSnapshot(
  top: string,
  refs: readonly ScratchRef[],
  want: { sha: string | undefined } | { tree: string; parent: string | undefined },
  fetch: (refs: readonly ScratchRef[]) => Promise<void>,
): Promise<ScratchRef | undefined> {
  const candidates = refs.slice(0, EARLIER_LOOKED_AT);
  if ('sha' in want) return want.sha ? candidates.find((r) => r.sha === want.sha) : undefined;
  if (candidates.length === 0) return undefined;
  const shas = [...new Set(candidates.map((r) => r.sha))];
  const look = async (): Promise<{ found?: ScratchRef; have: Set<string> } | undefined> => {
    const r = await git({
      cwd: top,
      args: ['log', '--no-walk=unsorted', '--ignore-missing', '--format=%H %T %P', ...shas, '--'],
      allowFailure: true,
    });
    if (!r.ok) return undefined;
    const lines = r.stdout
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter((l) => l[0] !== '');
    const same = new Set(
      lines
        .filter(([, t, ...p]) => t === want.tree && p.join(' ') === (want.parent ?? ''))
        .map(([h]) => h),
    );
    const found = candidates.find((c) => same.has(c.sha));
    return { ...(found ? { found } : {}), have: new Set(lines.map(([h]) => h ?? '')) };
  };
  const here = await look();
  if (here === undefined || here.found) return here?.found;
  const missing = candidates.filter((c) => !here.have.has(c.sha)).slice(0, EARLIER_FETCHED);
  if (missing.length === 0) return undefined;
  // (a fetch that fails makes a snapshot of its own, as before)
  try {
    await fetch(missing);
  } catch {
    return undefined;
  }
  return (await look())?.found;
}

/**
 * Fetches the commits of these scratch refs into the object store only: no ref, no FETCH_HEAD
 * of the user's is written. Their parents are mostly here already (a snapshot of the same HEAD:
 * its commit and the files that differ from HEAD come).
 */
async function fetchSnapshots(
  top: string,
  req: SnapshotRequest,
  refs: readonly ScratchRef[],
): Promise<void> {
  const url = await remoteUrl(top, req.remote);
  await git({
    cwd: top,
    args: [
      '-c',
      'gc.auto=0',
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-write-fetch-head',
      '--no-recurse-submodules',
      '--',
      req.remote,
      ...refs.map((r) => r.ref),
    ],
    auth: { url, token: req.token },
  });
}

/**
 * Files of the index marked assume-unchanged (`git ls-files -v`: a lowercase tag) or
 * skip-worktree (`S`) that are in the work tree; a sparse checkout's absent files keep their mark.
 */
async function markedFiles(
  top: string,
): Promise<{ assumeUnchanged: string[]; skipWorktree: string[] }> {
  const text = (await git({ cwd: top, args: ['ls-files', '-v', '-z'] })).stdout;
  const assumeUnchanged: string[] = [];
  const skipWorktree: string[] = [];
  for (const l of text.split('\0')) {
    if (l.length < 3 || !existsSync(join(top, l.slice(2)))) continue;
    if (/^[a-z]/.test(l)) assumeUnchanged.push(l.slice(2));
    else if (l.startsWith('S ')) skipWorktree.push(l.slice(2));
  }
  return { assumeUnchanged, skipWorktree };
}

/**
 * The untracked, not ignored files the snapshot adds (relative to `top`), and the folders
 * holding a campaign's `.opp-campaign` (results folders), which stay out with their files.
 * A nested repository shows as its folder (`nested/`): not a file, left to refuseUnusableGitlinks.
 */
async function untrackedFiles(top: string): Promise<{ files: string[]; resultsFolders: string[] }> {
  const text = (await git({ cwd: top, args: ['ls-files', '--others', '--exclude-standard', '-z'] }))
    .stdout;
  const all = text.split('\0').filter((f) => f !== '');
  const folders = new Set<string>();
  for (const f of all) {
    const at = f.indexOf('.opp-campaign/');
    if (at === 0 || (at > 0 && f[at - 1] === '/')) folders.add(at === 0 ? '.' : f.slice(0, at - 1));
  }
  const resultsFolders = [...folders].filter((d) => d !== '.').sort();
  const files = all.filter(
    (f) => !f.endsWith('/') && !resultsFolders.some((d) => f.startsWith(`${d}/`)),
  );
  return { files, resultsFolders };
}

/** Names of files that usually hold credentials (keys, tokens, passwords). */
const CREDENTIAL_NAME =
  /^(\.env(?!\.(example|sample|template|dist)$)(\..*)?|.*\.pem|.*\.key|id_(rsa|dsa|ecdsa|ed25519)|\.netrc|_netrc|.*credentials.*|.*\.p12|.*\.pfx|\.npmrc|\.pypirc)$/i;

/**
 * Untracked files that look like credentials would be pushed to the remote (public for a public
 * repository) in the snapshot: refused, naming them. Tracked files are the user's choice.
 */
function refuseCredentials(untracked: readonly string[]): void {
  const secret = untracked.filter((f) => CREDENTIAL_NAME.test(f.slice(f.lastIndexOf('/') + 1)));
  if (secret.length > 0)
    throw new GitError(
      `untracked file${secret.length > 1 ? 's' : ''} ${secret.join(', ')} look${secret.length > 1 ? '' : 's'} like credentials and would be pushed to the remote in the snapshot: put ${secret.length > 1 ? 'them' : 'it'} in .gitignore or .git/info/exclude (or commit ${secret.length > 1 ? 'them' : 'it'} if ${secret.length > 1 ? 'they are' : 'it is'} meant to be shared), then snapshot again`,
    );
}

/** The refusal of repositories nested in the project that are no submodules. */
function nestedRepositories(paths: readonly string[]): string {
  return `${paths.join(', ')}: a git repository inside the project that is not a submodule: the snapshot would record only its commit, and the runner would get an empty folder (its files and changes left out). Add it as a submodule (git submodule add URL ${paths[0] ?? ''}), or, if the campaign does not need it, ignore it in .gitignore or .git/info/exclude, or name it in opp-campaign.yml under projects: with git:`;
}

/**
 * Gitlinks of the snapshot's index (mode 160000) that a runner cannot check out: a repository
 * nested in the project but not a submodule (no .gitmodules entry: the runner gets an empty
 * folder, its files are left out), and a submodule commit no branch of its remote has (as this
 * clone knows it: no network), which the runner cannot fetch.
 */
async function refuseUnusableGitlinks(top: string, env: Record<string, string>): Promise<void> {
  const staged = (await git({ cwd: top, args: ['ls-files', '--stage', '-z'], env })).stdout;
  const links = staged
    .split('\0')
    .map((l) => /^160000 ([0-9a-f]+) \d\t(.*)$/s.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ sha: m[1]!, path: m[2]! }));
  if (links.length === 0) return;
  const registered = new Set<string>();
  if (existsSync(join(top, '.gitmodules'))) {
    const r = await git({
      cwd: top,
      args: ['config', '-z', '-f', '.gitmodules', '--get-regexp', '^submodule\\..*\\.path$'],
      allowFailure: true,
    });
    for (const e of r.stdout.split('\0')) {
      const nl = e.indexOf('\n');
      if (nl > 0) registered.add(e.slice(nl + 1).replace(/\/+$/, ''));
    }
  }
  const nested = links.filter((l) => !registered.has(l.path));
  if (nested.length > 0) throw new GitError(nestedRepositories(nested.map((l) => l.path)));
  for (const l of links) {
    const dir = join(top, l.path);
    if (!existsSync(join(dir, '.git'))) continue; // not checked out: its commit is HEAD's
    const r = await git({
      cwd: dir,
      args: [
        'for-each-ref',
        '--count=1',
        '--format=%(refname)',
        '--contains',
        l.sha,
        'refs/remotes/',
      ],
    }).catch(() => undefined);
    if (r && r.stdout.trim() === '')
      throw new GitError(
        `submodule ${l.path} is at ${l.sha}, which no branch of its remote has (as this clone knows it): push it first (git -C ${l.path} push), then snapshot again`,
      );
  }
}

/**
 * A submodule with uncommitted changes: the snapshot records the submodule's commit, not its
 * work tree, so they would silently be left out; refused with what to do.
 */
async function refuseDirtySubmodules(top: string): Promise<void> {
  const r = await git({
    cwd: top,
    args: ['status', '--porcelain=v2', '--ignore-submodules=none', '-z'],
    allowFailure: true,
  });
  if (!r.ok) return;
  const dirty: string[] = [];
  for (const entry of r.stdout.split('\0')) {
    // `1 XY S<c><m><u> ...`: a submodule whose work tree has modified (m) or untracked (u) content
    const m = /^[12] \S\S S.(.)(.) (?:\S+ ){5}(.*)$/.exec(entry);
    if (m && (m[1] === 'M' || m[2] === 'U')) dirty.push(m[3] as string);
  }
  if (dirty.length > 0)
    throw new GitError(
      `submodule ${dirty.join(', ')} has uncommitted changes: a snapshot records a submodule's commit, not its work tree, so they would be left out. Commit them in the submodule and push that commit (the runners fetch it from the submodule's remote), then snapshot again`,
    );
}

/** A committer for the snapshot when the user has none configured (commit-tree needs one). */
async function identity(dir: string): Promise<Record<string, string>> {
  const r = await git({ cwd: dir, args: ['var', 'GIT_COMMITTER_IDENT'], allowFailure: true }).catch(
    () => ({ ok: false }),
  );
  if (r.ok) return {};
  const who = { name: 'opp-campaign', email: 'opp-campaign@localhost' };
  return {
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
  };
}

/**
 * Runs `f` with GIT_INDEX_FILE set to a private copy of the repository's index (so unchanged
 * files are not hashed again): the user's index is never written.
 */
async function withTemporaryIndex<T>(
  top: string,
  f: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const index = resolve(top, await out({ cwd: top, args: ['rev-parse', '--git-path', 'index'] }));
  const tmp = mkdtempSync(join(tmpdir(), 'opp-index-'));
  try {
    const tmpIndex = join(tmp, 'index');
    if (existsSync(index)) copyFileSync(index, tmpIndex);
    return await f({ GIT_INDEX_FILE: tmpIndex });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether `dir` is inside a git work tree (a shared build needs its commit's tree). */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  const r = await git({ cwd: dir, args: ['rev-parse', '--is-inside-work-tree'] }).catch(
    () => undefined,
  );
  return r?.stdout.trim() === 'true';
}

/**
 * The tree id the folder `dir` would have if its work tree were committed now: tracked and
 * untracked-not-ignored files, without the paths matching `exclude` (globs relative to `dir`).
 * Nothing in the repository changes but its object store.
 */
export async function workTreeId(dir: string, exclude: readonly string[] = []): Promise<string> {
  const inside = await git({
    cwd: dir,
    args: ['rev-parse', '--show-toplevel', '--show-prefix'],
  }).catch(() => undefined);
  if (!inside)
    throw new GitError(`${dir} is not in a git work tree: building once per commit needs one`);
  const [top = dir, prefix = ''] = inside.stdout.split('\n');
  return withTemporaryIndex(top, async (env) => {
    await git({ cwd: top, args: ['add', '--all', '--', prefix || '.'], env });
    if (exclude.length > 0)
      await git({
        cwd: top,
        args: [
          'rm',
          '-r',
          '-q',
          '--cached',
          '--ignore-unmatch',
          '--',
          ...exclude.map((g) => `:(glob)${prefix}${g}`),
        ],
        env,
      });
    return out({ cwd: top, args: ['write-tree', ...(prefix ? [`--prefix=${prefix}`] : [])], env });
  });
}
