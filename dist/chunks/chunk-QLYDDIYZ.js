import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  GitHubApiError,
  Octokit,
  parseRemoteUrl
} from "./chunk-UAZMWYOJ.js";
import {
  redact
} from "./chunk-7OWKUHJG.js";
import {
  shown
} from "./chunk-NMW2MYNH.js";
import {
  EXIT,
  UsageError
} from "./chunk-UFMSSHFB.js";

// src/adapters/github-campaigns.ts
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
var GitHubRateLimitError = class extends GitHubApiError {
  constructor(message, status, retryAfterS, remaining, resetAtS) {
    super(message, status);
    this.retryAfterS = retryAfterS;
    this.remaining = remaining;
    this.resetAtS = resetAtS;
    this.name = "GitHubRateLimitError";
  }
  retryAfterS;
  remaining;
  resetAtS;
};
var GitHubUnavailableError = class extends GitHubApiError {
  constructor(message, status) {
    super(message, status);
    this.name = "GitHubUnavailableError";
  }
};
var silent = { debug: noop, info: noop, warn: noop, error: noop };
function noop() {
}
var NEEDS = {
  actionsRead: "Actions: read",
  actionsWrite: "Actions: read and write",
  contentsRead: "Contents: read",
  contentsWrite: "Contents: read and write",
  pullsRead: "Pull requests: read"
};
var GitHubCampaigns = class {
  constructor(options) {
    this.options = options;
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      userAgent: "opp-campaign",
      log: silent
    });
    this.timeoutMs = options.timeoutMs ?? 3e4;
  }
  options;
  octokit;
  timeoutMs;
  /** The rate limit as the last answer reported it. */
  lastRate = { remaining: void 0, resetAtS: void 0 };
  get repo() {
    return this.options.repo;
  }
  get target() {
    return { owner: this.options.repo.owner, repo: this.options.repo.repo };
  }
  request() {
    return { signal: AbortSignal.timeout(this.timeoutMs) };
  }
  /** POST .../workflows/{workflow}/dispatches with return_run_details. */
  async dispatch(ref, inputs) {
    const res = await this.call(
      "start the campaign workflow of",
      NEEDS.actionsWrite,
      () => this.octokit.rest.actions.createWorkflowDispatch({
        ...this.target,
        workflow_id: this.options.workflow,
        ref,
        inputs,
        return_run_details: true,
        request: this.request()
      })
    );
    const data = res.data;
    if (res.status === 200 && isDispatchDetails(data))
      return { kind: "run", runId: Number(data.workflow_run_id), htmlUrl: data.html_url };
    const date = Date.parse(String(res.headers.date ?? ""));
    return { kind: "accepted", serverTimeMs: Number.isNaN(date) ? void 0 : date };
  }
  /** Runs of the workflow on `branch` started by workflow_dispatch at or after `sinceMs`. */
  async dispatchedRuns(branch, sinceMs) {
    const res = await this.call(
      "list the campaign runs of",
      NEEDS.actionsRead,
      () => this.octokit.rest.actions.listWorkflowRuns({
        ...this.target,
        workflow_id: this.options.workflow,
        branch,
        event: "workflow_dispatch",
        created: `>=${isoSeconds(sinceMs)}`,
        per_page: 30,
        request: this.request()
      })
    );
    return res.data.workflow_runs.map(toRun);
  }
  /** The newest run of the workflow (optionally only those of `headSha`), or undefined. */
  async latestRun(filter = {}) {
    const res = await this.call(
      "list the campaign runs of",
      NEEDS.actionsRead,
      () => this.octokit.rest.actions.listWorkflowRuns({
        ...this.target,
        workflow_id: this.options.workflow,
        ...filter.headSha ? { head_sha: filter.headSha } : {},
        ...filter.event ? { event: filter.event } : {},
        per_page: 1,
        request: this.request()
      })
    );
    const run3 = res.data.workflow_runs[0];
    return run3 ? toRun(run3) : void 0;
  }
  async run(runId) {
    const res = await this.call(
      `read run ${runId} of`,
      NEEDS.actionsRead,
      () => this.octokit.rest.actions.getWorkflowRun({
        ...this.target,
        run_id: runId,
        request: this.request()
      })
    );
    return toRun(res.data);
  }
  /** Every job of the run's latest attempt, all pages. */
  async jobs(runId) {
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
            filter: "latest",
            per_page: 100,
            request: this.request()
          }
        )) {
          this.noteRate(page.headers);
          out.push(...page.data);
        }
        return out;
      }
    );
    return jobs.map((j) => ({
      id: Number(j.id),
      name: j.name,
      status: j.status,
      conclusion: j.conclusion,
      startedAtMs: time(j.started_at),
      completedAtMs: time(j.completed_at ?? void 0)
    }));
  }
  /** The run's artifacts whose name starts with `prefix`, all pages, sorted by name. */
  async artifacts(runId, prefix = "") {
    const all = await this.call(
      `list the artifacts of run ${runId} of`,
      NEEDS.actionsRead,
      async () => {
        const out = [];
        for await (const page of this.octokit.paginate.iterator(
          this.octokit.rest.actions.listWorkflowRunArtifacts,
          { ...this.target, run_id: runId, per_page: 100, request: this.request() }
        )) {
          this.noteRate(page.headers);
          out.push(...page.data);
        }
        return out;
      }
    );
    return all.filter((a) => a.name.startsWith(prefix)).map((a) => ({
      id: Number(a.id),
      name: a.name,
      sizeInBytes: a.size_in_bytes,
      expired: a.expired
    })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);
  }
  /**
   * Downloads an artifact's zip into `file`. The API answers with a redirect to a URL that
   * expires after a minute, so it is followed at once, without our Authorization header (the
   * URL carries its own short-lived signature). More than `maxBytes` stops the download.
   */
  async downloadArtifact(artifact, file, maxBytes) {
    const res = await this.call(
      `download artifact '${artifact.name}' of`,
      NEEDS.actionsRead,
      () => this.octokit.rest.actions.downloadArtifact({
        ...this.target,
        artifact_id: artifact.id,
        archive_format: "zip",
        request: { ...this.request(), redirect: "manual", parseSuccessResponseBody: false }
      })
    );
    const location = res.headers["location"];
    if (res.status !== 302 || !location)
      throw new GitHubApiError(
        `GitHub answered ${res.status} without a download link for artifact '${artifact.name}'.`,
        res.status
      );
    let body;
    try {
      body = await fetch(location, { redirect: "follow", signal: AbortSignal.timeout(36e5) });
    } catch (e) {
      throw new GitHubUnavailableError(
        `the download of artifact '${artifact.name}' failed: ${describeCause(e)}; try again.`,
        void 0
      );
    }
    if (!body.ok || !body.body)
      throw new GitHubUnavailableError(
        `the download link of artifact '${artifact.name}' answered ${body.status}; try again (the link expires after a minute).`,
        body.status
      );
    let bytes = 0;
    const limit = new Transform({
      transform(chunk, _enc, done) {
        bytes += chunk.length;
        if (bytes > maxBytes)
          done(
            new GitHubApiError(
              `artifact '${artifact.name}' is larger than ${maxBytes} bytes: refused`,
              void 0
            )
          );
        else done(null, chunk);
      }
    });
    await pipeline(Readable.fromWeb(body.body), limit, createWriteStream(file, { flags: "wx" }));
    return bytes;
  }
  /** The commit at the tip of `branch` on GitHub, or undefined when there is no such branch. */
  async branchSha(branch) {
    try {
      const res = await this.octokit.rest.git.getRef({
        ...this.target,
        ref: `heads/${branch}`,
        request: this.request()
      });
      this.noteRate(res.headers);
      return res.data.object.sha;
    } catch (err) {
      if (statusOf(err) === 404) return void 0;
      throw this.explain(err, `read branch '${branch}' of`, NEEDS.contentsRead);
    }
  }
  /** Creates `branch` at `sha`; an existing branch at the same commit is fine. */
  async createBranch(branch, sha) {
    try {
      const res = await this.octokit.rest.git.createRef({
        ...this.target,
        ref: `refs/heads/${branch}`,
        sha,
        request: this.request()
      });
      this.noteRate(res.headers);
    } catch (err) {
      if (statusOf(err) === 422 && await this.branchSha(branch) === sha) return;
      throw this.explain(err, `create branch '${branch}' in`, NEEDS.contentsWrite);
    }
  }
  async pullRequestHead(pr) {
    const res = await this.call(
      `read pull request #${pr} of`,
      NEEDS.pullsRead,
      () => this.octokit.rest.pulls.get({ ...this.target, pull_number: pr, request: this.request() })
    );
    return { sha: res.data.head.sha, ref: res.data.head.ref };
  }
  async call(what, need, fn) {
    try {
      const res = await fn();
      if (typeof res === "object" && res !== null && "headers" in res)
        this.noteRate(res.headers);
      return res;
    } catch (err) {
      throw this.explain(err, what, need);
    }
  }
  noteRate(headers) {
    const h = headers;
    const remaining = num(h["x-ratelimit-remaining"]);
    if (remaining !== void 0)
      this.lastRate = { remaining, resetAtS: num(h["x-ratelimit-reset"]) };
  }
  explain(err, what, need) {
    const e = explain(err, what, need, this.options);
    e.message = redact(e.message, this.options.token);
    return e;
  }
};
function isDispatchDetails(v) {
  if (typeof v !== "object" || v === null) return false;
  const o = v;
  return (typeof o["workflow_run_id"] === "number" || typeof o["workflow_run_id"] === "bigint") && typeof o["html_url"] === "string";
}
function toRun(r) {
  const created = Date.parse(r.created_at);
  return {
    id: Number(r.id),
    status: r.status ?? "queued",
    conclusion: r.conclusion,
    headSha: r.head_sha,
    headBranch: r.head_branch,
    event: r.event,
    htmlUrl: r.html_url,
    createdAtMs: created,
    startedAtMs: time(r.run_started_at) ?? created,
    attempt: r.run_attempt ?? 1
  };
}
var time = (s) => {
  if (!s) return void 0;
  const t = Date.parse(s);
  return Number.isNaN(t) ? void 0 : t;
};
var num = (v) => {
  if (v === void 0 || v === "") return void 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : void 0;
};
function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1e3) * 1e3).toISOString().replace(".000Z", "Z");
}
function statusOf(err) {
  return err instanceof Error && "status" in err && typeof err.status === "number" ? err.status : void 0;
}
function httpFailure(err) {
  const status = statusOf(err);
  if (status === void 0 || !(err instanceof Error)) return void 0;
  const response = "response" in err ? err.response : {};
  if (status === 500 && !response) return void 0;
  const headers = response?.["headers"] ?? {};
  const data = response?.["data"];
  const message = typeof data === "object" && data !== null && "message" in data && typeof data.message === "string" ? data.message : void 0;
  return { status, headers, message };
}
function explain(err, what, need, options) {
  if (err instanceof GitHubApiError) return err;
  const repo = `${options.repo.owner}/${options.repo.repo}`;
  const failure = httpFailure(err);
  if (!failure) return unreachable(err, options.baseUrl);
  const { status, headers, message } = failure;
  const said = message ? ` GitHub said: "${message}".` : "";
  const retryAfter = num(headers["retry-after"]);
  const remaining = num(headers["x-ratelimit-remaining"]);
  const resetAt = num(headers["x-ratelimit-reset"]);
  if ((status === 403 || status === 429) && remaining === 0)
    return new GitHubRateLimitError(
      `GitHub's API rate limit for this token is used up (${status}); it resets ${resetTime(resetAt)}.`,
      status,
      retryAfter,
      remaining,
      resetAt
    );
  const secondary = message !== void 0 && /secondary rate limit/i.test(message);
  if (status === 429 || status === 403 && (retryAfter !== void 0 || secondary))
    return new GitHubRateLimitError(
      `GitHub is limiting requests from this token (secondary rate limit, ${status}); wait ${retryAfter ?? 60} seconds before trying again.${said}`,
      status,
      retryAfter,
      remaining,
      resetAt
    );
  if (status >= 500)
    return new GitHubUnavailableError(
      `GitHub failed to ${what} ${repo} (HTTP ${status}).${said} Try again later.`,
      status
    );
  const accepted = headers["x-accepted-github-permissions"];
  const permission = `a fine-grained token needs the repository permission "${need}"${accepted ? ` (GitHub accepts: ${String(accepted)})` : ""}; a classic token needs the "repo" scope`;
  switch (status) {
    case 401:
      return new GitHubApiError(
        `GitHub refused the token (401${message ? ` ${message}` : ""}): GH_TOKEN or GITHUB_TOKEN (or the gh CLI login) is wrong, expired or revoked. Create a new token, or run \`gh auth login\`.`,
        status
      );
    case 403:
      return new GitHubApiError(
        `GitHub refused to ${what} ${repo} (403): ${permission}.${said}`,
        status
      );
    case 404:
      return new GitHubApiError(
        `GitHub answered 404 when asked to ${what} ${repo}: it does not exist, or the token cannot see it (GitHub answers 404 to a token without access; ${permission}).${options.workflow && /workflow/.test(what) ? ` Is .github/workflows/${options.workflow} on the default branch?` : ""}${said}`,
        status
      );
    case 410:
      return new GitHubApiError(
        `GitHub no longer has what was asked to ${what} ${repo} (410: expired; artifacts are kept 90 days unless the repository says otherwise).${said}`,
        status
      );
    case 422:
      return new GitHubApiError(
        `GitHub rejected the request to ${what} ${repo} (422).${said}`,
        status
      );
    default:
      return new GitHubApiError(
        `GitHub failed to ${what} ${repo} (HTTP ${status}).${said}`,
        status
      );
  }
}
function resetTime(reset) {
  if (reset === void 0 || reset <= 0) return "within the hour";
  return `at ${new Date(reset * 1e3).toISOString().replace(/\.\d+Z$/, "Z")}`;
}
function describeCause(err) {
  const chain = [];
  for (let e = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  const coded = chain.find((e) => "code" in e && typeof e.code === "string");
  const code = coded && "code" in coded ? ` (${String(coded.code)})` : "";
  return `${err instanceof Error ? err.message : String(err)}${code}`;
}
function unreachable(err, baseUrl) {
  const chain = [];
  for (let e = err; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  if (chain.some((e) => e.name === "TimeoutError" || e.name === "AbortError"))
    return new GitHubUnavailableError(`GitHub did not answer in time (${baseUrl}).`, void 0);
  return new GitHubUnavailableError(
    `Cannot reach GitHub's API at ${baseUrl}: ${describeCause(err)}. Check the network, or GITHUB_API_URL on GitHub Enterprise Server.`,
    void 0
  );
}

// src/adapters/github-token.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
async function findToken(env, host) {
  const fromEnv = env["GITHUB_TOKEN"] ? "GITHUB_TOKEN" : env["GH_TOKEN"] ? "GH_TOKEN" : void 0;
  const value = fromEnv && env[fromEnv];
  if (fromEnv && value) return { token: value, source: fromEnv };
  try {
    const { stdout } = await run("gh", ["auth", "token", "--hostname", host], {
      env: { ...env, GH_PROMPT_DISABLED: "1", NO_COLOR: "1" },
      timeout: 15e3
    });
    const token = stdout.trim();
    return token && !/\s/.test(token) ? { token, source: "gh auth token" } : void 0;
  } catch {
    return void 0;
  }
}

// src/adapters/local-repo.ts
import { execFile as execFile2 } from "node:child_process";
import { promisify as promisify2 } from "node:util";
var run2 = promisify2(execFile2);
var NotARepositoryError = class extends Error {
  userFacing = true;
};
async function git(cwd, args) {
  try {
    const { stdout } = await run2("git", args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      maxBuffer: 64 * 2 ** 20
    });
    return stdout;
  } catch {
    return void 0;
  }
}
async function workingCopy(dir) {
  const top = (await git(dir, ["rev-parse", "--show-toplevel"]))?.trim();
  if (!top)
    throw new NotARepositoryError(`${dir} is not in a git working copy (or git is not installed)`);
  const branch = (await git(top, ["symbolic-ref", "-q", "--short", "HEAD"]))?.trim() || void 0;
  const head = (await git(top, ["rev-parse", "-q", "--verify", "HEAD"]))?.trim() || void 0;
  const status = await git(top, ["status", "--porcelain", "-z", "--untracked-files=normal"]);
  if (status === void 0) throw new NotARepositoryError(`git status failed in ${top}`);
  return { top, branch, head, dirty: status !== "" };
}
async function remoteUrl(dir, name) {
  return (await git(dir, ["remote", "get-url", name]))?.trim() || void 0;
}

// src/app/remote-campaign.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/adapters/zip-reader.ts
import { constants, createReadStream } from "node:fs";
import { mkdir, open, realpath } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { Readable as Readable2, Transform as Transform2, Writable } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";

// src/core/archive/crc32.ts
var TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(data, crc = 0) {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 255] ^ c >>> 8;
  return ~c >>> 0;
}

