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

/** owner/name of `origin` in `cwd`; undefined when there is no git, no clone or no such remote. */
export async function originRepo(cwd: string): Promise<RepoRef | undefined> {
  try {
    const { stdout } = await run('git', ['remote', 'get-url', 'origin'], { cwd });
    return parseRemoteUrl(stdout);
  } catch {
    return undefined;
  }
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

/** The host of `origin` in `cwd` (github.com when there is none). */
export async function originHost(cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['remote', 'get-url', 'origin'], { cwd });
    return hostOf(stdout);
  } catch {
    return 'github.com';
  }
}

/** GitHub's REST API address for a host: api.github.com, or a GitHub Enterprise Server's. */
export const apiUrlOf = (host: string): string =>
  host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
