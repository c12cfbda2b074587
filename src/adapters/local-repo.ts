// The state of the user's working copy that `submit` needs: its top folder, current branch,
// HEAD, whether anything is uncommitted (tracked changes or untracked files that are not
// ignored: what a snapshot would commit), and where its remote points.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WorkingCopy {
  readonly top: string;
  /** The checked-out branch; undefined on a detached HEAD. */
  readonly branch: string | undefined;
  /** undefined in a repository without commits. */
  readonly head: string | undefined;
  readonly dirty: boolean;
}

/** A folder that is not in a git working copy, or git missing: exit status 1. */
export class NotARepositoryError extends Error {
  readonly userFacing = true;
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      maxBuffer: 64 * 2 ** 20,
    });
    return stdout;
  } catch {
    return undefined;
  }
}

export async function workingCopy(dir: string): Promise<WorkingCopy> {
  const top = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top)
    throw new NotARepositoryError(`${dir} is not in a git working copy (or git is not installed)`);
  const branch = (await git(top, ['symbolic-ref', '-q', '--short', 'HEAD']))?.trim() || undefined;
  const head = (await git(top, ['rev-parse', '-q', '--verify', 'HEAD']))?.trim() || undefined;
  const status = await git(top, ['status', '--porcelain', '-z', '--untracked-files=normal']);
  if (status === undefined) throw new NotARepositoryError(`git status failed in ${top}`);
  return { top, branch, head, dirty: status !== '' };
}

/** The URL of remote `name`, or undefined. */
export async function remoteUrl(dir: string, name: string): Promise<string | undefined> {
  return (await git(dir, ['remote', 'get-url', name]))?.trim() || undefined;
}
