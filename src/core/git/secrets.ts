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
const USER_INFO = String.raw`([A-Za-z][\w+.-]*:\/\/)(?:[^\s/@:"<>\x60]*:[^\s"<>\x60]*|[^\s/"<>\x60]*)@`;

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

/** A URL's scheme (`git+ssh://`), user info (undefined without one) and the rest. */
export interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string | undefined;
  readonly rest: string;
}

/**
 * A URL split as `redact` sees it: the user info is everything up to the last `@` of the word
 * when it has a password (any character URL syntax reserves may stand raw in one), up to the last
 * `@` before the path otherwise. Here, where the URL is used and not only shown, a port followed
 * by a path with an `@` (`https://host:8443/o/r@v1`) is no user info. The host is what follows.
 */
export function urlParts(url: string): UrlParts {
  const m = new RegExp(`^${USER_INFO}`).exec(url);
  if (m?.[1] && !/^[A-Za-z][\w+.-]*:\/\/[^\s/@:]*:\d*\//.test(m[0]))
    return { scheme: m[1], userInfo: m[0].slice(m[1].length, -1), rest: url.slice(m[0].length) };
  const scheme = /^[A-Za-z][\w+.-]*:\/\//.exec(url)?.[0] ?? '';
  return { scheme, userInfo: undefined, rest: url.slice(scheme.length) };
}

/** A URL with no user info, for the workspace's config. */
export function withoutCredentials(url: string): string {
  const u = urlParts(url);
  return u.scheme + u.rest;
}

/** A URL for messages: its user info, if any, shown as `***` (`https://***@host/r.git`). */
export function shownUrl(url: string): string {
  const u = urlParts(url);
  return u.userInfo === undefined ? url : `${u.scheme}***@${u.rest}`;
}

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `redact`, and also the user info of `url` (the URL git or ssh was given) in the pieces git and
 * ssh show of it: with a `/`, `?` or `#` in the password they split the URL there, so ssh names
 * `u:pa` as the host of `ssh://u:pa/ss@host/r.git`, and git the rest `ss@host/r.git` as a path.
 */
export function redactUrl(text: string, url: string, token?: string): string {
  const info = urlParts(url).userInfo;
  let out = text;
  const colon = info?.indexOf(':') ?? -1;
  // a user name alone (`git@`) is no secret unless long enough for a token
  if (info && colon < 0 && info.length >= MIN_SECRET_LENGTH) out = out.split(info).join('***');
  if (info && colon >= 0) {
    out = out.split(info).join('***');
    const password = info.slice(colon + 1);
    if (password.length >= MIN_SECRET_LENGTH) out = out.split(password).join('***');
    for (let i = 0; i < info.length; i++) {
      if (!'/?#'.includes(info[i] ?? '')) continue;
      // the part before the first split, as a host (`u:pa`), where it holds a password piece
      const head = info.slice(0, i);
      if (head.indexOf(':') >= 0 && head.indexOf(':') < head.length - 1 && !/[/?#]/.test(head))
        out = out.replace(new RegExp(`(?<![\\w.-])${escaped(head)}`, 'g'), '***');
      // a part after a split, as the start of a path (`ss@host`)
      const tail = info.slice(i + 1);
      if (tail) out = out.split(`${tail}@`).join('***@');
    }
  }
  return redact(out, token);
}