// src/core/archive/zip-format.ts
var ArchiveRefusedError = class extends Error {
  constructor(reason, entry) {
    super(entry === void 0 ? reason : `entry '${printable(entry)}': ${reason}`);
    this.reason = reason;
    this.entry = entry;
    this.name = "ArchiveRefusedError";
  }
  reason;
  entry;
  userFacing = true;
};
var isControl = (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;
function hasControlCharacters(s) {
  return [...s].some(isControl);
}
function printable(name) {
  const escaped = [...name].map((c) => isControl(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : c).join("");
  return escaped.length > 200 ? `${escaped.slice(0, 200)}...` : escaped;
}
var SIG = {
  local: 67324752,
  central: 33639248,
  end: 101010256,
  end64: 101075792,
  locator64: 117853008
};
var EOCD_SIZE = 22;
var LOCATOR64_SIZE = 20;
var EOCD64_SIZE = 56;
var CENTRAL_HEADER_SIZE = 46;
var LOCAL_HEADER_SIZE = 30;
var MAX_TAIL = EOCD_SIZE + 65535;
function readEndRecord(tail, fileSize) {
  const tailStart = fileSize - tail.length;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== SIG.end) continue;
    if (i + EOCD_SIZE + tail.readUInt16LE(i + 20) !== tail.length) continue;
    const disk = tail.readUInt16LE(i + 4);
    const cdDisk = tail.readUInt16LE(i + 6);
    const onDisk = tail.readUInt16LE(i + 8);
    const entries = tail.readUInt16LE(i + 10);
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    const at = tailStart + i;
    const wants64 = entries === 65535 || size === 4294967295 || offset === 4294967295;
    const loc = i - LOCATOR64_SIZE;
    if (loc >= 0 && tail.readUInt32LE(loc) === SIG.locator64) {
      if (tail.readUInt32LE(loc + 4) !== 0 || tail.readUInt32LE(loc + 16) > 1)
        throw new ArchiveRefusedError("multi-disk archives are not supported");
      return {
        entries,
        size,
        offset,
        zip64At: safeNumber(tail.readBigUInt64LE(loc + 8)),
        endAt: tailStart + loc
      };
    }
    if (wants64) throw new ArchiveRefusedError("zip64 end record missing");
    if (disk !== 0 || cdDisk !== 0 || onDisk !== entries)
      throw new ArchiveRefusedError("multi-disk archives are not supported");
    return { entries, size, offset, zip64At: void 0, endAt: at };
  }
  throw new ArchiveRefusedError("not a zip archive (no end of central directory record)");
}
function readEnd64Record(buf, endAt) {
  if (buf.length < EOCD64_SIZE || buf.readUInt32LE(0) !== SIG.end64)
    throw new ArchiveRefusedError("damaged zip64 end record");
  if (buf.readUInt32LE(16) !== 0 || buf.readUInt32LE(20) !== 0)
    throw new ArchiveRefusedError("multi-disk archives are not supported");
  const onDisk = safeNumber(buf.readBigUInt64LE(24));
  const entries = safeNumber(buf.readBigUInt64LE(32));
  if (onDisk !== entries) throw new ArchiveRefusedError("multi-disk archives are not supported");
  return {
    entries,
    size: safeNumber(buf.readBigUInt64LE(40)),
    offset: safeNumber(buf.readBigUInt64LE(48)),
    zip64At: void 0,
    endAt
  };
}
var utf8 = new TextDecoder("utf-8", { fatal: true });
function readCentralDirectory(buf, count) {
  const out = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + CENTRAL_HEADER_SIZE > buf.length || buf.readUInt32LE(p) !== SIG.central)
      throw new ArchiveRefusedError(`damaged central directory (entry ${n + 1} of ${count})`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const end = p + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (end > buf.length)
      throw new ArchiveRefusedError(`damaged central directory (entry ${n + 1} of ${count})`);
    const nameBytes = buf.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLength);
    let name;
    try {
      name = utf8.decode(nameBytes);
    } catch {
      throw new ArchiveRefusedError(`entry ${n + 1} has a name that is not UTF-8`);
    }
    if (buf.readUInt16LE(p + 34) !== 0)
      throw new ArchiveRefusedError("multi-disk archives are not supported", name);
    const extra = buf.subarray(
      p + CENTRAL_HEADER_SIZE + nameLength,
      p + CENTRAL_HEADER_SIZE + nameLength + extraLength
    );
    const sizes = zip64Fields(extra, name, {
      uncompressed: buf.readUInt32LE(p + 24),
      compressed: buf.readUInt32LE(p + 20),
      offset: buf.readUInt32LE(p + 42)
    });
    out.push({
      name,
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc32: buf.readUInt32LE(p + 16),
      compressedSize: sizes.compressed,
      uncompressedSize: sizes.uncompressed,
      localHeaderOffset: sizes.offset,
      hostSystem: buf.readUInt8(p + 5),
      externalAttributes: buf.readUInt32LE(p + 38)
    });
    p = end;
  }
  if (p !== buf.length) throw new ArchiveRefusedError("damaged central directory (trailing bytes)");
  return out;
}
function zip64Fields(extra, name, plain) {
  const wanted = ["uncompressed", "compressed", "offset"].filter(
    (k) => plain[k] === 4294967295
  );
  if (wanted.length === 0) return plain;
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const size = extra.readUInt16LE(q + 2);
    if (q + 4 + size > extra.length) break;
    if (id === 1) {
      if (size < wanted.length * 8) break;
      const out = { ...plain };
      wanted.forEach((k, i) => out[k] = safeNumber(extra.readBigUInt64LE(q + 4 + i * 8)));
      return out;
    }
    q += 4 + size;
  }
  throw new ArchiveRefusedError("zip64 sizes missing", name);
}
function readLocalHeader(buf, name) {
  if (buf.length < LOCAL_HEADER_SIZE || buf.readUInt32LE(0) !== SIG.local)
    throw new ArchiveRefusedError("damaged local header", name);
  return {
    flags: buf.readUInt16LE(6),
    method: buf.readUInt16LE(8),
    nameLength: buf.readUInt16LE(26),
    extraLength: buf.readUInt16LE(28)
  };
}
function safeNumber(v) {
  if (v > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ArchiveRefusedError("sizes beyond 2^53 bytes are not supported");
  return Number(v);
}

// src/core/archive/entry-check.ts
var DEFAULT_LIMITS = {
  maxTotalBytes: 16 * 2 ** 30,
  maxFileBytes: 8 * 2 ** 30,
  maxEntries: 5e6,
  maxRatio: 1100
};
var S_IFMT = 61440;
var S_IFREG = 32768;
var S_IFDIR = 16384;
var S_IFLNK = 40960;
var UNIX_HOSTS = /* @__PURE__ */ new Set([3, 19]);
var MAX_NAME_BYTES = 4096;
var MAX_SEGMENT_BYTES = 255;
function checkEntries(entries, limits, dataEnd) {
  if (entries.length > limits.maxEntries)
    throw new ArchiveRefusedError(
      `${entries.length} entries, more than the limit of ${limits.maxEntries}`
    );
  const safe = entries.map((e) => checkEntry(e, limits));
  let total = 0;
  for (const s of safe) {
    total += s.entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new ArchiveRefusedError(
        `the files would take more than ${limits.maxTotalBytes} bytes (the size limit)`
      );
  }
  checkCollisions(safe);
  checkOverlaps(safe, dataEnd);
  return safe;
}
function checkEntry(e, limits) {
  const segments = safeSegments(e.name);
  const type = UNIX_HOSTS.has(e.hostSystem) ? e.externalAttributes >>> 16 & S_IFMT : 0;
  if (type === S_IFLNK) throw new ArchiveRefusedError("symbolic links are not extracted", e.name);
  const directory = e.name.endsWith("/") || type === S_IFDIR;
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
    throw new ArchiveRefusedError(
      "not a regular file or folder (a device, pipe or socket)",
      e.name
    );
  if (e.flags & 1) throw new ArchiveRefusedError("encrypted entries are not supported", e.name);
  if (e.method !== 0 && e.method !== 8)
    throw new ArchiveRefusedError(`compression method ${e.method} is not supported`, e.name);
  if (directory && e.uncompressedSize !== 0)
    throw new ArchiveRefusedError("a folder entry with contents", e.name);
  if (e.uncompressedSize > limits.maxFileBytes)
    throw new ArchiveRefusedError(
      `${e.uncompressedSize} bytes, more than the limit of ${limits.maxFileBytes} for one file`,
      e.name
    );
  if (e.method === 0 && e.compressedSize !== e.uncompressedSize)
    throw new ArchiveRefusedError("a stored entry whose two sizes differ", e.name);
  if (e.uncompressedSize > 2 ** 20 && e.uncompressedSize / e.compressedSize > limits.maxRatio)
    throw new ArchiveRefusedError(
      `claims ${e.uncompressedSize} bytes from ${e.compressedSize} (a zip bomb?)`,
      e.name
    );
  const mode = UNIX_HOSTS.has(e.hostSystem) ? e.externalAttributes >>> 16 : 0;
  return { segments, directory, executable: !directory && (mode & 73) !== 0, entry: e };
}
function safeSegments(name) {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES)
    throw new ArchiveRefusedError("name too long", name);
  if (hasControlCharacters(name))
    throw new ArchiveRefusedError("control characters in the name", name);
  if (name.includes("\\"))
    throw new ArchiveRefusedError("a backslash in the name (a Windows path?)", name);
  if (name.startsWith("/")) throw new ArchiveRefusedError("an absolute path", name);
  if (/^[A-Za-z]:/.test(name)) throw new ArchiveRefusedError("a drive letter", name);
  const segments = name.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.some((s) => s === ".."))
    throw new ArchiveRefusedError("a path that leaves the target folder (..)", name);
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    throw new ArchiveRefusedError("a path segment too long", name);
  if (segments.length === 0) throw new ArchiveRefusedError("an empty name", name);
  return segments;
}
function checkCollisions(entries) {
  const kinds = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const parts = e.segments.map((s) => s.normalize("NFC").toLowerCase());
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      const seen2 = kinds.get(prefix);
      if (seen2 && !seen2.directory)
        throw new ArchiveRefusedError(`a file '${seen2.name}' is also a folder`, e.entry.name);
      if (!seen2) kinds.set(prefix, { name: prefix, directory: true });
    }
    const key = parts.join("/");
    const seen = kinds.get(key);
    if (seen && !(seen.directory && e.directory))
      throw new ArchiveRefusedError(
        `collides with another entry ('${seen.name}': same name, or names differing in case)`,
        e.entry.name
      );
    kinds.set(key, { name: e.entry.name, directory: e.directory });
  }
}
function checkOverlaps(entries, dataEnd) {
  const byOffset = [...entries].sort(
    (a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset
  );
  let end = 0;
  for (const e of byOffset) {
    if (e.entry.localHeaderOffset < end)
      throw new ArchiveRefusedError("overlaps another entry (a zip bomb?)", e.entry.name);
    end = minimalEnd(e.entry);
    if (end > dataEnd)
      throw new ArchiveRefusedError("its data reaches into the central directory", e.entry.name);
  }
}
function minimalEnd(e) {
  return e.localHeaderOffset + LOCAL_HEADER_SIZE + Buffer.byteLength(e.name) + e.compressedSize;
}

// src/adapters/zip-reader.ts
var MAX_CENTRAL_DIRECTORY = 256 * 2 ** 20;
var ZipArchive = class _ZipArchive {
  constructor(path, entries) {
    this.path = path;
    this.entries = entries;
  }
  path;
  entries;
  /** Reads and checks the archive's index; throws ArchiveRefusedError for anything unsafe. */
  static async open(path, limits = DEFAULT_LIMITS) {
    const fh = await open(path, "r");
    try {
      const size = (await fh.stat()).size;
      const loc = await locateCentralDirectory(fh, size);
      if (loc.size > MAX_CENTRAL_DIRECTORY)
        throw new ArchiveRefusedError(`a central directory of ${loc.size} bytes is too large`);
      if (loc.offset + loc.size !== loc.endAt)
        throw new ArchiveRefusedError("the central directory is not where the end record says");
      const cd = await readAt(fh, loc.offset, loc.size);
      const safe = checkEntries(readCentralDirectory(cd, loc.entries), limits, loc.offset);
      return new _ZipArchive(path, await locateData(fh, safe, loc.offset));
    } finally {
      await fh.close();
    }
  }
  /**
   * Extracts every entry below `dest`, an empty folder the caller created for this purpose.
   * `only` limits extraction to the entries it accepts (their path joined with `/`).
   */
  async extractTo(dest, only) {
    const root = await realpath(dest);
    const checkedDirs = /* @__PURE__ */ new Set([root]);
    let files = 0;
    let bytes = 0;
    for (const e of this.entries) {
      if (only && !only(e.segments.join("/"))) continue;
      const target = resolve(root, ...e.segments);
      if (!target.startsWith(root + sep))
        throw new ArchiveRefusedError("a path that leaves the target folder", e.entry.name);
      if (e.directory) {
        await ensureDir(root, target, checkedDirs);
        continue;
      }
      await ensureDir(root, dirname(target), checkedDirs);
      const fh = await open(
        target,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        e.executable ? 493 : 420
      );
      await pipeline2([...this.streams(e), fh.createWriteStream()]);
      files++;
      bytes += e.entry.uncompressedSize;
    }
    return { files, bytes };
  }
  /** The contents of the file entry at `path` (segments joined with `/`), or undefined. */
  async read(path, maxBytes) {
    const e = this.entries.find((x) => !x.directory && x.segments.join("/") === path);
    if (!e) return void 0;
    if (e.entry.uncompressedSize > maxBytes)
      throw new ArchiveRefusedError(`larger than ${maxBytes} bytes`, e.entry.name);
    const chunks = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        chunks.push(chunk);
        done();
      }
    });
    await pipeline2([...this.streams(e), sink]);
    return Buffer.concat(chunks);
  }
  streams(e) {
    const source = e.entry.compressedSize === 0 ? Readable2.from([]) : createReadStream(this.path, {
      start: e.dataAt,
      end: e.dataAt + e.entry.compressedSize - 1
    });
    const check = new EntryCheck(e);
    return e.entry.method === 8 ? [source, createInflateRaw(), check] : [source, check];
  }
};
var EntryCheck = class extends Transform2 {
  constructor(e) {
    super();
    this.e = e;
  }
  e;
  count = 0;
  crc = 0;
  _transform(chunk, _enc, done) {
    this.count += chunk.length;
    if (this.count > this.e.entry.uncompressedSize) {
      done(new ArchiveRefusedError("more data than its header declares", this.e.entry.name));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
  _flush(done) {
    if (this.count !== this.e.entry.uncompressedSize)
      done(new ArchiveRefusedError("less data than its header declares", this.e.entry.name));
    else if (this.crc !== this.e.entry.crc32)
      done(new ArchiveRefusedError("damaged (CRC mismatch)", this.e.entry.name));
    else done();
  }
};
async function locateCentralDirectory(fh, size) {
  const tailLength = Math.min(size, MAX_TAIL + 20);
  const tail = await readAt(fh, size - tailLength, tailLength);
  const loc = readEndRecord(tail, size);
  if (loc.zip64At === void 0) return loc;
  if (loc.zip64At + EOCD64_SIZE > loc.endAt)
    throw new ArchiveRefusedError("damaged zip64 end record");
  return readEnd64Record(await readAt(fh, loc.zip64At, EOCD64_SIZE), loc.zip64At);
}
async function locateData(fh, entries, dataEnd) {
  const byOffset = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.entry.localHeaderOffset - b.e.entry.localHeaderOffset);
  const located = [];
  for (let k = 0; k < byOffset.length; k++) {
    const { e, i } = byOffset[k];
    const at = e.entry.localHeaderOffset;
    const head = readLocalHeader(await readAt(fh, at, LOCAL_HEADER_SIZE), e.entry.name);
    const name = await readAt(fh, at + LOCAL_HEADER_SIZE, head.nameLength);
    if (!name.equals(Buffer.from(e.entry.name)))
      throw new ArchiveRefusedError("its local header names another file", e.entry.name);
    if (head.method !== e.entry.method || (head.flags & 1) !== (e.entry.flags & 1))
      throw new ArchiveRefusedError("its local header disagrees with the directory", e.entry.name);
    const dataAt = at + LOCAL_HEADER_SIZE + head.nameLength + head.extraLength;
    const next = byOffset[k + 1]?.e.entry.localHeaderOffset ?? dataEnd;
    if (dataAt + e.entry.compressedSize > next)
      throw new ArchiveRefusedError("overlaps another entry (a zip bomb?)", e.entry.name);
    located[i] = { ...e, dataAt };
  }
  return entries.map((_, i) => located[i]);
}
async function ensureDir(root, dir, checked) {
  if (checked.has(dir)) return;
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  if (real !== root && !real.startsWith(root + sep))
    throw new ArchiveRefusedError(`folder ${dir} resolves outside the target folder`);
  checked.add(dir);
}
async function readAt(fh, position, length) {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new ArchiveRefusedError("the archive is truncated");
    got += bytesRead;
  }
  return buf;
}

