// Errors of the GitHub artifact store, and the mapping from @actions/artifact's failures to
// them. The client reports a refused Twirp call only as text ("Failed to CreateArtifact:
// Received non-retryable error: Failed request: (409) Conflict: ..."), so the HTTP status is
// read from that text. Every message goes through `redact`: the runtime token and signed-URL
// signatures never reach an error, a log or a job summary.
import {
  ArtifactNotFoundError as ClientArtifactNotFoundError,
  NetworkError,
  UsageError,
} from '@actions/artifact';
import { ArtifactExistsError, ArtifactNotFoundError } from '../../ports.js';
import { MIN_SECRET_LENGTH } from '../../core/git/secrets.js';

export type ArtifactOperation = 'upload' | 'download' | 'list';

const NETWORK_CODES = ['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH'];

function doing(operation: ArtifactOperation, artifact: string | undefined): string {
  if (operation === 'list') return 'listing the artifacts of this workflow run';
  return `${operation === 'upload' ? 'uploading' : 'downloading'} artifact '${artifact ?? ''}'`;
}

/** A failure of GitHub's artifact service or of its use; the message says what to do. */
export class GitHubArtifactError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly operation: ArtifactOperation,
    readonly artifact?: string,
  ) {
    super(message);
    this.name = 'GitHubArtifactError';
  }
}

/** The step does not have the variables the runner gives to actions. */
export class GitHubArtifactRuntimeError extends GitHubArtifactError {
  constructor(
    operation: ArtifactOperation,
    artifact: string | undefined,
    readonly missing: readonly string[],
  ) {
    super(
      `cannot reach GitHub artifacts while ${doing(operation, artifact)}: ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} not set. The runner sets these variables only for ` +
        'action steps: run opp-campaign with `uses:` in a GitHub Actions job (a `run:` script does ' +
        'not get them), or, outside GitHub Actions, set OPP_CAMPAIGN_ARTIFACT_DIR to a local ' +
        'folder to keep the artifacts in.',
      operation,
      artifact,
    );
    this.name = 'GitHubArtifactRuntimeError';
  }
}

/** The service refused the job's ACTIONS_RUNTIME_TOKEN (401 or 403). */
export class GitHubArtifactAuthError extends GitHubArtifactError {
  constructor(
    operation: ArtifactOperation,
    artifact: string | undefined,
    readonly status: number,
    detail: string,
  ) {
    super(
      `GitHub's artifact service refused this job's ACTIONS_RUNTIME_TOKEN (HTTP ${status}) while ` +
        `${doing(operation, artifact)}. The runner issues that token to each job and it expires ` +
        'when the job ends: run opp-campaign as an action step (`uses:`) of the job that needs the ' +
        `artifacts, not with a token copied from another job or step. (${detail})`,
      operation,
      artifact,
    );
    this.name = 'GitHubArtifactAuthError';
  }
}

/** The service could not be reached at all. */
export class GitHubArtifactNetworkError extends GitHubArtifactError {
  constructor(
    operation: ArtifactOperation,
    artifact: string | undefined,
    readonly code: string,
  ) {
    super(
      `could not reach GitHub's artifact service (${code}) while ${doing(operation, artifact)}. ` +
        'The runner needs access to the results service (ACTIONS_RESULTS_URL) and to ' +
        '*.blob.core.windows.net; on a self-hosted runner, check its proxy and firewall.',
      operation,
      artifact,
    );
    this.name = 'GitHubArtifactNetworkError';
  }
}

/** The service or its blob storage answered with an error, after the client's retries. */
export class GitHubArtifactServiceError extends GitHubArtifactError {
  constructor(operation: ArtifactOperation, artifact: string | undefined, detail: string) {
    super(
      `GitHub's artifact service failed while ${doing(operation, artifact)}: ${detail}`,
      operation,
      artifact,
    );
    this.name = 'GitHubArtifactServiceError';
  }
}

/** The runtime variables that are missing; the client reads them on every call. */
export function missingRuntime(env: NodeJS.ProcessEnv): string[] {
  return ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((v) => !env[v]);
}

/** `text` without the runtime token (or any part of it), bearer values and SAS signatures. */
export function redact(text: string, token: string | undefined): string {
  let out = text;
  const secrets = token
    ? [token, ...token.split('.')].filter((s) => s.length >= MIN_SECRET_LENGTH)
    : [];
  for (const s of secrets) out = out.split(s).join('***');
  return out
    .replace(/Bearer\s+[^\s"',]+/gi, 'Bearer ***')
    .replace(/([?&]sig=)[^&\s"'<>]+/gi, '$1***');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Azure's RestError (blob storage) carries the status; the Twirp client only writes it. */
function blobStatusOf(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return e instanceof Error && e.name === 'RestError' && typeof status === 'number'
    ? status
    : undefined;
}

/** The store's error for whatever @actions/artifact threw. */
export function toStoreError(
  e: unknown,
  operation: ArtifactOperation,
  artifact: string | undefined,
  token: string | undefined,
): Error {
  if (e instanceof GitHubArtifactError || e instanceof ArtifactNotFoundError) return e;
  if (e instanceof ClientArtifactNotFoundError && operation === 'download' && artifact)
    return new ArtifactNotFoundError(artifact);
  const text = redact(messageOf(e), token);
  const twirpStatus = Number(/Failed request: \((\d{3})\)/.exec(text)?.[1] ?? NaN);
  if (twirpStatus === 409 && operation === 'upload' && artifact)
    return new ArtifactExistsError(artifact);
  if (e instanceof UsageError) return new GitHubArtifactServiceError(operation, artifact, text);
  if (twirpStatus === 401 || twirpStatus === 403)
    return new GitHubArtifactAuthError(operation, artifact, twirpStatus, text);
  const network =
    e instanceof NetworkError
      ? e.code
      : (/Unable to make request: ([A-Z]+)/.exec(text)?.[1] ??
        (NETWORK_CODES.includes(codeOf(e) ?? '') ? codeOf(e) : undefined));
  if (network) return new GitHubArtifactNetworkError(operation, artifact, network);
  const blobStatus = blobStatusOf(e);
  if (blobStatus !== undefined)
    return new GitHubArtifactServiceError(
      operation,
      artifact,
      `blob storage answered HTTP ${blobStatus}: ${text}`,
    );
  if (
    !Number.isNaN(twirpStatus) ||
    /^(Failed to [A-Za-z]+:|Unable to download|Failed to make request)/.test(text) ||
    (e instanceof Error && e.name === 'GHESNotSupportedError')
  )
    return new GitHubArtifactServiceError(operation, artifact, text);
  // Not the service's failure (a bad name, a missing file): the client's message is clear.
  return e instanceof Error && text === e.message ? e : new Error(text);
}
