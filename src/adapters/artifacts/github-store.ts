// The artifact store as GitHub Actions artifacts of the current workflow run, through
// @actions/artifact. Each artifact is one zip on GitHub; a name can be uploaded once per run
// (the service answers 409, mapped to ArtifactExistsError). The client reads the step's
// environment (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL) on every call, which the runner
// sets only for action steps, so this store is checked against the environment per call.
//
// Re-runs: "Re-run failed jobs" starts attempt 2 of the same workflow run, whose jobs need the
// plan and builds that attempt 1 uploaded. Whether the results service lists an earlier
// attempt's artifacts to such a job is GitHub's to decide, so in attempt 2 and up this store
// also asks the REST API, which lists the whole run (`findBy`, with the job's GITHUB_TOKEN and
// `actions: read`): for names the service does not list, and for downloads it cannot find.
import { join, resolve } from 'node:path';
import {
  ArtifactNotFoundError as ClientArtifactNotFoundError,
  DefaultArtifactClient,
} from '@actions/artifact';
import type { FindOptions } from '@actions/artifact';
import { ArtifactNotFoundError, type ArtifactStore, type UploadOptions } from '../../ports.js';
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
  /**
   * A re-run (attempt 2 and up): the run, and a token that may list its artifacts, to find
   * those of earlier attempts. Without it a re-run sees what the results service lists.
   */
  rerun?: {
    readonly attempt: number;
    readonly runId: number;
    /** OWNER/NAME */
    readonly repository: string;
    readonly token: string | undefined;
  };
}

type FindBy = NonNullable<FindOptions['findBy']>;

export class GitHubArtifactStore implements ArtifactStore {
  private readonly client = new DefaultArtifactClient();
  /** How to reach the whole run's artifacts (a re-run with a token), else undefined. */
  private readonly wholeRun: FindBy | undefined;
  /** The whole run's artifact names, asked for once: earlier attempts' do not change. */
  private wholeRunNames: Promise<string[]> | undefined;

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
    const r = options.rerun;
    const [owner, repo] = r?.repository.split('/') ?? [];
    this.wholeRun =
      r && r.attempt > 1 && r.token && owner && repo
        ? { token: r.token, workflowRunId: r.runId, repositoryOwner: owner, repositoryName: repo }
        : undefined;
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
      let found = await this.find(name);
      const findBy = found ? undefined : this.wholeRun;
      if (!found && findBy) found = await this.findInRun(name, findBy);
      if (!found) throw new ArtifactNotFoundError(name, this.notFoundHint());
      const { digestMismatch } = await this.client.downloadArtifact(found.id, {
        path: resolve(dir),
        expectedHash: found.digest,
        ...(findBy ? { findBy } : {}),
      });
      if (digestMismatch)
        throw new GitHubArtifactServiceError(
          'download',
          name,
          `the downloaded zip does not match the digest recorded at upload (${found.digest}); download it again`,
        );
    });
  }

  async list(prefix = ''): Promise<string[]> {
    const names = await this.call('list', undefined, async () => {
      const { artifacts } = await this.client.listArtifacts({ latest: true });
      const listed = artifacts.map((a) => a.name);
      if (!this.wholeRun) return listed;
      const findBy = this.wholeRun;
      this.wholeRunNames ??= this.client
        .listArtifacts({ latest: true, findBy })
        .then((r) => r.artifacts.map((a) => a.name))
        .catch((e: unknown) => {
          this.wholeRunNames = undefined;
          throw wholeRunError(e, 'list', undefined);
        });
      return [...new Set([...listed, ...(await this.wholeRunNames)])];
    });
    return names.filter((n) => n.startsWith(prefix)).sort();
  }

  /** The artifact as the results service lists it to this job, if it does. */
  private async find(name: string): Promise<{ id: number; digest?: string } | undefined> {
    try {
      return (await this.client.getArtifact(name)).artifact;
    } catch (e) {
      if (e instanceof ClientArtifactNotFoundError) return undefined;
      throw e;
    }
  }

  /** The artifact among the whole run's (every attempt), through the REST API. */
  private async findInRun(
    name: string,
    findBy: FindBy,
  ): Promise<{ id: number; digest?: string } | undefined> {
    try {
      return (await this.client.getArtifact(name, { findBy })).artifact;
    } catch (e) {
      if (e instanceof ClientArtifactNotFoundError) return undefined;
      throw wholeRunError(e, 'download', name);
    }
  }

  private notFoundHint(): string | undefined {
    const r = this.options.rerun;
    if (!r || r.attempt < 2 || this.wholeRun) return undefined;
    return (
      `this is attempt ${r.attempt} of the run, and the artifact service lists only this ` +
      "attempt's artifacts: give the action a token that may read the run's artifacts " +
      '(input github-token, default ${{ github.token }}, with permission actions: read)'
    );
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

/** A refused REST call (the job's token lacks `actions: read`) says which permission to grant. */
function wholeRunError(e: unknown, operation: ArtifactOperation, artifact: string | undefined) {
  const status = (e as { status?: unknown } | null)?.status;
  if (status === 401 || status === 403 || status === 404)
    return new GitHubArtifactError(
      `GitHub's REST API refused to list this run's artifacts (HTTP ${status}) while ` +
        `${operation === 'list' ? 'listing them' : `looking for '${artifact ?? ''}'`} for a ` +
        (status === 401
          ? 're-run: the token (input github-token) is not valid: expired, revoked or mistyped; ' +
            'the default ${{ github.token }} is valid for the whole job.'
          : 're-run: give the job `permissions: actions: read` (and the action its token, input ' +
            'github-token).'),
      operation,
      artifact,
    );
  return e;
}
