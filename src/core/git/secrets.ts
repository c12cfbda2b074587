// Keeping a token out of messages: every form in which it can appear in git's or an HTTP
// library's output (as given, inside a Basic-auth header, in a URL's user info) is replaced.

export const TOKEN_USER = 'x-access-token';

/** The HTTP header that carries `token`, as GitHub accepts it for git over HTTPS. */
export function basicAuthHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`${TOKEN_USER}:${token}`).toString('base64')}`;
}

/** Replaces every appearance of the token (and its encodings) and URL credentials with ***. */
export function redact(text: string, token: string | undefined): string {
  let out = text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
  if (!token) return out;
  const forms = [
    token,
    encodeURIComponent(token),
    Buffer.from(`${TOKEN_USER}:${token}`).toString('base64'),
    Buffer.from(token).toString('base64'),
  ];
  for (const f of forms) out = out.split(f).join('***');
  return out;
}

/**
 * The URL prefix an auth header is scoped to (scheme, host and port): the repository and its
 * submodules on the same server get it, other hosts never do. Undefined for non-HTTP remotes.
 */
export function httpOrigin(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return `${u.protocol}//${u.host}/`;
}

/** A URL with no user info, for messages and for the workspace's config. */
export function withoutCredentials(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/@\s]+@/, '$1');
}
