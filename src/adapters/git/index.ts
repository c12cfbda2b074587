// Which git implementation runners use. The command line is the default: it was faster on the
// long-history benchmark and it is complete (commits by id, submodules, snapshots); see the
// README's design notes for the figures.
import type { GitClient } from '../../ports.js';
import { CliGitClient } from './cli-git.js';
import { IsomorphicGitClient } from './isomorphic-git.js';

export type GitImplementation = 'cli' | 'isomorphic';

export const GIT_IMPLEMENTATIONS: readonly GitImplementation[] = ['cli', 'isomorphic'];

export function createGitClient(kind: GitImplementation = 'cli'): GitClient {
  return kind === 'cli' ? new CliGitClient() : new IsomorphicGitClient();
}
