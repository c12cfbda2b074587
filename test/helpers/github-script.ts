// A stand-in for GitHub's REST API on 127.0.0.1, like github-replay.ts, for conversations that
// change over time: recorded responses (test/fixtures/github/campaigns/*.json) are served in
// order, each once, the last one of a request again when the conversation runs past the script
// (a run stays completed). Bodies may be JSON or bytes (an artifact's zip); `{{baseUrl}}` and
// the test's variables (`{{headSha}}`) are filled in. Requests whose Authorization header is
// not `token TOKEN` get GitHub's recorded 401, except for `public` recordings (the pre-signed
// blob URL an artifact download is redirected to, which wants no token). Every request is kept
// so that tests can assert what was sent. `effect`, when given, is what GitHub does besides
// answering (a created branch appears on the test's git server): it runs before the answer.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    /** Bytes sent as they are (an artifact zip). */
    readonly raw?: Buffer;
    /** Only the first half of `raw` is sent, the rest never (a download that stalls). */
    readonly stall?: boolean;
  };
  /** Served without a token (a pre-signed download URL). */
  readonly public?: boolean;
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Script {
  readonly url: string;
  readonly received: Received[];
  /** Requests received, as `METHOD path`, for comparing with a list. */
  lines(): string[];
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/github/', import.meta.url);

/** A recording of test/fixtures/github/campaigns/NAME.json (or ../NAME.json with `../`). */
export function exchange(name: string): Exchange {
  const file = name.startsWith('../') ? name.slice(3) : `campaigns/${name}`;
  return JSON.parse(readFileSync(new URL(`${file}.json`, FIXTURES), 'utf8')) as Exchange;
}

/** The pre-signed blob URL an artifact redirect points at, serving `zip` (half of it: `stall`). */
export function blob(artifactId: number, zip: Buffer, stall = false): Exchange {
  return {
    request: {
      method: 'GET',
      path: `/blob/${artifactId}?sv=2025-01-05&se=2026-01-01T00%3A01%3A00Z&sig=Zm9v`,
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-length': String(zip.length) },
      raw: zip,
      ...(stall ? { stall } : {}),
    },
    public: true,
  };
}

export async function startScript(
  script: readonly Exchange[],
  token: string,
  vars: Readonly<Record<string, string>> = {},
  effect?: (request: Received, answer: Exchange) => Promise<void>,
): Promise<Script> {
  const received: Received[] = [];
  const used = new Set<number>();
  const unauthorized = exchange('../bad-credentials');
  let base = '';
  const fill = (text: string): string =>
    Object.entries({ ...vars, baseUrl: base }).reduce(
      (t, [k, v]) => t.replaceAll(`{{${k}}}`, v),
      text,
    );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer().catch((e: unknown) => res.writeHead(500).end(String(e)));
    });
    const answer = async (): Promise<void> => {
      const body = Buffer.concat(chunks).toString();
      const method = req.method ?? '';
      const path = req.url ?? '';
      const request = { method, path, headers: req.headers, body };
      received.push(request);
      const parsed = body ? (JSON.parse(body) as unknown) : undefined;
      const matches = script
        .map((x, i) => ({ x, i }))
        .filter(
          ({ x }) =>
            x.request.method === method &&
            fill(x.request.path) === path &&
            (x.request.body === undefined || isDeepStrictEqual(x.request.body, parsed)),
        );
      const next = matches.find(({ i }) => !used.has(i)) ?? matches[matches.length - 1];
      const authorized = req.headers.authorization === `token ${token}`;
      const match =
        next && (next.x.public || authorized) ? next.x : authorized ? undefined : unauthorized;
      if (next) used.add(next.i);
      if (!match) {
        res.writeHead(501, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `no recording for ${method} ${path} ${body}` }));
        return;
      }
      if (effect) await effect(request, match);
      const headers = Object.fromEntries(
        Object.entries(match.response.headers ?? {}).map(([k, v]) => [k, fill(v)]),
      );
      res.writeHead(match.response.status, headers);
      if (match.response.raw && match.response.stall)
        res.write(match.response.raw.subarray(0, match.response.raw.length >> 1));
      else if (match.response.raw) res.end(match.response.raw);
      else
        res.end(match.response.body === undefined ? '' : fill(JSON.stringify(match.response.body)));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    received,
    lines: () => received.map((r) => `${r.method} ${r.path}`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