// src/core/client/backoff.ts
var DEFAULT_POLICY = {
  intervalMs: 1e4,
  retryBaseMs: 2e3,
  maxWaitMs: 5 * 6e4,
  maxFailures: 8
};
function waitAfter(refusal, attempt, nowMs, policy) {
  const doubling = 2 ** Math.min(Math.max(attempt - 1, 0), 20);
  if (refusal.kind === "unavailable")
    return Math.min(policy.retryBaseMs * doubling, policy.maxWaitMs);
  if (refusal.retryAfterS !== void 0) return Math.max(0, refusal.retryAfterS * 1e3);
  if (refusal.remaining === 0 && refusal.resetAtS !== void 0)
    return Math.max(1e3, refusal.resetAtS * 1e3 - nowMs + 1e3);
  return Math.min(6e4 * doubling, Math.max(policy.maxWaitMs, 6e4));
}
function waitBetweenPolls(rate, requestsPerPoll, nowMs, policy) {
  if (rate.remaining === void 0 || rate.resetAtS === void 0) return policy.intervalMs;
  const untilReset = Math.max(0, rate.resetAtS * 1e3 - nowMs) + 1e3;
  if (rate.remaining < requestsPerPoll) return Math.max(policy.intervalMs, untilReset);
  const polls = Math.floor(rate.remaining / requestsPerPoll);
  return Math.max(policy.intervalMs, Math.min(untilReset, Math.ceil(untilReset / polls)));
}

