// What submit, watch, fetch and resume need before they talk to GitHub: the repository (--repo,
// the run's URL, or the `origin` remote of the folder), the API address and the token. The one
// place these commands read their environment.
import { apiTarget, originElsewhere, parseRemote } from '../adapters/git-remote.js';
import { GitHubCampaigns, type RepoRef } from '../adapters/github-campaigns.js';
import { findToken } from '../adapters/github-token.js';
import { remoteUrl } from '../adapters/local-repo.js';
import {
  CampaignInterrupted,
  systemClock,
  type Clock,
  type ClientContext,
} from '../app/remote-campaign.js';
import { DEFAULT_POLICY, type PollPolicy } from '../core/client/backoff.js';
import { redact } from '../core/git/secrets.js';
import { EXIT, shownArgument, UsageError } from './errors.js';
import { redrawsLines } from './output.js';

export interface ClientCommandContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: Clock;
  readonly stdoutIsTTY: boolean;
  readonly signal?: AbortSignal;
  readonly policy?: PollPolicy;
}

export function defaultClientContext(signal?: AbortSignal): ClientCommandContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    // (watch's live line: not on TERM=dumb)
    stdoutIsTTY: redrawsLines(process.stdout),
    ...(signal ? { signal } : {}),
  };
}

/** The environment lacks what the command needs (a token, a repository): exit status 1. */
export class ClientSetupError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'ClientSetupError';
  }
}

export const TOKEN_HELP = `The token comes from GITHUB_TOKEN or GH_TOKEN, else from the GitHub CLI's login (gh auth
token); it is never printed or written anywhere. A fine-grained token needs the repository
permissions "Actions: read and write" and "Contents: read and write" (submit, resume: the
dispatch and its branch), "Actions: read" (watch, fetch), "Pull requests: read" (fetch --pr).
GITHUB_API_URL sets the API address (GitHub Enterprise Server: https://HOST/api/v3); without it
the token goes to the host of a run's URL, else to api.github.com only (--repo OWNER/NAME is a
repository on github.com; an 'origin' on another host is refused rather than sent the token).`;

export interface Connection {
  readonly api: GitHubCampaigns;
  readonly repo: RepoRef;
  readonly token: string;
  readonly client: ClientContext;
}

export interface ConnectOptions {
  /** --repo OWNER/NAME */
  readonly repoFlag: string | undefined;
  /** The repository a run URL named. */
  readonly runRepo: RepoRef | undefined;
  /** The host a run URL named (a GitHub Enterprise Server's): its API, not origin's. */
  readonly runHost?: string | undefined;
  /** That URL's scheme (http: a GitHub Enterprise Server without TLS). */
  readonly runScheme?: 'http' | 'https' | undefined;
  /** The folder whose `origin` names the repository otherwise. */
  readonly dir: string;
  readonly workflow: string;
  readonly note: (line: string) => void;
}

export async function connect(ctx: ClientCommandContext, o: ConnectOptions): Promise<Connection> {
  const origin = await remoteUrl(o.dir, 'origin');
  const flagged = repoOf(o.repoFlag);
  if (flagged && o.runRepo && !sameRepo(flagged, o.runRepo))
    throw new UsageError(
      `--repo ${o.repoFlag} names another repository than the run's URL (${o.runRepo.owner}/${o.runRepo.repo}): give one of them`,
    );
  const given = flagged ?? o.runRepo;
  // origin's repository and host, read alike (a password's `#` or `/` is no end of the host)
  const fromOrigin = given === undefined && origin ? parseRemote(origin) : undefined;
  const repo: RepoRef | undefined =
    given ?? (fromOrigin && { owner: fromOrigin.owner, repo: fromOrigin.repo });
  if (!repo)
    throw new ClientSetupError(
      "which repository? This folder has no git remote 'origin' on GitHub: pass --repo OWNER/NAME.",
    );
  // a run's URL names its host; --repo means github.com; origin's host counts only when it is
  // github.com (GITHUB_API_URL overrides all three)
  const originHost = fromOrigin?.host;
  const target = apiTarget({
    envApiUrl: ctx.env['GITHUB_API_URL'],
    givenHost: o.runHost,
    givenScheme: o.runScheme,
    originHost,
  });
  if (!target) throw new ClientSetupError(`which GitHub? ${originElsewhere(originHost ?? '')}`);
  const found = await findToken(ctx.env, target.host);
  if (!found)
    throw new ClientSetupError(
      `no GitHub token: set GH_TOKEN or GITHUB_TOKEN, or log in with 'gh auth login'.\n${TOKEN_HELP}`,
    );
  const baseUrl = target.baseUrl;
  // how long an artifact download may receive nothing before it fails (seconds; for tests)
  const idleS = Number(ctx.env['OPP_CAMPAIGN_DOWNLOAD_IDLE_TIMEOUT']);
  const api = new GitHubCampaigns({
    token: found.token,
    repo,
    baseUrl,
    workflow: o.workflow,
    ...(idleS > 0 ? { downloadIdleMs: idleS * 1000 } : {}),
  });
  const note = (line: string): void => o.note(redact(line, found.token));
  return {
    api,
    repo,
    token: found.token,
    client: {
      api,
      clock: ctx.clock,
      note,
      policy: ctx.policy ?? DEFAULT_POLICY,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  };
}

/** GitHub's owner and repository names are case-insensitive. */
const sameRepo = (a: RepoRef, b: RepoRef): boolean =>
  a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();

function repoOf(flag: string | undefined): RepoRef | undefined {
  if (flag === undefined) return undefined;
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(flag);
  if (!m?.[1] || !m[2])
    throw new UsageError(`--repo takes OWNER/NAME, not '${shownArgument(flag)}'`);
  return { owner: m[1], repo: m[2].replace(/\.git$/, '') };
}

/** Ctrl-C while waiting for GitHub: a note, exit status 130 (what was started on GitHub goes on). */
export async function interruptible(
  err: { write(s: string): void },
  fn: () => Promise<number>,
): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof CampaignInterrupted)) throw e;
    err.write(`${e.message}\n`);
    return EXIT.interrupted;
  }
}
