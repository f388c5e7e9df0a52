// The LTI tests' world and the black-box steps of an LTI 1.3 launch over plain HTTP (fetch + a tiny cookie
// jar): login initiation at Host, the simulator's authorization endpoint, the form_post launch, the launch code
// grant, the chat. Everything here follows CONTRACT.md §3, §5, §8 and lti-interface.md, never Host's code.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { startHost } from './host.mjs';
import { createPlatformKey } from './partner.mjs';
import { parseFormPost, startLtiPlatform } from './lti-platform.mjs';

export const LTI_PLATFORM = 'lti';
export const DISABLED_PLATFORM = 'lti-off';
export const LAB = { id: 'lab', title: 'Leaf pigment lab assistant', greeting: 'Hello from the lab assistant' };
export const TEACHER = { id: 'teacher', title: 'Teaching assistant', greeting: 'Hello, instructor' };
export const LAB_QUESTION = 'Which solvent do we use?';
export const LAB_ANSWER = 'We use acetone to extract the pigments, and a mix of petroleum ether and acetone as the solvent.';

const extraProfiles = [
  {
    id: LAB.id,
    title: LAB.title,
    instructions: 'You are the lab assistant. Answer briefly.',
    model: 'offline',
    greeting: LAB.greeting,
    starters: [LAB_QUESTION],
    locale: 'en',
    knowledge: [{ q: 'Which solvent do we use? What solvent?', a: LAB_ANSWER }],
  },
  {
    id: TEACHER.id,
    title: TEACHER.title,
    instructions: 'You help instructors. Answer briefly.',
    model: 'offline',
    greeting: TEACHER.greeting,
    starters: ['How do I grade the essay?'],
    locale: 'en',
    knowledge: [{ q: 'How do I grade the essay?', a: 'Use the rubric in the course files.' }],
  },
];

/** Trace everywhere, ASP.NET Core's own categories included (appsettings.json lowers them to Warning). */
export const TRACE_LOGGING = {
  Logging__LogLevel__Default: 'Trace',
  'Logging__LogLevel__Microsoft': 'Trace',
  'Logging__LogLevel__Microsoft.AspNetCore': 'Trace',
  'Logging__LogLevel__Microsoft.EntityFrameworkCore': 'Trace',
  'Logging__LogLevel__System': 'Trace',
  'Logging__LogLevel__System.Net.Http.HttpClient': 'Trace',
};

/**
 * One test file's LTI world: the simulator (platform `lti`: profiles course, lab, teacher; default course;
 * Instructor → teacher), a second simulator registered but disabled (`lti-off`), and Host seeded with both.
 */
export function useLtiWorld({ env = {} } = {}) {
  const world = {};
  before(async () => {
    world.platform = await startLtiPlatform({ clientId: 'chatwidget-e2e-client', deploymentId: 'deployment-7' });
    world.disabled = await startLtiPlatform({ clientId: 'chatwidget-e2e-disabled', deploymentId: 'deployment-1' });
    // The seed's existing launch-token platform `e2e` needs a key and an origin; no test here uses it.
    const key = await createPlatformKey();
    world.host = await startHost({
      partnerOrigin: 'http://localhost:9',
      publicKeyPem: key.publicKeyPem,
      extraProfiles,
      extraPlatforms: [
        world.platform.seedPlatform({
          id: LTI_PLATFORM,
          profiles: ['course', LAB.id, TEACHER.id],
          defaultProfile: 'course',
          roleProfiles: { Instructor: TEACHER.id },
        }),
        world.disabled.seedPlatform({ id: DISABLED_PLATFORM, profiles: ['course'], defaultProfile: 'course', enabled: false }),
      ],
      env,
    });
    world.host.logMarkers = env.Logging__LogLevel__Default === 'Trace';
    world.platform.hostOrigin = world.host.origin;
    world.disabled.hostOrigin = world.host.origin;
  });
  after(async () => {
    // E2E_HOST_LOG=<file>: keep Host's whole log of this file (for reading the precise refusal reasons).
    if (process.env.E2E_HOST_LOG && world.host) writeFileSync(process.env.E2E_HOST_LOG, world.host.log());
    await world.host?.stop();
    await world.platform?.close();
    await world.disabled?.close();
  });
  return world;
}

