// The GitHub token of the client commands: GITHUB_TOKEN or GH_TOKEN, else the GitHub CLI's
// stored login (`gh auth token`, which prints it for this purpose). The token is kept in memory
// only: never printed, never written to a file, never on a command line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FoundToken {
  readonly token: string;
  readonly source: 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token';
}

export async function findToken(
  env: Readonly<Record<string, string | undefined>>,
  host: string,
): Promise<FoundToken | undefined> {
  const fromEnv = env['GITHUB_TOKEN'] ? 'GITHUB_TOKEN' : env['GH_TOKEN'] ? 'GH_TOKEN' : undefined;
  const value = fromEnv && env[fromEnv];
  if (fromEnv && value) return { token: value, source: fromEnv };
  try {
    const { stdout } = await run('gh', ['auth', 'token', '--hostname', host], {
      env: { ...env, GH_PROMPT_DISABLED: '1', NO_COLOR: '1' },
      timeout: 15_000,
    });
    const token = stdout.trim();
    return token && !/\s/.test(token) ? { token, source: 'gh auth token' } : undefined;
  } catch {
    return undefined;
  }
}
