// A stand-in for GitHub's artifact service, for tests that run the real @actions/artifact
// client: the results service's Twirp JSON RPCs and the Azure blob storage behind the signed
// URLs it hands out, on 127.0.0.1. Uploaded zips stay in memory, so a download returns what was
// uploaded. Every request is checked against the recorded exchanges in
// test/fixtures/github-artifacts/ (method, path, headers, JSON field names, types and formats):
// one that does not match is answered 400 and listed in `violations`, so an @actions/artifact
// release that changes the wire contract fails the tests instead of passing against a stale fake.
//
// One instance is one workflow run. Several processes (plan, shards, merge) share it by running
// with `env` or `jobEnv(job)`, as the jobs of a real run share GitHub's service; `jobEnv(job,
// attempt)` is a job of a re-run. Each attempt has its own run backend id. An artifact name is
// taken once per run, over all attempts (the service answers 409, as GitHub does to a re-run
// job uploading its first attempt's name). Whether the results service lists an earlier
// attempt's artifacts to a re-run job is `earlierAttempts` ('listed' or 'hidden'); the REST API
// (`findBy` in @actions/artifact, with the job's GITHUB_TOKEN) always lists the whole run.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'github-artifacts');
const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
/** Azure answers a path-style (IP address) URL with the storage account as first segment. */
const ACCOUNT = 'productionresultssa0';
const SAS_VERSION = '2021-12-02';
const SIGNED_URL_MINUTES = 10;

export type Rpc = 'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL';
export type BlobCall = 'PutBlock' | 'PutBlockList' | 'GetBlob';
export type RestCall = 'ListRunArtifacts' | 'DownloadArtifact';
export type Call = Rpc | BlobCall | RestCall;

