// Which GitHub repository a working copy belongs to, read from its `origin` remote, so that
// `opp-campaign runners` works without --repo inside a clone.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RepoRef } from './github-runners.js';

const run = promisify(execFile);

/**
 * owner/name from a remote URL: https://HOST/owner/name(.git), git@HOST:owner/name(.git) or
 * ssh://git@HOST/owner/name(.git). Undefined for anything else.
 */
export function parseRemoteUrl(url: string): RepoRef | undefined {
  const text = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:(?!\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(text);
  const web =
    /^(?:https?|ssh|git):\/\/(?:[^@/\s]+@)?[^/\s]+\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(text);
  const m = scp ?? web;
  if (!m?.[1] || !m[2]) return undefined;
  return { owner: m[1], repo: m[2] };
}

/** The host of a remote URL (https://HOST/..., git@HOST:..., ssh://git@HOST/...). */
export function hostOf(url: string): string {
  const scp = /^[\w.-]+@([\w.-]+):/.exec(url.trim());
  if (scp?.[1]) return scp[1];
  try {
    return new URL(url.trim()).hostname || 'github.com';
  } catch {
    return 'github.com';
  }
}

/** The URL of `origin` in `cwd`; undefined when there is no git, no clone or no such remote. */
export async function originUrl(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['remote', 'get-url', 'origin'], { cwd });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** GitHub's REST API address for a host: api.github.com, or a GitHub Enterprise Server's. */
export const apiUrlOf = (host: string): string =>
  host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;

/** The host `gh auth token --hostname` knows an API address by: github.com for api.github.com. */
export function hostOfApi(apiUrl: string): string {
  try {
    const host = new URL(apiUrl).hostname.toLowerCase();
    return host === 'api.github.com'
      ? 'github.com'
      : host.replace(/^api\.(?=[^.]+\.ghe\.com$)/, '');
  } catch {
    return 'github.com';
  }
}

export interface ApiTarget {
  /** The REST API address the token is sent to. */
  readonly baseUrl: string;
  /** Its host, for `gh auth token --hostname`. */
  readonly host: string;
}

/**
 * Where the token goes: GITHUB_API_URL when set; else the API of a host the user named (a run's
 * URL); else github.com's. A host only inferred from the remote `origin` never gets the token
 * unless it is github.com: with a repository taken from an origin elsewhere (GitLab, an SSH host
 * alias, a GitHub Enterprise Server) the answer is undefined, for the caller to refuse; with
 * --repo, origin's host plays no part.
 */
export function apiTarget(o: {
  readonly envApiUrl: string | undefined;
  readonly givenHost?: string | undefined;
  readonly originHost: string | undefined;
}): ApiTarget | undefined {
  if (o.envApiUrl) return { baseUrl: o.envApiUrl, host: hostOfApi(o.envApiUrl) };
  if (o.givenHost) return { baseUrl: apiUrlOf(o.givenHost), host: o.givenHost };
  if (o.originHost === undefined || o.originHost.toLowerCase() === 'github.com')
    return { baseUrl: apiUrlOf('github.com'), host: 'github.com' };
  return undefined;
}

/** Why a repository taken from an origin on `host` (not github.com) is not asked for. */
export function originElsewhere(host: string): string {
  return (
    `the remote 'origin' is on ${host}, not github.com, and the token goes to no host it was` +
    ' not told to: for a repository on github.com (origin through an SSH host alias, a mirror)' +
    ` pass --repo OWNER/NAME; for a GitHub Enterprise Server set GITHUB_API_URL=https://${host}/api/v3.`
  );
}
