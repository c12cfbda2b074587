// A repository's self-hosted runners through GitHub's REST API (Octokit): list them, create a
// just-in-time configuration or a registration token for a new one, remove one. Endpoints and
// response shapes: https://docs.github.com/en/rest/actions/self-hosted-runners
//
// Every failure becomes a GitHubApiError whose message says what to do; no message ever contains
// the token, and Octokit's own request log (which prints to the console) is silenced.
import { Octokit } from '@octokit/rest';
import { redact } from '../core/git/secrets.js';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface RunnerInfo {
  readonly id: number;
  readonly name: string;
  readonly os: string;
  /** `online` or `offline`. */
  readonly status: string;
  readonly busy: boolean;
  readonly ephemeral: boolean | undefined;
  readonly labels: readonly string[];
}

export interface JitRequest {
  readonly name: string;
  /** Custom labels; GitHub wants at least one and at most 100. */
  readonly labels: readonly string[];
  /** 1 is the repository's default runner group. */
  readonly runnerGroupId: number;
  readonly workFolder?: string;
}

export interface JitConfig {
  readonly runner: RunnerInfo;
  /** The base64 runner configuration: a credential that registers one runner for one job. */
  readonly encodedJitConfig: string;
}

export interface RegistrationToken {
  /** A credential that registers runners for one hour. */
  readonly token: string;
  readonly expiresAt: string;
}

export interface GitHubRunnersOptions {
  readonly token: string;
  readonly repo: RepoRef;
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  readonly baseUrl: string;
  readonly timeoutMs?: number;
  readonly userAgent?: string;
}

/** A request GitHub refused or could not answer, explained for the user. Exit status 1. */
export class GitHubApiError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

const silent = { debug: noop, info: noop, warn: noop, error: noop };
function noop(): void {}

export class GitHubRunners {
  private readonly octokit: Octokit;
  private readonly timeoutMs: number;

  constructor(private readonly options: GitHubRunnersOptions) {
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: options.userAgent ?? 'opp-campaign',
      log: silent,
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private get target(): { owner: string; repo: string } {
    return { owner: this.options.repo.owner, repo: this.options.repo.repo };
  }

  /** Every self-hosted runner of the repository, all pages, sorted by name then id. */
  async list(): Promise<RunnerInfo[]> {
    const runners = await this.call('list the self-hosted runners of', () =>
      this.octokit.paginate(this.octokit.rest.actions.listSelfHostedRunnersForRepo, {
        ...this.target,
        per_page: 100,
        request: { signal: AbortSignal.timeout(this.timeoutMs) },
      }),
    );
    return runners.map(toRunnerInfo).sort((a, b) => compare(a.name, b.name) || a.id - b.id);
  }

  async createJitConfig(request: JitRequest): Promise<JitConfig> {
    const { data } = await this.call(
      'create a just-in-time runner configuration for',
      () =>
        this.octokit.rest.actions.generateRunnerJitconfigForRepo({
          ...this.target,
          name: request.name,
          labels: [...request.labels],
          runner_group_id: request.runnerGroupId,
          ...(request.workFolder === undefined ? {} : { work_folder: request.workFolder }),
          request: { signal: AbortSignal.timeout(this.timeoutMs) },
        }),
      ' Check the runner: its --name (at most 64 characters), its --labels, its' +
        ' --runner-group-id (a group that exists and admits this repository) and its' +
        ' --work-folder.',
    );
    return { runner: toRunnerInfo(data.runner), encodedJitConfig: data.encoded_jit_config };
  }

  async createRegistrationToken(): Promise<RegistrationToken> {
    const { data } = await this.call('create a runner registration token for', () =>
      this.octokit.rest.actions.createRegistrationTokenForRepo({
        ...this.target,
        request: { signal: AbortSignal.timeout(this.timeoutMs) },
      }),
    );
    return { token: data.token, expiresAt: data.expires_at };
  }

  async remove(runnerId: number): Promise<void> {
    await this.call(
      `remove runner ${runnerId} from`,
      () =>
        this.octokit.rest.actions.deleteSelfHostedRunnerFromRepo({
          ...this.target,
          runner_id: runnerId,
          request: { signal: AbortSignal.timeout(this.timeoutMs) },
        }),
      ' A busy runner cannot be removed until its job ends.',
    );
  }

  /** `hint422`: what a 422 (Validation Failed) means for this request. */
  private async call<T>(what: string, fn: () => Promise<T>, hint422 = ''): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = explain(err, what, this.options, hint422);
      // GitHub's message may echo what it was sent (a 401's "you sent token ...")
      e.message = redact(e.message, this.options.token);
      throw e;
    }
  }
}

interface LabelLike {
  readonly name: string;
}
interface RunnerLike {
  readonly id: number;
  readonly name: string;
  readonly os: string;
  readonly status: string;
  readonly busy: boolean;
  readonly ephemeral?: boolean;
  readonly labels: readonly LabelLike[];
}

