// A workflow run named on the command line: its id, or the URL of its page as `submit` prints
// it (https://github.com/OWNER/REPO/actions/runs/ID, optionally /attempts/N or /job/N).

export interface RunRef {
  readonly id: number;
  /** OWNER/REPO when the URL names them. */
  readonly repo: { readonly owner: string; readonly repo: string } | undefined;
  /** The URL's host, with its port when it names one (github.com, or a GitHub Enterprise Server). */
  readonly host?: string;
}

export function parseRunRef(text: string): RunRef | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { id: Number(t), repo: undefined };
  const m =
    /^https?:\/\/([^/\s:]+(?::\d+)?)\/([\w.-]+)\/([\w.-]+)\/actions\/runs\/(\d+)(?:\/(?:attempts|job)\/\d+)?\/?(?:[?#].*)?$/.exec(
      t,
    );
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) return undefined;
  return { id: Number(m[4]), repo: { owner: m[2], repo: m[3] }, host: m[1].toLowerCase() };
}
