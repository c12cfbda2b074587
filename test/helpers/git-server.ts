// A real smart-HTTP git server on loopback: git's own `git http-backend` (CGI) behind a small
// Node http server that checks a Basic-auth token, as GitHub does for `x-access-token:TOKEN`.
// Used by the git adapter tests and by `npm run bench -- git`.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitServer {
  /** http://127.0.0.1:PORT/ : repositories are at `${url}NAME.git` (bare repos in `root`). */
  readonly url: string;
  /** Requests answered so far, with their status (for assertions on what a client asked). */
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves every bare repository under `root`, fetch and push, to clients that present `token`
 * as the Basic-auth password (any user name); anything else gets 401.
 */
export async function startGitServer(root: string, token: string): Promise<GitServer> {
  const requests: GitServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record = (status: number): void => {
      requests.push({ method: req.method ?? '', path: url.pathname, status });
    };
    if (!authorized(req, token)) {
      record(401);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized\n');
      return;
    }
    cgi(root, req, res, url, record);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString();
  return decoded.slice(decoded.indexOf(':') + 1) === token;
}

function cgi(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  record: (status: number) => void,
): void {
  const header = (name: string): string => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    // lets a client fetch any commit that some ref reaches, as GitHub does (protocol v0/v1)
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'uploadpack.allowReachableSHA1InWant',
    GIT_CONFIG_VALUE_0: 'true',
    GIT_CONFIG_KEY_1: 'http.receivepack',
    GIT_CONFIG_VALUE_1: 'true',
    REMOTE_USER: 'client',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: header('content-type'),
    GIT_PROTOCOL: header('git-protocol'),
    HTTP_CONTENT_ENCODING: header('content-encoding'),
  };
  // a server-side protocol trace when debugging a client: GIT_TRACE_PACKET=/tmp/trace
  if (process.env['GIT_TRACE_PACKET']) env['GIT_TRACE_PACKET'] = process.env['GIT_TRACE_PACKET'];
  const length = header('content-length');
  if (length) env['CONTENT_LENGTH'] = length;
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString().split('\r\n')) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    record(status);
    res.writeHead(status, headers);
    res.write(head.subarray(end + 4));
  });
  child.stdout.on('end', () => {
    if (!headersDone) {
      record(500);
      res.writeHead(500).end();
    } else res.end();
  });
  child.stderr.resume();
}
