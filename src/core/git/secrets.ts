// Keeping a token out of messages: every form in which it can appear in git's or an HTTP
// library's output (as given, inside a Basic-auth header, in a URL's user info) is replaced.
// A value shorter than MIN_SECRET_LENGTH is no real token (GitHub's have 40 characters or more)
// but a test's `x` or `token`: replacing it wherever it stands would make every message
// unreadable (`Cannot r***ach GitHub's API`), so it is replaced only where it stands as a
// credential (a URL's user info, an Authorization header).

export const TOKEN_USER = 'x-access-token';

/** Values shorter than this are not looked for in running text (README: "Token"). */
export const MIN_SECRET_LENGTH = 8;

/**
 * GitHub's own token forms, replaced whether or not they are the token at hand, wherever they
 * stand: also glued to what precedes them (`access_token%3Dghp_...` in an encoded URL,
 * `MY_TOKEN_ghp_...`), where a word boundary would not be.
 */
const GITHUB_TOKENS = /(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g;

/**
 * An Authorization header's value (Basic, Bearer, token), in a message or a git trace, or as a
 * JSON or Python field (`"authorization": "token ..."`, `'Authorization': 'Bearer ...'`).
 */
const AUTH_HEADER = /(Authorization["']?\s*[:=]\s*["']?\s*(?:Basic|Bearer|token)\s+)[^\s"',]+/gi;

/**
 * A URL's scheme and user info (`https://USER:PASSWORD@`). With a password (a `:` after the user
 * name): everything up to the last `@` of the word, for a password may hold any character URL
 * syntax reserves, typed raw (`me:pa/ss@host`, `me:P@ss@host`, `me:p?a#s@host`). Without one: up
 * to the last `@` before the path (a token as user name). The price: a path with an `@` in it
 * after user info or a port (`https://host:8443/o/r@v1`) goes too.
 */
const USER_INFO = String.raw`(\w+:\/\/)(?:[^\s/@:"<>\x60]*:[^\s"<>\x60]*|[^\s/"<>\x60]*)@`;

/** The HTTP header that carries `token`, as GitHub accepts it for git over HTTPS. */
export function basicAuthHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`${TOKEN_USER}:${token}`).toString('base64')}`;
}

/**
 * Replaces every appearance of the token (and its encodings; a token shorter than
 * MIN_SECRET_LENGTH only as a credential), of GitHub tokens, Authorization headers' values and
 * URL credentials with ***.
 */
export function redact(text: string, token: string | undefined): string {
  let out = text
    .replace(new RegExp(USER_INFO, 'g'), '$1***@')
    .replace(AUTH_HEADER, '$1***')
    .replace(GITHUB_TOKENS, '***');
  if (!token) return out;
  // the Basic header's value is long whatever the token: replaced even without its header
  const forms = [Buffer.from(`${TOKEN_USER}:${token}`).toString('base64')];
  if (token.length >= MIN_SECRET_LENGTH)
    forms.push(token, encodeURIComponent(token), Buffer.from(token).toString('base64'));
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

/**
 * A URL with no user info, for messages and for the workspace's config. Here, where the URL is
 * used and not only shown, a port followed by a path with an `@` (`https://host:8443/o/r@v1`)
 * is kept whole.
 */
export function withoutCredentials(url: string): string {
  return url.replace(new RegExp(`^${USER_INFO}`), (info: string, scheme: string) =>
    /^\w+:\/\/[^\s/@:]*:\d*\//.test(info) ? info : scheme,
  );
}
