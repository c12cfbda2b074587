// Which GitHub repository a working copy belongs to, read from its `origin` remote, so that
// `opp-campaign runners` works without --repo inside a clone.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { shown } from '../core/campaign/settings.js';
import { urlParts } from '../core/git/secrets.js';
import type { RepoRef } from './github-runners.js';

const run = promisify(execFile);

/**
 * The host and owner/name of a remote URL: https://HOST/owner/name(.git), git@HOST:owner/name(.git)
 * or ssh://git@HOST/owner/name(.git). The user info is what `redact` takes for one: with a
 * password, everything up to the last `@` (`https://u:pa#ss@host/...`, `https://u:pa/ss@host/...`),
 * so the host is never read from inside a password. Undefined for anything else.
 */
export function parseRemote(url: string): (RepoRef & { readonly host: string }) | undefined {
  const text = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(text);
  const parts = urlParts(text);
  const web = /^(?:https?|ssh|git):\/\/$/i.test(parts.scheme)
    ? /^([^/\s@:?#]+)(?::\d*)?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(parts.rest)
    : null;
  const m = scp ?? web;
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { host: m[1].toLowerCase(), owner: m[2], repo: m[3] };
}

/** owner/name from a remote URL (see parseRemote); undefined for anything else. */
export function parseRemoteUrl(url: string): RepoRef | undefined {
  const r = parseRemote(url);
  return r && { owner: r.owner, repo: r.repo };
}

/**
 * The host of a remote URL, read as parseRemoteUrl reads it; undefined when that cannot read
 * it (never github.com by default: a token must not go there for a URL not understood).
 */
export function hostOf(url: string): string | undefined {
  return parseRemote(url)?.host;
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

/** GitHub's own host names for github.com: its web site and its SSH-over-port-443 host. */
const GITHUB_DOT_COM = new Set(['github.com', 'www.github.com', 'ssh.github.com']);

/** Whether `host` (a host name, maybe with a port) is github.com under one of its own names. */
export const isGitHubDotCom = (host: string): boolean => GITHUB_DOT_COM.has(host.toLowerCase());

/**
 * An API address as Octokit needs it: lower-case scheme and host, no trailing slash. Octokit
 * prepends the base URL to any request URL not starting with `http` (case-sensitive), so
 * `HTTPS://...` broke the next-page links of paginated requests. Left as given when not a URL.
 */
export function canonicalApiUrl(url: string): string {
  try {
    return new URL(url.trim()).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/**
 * GitHub's REST API address for a host (maybe with a port): api.github.com for github.com (and
 * www/ssh.github.com), api.SUBDOMAIN.ghe.com for GitHub Enterprise Cloud with data residency
 * (both over https whatever the scheme), SCHEME://HOST/api/v3 for a GitHub Enterprise Server
 * (http when its run's URL was typed so: a server without TLS).
 */
export function apiUrlOf(host: string, scheme: 'http' | 'https' = 'https'): string {
  const h = host.toLowerCase();
  if (isGitHubDotCom(h)) return 'https://api.github.com';
  if (/^[^.:]+\.ghe\.com$/.test(h)) return `https://api.${h}`;
  return canonicalApiUrl(`${scheme}://${h}/api/v3`);
}

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

/** GITHUB_API_URL is no http(s) URL: refused before the token is looked for or sent anywhere. */
export class ApiUrlError extends Error {
  readonly userFacing = true;
  constructor(value: string) {
    super(
      `GITHUB_API_URL (${shown(value)}) is not an http(s) URL: set it to the API's address` +
        ' (GitHub Enterprise Server: https://HOST/api/v3), or unset it for github.com',
    );
    this.name = 'ApiUrlError';
  }
}

/** GITHUB_API_URL made canonical; an ApiUrlError when it is no http(s) URL with a host. */
function envApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ApiUrlError(value);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '')
    throw new ApiUrlError(value);
  return canonicalApiUrl(value);
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
  /** The scheme of the URL that named givenHost (https when not said). */
  readonly givenScheme?: 'http' | 'https' | undefined;
  readonly originHost: string | undefined;
}): ApiTarget | undefined {
  const at = (baseUrl: string): ApiTarget => ({ baseUrl, host: hostOfApi(baseUrl) });
  if (o.envApiUrl) return at(envApiUrl(o.envApiUrl));
  if (o.givenHost) return at(apiUrlOf(o.givenHost, o.givenScheme));
  if (o.originHost === undefined || isGitHubDotCom(o.originHost)) return at(apiUrlOf('github.com'));
  return undefined;
}

/** Why a repository taken from an origin on `host` (not github.com) is not asked for. */
export function originElsewhere(host: string): string {
  return (
    `the remote 'origin' is on ${host}, not github.com, and the token goes to no host it was` +
    ' not told to: for a repository on github.com (origin through an SSH host alias, a mirror)' +
    ` pass --repo OWNER/NAME; for GitHub Enterprise set GITHUB_API_URL=${apiUrlOf(host)}.`
  );
}
