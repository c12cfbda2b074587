// A workflow run named on the command line: its id, or the URL of its page as `submit` prints
// it (https://github.com/OWNER/REPO/actions/runs/ID, optionally /attempts/N or /job/N).

export interface RunRef {
  readonly id: number;
  /** OWNER/REPO when the URL names them. */
  readonly repo: { readonly owner: string; readonly repo: string } | undefined;
  /** The URL's host, with its port when it names one (github.com, or a GitHub Enterprise Server). */
  readonly host?: string;
  /** The URL's scheme: a GitHub Enterprise Server without TLS is asked over http, as typed. */
  readonly scheme?: 'http' | 'https';
}

export function parseRunRef(text: string): RunRef | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { id: Number(t), repo: undefined };
  const m =
    /^(https?):\/\/([^/\s:]+(?::\d+)?)\/([\w.-]+)\/([\w.-]+)\/actions\/runs\/(\d+)(?:\/(?:attempts|job)\/\d+)?\/?(?:[?#].*)?$/.exec(
      t,
    );
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) return undefined;
  return {
    id: Number(m[5]),
    repo: { owner: m[3], repo: m[4] },
    host: m[2].toLowerCase(),
    scheme: m[1] === 'http' ? 'http' : 'https',
  };
}
