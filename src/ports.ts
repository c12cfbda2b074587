// Small interfaces for what the application needs from the outside world. Adapters implement
// them; tests substitute only what cannot run here (GitHub's services).

/** Where campaign artifacts go: a local folder, or GitHub Actions artifacts. */
export interface ArtifactStore {
  /**
   * Uploads `files` (paths relative to `root`) as the artifact `name`. A name can be uploaded
   * once per campaign (as on GitHub, once per workflow run).
   */
  upload(name: string, root: string, files: readonly string[]): Promise<void>;
  /** Downloads the artifact `name` into `dir`; ArtifactNotFoundError when there is none. */
  download(name: string, dir: string): Promise<void>;
  /** Names of the campaign's artifacts, sorted; with `prefix`, only those that start with it. */
  list(prefix?: string): Promise<string[]>;
}

export class ArtifactNotFoundError extends Error {
  readonly userFacing = true;
  constructor(readonly artifact: string) {
    super(`artifact '${artifact}' not found`);
    this.name = 'ArtifactNotFoundError';
  }
}

export class ArtifactExistsError extends Error {
  readonly userFacing = true;
  constructor(readonly artifact: string) {
    super(`artifact '${artifact}' was already uploaded in this campaign`);
    this.name = 'ArtifactExistsError';
  }
}
