// A browser's cookies, as far as the LTI tests need them: name=value per Set-Cookie, Path, Max-Age/Expires
// deletion. Loopback counts as secure (as in Chromium), so Secure cookies are kept over http://127.0.0.1.

/** The attributes of a Set-Cookie line, names lower-cased: { path: '/lti', secure: true, 'max-age': '0', … }. */
export const cookieAttributes = (line) => {
  const attrs = {};
  for (const a of line.split(';').slice(1)) {
    const i = a.indexOf('=');
    if (i < 0) attrs[a.trim().toLowerCase()] = true;
    else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
  }
  return attrs;
};

/** A Set-Cookie line that deletes its cookie: Max-Age <= 0, or an Expires in the past without Max-Age. */
export function isDeletion(line) {
  const a = cookieAttributes(line);
  if (a['max-age'] !== undefined) return Number(a['max-age']) <= 0;
  return typeof a.expires === 'string' && Date.parse(a.expires) <= Date.now();
}

export class CookieJar {
  constructor() {
    this.cookies = new Map();
    this.setCookies = [];
  }
  absorb(res) {
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attrs = cookieAttributes(line);
      if (isDeletion(line)) this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attrs.path ?? '/', attrs, line });
    }
  }
  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([n, c]) => `${n}=${c.value}`)
      .join('; ');
  }
  names() {
    return [...this.cookies.keys()];
  }
  clone() {
    const copy = new CookieJar();
    for (const [n, c] of this.cookies) copy.cookies.set(n, { ...c });
    return copy;
  }
}

export const STATE_COOKIE_PREFIX = '__Secure-cw-lti-';
export const stateCookies = (jar) => jar.names().filter((n) => n.startsWith(STATE_COOKIE_PREFIX));
