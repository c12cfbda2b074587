import { LocalArtifactStore } from '../adapters/artifacts/local-store.js';
import type { ArtifactStore } from '../ports.js';
import type { ActionInputs } from './inputs.js';

/** GitHub's artifact service, or a local folder when OPP_CAMPAIGN_ARTIFACT_DIR names one. */
export async function createArtifactStore(inp: ActionInputs): Promise<ArtifactStore> {
  if (inp.artifactDir) return new LocalArtifactStore(inp.artifactDir);
  const { GitHubArtifactStore } = await import('../adapters/artifacts/github-store.js');
  return new GitHubArtifactStore({
    ...(inp.runId !== undefined && inp.repository
      ? {
          rerun: {
            attempt: inp.runAttempt,
            runId: inp.runId,
            repository: inp.repository,
            token: inp.githubToken,
          },
        }
      : {}),
  });
}