const FIXTURE_OF: Record<Call, string> = {
  CreateArtifact: 'create-artifact.json',
  FinalizeArtifact: 'finalize-artifact.json',
  ListArtifacts: 'list-artifacts.json',
  GetSignedArtifactURL: 'get-signed-artifact-url.json',
  PutBlock: 'blob-put-block.json',
  PutBlockList: 'blob-put-block-list.json',
  GetBlob: 'blob-get.json',
  ListRunArtifacts: 'rest-list-run-artifacts.json',
  DownloadArtifact: 'rest-download-artifact.json',
};
const RPCS = ['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'GetSignedArtifactURL'];

/** One recorded request/response pair (test/fixtures/github-artifacts/*.json). */
export interface Exchange {
  about: string;
  sources: string[];
  request: {
    method: string;
    /** Literal for Twirp; `<...>` for blob paths, which are those of the signed URLs. */
    path: string;
    query?: Record<string, string>;
    /** Literal values, or a literal prefix followed by a `<placeholder>`. */
    headers: Record<string, string>;
    absentHeaders?: string[];
    /** A JSON object whose fields the request may carry, or an example XML body. */
    body?: unknown;
    /** Fields of `body` the client may leave out. */
    optional?: string[];
    /** Fields of `body` whose value must be exactly the recorded one. */
    fixed?: string[];
  };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

interface ErrorFixture {
  twirp: Record<string, { status: number; body: { code: string; msg: string } }>;
  blob: Record<string, { status: number; message: string }>;
}

export function loadExchange(call: Call): Exchange {
  return JSON.parse(readFileSync(join(FIXTURES, FIXTURE_OF[call]), 'utf8')) as Exchange;
}
const EXCHANGES = Object.fromEntries(
  Object.keys(FIXTURE_OF).map((c) => [c, loadExchange(c as Call)]),
) as Record<Call, Exchange>;
const ERRORS = JSON.parse(readFileSync(join(FIXTURES, 'errors.json'), 'utf8')) as ErrorFixture;
const TOKEN_SHAPE = JSON.parse(readFileSync(join(FIXTURES, 'runtime-token.json'), 'utf8')) as {
  header: Record<string, string>;
  claims: Record<string, unknown>;
};

/** A request as the service saw it; the bearer token and SAS signatures are replaced by ***. */
export interface SeenRequest {
  call: Call | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The JSON of a Twirp call, the XML of a block list, otherwise the byte count. */
  body: unknown;
  status: number;
  /** The job whose token made a Twirp call. */
  job?: string;
}

export interface StoredArtifact {
  id: number;
  name: string;
  /** The job (as given to `jobEnv`) that uploaded it. */
  job: string;
  /** The run attempt of that job: 1, or 2 and up in re-runs. */
  attempt: number;
  size: number;
  digest: string;
  createdAt: string;
}

export interface FakeArtifactService {
  /** ACTIONS_RESULTS_URL: the service's origin, with a trailing slash as on GitHub. */
  url: string;
  /** ACTIONS_RUNTIME_TOKEN of the job named 'job'. */
  token: string;
  /** Everything an action process needs for @actions/artifact, as the job named 'job'. */
  env: Record<string, string>;
  /** The workflow run's backend id (the middle of the token's Actions.Results scope). */
  runBackendId: string;
  /** The GITHUB_TOKEN the REST API accepts (`actions: read` on this repository). */
  githubToken: string;
  /**
   * The environment of another job of the same workflow run ('plan', 'shard-3', 'merge'), in
   * `attempt` (default 1): a re-run's jobs run in attempt 2 and up.
   */
  jobEnv(job: string, attempt?: number): Record<string, string>;
  /** A runtime token for `job`; `expiresIn` seconds (negative: expired), or signed with another key. */
  tokenFor(
    job: string,
    options?: { expiresIn?: number; forged?: boolean; attempt?: number },
  ): string;
  /** Every request so far, in order. */
  readonly requests: readonly SeenRequest[];
  /** Requests that did not match the recorded exchanges, and answers that did not either. */
  readonly violations: readonly string[];
  /** The finalized artifacts, in upload order. */
  artifacts(): StoredArtifact[];
  /** Answers the next `times` calls of `call` with HTTP `status` (a Twirp or Azure error). */
  failNext(call: Call, status: number, times?: number): void;
  close(): Promise<void>;
}

interface Pending {
  name: string;
  jobId: string;
  blobPath: string;
}

interface Blob {
  blocks: Map<string, Buffer>;
  committed?: Buffer;
  contentType?: string;
  etag?: string;
  lastModified?: string;
}

interface Stored extends StoredArtifact {
  jobId: string;
  blobPath: string;
}

/** The job a valid runtime token belongs to. */
interface Caller {
  jobId: string;
  attempt: number;
  runBackendId: string;
}

export interface FakeArtifactServiceOptions {
  /** Whether the results service lists an earlier attempt's artifacts to a re-run job. */
  earlierAttempts?: 'listed' | 'hidden';
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Formats the recorded examples show, checked on the actual values of the same field. */
const FORMATS: [RegExp, string][] = [
  [/^\d+$/, 'an int64 written as a decimal string'],
  [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'an RFC 3339 UTC timestamp'],
  [/^sha256:[0-9a-f]{64}$/, "'sha256:' and 64 hex digits"],
];

/** Problems of `actual` against the recorded JSON `fields`. */
export function checkFields(
  actual: unknown,
  fields: Json,
  optional: readonly string[] = [],
  fixed: readonly string[] = [],
): string[] {
  if (!isRecord(actual)) return [`body is ${jsonType(actual)}, recorded an object`];
  const problems: string[] = [];
  for (const key of Object.keys(actual))
    if (!(key in fields)) problems.push(`field '${key}' is not in the recording`);
  for (const [key, recorded] of Object.entries(fields)) {
    if (!(key in actual)) {
      if (!optional.includes(key)) problems.push(`field '${key}' is missing`);
      continue;
    }
    const value = actual[key];
    if (jsonType(value) !== jsonType(recorded)) {
      problems.push(`field '${key}' is ${jsonType(value)}, recorded ${jsonType(recorded)}`);
    } else if (fixed.includes(key) && !isDeepStrictEqual(value, recorded)) {
      problems.push(
        `field '${key}' is ${JSON.stringify(value)}, recorded ${JSON.stringify(recorded)}`,
      );
    } else if (typeof recorded === 'string' && typeof value === 'string') {
      const format = FORMATS.find(([re]) => re.test(recorded));
      if (format && !format[0].test(value)) problems.push(`field '${key}' is not ${format[1]}`);
    }
  }
  return problems;
}

/** Problems of a JSON answer against the recorded one: the same fields, recursively. */
function checkShape(actual: unknown, recorded: unknown, at: string): string[] {
  if (jsonType(actual) !== jsonType(recorded))
    return [`${at} is ${jsonType(actual)}, recorded ${jsonType(recorded)}`];
  if (Array.isArray(actual) && Array.isArray(recorded))
    return actual.flatMap((item, i) => checkShape(item, recorded[0], `${at}[${i}]`));
  if (!isRecord(actual) || !isRecord(recorded)) return [];
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(recorded)])];
  return keys.flatMap((k) =>
    k in actual && k in recorded
      ? checkShape(actual[k], recorded[k], `${at}.${k}`)
      : [`${at}.${k} is ${k in actual ? 'not recorded' : 'missing'}`],
  );
}