// src/core/client/dispatch-branch.ts
var BRANCH_PREFIX = "opp-campaign/";
function snapshotBranch(scratchRef) {
  const name = scratchRef.replace(/^refs\/opp-campaign\//, "");
  return `${BRANCH_PREFIX}${name.replace(/[^A-Za-z0-9._-]/g, "-")}`;
}
function resumeBranch(parentRunId) {
  return `${BRANCH_PREFIX}resume-of-${parentRunId}`;
}
function parentRunOf(headBranch) {
  const m = /^opp-campaign\/resume-of-(\d+)$/.exec(headBranch ?? "");
  return m?.[1] ? Number(m[1]) : void 0;
}

// src/app/remote-campaign.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve2, reject) => {
    if (signal?.aborted) {
      reject(new CampaignInterrupted());
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve2();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CampaignInterrupted());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};
var CampaignInterrupted = class extends Error {
  userFacing = true;
  constructor() {
    super("interrupted (the campaign on GitHub goes on)");
    this.name = "CampaignInterrupted";
  }
};
var CampaignClientError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "CampaignClientError";
  }
};
var prefixOf = (ctx) => ctx.artifactPrefix ?? "campaign";
async function withRetries(ctx, fn, retryUnavailable = true) {
  const policy = ctx.policy ?? DEFAULT_POLICY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const refusal = err instanceof GitHubRateLimitError ? {
        kind: "rate-limit",
        retryAfterS: err.retryAfterS,
        remaining: err.remaining,
        resetAtS: err.resetAtS
      } : err instanceof GitHubUnavailableError && retryUnavailable ? { kind: "unavailable" } : void 0;
      if (!refusal || refusal.kind === "unavailable" && attempt >= policy.maxFailures) throw err;
      const wait = waitAfter(refusal, attempt, ctx.clock.now(), policy);
      ctx.note(`${err.message} Waiting ${Math.ceil(wait / 1e3)} s.`);
      await ctx.clock.sleep(wait, ctx.signal);
    }
  }
}
async function campaignChain(ctx, run3) {
  const chain = [run3];
  for (let parent = parentRunOf(run3.headBranch); parent !== void 0; ) {
    if (chain.length >= 50 || chain.some((r) => r.id === parent))
      throw new CampaignClientError(`run ${run3.id}: its chain of resumed campaigns is too long`);
    const p = await withRetries(ctx, () => ctx.api.run(parent));
    chain.unshift(p);
    parent = parentRunOf(p.headBranch);
  }
  return chain;
}
async function findArtifact(ctx, runId, name) {
  const all = await withRetries(ctx, () => ctx.api.artifacts(runId, name));
  const live = all.filter((a) => a.name === name && !a.expired);
  if (live.length === 0 && all.some((a) => a.name === name))
    throw new CampaignClientError(
      `artifact '${name}' of run ${runId} has expired (GitHub keeps artifacts 90 days unless the repository says otherwise).`
    );
  return live[live.length - 1];
}
async function downloadArtifact(ctx, artifact, file) {
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  await withRetries(ctx, async () => {
    await rm(file, { force: true });
    await ctx.api.downloadArtifact(artifact, file, limits.maxTotalBytes);
  });
}
async function readArtifactFile(ctx, artifact, path, maxBytes) {
  const dir = await mkdtemp(join(tmpdir(), "opp-campaign-artifact-"));
  try {
    const zip = join(dir, "artifact.zip");
    await downloadArtifact(ctx, artifact, zip);
    return await (await ZipArchive.open(zip, ctx.limits)).read(path, maxBytes);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// src/cli/github-client.ts
function defaultClientContext(signal) {
  return {
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    stdoutIsTTY: process.stdout.isTTY === true,
    ...signal ? { signal } : {}
  };
}
var ClientSetupError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ClientSetupError";
  }
};
var TOKEN_HELP = `The token comes from GITHUB_TOKEN or GH_TOKEN, else from the GitHub CLI's login (gh auth
token); it is never printed or written anywhere. A fine-grained token needs the repository
permissions "Actions: read and write" and "Contents: read and write" (submit, resume: the
dispatch and its branch), "Actions: read" (watch, fetch), "Pull requests: read" (fetch --pr).
GITHUB_API_URL sets the API address (GitHub Enterprise Server: https://HOST/api/v3).`;
async function connect(ctx, o) {
  const origin = await remoteUrl(o.dir, "origin");
  const repo = repoOf(o.repoFlag) ?? o.runRepo ?? (origin ? parseRemoteUrl(origin) : void 0);
  if (!repo)
    throw new ClientSetupError(
      "which repository? This folder has no git remote 'origin' on GitHub: pass --repo OWNER/NAME."
    );
  const host = origin ? hostOf(origin) : "github.com";
  const found = await findToken(ctx.env, host);
  if (!found)
    throw new ClientSetupError(
      `no GitHub token: set GH_TOKEN or GITHUB_TOKEN, or log in with 'gh auth login'.
${TOKEN_HELP}`
    );
  const baseUrl = ctx.env["GITHUB_API_URL"] || (host === "github.com" ? "https://api.github.com" : `https://${host}/api/v3`);
  const api = new GitHubCampaigns({ token: found.token, repo, baseUrl, workflow: o.workflow });
  const note = (line) => o.note(redact(line, found.token));
  return {
    api,
    repo,
    token: found.token,
    client: {
      api,
      clock: ctx.clock,
      note,
      policy: ctx.policy ?? DEFAULT_POLICY,
      ...ctx.signal ? { signal: ctx.signal } : {}
    }
  };
}
function repoOf(flag) {
  if (flag === void 0) return void 0;
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(flag);
  if (!m?.[1] || !m[2]) throw new UsageError(`--repo takes OWNER/NAME, not '${flag}'`);
  return { owner: m[1], repo: m[2].replace(/\.git$/, "") };
}
function hostOf(url) {
  const scp = /^[\w.-]+@([\w.-]+):/.exec(url);
  if (scp?.[1]) return scp[1];
  try {
    return new URL(url).hostname || "github.com";
  } catch {
    return "github.com";
  }
}
function intOption(name, v, min, max) {
  if (v === void 0) return void 0;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max)
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not ${shown(v)}`);
  return n;
}
async function interruptible(err, fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof CampaignInterrupted)) throw e;
    err.write(`${e.message}
`);
    return EXIT.interrupted;
  }
}

export {
  NotARepositoryError,
  workingCopy,
  DEFAULT_LIMITS,
  ZipArchive,
  DEFAULT_POLICY,
  waitBetweenPolls,
  snapshotBranch,
  resumeBranch,
  CampaignInterrupted,
  CampaignClientError,
  prefixOf,
  withRetries,
  campaignChain,
  findArtifact,
  downloadArtifact,
  readArtifactFile,
  defaultClientContext,
  ClientSetupError,
  TOKEN_HELP,
  connect,
  intOption,
  interruptible
};
