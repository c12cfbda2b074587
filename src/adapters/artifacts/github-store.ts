// The artifact store as GitHub Actions artifacts of the current workflow run, through
// @actions/artifact. Each artifact is one zip on GitHub; a name can be uploaded once per run
// (the service answers 409, mapped to ArtifactExistsError). The client reads the step's
// environment (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL) on every call, which the runner
// sets only for action steps, so this store is checked against the environment per call.
import { join, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import type { ArtifactStore, UploadOptions } from '../../ports.js';
import {
  type ArtifactOperation,
  GitHubArtifactError,
  GitHubArtifactRuntimeError,
  GitHubArtifactServiceError,
  missingRuntime,
  toStoreError,
} from './github-errors.js';

export {
  GitHubArtifactAuthError,
  GitHubArtifactError,
  GitHubArtifactNetworkError,
  GitHubArtifactRuntimeError,
  GitHubArtifactServiceError,
} from './github-errors.js';

export interface GitHubArtifactStoreOptions {
  /**
   * Days GitHub keeps each uploaded artifact (a whole number, 1 or more; GitHub caps it at the
   * repository's setting). Default: the repository's setting.
   */
  retentionDays?: number;
  /** zlib level of the artifact zip: 0 (stored; for already compressed files) to 9. Default 6. */
  compressionLevel?: number;
}

export class GitHubArtifactStore implements ArtifactStore {
  private readonly client = new DefaultArtifactClient();

  constructor(private readonly options: GitHubArtifactStoreOptions = {}) {
    const { retentionDays, compressionLevel } = options;
    if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays >= 1))
      throw new RangeError(
        `retention days must be a whole number of 1 or more, not ${retentionDays}`,
      );
    if (
      compressionLevel !== undefined &&
      !(Number.isInteger(compressionLevel) && compressionLevel >= 0 && compressionLevel <= 9)
    )
      throw new RangeError(`compression level must be a whole number 0-9, not ${compressionLevel}`);
  }

  async upload(
    name: string,
    root: string,
    files: readonly string[],
    options: UploadOptions = {},
  ): Promise<void> {
    const base = resolve(root);
    const paths = [...new Set(files)].map((f) => {
      if (f.startsWith('/') || f.split(/[\\/]/).includes('..'))
        throw new Error(`artifact file outside its root: ${f}`);
      return join(base, f);
    });
    // @actions/artifact cannot zip nothing; say so before any request.
    if (paths.length === 0)
      throw new GitHubArtifactError(
        `artifact '${name}' has no files: GitHub Actions cannot store an empty artifact`,
        'upload',
        name,
      );
    const { compressionLevel } = this.options;
    const retentionDays = options.retentionDays ?? this.options.retentionDays;
    await this.call('upload', name, () =>
      this.client.uploadArtifact(name, paths, base, { retentionDays, compressionLevel }),
    );
  }

  async download(name: string, dir: string): Promise<void> {
    await this.call('download', name, async () => {
      const { artifact } = await this.client.getArtifact(name);
      const { digestMismatch } = await this.client.downloadArtifact(artifact.id, {
        path: resolve(dir),
        expectedHash: artifact.digest,
      });
      if (digestMismatch)
        throw new GitHubArtifactServiceError(
          'download',
          name,
          `the downloaded zip does not match the digest recorded at upload (${artifact.digest}); download it again`,
        );
    });
  }

  async list(prefix = ''): Promise<string[]> {
    const { artifacts } = await this.call('list', undefined, () =>
      this.client.listArtifacts({ latest: true }),
    );
    return artifacts
      .map((a) => a.name)
      .filter((n) => n.startsWith(prefix))
      .sort();
  }

  private async call<T>(
    operation: ArtifactOperation,
    artifact: string | undefined,
    request: () => Promise<T>,
  ): Promise<T> {
    const missing = missingRuntime(process.env);
    if (missing.length > 0) throw new GitHubArtifactRuntimeError(operation, artifact, missing);
    try {
      return await request();
    } catch (e) {
      throw toStoreError(e, operation, artifact, process.env['ACTIONS_RUNTIME_TOKEN']);
    }
  }
}
