// The black-box steps of an LTI 1.3 launch over plain HTTP (fetch + the cookie jar): login initiation at Host, the
// simulator's authorization endpoint, the form_post launch, the launch code grant, the chat; and readers of the pages
// Host answers. Everything here follows CONTRACT.md §3, §5, §8 and lti-interface.md, never Host's code.
import assert from 'node:assert/strict';
import { CookieJar, stateCookies } from './cookie-jar.mjs';
import { parseFormPost } from './lti-platform-pages.mjs';

async function request(url, { jar, method = 'GET', form, headers = {} } = {}) {
  const h = { ...headers };
  const cookie = jar?.header(url);
  if (cookie) h.Cookie = cookie;
  let body;
  if (form) {
    h['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
  jar?.absorb(res);
  return { status: res.status, headers: res.headers, body: await res.text(), setCookies: res.headers.getSetCookie() };
}

const decodeEntities = (s) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The data-* attributes of the page's element that carries `data-mode` (lti.html as Host fills it in), or null. */
export function pageData(html) {
  const tag = /<[a-z]+\b[^>]*\bdata-mode=[^>]*>/i.exec(html)?.[0];
  if (!tag) return null;
  const data = {};
  for (const m of tag.matchAll(/\s(data-[a-z-]+)\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
    data[m[1].toLowerCase()] = decodeEntities(m[3] ?? m[4]);
  }
  return data;
}

/** The directives of a Content-Security-Policy header: { 'frame-ancestors': ['http://…'], … }. */
export function cspDirectives(header) {
  const out = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/** The steps of one launch, each returning what came back so that tests can assert on (or tamper with) it. */
export function ltiClient(world) {
  const host = () => world.host.origin;

  const client = {
    /** Login initiation at Host (GET query or POST form), as the platform's page would send it. */
    async login(spec, { jar, method = 'GET', extra = {} } = {}) {
      const params = spec.loginParams(extra);
      if (method === 'GET') return request(`${host()}/lti/login?${new URLSearchParams(params)}`, { jar });
      return request(`${host()}/lti/login`, { jar, method: 'POST', form: params });
    },

    /** Follows the tool's redirect to the simulator's authorization endpoint; returns its answer and the form. */
    async authorize(authUrl) {
      const res = await request(authUrl);
      return { ...res, form: res.status === 200 ? parseFormPost(res.body) : null };
    },

    /** The form_post to Host's /lti/launch (fields as given: tests drop or replace them). */
    async postLaunch(action, fields, { jar } = {}) {
      const res = await request(action, { jar, method: 'POST', form: fields });
      return { ...res, data: pageData(res.body) };
    },

    /**
     * login → 302 → authorization → form_post → launch page. `storage`: the login offers platform storage
     * (`lti_storage_target=_parent`); the binder the login page would put is returned as `binder`.
     */
    async launch(spec, { jar = new CookieJar(), method = 'GET', storage = false, dropCookie = false, launchJar } = {}) {
      const login = await client.login(spec, { jar, method, extra: storage ? { lti_storage_target: '_parent' } : {} });
      let authUrl;
      let loginData = null;
      if (storage) {
        assert.equal(login.status, 200, `login with lti_storage_target answers the storage page (got ${login.status}: ${login.body.slice(0, 200)})`);
        loginData = pageData(login.body);
        assert.equal(loginData?.['data-mode'], 'lti-login', 'the login page is lti.html in lti-login mode');
        authUrl = loginData['data-redirect'];
      } else {
        assert.equal(login.status, 302, `login answers 302 (got ${login.status}: ${login.body.slice(0, 200)})`);
        authUrl = login.headers.get('location');
      }
      const auth = await client.authorize(authUrl);
      assert.equal(auth.status, 200, `the simulator accepted the authentication request: ${auth.body.slice(0, 400)}`);
      if (dropCookie) for (const n of stateCookies(jar)) jar.cookies.delete(n);
      const before = jar.clone();
      const launched = await client.postLaunch(auth.form.action, auth.form.fields, { jar: launchJar ?? jar });
      return { login, loginData, authUrl, auth, launched, jarBeforeLaunch: before, jar, binder: loginData?.['data-state-value'] ?? null };
    },

    /** The launch-code grant (lti-interface.md), as the launch page sends it (same origin as Host). */
    async redeem({ code, platform = 'lti', storageValue } = {}) {
      const form = {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: code,
        subject_token_type: 'urn:chatwidget:params:oauth:token-type:lti-launch',
        platform,
        origin: host(),
      };
      if (storageValue !== undefined) form.lti_storage_value = storageValue;
      const res = await request(`${host()}/api/token`, { method: 'POST', form, headers: { Origin: host() } });
      let json = null;
      try {
        json = JSON.parse(res.body);
      } catch {
        /* not JSON */
      }
      return { ...res, json };
    },

    /** GET /api/profile with the access token. */
    async profile(accessToken) {
      const res = await request(`${host()}/api/profile`, { headers: { Authorization: `Bearer ${accessToken}`, Origin: host() } });
      return { ...res, json: res.status === 200 ? JSON.parse(res.body) : null };
    },

    /** A streamed chat turn (contract §5): the chunks' content, in order, and whether it ended with [DONE]. */
    async chat(accessToken, question) {
      const res = await fetch(`${host()}/v1/chat/completions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Origin: host() },
        body: JSON.stringify({ messages: [{ role: 'user', content: question }], stream: true }),
      });
      const body = await res.text();
      const pieces = [];
      let done = false;
      for (const line of body.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const payload = line.slice(5).trim();
        if (payload === '[DONE]') {
          done = true;
          continue;
        }
        const chunk = JSON.parse(payload);
        assert.equal(chunk.object, 'chat.completion.chunk');
        const piece = chunk.choices?.[0]?.delta?.content;
        if (piece) pieces.push(piece);
      }
      return { status: res.status, contentType: res.headers.get('content-type'), pieces, text: pieces.join(''), done, body };
    },
  };
  return client;
}

/** Plain refusal page of /lti/launch or /lti/login (contract §8): 400, no launch code, no reason given. */
export function assertRefusedPage(res, what) {
  assert.equal(res.status, 400, `${what}: expected 400, got ${res.status}: ${res.body.slice(0, 300)}`);
  assert.ok(!/data-launch-code/i.test(res.body), `${what}: the refusal page carries no launch code`);
  assert.match(res.body, /could not be verified/i, `${what}: the page says the launch could not be verified`);
  const text = res.body.replace(/<[^>]+>/g, ' ');
  const reasons = /\b(nonce|state|expired|signature|kid|audience|aud|azp|issuer|iss|deployment|message_type|version|target_link_uri|cookie|jwks|alg)\b/i.exec(text);
  assert.equal(reasons, null, `${what}: the page names no reason (found ${JSON.stringify(reasons?.[0])})`);
}
