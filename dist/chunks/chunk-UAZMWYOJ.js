import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  Octokit,
  legacyRestEndpointMethods,
  paginateRest,
  requestLog
} from "./chunk-7WW3LWF4.js";

// src/adapters/git-remote.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
function parseRemoteUrl(url) {
  const text = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:(?!\/)([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(text);
  const web = /^(?:https?|ssh|git):\/\/(?:[^@/\s]+@)?[^/\s]+\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(text);
  const m = scp ?? web;
  if (!m?.[1] || !m[2]) return void 0;
  return { owner: m[1], repo: m[2] };
}
async function originRepo(cwd) {
  try {
    const { stdout } = await run("git", ["remote", "get-url", "origin"], { cwd });
    return parseRemoteUrl(stdout);
  } catch {
    return void 0;
  }
}

// node_modules/@octokit/rest/dist-src/version.js
var VERSION = "22.0.1";

// node_modules/@octokit/rest/dist-src/index.js
var Octokit2 = Octokit.plugin(requestLog, legacyRestEndpointMethods, paginateRest).defaults(
  {
    userAgent: `octokit-rest.js/${VERSION}`
  }
);

// src/adapters/github-runners.ts
var GitHubApiError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
    this.name = "GitHubApiError";
  }
  status;
  userFacing = true;
};
var silent = { debug: noop, info: noop, warn: noop, error: noop };
function noop() {
}
var GitHubRunners = class {
  constructor(options) {
    this.options = options;
    this.octokit = new Octokit2({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      userAgent: options.userAgent ?? "opp-campaign",
      log: silent
    });
    this.timeoutMs = options.timeoutMs ?? 3e4;
  }
  options;
  octokit;
  timeoutMs;
  get target() {
    return { owner: this.options.repo.owner, repo: this.options.repo.repo };
  }
  /** Every self-hosted runner of the repository, all pages, sorted by name then id. */
  async list() {
    const runners = await this.call(
      "list the self-hosted runners of",
      () => this.octokit.paginate(this.octokit.rest.actions.listSelfHostedRunnersForRepo, {
        ...this.target,
        per_page: 100,
        request: { signal: AbortSignal.timeout(this.timeoutMs) }
      })
    );
    return runners.map(toRunnerInfo).sort((a, b) => compare(a.name, b.name) || a.id - b.id);
  }
  async createJitConfig(request) {
    const { data } = await this.call(
      "create a just-in-time runner configuration for",
      () => this.octokit.rest.actions.generateRunnerJitconfigForRepo({
        ...this.target,
        name: request.name,
        labels: [...request.labels],
        runner_group_id: request.runnerGroupId,
        ...request.workFolder === void 0 ? {} : { work_folder: request.workFolder },
        request: { signal: AbortSignal.timeout(this.timeoutMs) }
      })
    );
    return { runner: toRunnerInfo(data.runner), encodedJitConfig: data.encoded_jit_config };
  }
  async createRegistrationToken() {
    const { data } = await this.call(
      "create a runner registration token for",
      () => this.octokit.rest.actions.createRegistrationTokenForRepo({
        ...this.target,
        request: { signal: AbortSignal.timeout(this.timeoutMs) }
      })
    );
    return { token: data.token, expiresAt: data.expires_at };
  }
  async remove(runnerId) {
    await this.call(
      `remove runner ${runnerId} from`,
      () => this.octokit.rest.actions.deleteSelfHostedRunnerFromRepo({
        ...this.target,
        runner_id: runnerId,
        request: { signal: AbortSignal.timeout(this.timeoutMs) }
      })
    );
  }
  async call(what, fn) {
    try {
      return await fn();
    } catch (err) {
      throw explain(err, what, this.options);
    }
  }
};
function toRunnerInfo(r) {
  return {
    id: r.id,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    ephemeral: r.ephemeral,
    labels: r.labels.map((l) => l.name)
  };
}
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function httpFailure(err) {
  if (!(err instanceof Error) || !("status" in err) || typeof err.status !== "number")
    return void 0;
  if (err.status === 500 && !("response" in err && err.response)) return void 0;
  const response = "response" in err ? err.response : {};
  const headers = response?.["headers"] ?? {};
  const data = response?.["data"];
  const message = typeof data === "object" && data !== null && "message" in data && typeof data.message === "string" ? data.message : void 0;
  return { status: err.status, headers, message };
}
function explain(err, what, options) {
  const repo = `${options.repo.owner}/${options.repo.repo}`;
  const failure = httpFailure(err);
  if (!failure) return unreachable(err, options.baseUrl);
  const { status, headers, message } = failure;
  const said = message ? ` GitHub said: "${message}".` : "";
  const remaining = headers["x-ratelimit-remaining"];
  if ((status === 403 || status === 429) && String(remaining) === "0")
    return new GitHubApiError(
      `GitHub's API rate limit for this token is used up (${status}); it resets ${resetTime(headers["x-ratelimit-reset"])}. Try again then.`,
      status
    );
  const secondary = message !== void 0 && /secondary rate limit/i.test(message);
  if (status === 429 || status === 403 && (headers["retry-after"] !== void 0 || secondary))
    return new GitHubApiError(
      `GitHub is limiting requests from this token (secondary rate limit, ${status}); wait ${headers["retry-after"] ?? 60} seconds before trying again.${said}`,
      status
    );
  switch (status) {
    case 401:
      return new GitHubApiError(
        `GitHub refused the token (401${message ? ` ${message}` : ""}): GITHUB_TOKEN or GH_TOKEN is wrong, expired or revoked. Create a new one (see runner-image/README.md, "Tokens").`,
        status
      );
    case 403:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (403): the token may not manage this repository's runners. A fine-grained token needs the repository permission "Administration" (read for list, read and write otherwise); a classic token needs the "repo" scope; organization policy may also forbid repository-level runners.${said}`,
        status
      );
    case 404:
      return new GitHubApiError(
        `GitHub answered 404 when asked to ${what} ${repo}: the repository or runner does not exist, or the token cannot see it (a fine-grained token must be granted this repository; a 404 is also what GitHub answers to a token without access).${said}`,
        status
      );
    case 409:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (409 Conflict): a runner with that name probably exists already; choose another --name or remove the old runner.${said}`,
        status
      );
    case 422:
      return new GitHubApiError(
        `GitHub rejected the request to ${what} ${repo} (422).${said} A busy runner cannot be removed until its job ends.`,
        status
      );
    default:
      return new GitHubApiError(
        `GitHub failed to ${what} ${repo} (HTTP ${status}).${said} Try again later.`,
        status
      );
  }
}
function resetTime(reset) {
  const seconds = Number(reset);
  if (!Number.isFinite(seconds) || seconds <= 0) return "within the hour";
  return `at ${new Date(seconds * 1e3).toISOString().replace(/\.\d+Z$/, "Z")}`;
}
function unreachable(err, baseUrl) {
  const chain = [];
  for (let e = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  if (chain.some((e) => e.name === "TimeoutError" || e.name === "AbortError"))
    return new GitHubApiError(`GitHub did not answer in time (${baseUrl}).`, void 0);
  const coded = chain.find((e) => "code" in e && typeof e.code === "string");
  const code = coded && "code" in coded ? ` (${String(coded.code)})` : "";
  const detail = err instanceof Error ? err.message : String(err);
  return new GitHubApiError(
    `Cannot reach GitHub's API at ${baseUrl}${code}: ${detail}. Check the network, or GITHUB_API_URL on GitHub Enterprise Server.`,
    void 0
  );
}

export {
  parseRemoteUrl,
  originRepo,
  Octokit2 as Octokit,
  GitHubApiError,
  GitHubRunners
};
