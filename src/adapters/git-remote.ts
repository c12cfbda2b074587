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