/** Problems of the request line and headers against the recording. */
function checkEnvelope(exchange: Exchange, req: IncomingMessage, url: URL): string[] {
  const r = exchange.request;
  const problems: string[] = [];
  if (req.method !== r.method) problems.push(`method ${req.method}, recorded ${r.method}`);
  if (!r.path.startsWith('<') && url.pathname !== r.path)
    problems.push(`path ${url.pathname}, recorded ${r.path}`);
  for (const [name, recorded] of Object.entries(r.headers)) {
    const actual = req.headers[name];
    const literal = recorded.split('<')[0] ?? '';
    if (typeof actual !== 'string') problems.push(`header ${name} is missing`);
    else if (recorded.includes('<') ? !actual.startsWith(literal) : actual !== recorded)
      problems.push(
        `header ${name} is '${name === 'authorization' ? '***' : actual}', recorded '${recorded}'`,
      );
  }
  for (const name of r.absentHeaders ?? [])
    if (req.headers[name] !== undefined) problems.push(`header ${name} must not be sent`);
  for (const [name, recorded] of Object.entries(r.query ?? {})) {
    const actual = url.searchParams.get(name);
    if (actual === null) problems.push(`query parameter ${name} is missing`);
    else if (!recorded.startsWith('<') && actual !== recorded)
      problems.push(`query parameter ${name} is '${actual}', recorded '${recorded}'`);
  }
  return problems;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function uuidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

class ServiceError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? ERRORS.twirp[code]?.body.msg ?? code);
  }
}

class BlobError extends Error {
  constructor(readonly code: string) {
    super(ERRORS.blob[code]?.message ?? code);
  }
}

