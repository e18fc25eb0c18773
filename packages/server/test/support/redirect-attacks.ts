/**
 * `return_to` values as they appear in a query string (already percent-encoded) that must fall back to
 * the safe default: each is one a browser could follow to another origin, or once made the server
 * answer 500, or is not plain ASCII. `HOST` is
 * replaced by the other origin's host (a loopback server in the browser test).
 */
export const REFUSED_RETURN_TO: ReadonlyArray<[label: string, encoded: string]> = [
  ['a tab after the slash', '/%09/HOST/'],
  ['a tab encoded twice', '/%2509/HOST/'],
  ['an encoded slash', '/%2F/HOST/'],
  ['an encoded slash, encoded twice', '/%252F/HOST/'],
  ['two slashes', '//HOST/'],
  ['a backslash', '/%5CHOST/'],
  ['a backslash encoded twice', '/%255CHOST/'],
  ['a backslash and a tab', '/%5C%09/HOST/'],
  ['a slash, a newline and a slash', '/%0A/HOST/'],
  ['a carriage return and line feed', '/%0D%0ASet-Cookie:%20planted=1'],
  ['a space then two slashes', '%20//HOST/'],
  ['a space inside', '/%20/HOST/'],
  ['a NUL', '/%00/HOST/'],
  ['a character outside Latin-1', '/%E2%98%83'],
  ['a Latin-1 letter', '/%C3%BC'],
  ['an absolute URL', 'http://HOST/'],
  ['a scheme-only URL', 'http:/HOST/'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['no leading slash', 'HOST/'],
  ['an overlong path', `/${'a'.repeat(3000)}`],
];

/** Same-origin paths that must be kept as they are. */
export const SAME_ORIGIN_RETURN_TO: ReadonlyArray<[encoded: string, decoded: string]> = [
  ['/workspaces', '/workspaces'],
  ['%2Foauth%2Fauthorize%2Fresume%3Finteraction%3Dgth_int_abc', '/oauth/authorize/resume?interaction=gth_int_abc'],
  ['/sites/0123456789abcdef01234567%3Fdone%3Dsaved', '/sites/0123456789abcdef01234567?done=saved'],
];
