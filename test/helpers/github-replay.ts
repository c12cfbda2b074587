// A stand-in for GitHub's REST API on 127.0.0.1: it answers requests with recorded responses
// from test/fixtures/github/*.json and keeps every request it received, so tests can check what
// was sent (and that a token went only into the Authorization header).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface Recording {
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Replay {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/github/', import.meta.url);

export function recording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Recording;
}

/**
 * Serves `recordings`: the first whose method, path (with query) and JSON body (when recorded)
 * match. A request without `authorization: token TOKEN` gets the recorded 401; one that
 * matches nothing gets a 501 naming it, so a test fails loudly.
 */
export async function startReplay(recordings: Recording[], token: string): Promise<Replay> {
  const received: Received[] = [];
  const unauthorized = recording('bad-credentials');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const method = req.method ?? '';
      const path = req.url ?? '';
      received.push({ method, path, headers: req.headers, body });
      const parsed = body ? (JSON.parse(body) as unknown) : undefined;
      const match =
        req.headers.authorization === `token ${token}`
          ? recordings.find(
              (r) =>
                r.request.method === method &&
                r.request.path === path &&
                (r.request.body === undefined || isDeepStrictEqual(r.request.body, parsed)),
            )
          : unauthorized;
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (!match) {
        res.writeHead(501, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `no recording for ${method} ${path} ${body}` }));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(match.response.headers ?? {}).map(([k, v]) => [
          k,
          v.replaceAll('{{baseUrl}}', base),
        ]),
      );
      res.writeHead(match.response.status, headers);
      res.end(match.response.body === undefined ? '' : JSON.stringify(match.response.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