export async function startFakeArtifactService(
  options: FakeArtifactServiceOptions = {},
): Promise<FakeArtifactService> {
  const tokenKey = randomBytes(32);
  const sasKey = randomBytes(32);
  const runBackendIds: string[] = [randomUUID()]; // by attempt - 1
  const runBackendId = runBackendIds[0] as string;
  const backendOf = (attempt: number): string => {
    while (runBackendIds.length < attempt) runBackendIds.push(randomUUID());
    return runBackendIds[attempt - 1] as string;
  };
  const runId = String(10_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
  const repository = 'octo-org/octo-repo';
  const githubToken = `ghs_${randomBytes(18).toString('base64url')}`;
  const jobs = new Map<string, string>(); // backend id -> job name
  const requests: SeenRequest[] = [];
  const violations: string[] = [];
  const pending = new Map<string, Pending>(); // `${jobId}/${name}`
  const blobs = new Map<string, Blob>(); // blob path
  const stored: Stored[] = [];
  const faults: { call: Call; status: number; left: number }[] = [];
  let nextId = 3_104_567_890;
  let origin = '';

  const jobId = (job: string, attempt = 1): string => {
    const id = uuidOf(`${backendOf(attempt)}/${job}`);
    jobs.set(id, job);
    return id;
  };

  const tokenFor = (
    job: string,
    options: { expiresIn?: number; forged?: boolean; attempt?: number } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const attempt = options.attempt ?? 1;
    const claims = {
      ...TOKEN_SHAPE.claims,
      scp:
        `Actions.GenericRead:00000000-0000-0000-0000-000000000000 ` +
        `Actions.Results:${backendOf(attempt)}:${jobId(job, attempt)}`,
      nbf: now - 60,
      exp: now + (options.expiresIn ?? 6 * 3600),
    };
    const unsigned = `${b64url(TOKEN_SHAPE.header)}.${b64url(claims)}`;
    const key = options.forged ? randomBytes(32) : tokenKey;
    return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
  };

  /** The job of a valid bearer token, or why it is not valid. */
  const authenticate = (header: string | undefined): Caller | { error: string } => {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    const [head, body, sig] = token?.split('.') ?? [];
    if (!head || !body || !sig) return { error: 'no bearer token' };
    const expected = createHmac('sha256', tokenKey).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { error: 'bad token signature' };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Json;
    const now = Date.now() / 1000;
    if (Number(claims['exp']) <= now || Number(claims['nbf']) > now)
      return { error: 'token expired' };
    const scope = String(claims['scp'])
      .split(' ')
      .map((s) => s.split(':'))
      .find((s) => s[0] === 'Actions.Results');
    const attempt = runBackendIds.indexOf(scope?.[1] ?? '') + 1;
    if (attempt === 0 || !scope?.[2]) return { error: 'token of another run' };
    return { jobId: scope[2], attempt, runBackendId: backendOf(attempt) };
  };

  const signature = (p: URLSearchParams, path: string): string =>
    createHmac('sha256', sasKey)
      .update(
        [p.get('sp'), p.get('st'), p.get('se'), path, p.get('rscd'), p.get('rsct')].join('\n'),
      )
      .digest('base64');

  /** A SAS URL of `path`, its parameters in the alphabetical order Azure's URLs have. */
  const signedUrl = (path: string, permissions: string, extra: Record<string, string> = {}) => {
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const fields: Record<string, string> = {
      ...extra,
      se: iso(Date.now() + SIGNED_URL_MINUTES * 60_000),
      sp: permissions,
      spr: 'https,http',
      sr: 'b',
      st: iso(Date.now() - 60_000),
      sv: SAS_VERSION,
    };
    const sig = signature(new URLSearchParams(fields), path);
    const query = Object.entries({ ...fields, sig }).sort(([a], [b]) => (a < b ? -1 : 1));
    return `${origin}${path}?${new URLSearchParams(query).toString()}`;
  };

  const violate = (call: string, problems: string[]): void => {
    for (const p of problems) violations.push(`${call}: ${p}`);
  };

  const takeFault = (call: Call): number | undefined => {
    const fault = faults.find((f) => f.call === call && f.left > 0);
    if (!fault) return undefined;
    fault.left--;
    return fault.status;
  };

  // ---- Twirp RPCs ------------------------------------------------------------------------

  const rpcs: Record<Rpc, (body: Json, caller: string, who: Caller) => Json> = {
    CreateArtifact(body, caller, who) {
      const name = String(body['name']);
      if (body['workflow_job_run_backend_id'] !== caller)
        throw new ServiceError('permission_denied');
      const other = [...pending.values()].some((p) => p.name === name && p.jobId !== caller);
      if (stored.some((a) => a.name === name) || other) throw new ServiceError('already_exists');
      const blobPath =
        `/${ACCOUNT}/actions-results/${who.runBackendId}/workflow-job-run-${caller}` +
        `/artifacts/${sha256(`${name}/${randomUUID()}`)}.zip`;
      pending.set(`${caller}/${name}`, { name, jobId: caller, blobPath });
      blobs.set(blobPath, { blocks: new Map() });
      return { ok: true, signed_upload_url: signedUrl(blobPath, 'cw') };
    },
    FinalizeArtifact(body, caller, who) {
      const name = String(body['name']);
      if (body['workflow_job_run_backend_id'] !== caller)
        throw new ServiceError('permission_denied');
      const upload = pending.get(`${caller}/${name}`);
      const data = upload && blobs.get(upload.blobPath)?.committed;
      if (!upload) throw new ServiceError('not_found');
      if (!data) throw new ServiceError('invalid_argument', 'the artifact zip was not committed');
      const digest = `sha256:${sha256(data)}`;
      if (body['size'] !== String(data.length))
        throw new ServiceError(
          'invalid_argument',
          `size ${String(body['size'])} != ${data.length}`,
        );
      if (body['hash'] !== undefined && body['hash'] !== digest)
        throw new ServiceError('invalid_argument', 'hash does not match the uploaded zip');
      const id = nextId++;
      pending.delete(`${caller}/${name}`);
      stored.push({
        id,
        name,
        job: jobs.get(caller) ?? caller,
        attempt: who.attempt,
        jobId: caller,
        blobPath: upload.blobPath,
        size: data.length,
        digest,
        createdAt: new Date().toISOString(),
      });
      return { ok: true, artifact_id: String(id) };
    },
    ListArtifacts(body, caller, who) {
      if (body['workflow_job_run_backend_id'] !== caller)
        throw new ServiceError('permission_denied');
      const byName = body['name_filter'];
      const byId = body['id_filter'];
      return {
        artifacts: stored
          .filter((a) => options.earlierAttempts !== 'hidden' || a.attempt === who.attempt)
          .filter((a) => byName === undefined || a.name === byName)
          .filter((a) => byId === undefined || String(a.id) === byId)
          .map((a) => ({
            workflow_run_backend_id: backendOf(a.attempt),
            workflow_job_run_backend_id: a.jobId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: a.createdAt,
            digest: a.digest,
          })),
      };
    },
    GetSignedArtifactURL(body) {
      const artifact = stored.find(
        (a) => a.name === body['name'] && a.jobId === body['workflow_job_run_backend_id'],
      );
      if (!artifact) throw new ServiceError('not_found');
      return {
        signed_url: signedUrl(artifact.blobPath, 'r', {
          rscd: `attachment; filename="${artifact.name}.zip"`,
          rsct: 'application/zip',
        }),
      };
    },
  };

  const twirp = (req: IncomingMessage, url: URL, raw: Buffer, seen: SeenRequest) => {
    const json = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      };
      return { status, headers, body: text };
    };
    const error = (e: ServiceError) =>
      json(ERRORS.twirp[e.code]?.status ?? 500, { code: e.code, msg: e.message });
    const method = url.pathname.slice(SERVICE.length);
    if (!RPCS.includes(method) || req.method !== 'POST') {
      violate(`${req.method} ${url.pathname}`, ['not a call @actions/artifact is recorded making']);
      return error(new ServiceError('bad_route', `no handler for path "${url.pathname}"`));
    }
    const rpc = method as Rpc;
    seen.call = rpc;
    const exchange = EXCHANGES[rpc];
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = raw.toString('utf8');
    }
    seen.body = body;
    const problems = [
      ...checkEnvelope(exchange, req, url),
      ...checkFields(
        body,
        exchange.request.body as Json,
        exchange.request.optional,
        exchange.request.fixed,
      ),
    ];
    if (problems.length > 0) {
      violate(rpc, problems);
      return error(
        new ServiceError('invalid_argument', `contract mismatch: ${problems.join('; ')}`),
      );
    }
    const fault = takeFault(rpc);
    if (fault !== undefined)
      return json(fault, {
        code: fault === 503 ? 'unavailable' : 'internal',
        msg: 'injected fault',
      });
    const auth = authenticate(req.headers.authorization);
    if ('error' in auth) return error(new ServiceError('unauthenticated'));
    seen.job = jobs.get(auth.jobId) ?? auth.jobId;
    const request = body as Json;
    // a signed URL is asked for with the artifact's own ids, those of an earlier attempt too
    const runOk =
      rpc === 'GetSignedArtifactURL'
        ? runBackendIds.includes(String(request['workflow_run_backend_id']))
        : request['workflow_run_backend_id'] === auth.runBackendId;
    if (!runOk) return error(new ServiceError('permission_denied'));
    try {
      const answer = rpcs[rpc](request, auth.jobId, auth);
      violate(`${rpc} answer`, checkShape(answer, exchange.response.body, 'body'));
      return json(200, answer);
    } catch (e) {
      if (e instanceof ServiceError) return error(e);
      throw e;
    }
  };

  // ---- Blob storage ------------------------------------------------------------------------

  const blob = (req: IncomingMessage, url: URL, raw: Buffer, seen: SeenRequest) => {
    const xmlError = (e: BlobError) => ({
      status: ERRORS.blob[e.code]?.status ?? 500,
      headers: { 'content-type': 'application/xml', 'x-ms-error-code': e.code },
      body:
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${e.code}</Code>` +
        `<Message>${e.message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`,
    });
    const comp = url.searchParams.get('comp');
    const call: Call | undefined =
      req.method === 'PUT' && comp === 'block'
        ? 'PutBlock'
        : req.method === 'PUT' && comp === 'blocklist'
          ? 'PutBlockList'
          : req.method === 'GET' && comp === null
            ? 'GetBlob'
            : undefined;
    if (!call) {
      violate(`${req.method} blob`, [
        `comp=${comp}: not a call @actions/artifact is recorded making`,
      ]);
      return xmlError(new BlobError('InvalidInput'));
    }
    seen.call = call;
    const exchange = EXCHANGES[call];
    const problems = checkEnvelope(exchange, req, url);
    if (call === 'PutBlockList') {
      seen.body = raw.toString('utf8');
      if (
        !/^<\?xml [^>]*\?><BlockList>(<Latest>[A-Za-z0-9+/=]+<\/Latest>)+<\/BlockList>$/.test(
          seen.body as string,
        )
      )
        problems.push('body is not a <BlockList> of <Latest> block ids');
    }
    if (
      req.headers['content-length'] !== undefined &&
      Number(req.headers['content-length']) !== raw.length
    )
      problems.push('content-length differs from the body');
    if (problems.length > 0) {
      violate(call, problems);
      return xmlError(new BlobError('InvalidInput'));
    }
    const p = url.searchParams;
    const sig = p.get('sig') ?? '';
    const expected = signature(p, url.pathname);
    const need = call === 'GetBlob' ? 'r' : 'w';
    if (
      sig !== expected ||
      !(p.get('sp') ?? '').includes(need) ||
      Date.parse(p.get('se') ?? '') < Date.now()
    )
      return xmlError(new BlobError('AuthenticationFailed'));
    const fault = takeFault(call);
    if (fault !== undefined)
      return xmlError(new BlobError(fault === 503 ? 'ServerBusy' : 'InternalError'));
    const target = blobs.get(url.pathname);
    if (!target) return xmlError(new BlobError('BlobNotFound'));
    const common = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': header(req, 'x-ms-version') ?? SAS_VERSION,
      date: new Date().toUTCString(),
    };
    if (call === 'PutBlock') {
      target.blocks.set(p.get('blockid') ?? '', raw);
      return {
        status: 201,
        headers: {
          ...common,
          'content-md5': createHash('md5').update(raw).digest('base64'),
          'x-ms-request-server-encrypted': 'true',
        },
        body: '',
      };
    }
    if (call === 'PutBlockList') {
      const ids = [...(seen.body as string).matchAll(/<Latest>([^<]+)<\/Latest>/g)].map(
        (m) => m[1] ?? '',
      );
      const parts = ids.map((id) => target.blocks.get(id));
      if (parts.some((b) => b === undefined)) return xmlError(new BlobError('InvalidBlockList'));
      target.committed = Buffer.concat(parts as Buffer[]);
      target.contentType = header(req, 'x-ms-blob-content-type');
      target.etag = `"0x${createHash('md5').update(target.committed).digest('hex').slice(0, 15).toUpperCase()}"`;
      target.lastModified = new Date().toUTCString();
      target.blocks.clear();
      return {
        status: 201,
        headers: {
          ...common,
          etag: target.etag,
          'last-modified': target.lastModified,
          'x-ms-request-server-encrypted': 'true',
        },
        body: '',
      };
    }
    if (!target.committed) return xmlError(new BlobError('BlobNotFound'));
    return {
      status: 200,
      headers: {
        ...common,
        'content-type': p.get('rsct') ?? target.contentType ?? 'application/octet-stream',
        ...(p.get('rscd') ? { 'content-disposition': p.get('rscd') ?? '' } : {}),
        'content-length': String(target.committed.length),
        etag: target.etag ?? '',
        'last-modified': target.lastModified ?? '',
        'accept-ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-server-encrypted': 'true',
      },
      body: target.committed,
    };
  };

  // ---- REST API (the artifacts of the whole run, for `findBy`) ---------------------------------

  const rest = (req: IncomingMessage, url: URL, seen: SeenRequest) => {
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      return {
        status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          ...extra,
        },
        body: text,
      };
    };
    const base = `/repos/${repository}/actions/`;
    const list = new RegExp(`^${base}runs/(\\d+)/artifacts$`).exec(url.pathname);
    const zip = new RegExp(`^${base}artifacts/(\\d+)/zip$`).exec(url.pathname);
    const call: RestCall | undefined = list
      ? 'ListRunArtifacts'
      : zip
        ? 'DownloadArtifact'
        : undefined;
    if (!call || req.method !== 'GET') {
      violate(`${req.method} ${url.pathname}`, [
        'not a REST call @actions/artifact is recorded making',
      ]);
      return json(404, { message: 'Not Found' });
    }
    seen.call = call;
    const problems = checkEnvelope(EXCHANGES[call], req, url);
    if (problems.length > 0) {
      violate(call, problems);
      return json(400, { message: problems.join('; ') });
    }
    if (req.headers.authorization !== `token ${githubToken}`)
      return json(401, { message: 'Bad credentials' });
    if (list) {
      if (list[1] !== runId) return json(404, { message: 'Not Found' });
      const name = url.searchParams.get('name');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = stored.filter((a) => name === null || a.name === name);
      const answer = {
        total_count: all.length,
        artifacts: all.slice((page - 1) * perPage, page * perPage).map((a) => ({
          id: a.id,
          node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
          name: a.name,
          size_in_bytes: a.size,
          url: `https://api.github.com${base}artifacts/${a.id}`,
          archive_download_url: `https://api.github.com${base}artifacts/${a.id}/zip`,
          expired: false,
          digest: a.digest,
          created_at: a.createdAt.replace(/\.\d+Z$/, 'Z'),
          expires_at: new Date(Date.parse(a.createdAt) + 90 * 86_400_000)
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
          updated_at: a.createdAt.replace(/\.\d+Z$/, 'Z'),
          workflow_run: {
            id: Number(runId),
            repository_id: 1296269,
            head_repository_id: 1296269,
            head_branch: 'main',
            head_sha: '0123456789abcdef0123456789abcdef01234567',
          },
        })),
      };
      violate(`${call} answer`, checkShape(answer, EXCHANGES[call].response.body, 'body'));
      return json(200, answer);
    }
    const artifact = stored.find((a) => String(a.id) === zip?.[1]);
    if (!artifact) return json(404, { message: 'Not Found' });
    return {
      status: 302,
      headers: {
        location: signedUrl(artifact.blobPath, 'r', {
          rscd: `attachment; filename="${artifact.name}.zip"`,
          rsct: 'application/zip',
        }),
        'x-github-api-version-selected': '2022-11-28',
      },
      body: '',
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', origin);
    const query = Object.fromEntries(url.searchParams);
    if (query['sig'] !== undefined) query['sig'] = '***';
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k,
        k === 'authorization' ? 'Bearer ***' : String(v),
      ]),
    );
    const seen: SeenRequest = {
      call: 'unknown',
      method: req.method ?? '',
      path: url.pathname,
      query,
      headers,
      body: raw.length,
      status: 0,
    };
    requests.push(seen);
    let answer: { status: number; headers: Record<string, string>; body: string | Buffer };
    if (url.pathname.startsWith(SERVICE)) answer = twirp(req, url, raw, seen);
    else if (url.pathname.startsWith(`/${ACCOUNT}/`)) answer = blob(req, url, raw, seen);
    else if (url.pathname.startsWith('/repos/')) answer = rest(req, url, seen);
    else {
      violate(`${req.method} ${url.pathname}`, ['not a path of the artifact service']);
      answer = { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    }
    seen.status = answer.status;
    if (seen.call !== 'unknown' && answer.status === EXCHANGES[seen.call].response.status) {
      const missing = Object.keys(EXCHANGES[seen.call].response.headers).filter(
        (h) => !(h in answer.headers),
      );
      violate(
        `${seen.call} answer`,
        missing.map((h) => `header ${h} is missing`),
      );
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`fake artifact service crashed: ${String(e)}`);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'internal', msg: 'fake artifact service crashed' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jobEnv = (job: string, attempt = 1): Record<string, string> => ({
    ACTIONS_RUNTIME_TOKEN: tokenFor(job, { attempt }),
    ACTIONS_RESULTS_URL: `${origin}/`,
    // github.com, so that the client does not take the run for GHES (which it refuses).
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: String(attempt),
    // the REST API, for the artifacts of earlier attempts (`findBy`)
    GITHUB_API_URL: origin,
    GITHUB_REPOSITORY: repository,
    GITHUB_RETENTION_DAYS: '90',
  });
  const env = jobEnv('job');

  return {
    url: `${origin}/`,
    token: env['ACTIONS_RUNTIME_TOKEN'] ?? '',
    env,
    runBackendId,
    githubToken,
    jobEnv,
    tokenFor,
    requests,
    violations,
    artifacts: () =>
      stored.map(({ id, name, job, attempt, size, digest, createdAt }) => ({
        id,
        name,
        job,
        attempt,
        size,
        digest,
        createdAt,
      })),
    failNext(call, status, times = 1) {
      faults.push({ call, status, left: times });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}