// ---------------------------------------------------------------------------------------------------------
// A browser's cookies, as far as these tests need them: name=value per Set-Cookie, Path, Max-Age/Expires
// deletion. Loopback counts as secure (as in Chromium), so Secure cookies are kept over http://127.0.0.1.

export class CookieJar {
  constructor() {
    this.cookies = new Map();
    this.setCookies = [];
  }
  absorb(res) {
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair, ...rest] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attrs = {};
      for (const a of rest) {
        const i = a.indexOf('=');
        if (i < 0) attrs[a.trim().toLowerCase()] = true;
        else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
      }
      const maxAge = attrs['max-age'] !== undefined ? Number(attrs['max-age']) : null;
      const gone = maxAge !== null ? maxAge <= 0 : typeof attrs.expires === 'string' && Date.parse(attrs.expires) <= Date.now();
      if (gone) this.cookies.delete(name);
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

// ---------------------------------------------------------------------------------------------------------
// Host's log: "no session opened" is also read from it. Host's own entries (not Microsoft.* / System.*) that
// say a session was launched/opened/started; a successful launch must add one (the tests check that, so this
// detector cannot silently match nothing).

export function logEntries(log) {
  const entries = [];
  for (const line of log.split('\n')) {
    const head = /^(trce|dbug|info|warn|fail|crit): ([^\s[]+)\[/.exec(line);
    if (head) entries.push({ level: head[1], category: head[2], text: line });
    else if (/^\s/.test(line) && entries.length) entries[entries.length - 1].text += `\n${line}`;
    else if (line.trim()) entries.push({ level: '', category: '', text: line });
  }
  return entries;
}

export function sessionLines(log) {
  return logEntries(log)
    .filter((e) => !/^(Microsoft|System)\./.test(e.category))
    .map((e) => e.text)
    .filter((t) => /\bsession\b/i.test(t) && /\b(launch(ed)?|open(ed)?|start(ed)?|creat(ed)?|issued|redeemed|began|begun)\b/i.test(t))
    .filter((t) => !/(refus|reject|fail|invalid|denied|could not|not verified|error|expired)/i.test(t));
}

/**
 * Waits until Host's log has caught up. With Trace logging (`host.logMarkers`), requests a unique path and waits
 * for it to show in the log (ASP.NET Core's routing logs the path it found no endpoint for), which proves every
 * earlier line was written; otherwise a pause.
 */
export async function settleLog(host) {
  if (!host.logMarkers) {
    await new Promise((r) => setTimeout(r, 400));
    return;
  }
  const marker = `/__e2e-log-marker-${Math.random().toString(36).slice(2)}`;
  await fetch(`${host.origin}${marker}`).then((r) => r.arrayBuffer());
  const deadline = Date.now() + 10_000;
  while (!host.log().includes(marker)) {
    if (Date.now() > deadline) throw new Error(`Host's log did not show the marker request ${marker} within 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Host's session lines now (after the log caught up). */
export async function sessionCount(host) {
  await settleLog(host);
  return sessionLines(host.log()).length;
}

/** Asserts that exactly `n` session lines were added since `before` (waiting a little for late lines). */
export async function assertSessionsOpened(host, before, n, message) {
  const deadline = Date.now() + 3000;
  let now = await sessionCount(host);
  while (now < before + n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = sessionLines(host.log()).length;
  }
  assert.equal(now - before, n, `${message}: ${now - before} session line(s) in Host's log, expected ${n} (${JSON.stringify(sessionLines(host.log()).slice(-3))})`);
  return now;
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

/**
 * The end of Host's log for a failure report: without the Trace/Debug chatter of Microsoft.* and System.*
 * categories (Entity Framework, routing), so Host's own lines and the requests stay readable.
 */
export function hostLogTail(log, chars = 6000) {
  return logEntries(log)
    .filter((e) => !(/^(trce|dbug)$/.test(e.level) && /^(Microsoft|System)\./.test(e.category)))
    .map((e) => e.text)
    .join('\n')
    .slice(-chars);
}