function toRunnerInfo(r: RunnerLike): RunnerInfo {
  return {
    id: r.id,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    ephemeral: r.ephemeral,
    labels: r.labels.map((l) => l.name),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface HttpFailure {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string | undefined;
}

/** Octokit's RequestError, read by shape (it is not a dependency of ours). */
function httpFailure(err: unknown): HttpFailure | undefined {
  if (!(err instanceof Error) || !('status' in err) || typeof err.status !== 'number')
    return undefined;
  if (err.status === 500 && !('response' in err && err.response)) return undefined;
  const response = 'response' in err ? (err.response as Record<string, unknown> | undefined) : {};
  const headers = (response?.['headers'] ?? {}) as HttpFailure['headers'];
  const data = response?.['data'];
  const message =
    typeof data === 'object' &&
    data !== null &&
    'message' in data &&
    typeof data.message === 'string'
      ? data.message
      : undefined;
  return { status: err.status, headers, message };
}

function explain(
  err: unknown,
  what: string,
  options: GitHubRunnersOptions,
  hint422: string,
): GitHubApiError {
  const repo = `${options.repo.owner}/${options.repo.repo}`;
  const failure = httpFailure(err);
  if (!failure) return unreachable(err, options.baseUrl);
  const { status, headers, message } = failure;
  const said = message ? ` GitHub said: "${message}".` : '';
  const remaining = headers['x-ratelimit-remaining'];
  if ((status === 403 || status === 429) && String(remaining) === '0')
    return new GitHubApiError(
      `GitHub's API rate limit for this token is used up (${status});` +
        ` it resets ${resetTime(headers['x-ratelimit-reset'])}. Try again then.`,
      status,
    );
  const secondary = message !== undefined && /secondary rate limit/i.test(message);
  if (status === 429 || (status === 403 && (headers['retry-after'] !== undefined || secondary)))
    return new GitHubApiError(
      `GitHub is limiting requests from this token (secondary rate limit, ${status});` +
        ` wait ${headers['retry-after'] ?? 60} seconds before trying again.${said}`,
      status,
    );
  switch (status) {
    case 401:
      return new GitHubApiError(
        `GitHub refused the token (401${message ? ` ${message}` : ''}): GITHUB_TOKEN or GH_TOKEN` +
          ' is wrong, expired or revoked. Create a new one (see runner-image/README.md, "Tokens").',
        status,
      );
    case 403:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (403): the token may not manage this repository's` +
          ' runners. A fine-grained token needs the repository permission "Administration"' +
          ' (read for list, read and write otherwise); a classic token needs the "repo" scope;' +
          ` organization policy may also forbid repository-level runners.${said}`,
        status,
      );
    case 404:
      return new GitHubApiError(
        `GitHub answered 404 when asked to ${what} ${repo}: the repository or runner does not` +
          ' exist, or the token cannot see it (a fine-grained token must be granted this' +
          ` repository; a 404 is also what GitHub answers to a token without access).${said}`,
        status,
      );
    case 409:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (409 Conflict): a runner with that name probably` +
          ` exists already; choose another --name or remove the old runner.${said}`,
        status,
      );
    case 422:
      return new GitHubApiError(
        `GitHub rejected the request to ${what} ${repo} (422).${said}${hint422}`,
        status,
      );
    default:
      return new GitHubApiError(
        `GitHub failed to ${what} ${repo} (HTTP ${status}).${said} Try again later.`,
        status,
      );
  }
}

function resetTime(reset: string | number | undefined): string {
  const seconds = Number(reset);
  if (!Number.isFinite(seconds) || seconds <= 0) return 'within the hour';
  return `at ${new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

function unreachable(err: unknown, baseUrl: string): GitHubApiError {
  const chain: Error[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  // undici reports a proxy's refusal of the tunnel as an AbortError: not a timeout
  const refused = chain.map((e) => /^Proxy response \((\d+)\)/.exec(e.message)?.[1]).find(Boolean);
  if (refused)
    return new GitHubApiError(
      `The proxy refused a tunnel to GitHub's API at ${baseUrl} (HTTP` +
        ` ${refused}): check HTTPS_PROXY and NO_PROXY.`,
      undefined,
    );
  if (chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError'))
    return new GitHubApiError(`GitHub did not answer in time (${baseUrl}).`, undefined);
  const coded = chain.find((e) => 'code' in e && typeof e.code === 'string');
  const code = coded && 'code' in coded ? ` (${String(coded.code)})` : '';
  const detail = err instanceof Error ? err.message : String(err);
  return new GitHubApiError(
    `Cannot reach GitHub's API at ${baseUrl}${code}: ${detail}. Check the network, or` +
      ' GITHUB_API_URL on GitHub Enterprise Server.',
    undefined,
  );
}
