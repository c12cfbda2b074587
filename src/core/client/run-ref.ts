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

/** A run id's digits as a number: undefined for 0, or one too large to be exact (over 2^53). */
function runId(digits: string): number | undefined {
  const id = Number(digits);
  return id > 0 && Number.isSafeInteger(id) ? id : undefined;
}

export function parseRunRef(text: string): RunRef | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const id = runId(t);
    return id === undefined ? undefined : { id, repo: undefined };
  }
  const m =
    /^(https?):\/\/([^/\s:]+(?::\d+)?)\/([\w.-]+)\/([\w.-]+)\/actions\/runs\/(\d+)(?:\/(?:attempts|job)\/\d+)?\/?(?:[?#].*)?$/.exec(
      t,
    );
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) return undefined;
  const id = runId(m[5]);
  if (id === undefined) return undefined;
  return {
    id,
    repo: { owner: m[3], repo: m[4] },
    host: m[2].toLowerCase(),
    scheme: m[1] === 'http' ? 'http' : 'https',
  };
}
