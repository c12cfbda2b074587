// A repository's campaign workflow through GitHub's REST API (Octokit): dispatch it, find and
// read its runs, jobs and artifacts, download an artifact, and create the branch a dispatch
// needs. Endpoints: https://docs.github.com/en/rest/actions/workflows,
// .../actions/workflow-runs, .../actions/workflow-jobs, .../actions/artifacts, .../git/refs.
//
// Every failure becomes a GitHubApiError that says what to do (which permission a token lacks,
// when a rate limit resets); rate limits and passing outages are typed so that a poller can wait
// and retry. No message contains the token, and Octokit's own console log is silenced.
import { Octokit } from '@octokit/rest';
import { createWriteStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { redact } from '../core/git/secrets.js';
import { GitHubApiError, type RepoRef } from './github-runners.js';

export { GitHubApiError, type RepoRef };

/** GitHub asked us to slow down (403/429): `retryAfterS`, or the limit resets at `resetAtS`. */
export class GitHubRateLimitError extends GitHubApiError {
  constructor(
    message: string,
    status: number,
    readonly retryAfterS: number | undefined,
    readonly remaining: number | undefined,
    readonly resetAtS: number | undefined,
  ) {
    super(message, status);
    this.name = 'GitHubRateLimitError';
  }
}

/** A failure that may pass: a 5xx answer, a timeout, a dropped connection. */
export class GitHubUnavailableError extends GitHubApiError {
  constructor(message: string, status: number | undefined) {
    super(message, status);
    this.name = 'GitHubUnavailableError';
  }
}

/** GitHub's API could not be reached at all (no answer: a refused connection, no DNS name). */
export class GitHubUnreachableError extends GitHubUnavailableError {
  constructor(message: string) {
    super(message, undefined);
    this.name = 'GitHubUnreachableError';
  }
}

export interface WorkflowRunInfo {
  readonly id: number;
  /** queued, in_progress, completed, waiting, requested, pending */
  readonly status: string;
  /** success, failure, cancelled, timed_out, ... once completed */
  readonly conclusion: string | null;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly event: string;
  readonly htmlUrl: string;
  readonly createdAtMs: number;
  readonly startedAtMs: number;
  readonly attempt: number;
}

export interface JobInfo {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly startedAtMs: number | undefined;
  readonly completedAtMs: number | undefined;
}

export interface ArtifactInfo {
  readonly id: number;
  readonly name: string;
  readonly sizeInBytes: number;
  readonly expired: boolean;
}

/** What the dispatch answered: the run (200, with return_run_details), or only its time (204). */
export type DispatchResult =
  | { readonly kind: 'run'; readonly runId: number; readonly htmlUrl: string }
  | { readonly kind: 'accepted'; readonly serverTimeMs: number | undefined };

export interface RateInfo {
  readonly remaining: number | undefined;
  readonly resetAtS: number | undefined;
}

export interface GitHubCampaignsOptions {
  readonly token: string;
  readonly repo: RepoRef;
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  readonly baseUrl: string;
  /** The workflow file name, e.g. `campaign.yml`. */
  readonly workflow: string;
  readonly timeoutMs?: number;
  /** An artifact download that receives no data for this long fails (default 60 s). */
  readonly downloadIdleMs?: number;
}

/** An artifact download received nothing for a while: it stopped, and is not retried. */
export class DownloadStalledError extends GitHubApiError {
  constructor(message: string) {
    super(message, undefined);
    this.name = 'DownloadStalledError';
  }
}

const silent = { debug: noop, info: noop, warn: noop, error: noop };
function noop(): void {}

/** Permissions a fine-grained token needs, by operation (classic tokens: the `repo` scope). */
const NEEDS = {
  actionsRead: 'Actions: read',
  actionsWrite: 'Actions: read and write',
  contentsRead: 'Contents: read',
  contentsWrite: 'Contents: read and write',
  pullsRead: 'Pull requests: read',
} as const;
type Need = (typeof NEEDS)[keyof typeof NEEDS];

export class GitHubCampaigns {
  private readonly octokit: Octokit;
  private readonly timeoutMs: number;
  /** GitHub has answered a request of this client (an error status included). */
  private answered = false;
  /** The rate limit as the last answer reported it. */
  lastRate: RateInfo = { remaining: undefined, resetAtS: undefined };

  constructor(private readonly options: GitHubCampaignsOptions) {
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: 'opp-campaign',
      log: silent,
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get repo(): RepoRef {
    return this.options.repo;
  }

  private get target(): { owner: string; repo: string } {
    return { owner: this.options.repo.owner, repo: this.options.repo.repo };
  }

  private request(): { signal: AbortSignal } {
    return { signal: AbortSignal.timeout(this.timeoutMs) };
  }

  /** POST .../workflows/{workflow}/dispatches with return_run_details. */
  async dispatch(ref: string, inputs: Readonly<Record<string, string>>): Promise<DispatchResult> {
    const res = await this.call('start the campaign workflow of', NEEDS.actionsWrite, () =>
      this.octokit.rest.actions.createWorkflowDispatch({
        ...this.target,
        workflow_id: this.options.workflow,
        ref,
        inputs,
        return_run_details: true,
        request: this.request(),
      }),
    );
    const data = res.data as unknown;
    if ((res.status as number) === 200 && isDispatchDetails(data))
      return { kind: 'run', runId: Number(data.workflow_run_id), htmlUrl: data.html_url };
    const date = Date.parse(String(res.headers.date ?? ''));
    return { kind: 'accepted', serverTimeMs: Number.isNaN(date) ? undefined : date };
  }

  /** Runs of the workflow on `branch` started by workflow_dispatch at or after `sinceMs`. */
  async dispatchedRuns(branch: string, sinceMs: number): Promise<WorkflowRunInfo[]> {
    const res = await this.call('list the campaign runs of', NEEDS.actionsRead, () =>
      this.octokit.rest.actions.listWorkflowRuns({
        ...this.target,
        workflow_id: this.options.workflow,
        branch,
        event: 'workflow_dispatch',
        created: `>=${isoSeconds(sinceMs)}`,
        per_page: 30,
        request: this.request(),
      }),
    );
    return res.data.workflow_runs.map(toRun);
  }

  /** The newest run of the workflow (optionally only those of `headSha`), or undefined. */
  async latestRun(
    filter: { headSha?: string; event?: string } = {},
  ): Promise<WorkflowRunInfo | undefined> {
    const res = await this.call('list the campaign runs of', NEEDS.actionsRead, () =>
      this.octokit.rest.actions.listWorkflowRuns({
        ...this.target,
        workflow_id: this.options.workflow,
        ...(filter.headSha ? { head_sha: filter.headSha } : {}),
        ...(filter.event ? { event: filter.event } : {}),
        per_page: 1,
        request: this.request(),
      }),
    );
    const run = res.data.workflow_runs[0];
    return run ? toRun(run) : undefined;
  }

  async run(runId: number): Promise<WorkflowRunInfo> {
    const res = await this.call(`read run ${runId} of`, NEEDS.actionsRead, () =>
      this.octokit.rest.actions.getWorkflowRun({
        ...this.target,
        run_id: runId,
        request: this.request(),
      }),
    );
    return toRun(res.data);
  }

  /** Every job of the run's latest attempt, all pages. */
  async jobs(runId: number): Promise<JobInfo[]> {
    const jobs = await this.call(
      `list the jobs of run ${runId} of`,
      NEEDS.actionsRead,
      async () => {
        const out = [];
        for await (const page of this.octokit.paginate.iterator(
          this.octokit.rest.actions.listJobsForWorkflowRun,
          {
            ...this.target,
            run_id: runId,
            filter: 'latest',
            per_page: 100,
            request: this.request(),
          },
        )) {
          this.noteRate(page.headers);
          out.push(...page.data);
        }
        return out;
      },
    );
    return jobs.map((j) => ({
      id: Number(j.id),
      name: j.name,
      status: j.status,
      conclusion: j.conclusion,
      startedAtMs: time(j.started_at),
      completedAtMs: time(j.completed_at ?? undefined),
    }));
  }

  /** The run's artifacts whose name starts with `prefix`, all pages, sorted by name. */
  async artifacts(runId: number, prefix = ''): Promise<ArtifactInfo[]> {
    const all = await this.call(
      `list the artifacts of run ${runId} of`,
      NEEDS.actionsRead,
      async () => {
        const out = [];
        for await (const page of this.octokit.paginate.iterator(
          this.octokit.rest.actions.listWorkflowRunArtifacts,
          { ...this.target, run_id: runId, per_page: 100, request: this.request() },
        )) {
          this.noteRate(page.headers);
          out.push(...page.data);
        }
        return out;
      },
    );
    return all
      .filter((a) => a.name.startsWith(prefix))
      .map((a) => ({
        id: Number(a.id),
        name: a.name,
        sizeInBytes: a.size_in_bytes,
        expired: a.expired,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  }

  /**
   * Downloads an artifact's zip into `file`. The API answers with a redirect to a URL that
   * expires after a minute, so it is followed at once, without our Authorization header (the
   * URL carries its own short-lived signature). More than `maxBytes` stops the download, and so
   * does `signal` (Ctrl-C): then the error is the signal's reason, an AbortError.
   */
  async downloadArtifact(
    artifact: ArtifactInfo,
    file: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<number> {
    const until = (ms: number): AbortSignal =>
      signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
    const res = await this.call(`download artifact '${artifact.name}' of`, NEEDS.actionsRead, () =>
      this.octokit.rest.actions.downloadArtifact({
        ...this.target,
        artifact_id: artifact.id,
        archive_format: 'zip',
        request: {
          signal: until(this.timeoutMs),
          redirect: 'manual',
          parseSuccessResponseBody: false,
        },
      }),
    );
    const location = (res.headers as Record<string, string | undefined>)['location'];
    if (res.status !== 302 || !location)
      throw new GitHubApiError(
        `GitHub answered ${res.status} without a download link for artifact '${artifact.name}'.`,
        res.status,
      );
    // a transfer that stops sending (half the zip, then nothing) fails after downloadIdleMs of
    // silence, not after the hour a large artifact may take
    const idleMs = this.options.downloadIdleMs ?? 60_000;
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          idle.abort(
            new DownloadStalledError(
              `the download of artifact '${artifact.name}' stalled: no data for ${idleMs / 1000} s`,
            ),
          ),
        idleMs,
      );
    };
    const stalled = (): void => {
      signal?.throwIfAborted();
      if (idle.signal.aborted) throw idle.signal.reason;
    };
    arm();
    try {
      let body: Response;
      try {
        // a large artifact takes a while: the transfer gets an hour, not the API timeout
        body = await fetch(location, {
          redirect: 'follow',
          signal: AbortSignal.any([until(3_600_000), idle.signal]),
        });
      } catch (e) {
        stalled();
        throw new GitHubUnavailableError(
          `the download of artifact '${artifact.name}' failed: ${describeCause(e)}; try again.`,
          undefined,
        );
      }
      if (!body.ok || !body.body)
        throw new GitHubUnavailableError(
          `the download link of artifact '${artifact.name}' answered ${body.status}; try again` +
            ' (the link expires after a minute).',
          body.status,
        );
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback): void {
          arm();
          bytes += chunk.length;
          if (bytes > maxBytes)
            done(
              new GitHubApiError(
                `artifact '${artifact.name}' is larger than ${maxBytes} bytes: refused`,
                undefined,
              ),
            );
          else done(null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(body.body),
          limit,
          createWriteStream(file, { flags: 'wx' }),
          { signal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal },
        );
      } catch (e) {
        stalled();
        throw e;
      }
      return bytes;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The commit at the tip of `branch` on GitHub, or undefined when there is no such branch. */
  async branchSha(branch: string): Promise<string | undefined> {
    try {
      const res = await this.octokit.rest.git.getRef({
        ...this.target,
        ref: `heads/${branch}`,
        request: this.request(),
      });
      this.noteRate(res.headers);
      return res.data.object.sha;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw this.explain(err, `read branch '${branch}' of`, NEEDS.contentsRead);
    }
  }

  /** Creates `branch` at `sha`; an existing branch at the same commit is fine. */
  async createBranch(branch: string, sha: string): Promise<void> {
    try {
      const res = await this.octokit.rest.git.createRef({
        ...this.target,
        ref: `refs/heads/${branch}`,
        sha,
        request: this.request(),
      });
      this.noteRate(res.headers);
    } catch (err) {
      if (statusOf(err) === 422 && (await this.branchSha(branch)) === sha) return;
      throw this.explain(err, `create branch '${branch}' in`, NEEDS.contentsWrite);
    }
  }

  async pullRequestHead(pr: number): Promise<{ sha: string; ref: string }> {
    const res = await this.call(`read pull request #${pr} of`, NEEDS.pullsRead, () =>
      this.octokit.rest.pulls.get({ ...this.target, pull_number: pr, request: this.request() }),
    );
    return { sha: res.data.head.sha, ref: res.data.head.ref };
  }

  private async call<T>(what: string, need: Need, fn: () => Promise<T>): Promise<T> {
    try {
      const res = await fn();
      this.answered = true;
      if (typeof res === 'object' && res !== null && 'headers' in res)
        this.noteRate(res.headers as object);
      return res;
    } catch (err) {
      throw this.explain(err, what, need);
    }
  }

  private noteRate(headers: object): void {
    const h = headers as Record<string, string | number | undefined>;
    const remaining = num(h['x-ratelimit-remaining']);
    if (remaining !== undefined)
      this.lastRate = { remaining, resetAtS: num(h['x-ratelimit-reset']) };
  }

  private explain(err: unknown, what: string, need: Need): GitHubApiError {
    const e = explain(err, what, need, this.options);
    e.message = redact(e.message, this.options.token);
    if (e.status !== undefined) this.answered = true;
    // an address that never answered (a wrong GITHUB_API_URL, no network): waiting minutes for
    // it would not help; once GitHub has answered, a lost connection is retried as a passing one
    else if (!this.answered) return new GitHubApiError(e.message, undefined);
    return e;
  }
}

function isDispatchDetails(
  v: unknown,
): v is { workflow_run_id: number; html_url: string; run_url: string } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    (typeof o['workflow_run_id'] === 'number' || typeof o['workflow_run_id'] === 'bigint') &&
    typeof o['html_url'] === 'string'
  );
}

interface RunLike {
  readonly id: number | bigint;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly head_sha: string;
  readonly head_branch: string | null;
  readonly event: string;
  readonly html_url: string;
  readonly created_at: string;
  readonly run_started_at?: string;
  readonly run_attempt?: number;
}

function toRun(r: RunLike): WorkflowRunInfo {
  const created = Date.parse(r.created_at);
  return {
    id: Number(r.id),
    status: r.status ?? 'queued',
    conclusion: r.conclusion,
    headSha: r.head_sha,
    headBranch: r.head_branch,
    event: r.event,
    htmlUrl: r.html_url,
    createdAtMs: created,
    startedAtMs: time(r.run_started_at) ?? created,
    attempt: r.run_attempt ?? 1,
  };
}

const time = (s: string | null | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

const num = (v: string | number | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** GitHub's `created` filter takes ISO 8601 times; seconds are its resolution. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function statusOf(err: unknown): number | undefined {
  return err instanceof Error && 'status' in err && typeof err.status === 'number'
    ? err.status
    : undefined;
}

interface HttpFailure {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string | undefined;
}

/** Octokit's RequestError, read by shape; undefined for failures without an HTTP answer. */
function httpFailure(err: unknown): HttpFailure | undefined {
  const status = statusOf(err);
  if (status === undefined || !(err instanceof Error)) return undefined;
  const response = 'response' in err ? (err.response as Record<string, unknown> | undefined) : {};
  if (status === 500 && !response) return undefined;
  const headers = (response?.['headers'] ?? {}) as HttpFailure['headers'];
  const data = response?.['data'];
  const message =
    typeof data === 'object' &&
    data !== null &&
    'message' in data &&
    typeof data.message === 'string'
      ? data.message
      : undefined;
  return { status, headers, message };
}

function explain(
  err: unknown,
  what: string,
  need: Need,
  options: GitHubCampaignsOptions,
): GitHubApiError {
  if (err instanceof GitHubApiError) return err;
  const repo = `${options.repo.owner}/${options.repo.repo}`;
  const failure = httpFailure(err);
  if (!failure) return unreachable(err, options.baseUrl);
  const { status, headers, message } = failure;
  const said = message ? ` GitHub said: "${message}".` : '';
  const retryAfter = num(headers['retry-after']);
  const remaining = num(headers['x-ratelimit-remaining']);
  const resetAt = num(headers['x-ratelimit-reset']);
  if ((status === 403 || status === 429) && remaining === 0)
    return new GitHubRateLimitError(
      `GitHub's API rate limit for this token is used up (${status}); it resets` +
        ` ${resetTime(resetAt)}.`,
      status,
      retryAfter,
      remaining,
      resetAt,
    );
  const secondary = message !== undefined && /secondary rate limit/i.test(message);
  if (status === 429 || (status === 403 && (retryAfter !== undefined || secondary)))
    return new GitHubRateLimitError(
      `GitHub is limiting requests from this token (secondary rate limit, ${status});` +
        ` wait ${retryAfter ?? 60} seconds before trying again.${said}`,
      status,
      retryAfter,
      remaining,
      resetAt,
    );
  if (status >= 500)
    return new GitHubUnavailableError(
      `GitHub failed to ${what} ${repo} (HTTP ${status}).${said} Try again later.`,
      status,
    );
  const accepted = headers['x-accepted-github-permissions'];
  const permission =
    `a fine-grained token needs the repository permission "${need}"` +
    `${accepted ? ` (GitHub accepts: ${String(accepted)})` : ''}; a classic token needs the` +
    ' "repo" scope';
  switch (status) {
    case 401:
      return new GitHubApiError(
        `GitHub refused the token (401${message ? ` ${message}` : ''}): GH_TOKEN or GITHUB_TOKEN` +
          ' (or the gh CLI login) is wrong, expired or revoked. Create a new token, or run' +
          ' `gh auth login`.',
        status,
      );
    case 403:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (403): ${permission}.${said}`,
        status,
      );
    case 404:
      return new GitHubApiError(
        `GitHub answered 404 when asked to ${what} ${repo}: it does not exist, or the token` +
          ` cannot see it (GitHub answers 404 to a token without access; ${permission}).` +
          `${options.workflow && /workflow/.test(what) ? ` Is .github/workflows/${options.workflow} on the default branch?` : ''}${said}`,
        status,
      );
    case 410:
      return new GitHubApiError(
        `GitHub no longer has what was asked to ${what} ${repo} (410: expired; artifacts are` +
          ` kept 90 days unless the repository says otherwise).${said}`,
        status,
      );
    case 422:
      return new GitHubApiError(
        `GitHub rejected the request to ${what} ${repo} (422).${said}`,
        status,
      );
    default:
      return new GitHubApiError(
        `GitHub failed to ${what} ${repo} (HTTP ${status}).${said}`,
        status,
      );
  }
}

function resetTime(reset: number | undefined): string {
  if (reset === undefined || reset <= 0) return 'within the hour';
  return `at ${new Date(reset * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

function describeCause(err: unknown): string {
  const chain: Error[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  const coded = chain.find((e) => 'code' in e && typeof e.code === 'string');
  const code = coded && 'code' in coded ? ` (${String(coded.code)})` : '';
  return `${err instanceof Error ? err.message : String(err)}${code}`;
}

function unreachable(err: unknown, baseUrl: string): GitHubApiError {
  const chain: Error[] = [];
  for (let e: unknown = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  // undici reports a proxy's refusal of the tunnel as an AbortError: not a timeout
  const refused = chain.map((e) => /^Proxy response \((\d+)\)/.exec(e.message)?.[1]).find(Boolean);
  if (refused)
    return new GitHubUnreachableError(
      `The proxy refused a tunnel to GitHub's API at ${baseUrl} (HTTP` +
        ` ${refused}): check HTTPS_PROXY and NO_PROXY.`,
    );
  if (chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError'))
    return new GitHubUnavailableError(`GitHub did not answer in time (${baseUrl}).`, undefined);
  return new GitHubUnreachableError(
    `Cannot reach GitHub's API at ${baseUrl}: ${describeCause(err)}. Check the network, or` +
      ' GITHUB_API_URL on GitHub Enterprise Server.',
  );
}
