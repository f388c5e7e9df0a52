// LTI 1.3 over real HTTP, no browser: the platform simulator (harness/lti-platform.mjs) against a real Host.
// Login initiation → 302 to the simulator's authorization endpoint → form_post → POST /lti/launch → the chat
// page's launch code → /api/token → a streamed answer; then a JWKS key rotation, the platform-storage path,
// profiles, the refusal matrix and zero storage of the learner's data (Host runs at Trace level throughout).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DUE_ANSWER, PROFILE_TITLE } from '../harness/seed.mjs';
import { sleep } from '../harness/widget.mjs';
import { filesContaining, needlesIn } from '../harness/stored-bytes.mjs';
import { LTI, ROLE, randomValue } from '../harness/lti-platform.mjs';
import { CookieJar, STATE_COOKIE_PREFIX, cookieAttributes, isDeletion, stateCookies } from '../harness/cookie-jar.mjs';
import { assertSessionsOpened, hostLogTail, logEntries, sessionCount as countSessions } from '../harness/host-log.mjs';
import { assertRefusedPage, cspDirectives, ltiClient, pageData } from '../harness/lti-client.mjs';
import { LAB, LAB_ANSWER, LAB_QUESTION, LTI_PLATFORM, TEACHER, TRACE_LOGGING, useLtiWorld } from '../harness/lti.mjs';

// The simulator and Host, at Trace level for every category (the zero-storage test reads all of it). Host
// refetches a JWKS for an unknown kid at most once per JwksRefetchIntervalSeconds after its last fetch (60 s by
// default, the first fetch included); 2 s here, so that the rotation test waits 2 s instead of a minute.
const JWKS_REFETCH_SECONDS = 2;
// The ~90 logins and token requests of this file all come from 127.0.0.1 within seconds; the per-address token
// bucket (burst 100 by default) is not what it tests, so it is widened here.
const world = useLtiWorld({
  env: {
    ...TRACE_LOGGING,
    ChatWidget__Sessions__JwksRefetchIntervalSeconds: String(JWKS_REFETCH_SECONDS),
    ChatWidget__RateLimits__TokenPerIp__Burst: '2000',
    ChatWidget__RateLimits__TokenPerIp__PerMinute: '20000',
  },
});
const lti = ltiClient(world);

/** Runs a test; on failure prints the end of Host's log. */
function ltiTest(name, fn, { timeout = 30_000 } = {}) {
  test(name, { timeout }, async (t) => {
    try {
      await fn(t);
    } catch (err) {
      console.error(`--- ${name}: Host log ---\n${hostLogTail(world.host?.log() ?? '', 4000)}\n---`);
      throw err;
    }
  });
}

const sessionCount = () => countSessions(world.host);

/** A verified launch's code, redeemed: returns the access token (asserting the §3 response shape). */
async function redeemOk(launched, extra = {}) {
  const code = launched.data?.['data-launch-code'];
  assert.ok(code, 'the launch page carries a launch code');
  const r = await lti.redeem({ code, platform: launched.data['data-platform'], ...extra });
  assert.equal(r.status, 200, `the launch code is redeemed: ${r.body}`);
  assert.equal(r.json.token_type, 'Bearer');
  assert.equal(r.json.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
  assert.ok(r.json.access_token && r.json.expires_in > 0);
  return r.json.access_token;
}

function assertLaunchPage(launched, { storage = false } = {}) {
  assert.equal(launched.status, 200, `the launch is verified: ${launched.body.slice(0, 300)}`);
  assert.match(launched.headers.get('content-type') ?? '', /^text\/html/);
  const csp = cspDirectives(launched.headers.get('content-security-policy'));
  assert.deepEqual(csp['frame-ancestors'], [world.platform.origin], 'frame-ancestors = the platform\'s allowed origin');
  assert.match(launched.headers.get('cache-control') ?? '', /\bno-store\b/);
  const d = launched.data;
  assert.equal(d?.['data-mode'], 'lti-launch');
  assert.equal(d['data-platform'], LTI_PLATFORM);
  assert.ok(d['data-launch-code'], 'a launch code');
  if (storage) {
    assert.equal(d['data-storage-target'], '_parent');
    assert.equal(d['data-platform-origin'], world.platform.origin);
    assert.ok(d['data-state-key'], 'the storage key to read back');
  } else {
    for (const a of ['data-storage-target', 'data-platform-origin', 'data-state-key']) {
      assert.equal(d[a], undefined, `${a} only when the code needs the binder from platform storage`);
    }
  }
}

function stateCookieLine(setCookies) {
  return setCookies.find((l) => l.startsWith(STATE_COOKIE_PREFIX));
}

describe('LTI 1.3 over HTTP (platform simulator → Host)', () => {
  ltiTest('login initiation: 302 to the authorization URL with every parameter of §8, and the state cookie', async () => {
    // A Moodle-like message hint (JSON with characters URL encoding changes) must come back unaltered.
    const spec = world.platform.prepareLaunch({ messageHint: '{"cmid":42,"launchid":"ltilaunch_x+y/z=="}' });
    for (const method of ['GET', 'POST']) {
      const jar = new CookieJar();
      const res = await lti.login(spec, { jar, method });
      assert.equal(res.status, 302, `${method} /lti/login answers 302 (got ${res.status}: ${res.body.slice(0, 200)})`);
      const location = new URL(res.headers.get('location'));
      assert.equal(`${location.origin}${location.pathname}`, world.platform.authorizationUrl, 'to the platform\'s authorizationUrl');
      const p = location.searchParams;
      for (const name of ['scope', 'response_type', 'response_mode', 'prompt', 'client_id', 'redirect_uri', 'login_hint', 'lti_message_hint', 'state', 'nonce']) {
        assert.equal(p.getAll(name).length, 1, `${name} exactly once`);
      }
      assert.equal(p.get('scope'), 'openid');
      assert.equal(p.get('response_type'), 'id_token');
      assert.equal(p.get('response_mode'), 'form_post');
      assert.equal(p.get('prompt'), 'none');
      assert.equal(p.get('client_id'), world.platform.clientId);
      assert.equal(p.get('redirect_uri'), `${world.host.origin}/lti/launch`);
      assert.equal(p.get('login_hint'), spec.loginHint);
      assert.equal(p.get('lti_message_hint'), spec.messageHint, 'lti_message_hint unaltered');
      assert.ok(p.get('state').length >= 16 && p.get('nonce').length >= 16, 'state and nonce are long random values');
      assert.notEqual(p.get('state'), p.get('nonce'));

      const line = stateCookieLine(res.setCookies);
      assert.ok(line, `a ${STATE_COOKIE_PREFIX}<id> cookie is set: ${JSON.stringify(res.setCookies)}`);
      const a = cookieAttributes(line);
      assert.equal(a.httponly, true, 'HttpOnly');
      assert.equal(a.secure, true, 'Secure');
      assert.equal(String(a.samesite).toLowerCase(), 'none', 'SameSite=None');
      assert.equal(a.partitioned, true, 'Partitioned');
      assert.equal(a.path, '/lti', 'Path=/lti');
      assert.equal(a['max-age'], '300', 'Max-Age=300');
      assert.ok(!line.includes(p.get('state')) && !line.includes(p.get('nonce')), 'the cookie is a binder, not the state or nonce');
    }

    // Two logins: fresh state and nonce each time, and cookies that do not clash.
    const jar = new CookieJar();
    const first = new URL((await lti.login(spec, { jar })).headers.get('location')).searchParams;
    const second = new URL((await lti.login(spec, { jar })).headers.get('location')).searchParams;
    assert.notEqual(first.get('state'), second.get('state'));
    assert.notEqual(first.get('nonce'), second.get('nonce'));
    assert.equal(stateCookies(jar).length, 2, 'one state cookie per login');

    // Without lti_message_hint the redirect carries none.
    const bare = world.platform.prepareLaunch({ messageHint: null });
    const res = await lti.login(bare, { jar: new CookieJar() });
    assert.equal(res.status, 302);
    assert.equal(new URL(res.headers.get('location')).searchParams.has('lti_message_hint'), false);
  });

  ltiTest('the whole path: form_post launch → chat page (frame-ancestors, no-store) → launch code → streamed answer; a code works once', async () => {
    const before = await sessionCount();
    const spec = world.platform.prepareLaunch();
    const r = await lti.launch(spec);
    assert.deepEqual(world.platform.authRequests.at(-1).problems, [], 'the simulator found the authentication request correct');
    assertLaunchPage(r.launched);
    assert.equal(stateCookies(r.jar).length, 0, 'the state cookie is deleted by the launch (no cookie outlives it)');
    // lti-interface.md says Max-Age=0; an Expires in the past deletes it just as well in every browser.
    const deletion = r.launched.setCookies.find((l) => l.startsWith(STATE_COOKIE_PREFIX));
    assert.ok(deletion && isDeletion(deletion), `the launch response deletes the state cookie: ${deletion}`);
    assert.equal(await sessionCount(), before, 'the page alone redeemed nothing yet');

    const accessToken = await redeemOk(r.launched);
    const profile = await lti.profile(accessToken);
    assert.equal(profile.status, 200);
    assert.equal(profile.json.title, PROFILE_TITLE, 'the platform\'s default profile');

    const answer = await lti.chat(accessToken, 'What is due this week?');
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.contentType ?? '', /^text\/event-stream/);
    assert.equal(answer.text.replace(/\s+/g, ' ').trim(), DUE_ANSWER);
    assert.ok(answer.pieces.length >= 3, `streamed in pieces (${answer.pieces.length})`);
    assert.ok(answer.done, 'ends with data: [DONE]');
    const opened = await assertSessionsOpened(world.host, before, 1, 'one launch, one session (the "no session" detector works)');

    const again = await lti.redeem({ code: r.launched.data['data-launch-code'], platform: LTI_PLATFORM });
    assert.equal(again.status, 400, 'a launch code works once');
    assert.equal(again.json?.error, 'invalid_grant');
    assert.equal(await sessionCount(), opened, 'the second redemption opened no session');
  });

  ltiTest('after a JWKS key rotation: the new kid launches, the removed key is refused', async () => {
    const fetchesBefore = world.platform.stats.jwksFetches;
    const oldKid = world.platform.kid;
    const newKid = await world.platform.rotateKey();
    assert.notEqual(newKid, oldKid);
    // Host may refetch once the refetch interval has passed since it last fetched this JWKS.
    const lastFetch = world.platform.stats.jwksFetchedAt.at(-1) ?? 0;
    assert.ok(lastFetch > 0, 'Host fetched the JWKS for the earlier launch');
    await sleep(Math.max(0, lastFetch + JWKS_REFETCH_SECONDS * 1000 + 200 - Date.now()));

    const r = await lti.launch(world.platform.prepareLaunch());
    assert.equal(JSON.parse(Buffer.from(r.auth.form.fields.id_token.split('.')[0], 'base64url')).kid, newKid);
    assertLaunchPage(r.launched);
    const answer = await lti.chat(await redeemOk(r.launched), 'What is due this week?');
    assert.equal(answer.text.replace(/\s+/g, ' ').trim(), DUE_ANSWER);
    assert.ok(world.platform.stats.jwksFetches > fetchesBefore, 'Host fetched the JWKS again for the new kid');

    const before = await sessionCount();
    const stale = await lti.launch(world.platform.prepareLaunch({ token: { key: world.platform.retiredKey } }));
    assertRefusedPage(stale.launched, 'id_token signed with the key the platform removed');
    assert.equal(await sessionCount(), before);
  });

  ltiTest('platform storage (lti_storage_target): the login page stores a binder; without the cookie the code needs it', async () => {
    // The login page: lti.html in lti-login mode, with what the widget needs for lti.put_data.
    const spec = world.platform.prepareLaunch();
    const jar = new CookieJar();
    const login = await lti.login(spec, { jar, extra: { lti_storage_target: '_parent' } });
    assert.equal(login.status, 200, `login with lti_storage_target answers a page: ${login.body.slice(0, 200)}`);
    assert.match(login.headers.get('cache-control') ?? '', /\bno-store\b/);
    const d = pageData(login.body);
    assert.equal(d?.['data-mode'], 'lti-login');
    assert.equal(d['data-storage-target'], '_parent');
    assert.equal(d['data-platform-origin'], world.platform.origin);
    assert.ok(d['data-state-key'] && d['data-state-value'], 'a key and a binder to store');
    const redirect = new URL(d['data-redirect']);
    assert.equal(`${redirect.origin}${redirect.pathname}`, world.platform.authorizationUrl);
    for (const [k, v] of Object.entries({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: world.platform.clientId, redirect_uri: `${world.host.origin}/lti/launch`, login_hint: spec.loginHint, lti_message_hint: spec.messageHint })) {
      assert.equal(redirect.searchParams.get(k), v, `data-redirect carries ${k}`);
    }
    assert.ok(stateCookieLine(login.setCookies), 'the cookie is set as well');
    const sessions = await sessionCount();

    // With the cookie: the code is redeemable at once, no storage attributes.
    const withCookie = await lti.launch(world.platform.prepareLaunch(), { storage: true });
    assertLaunchPage(withCookie.launched, { storage: false });
    await redeemOk(withCookie.launched);

    // Without the cookie (blocked): storage attributes; the code is refused without the binder or with a wrong one.
    const noBinder = await lti.launch(world.platform.prepareLaunch(), { storage: true, dropCookie: true });
    assertLaunchPage(noBinder.launched, { storage: true });
    assert.equal(noBinder.launched.data['data-state-key'], noBinder.loginData['data-state-key'], 'the key the login page stored');
    const refusedNoBinder = await lti.redeem({ code: noBinder.launched.data['data-launch-code'] });
    assert.equal(refusedNoBinder.status, 400, `no binder → refused: ${refusedNoBinder.body}`);

    const wrongBinder = await lti.launch(world.platform.prepareLaunch(), { storage: true, dropCookie: true });
    assertLaunchPage(wrongBinder.launched, { storage: true });
    const refusedWrong = await lti.redeem({ code: wrongBinder.launched.data['data-launch-code'], storageValue: randomValue() });
    assert.equal(refusedWrong.status, 400, `wrong binder → refused: ${refusedWrong.body}`);

    // Another browser's binder does not fit either.
    const other = await lti.launch(world.platform.prepareLaunch(), { storage: true, dropCookie: true });
    const refusedOther = await lti.redeem({ code: other.launched.data['data-launch-code'], storageValue: noBinder.binder });
    assert.equal(refusedOther.status, 400, `a binder of another login → refused: ${refusedOther.body}`);
    await assertSessionsOpened(world.host, sessions, 1, 'only the cookie launch opened a session');

    const right = await lti.launch(world.platform.prepareLaunch(), { storage: true, dropCookie: true });
    assertLaunchPage(right.launched, { storage: true });
    const token = await redeemOk(right.launched, { storageValue: right.binder });
    const answer = await lti.chat(token, 'What is due this week?');
    assert.equal(answer.text.replace(/\s+/g, ' ').trim(), DUE_ANSWER);

    // No cookie and no storage offered → refused at the launch.
    const none = await lti.launch(world.platform.prepareLaunch(), { dropCookie: true });
    assertRefusedPage(none.launched, 'no cookie and no storage');
  });

  ltiTest('profiles: custom parameter `profile` when allowed, else the default; role Instructor → its mapped profile', async () => {
    const profileFor = async (opts) => {
      const r = await lti.launch(world.platform.prepareLaunch(opts));
      assertLaunchPage(r.launched);
      const token = await redeemOk(r.launched);
      return { token, title: (await lti.profile(token)).json?.title };
    };
    const lab = await profileFor({ custom: { profile: LAB.id } });
    assert.equal(lab.title, LAB.title, 'custom profile=lab (allowed) → lab');
    const answer = await lti.chat(lab.token, LAB_QUESTION);
    assert.equal(answer.text.replace(/\s+/g, ' ').trim(), LAB_ANSWER, 'and the chat uses that profile');
    assert.equal((await profileFor({ custom: { profile: 'staff' } })).title, PROFILE_TITLE, 'profile=staff exists but is not allowed → default');
    assert.equal((await profileFor({ custom: { profile: 'no-such-profile' } })).title, PROFILE_TITLE, 'unknown profile → default');
    assert.equal((await profileFor({ user: { roles: [ROLE.instructor] } })).title, TEACHER.title, 'Instructor → teacher (roleProfiles)');
    assert.equal((await profileFor({ user: { roles: [ROLE.learner] } })).title, PROFILE_TITLE, 'Learner → default');
  });

  ltiTest('GET /lti/jwks: the tool\'s RSA public keys (kid, use sig, alg RS256), nothing private', async () => {
    const res = await fetch(`${world.host.origin}/lti/jwks`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /json/);
    const { keys } = await res.json();
    assert.ok(Array.isArray(keys) && keys.length >= 1, 'at least one key');
    for (const k of keys) {
      assert.equal(k.kty, 'RSA');
      assert.equal(k.use, 'sig');
      assert.equal(k.alg, 'RS256');
      assert.ok(k.kid && k.n && k.e, 'kid, n, e');
      assert.ok(Buffer.from(k.n, 'base64url').length >= 256, 'at least 2048 bits');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(k[secret], undefined, `no private member ${secret}`);
    }
    assert.equal(new Set(keys.map((k) => k.kid)).size, keys.length, 'kids are distinct');
  });

  // --- refusals at /lti/login ---------------------------------------------------------------------------
  const loginRefusals = [
    ['unknown issuer', () => world.platform.prepareLaunch(), { iss: 'https://unknown-lms.example' }],
    ['unknown client id', () => world.platform.prepareLaunch(), { client_id: 'not-a-registered-client' }],
    ['target_link_uri elsewhere', () => world.platform.prepareLaunch(), { target_link_uri: 'https://elsewhere.example/lti/launch' }],
    ['a disabled platform', () => world.disabled.prepareLaunch(), {}],
  ];
  for (const [name, make, extra] of loginRefusals) {
    ltiTest(`login refused (400): ${name}`, async () => {
      const before = await sessionCount();
      const authBefore = world.platform.authRequests.length + world.disabled.authRequests.length;
      for (const method of ['GET', 'POST']) {
        const jar = new CookieJar();
        const res = await lti.login(make(), { jar, method, extra });
        assert.equal(res.status, 400, `${method}: expected 400, got ${res.status} (location ${res.headers.get('location')})`);
        assert.equal(res.headers.get('location'), null, 'no redirect to the platform');
        assert.ok(!/data-launch-code|data-redirect/i.test(res.body), 'a plain page');
        assert.equal(stateCookies(jar).length, 0, 'no state cookie for a refused login');
      }
      assert.equal(world.platform.authRequests.length + world.disabled.authRequests.length, authBefore, 'no authentication request reached a platform');
      assert.equal(await sessionCount(), before, 'no session opened');
    });
  }

  // --- refusals at /lti/launch: state -------------------------------------------------------------------
  /** A launch whose form_post the test tampers with; asserts 400, no code, no session line. */
  const refusedLaunch = (name, run) =>
    ltiTest(`launch refused (400, no session): ${name}`, async () => {
      const before = await sessionCount();
      const res = await run();
      assertRefusedPage(res, name);
      assert.equal(await sessionCount(), before, 'no session line in Host\'s log');
    });

  /** login + authorization, without the launch: the jar and the form to post. */
  async function loginAndAuthorize(spec = world.platform.prepareLaunch(), jar = new CookieJar()) {
    const login = await lti.login(spec, { jar });
    assert.equal(login.status, 302);
    const auth = await lti.authorize(login.headers.get('location'));
    assert.equal(auth.status, 200, auth.body);
    return { jar, form: auth.form };
  }

  refusedLaunch('state missing', async () => {
    const { jar, form } = await loginAndAuthorize();
    return lti.postLaunch(form.action, { id_token: form.fields.id_token }, { jar });
  });
  refusedLaunch('state wrong', async () => {
    const { jar, form } = await loginAndAuthorize();
    return lti.postLaunch(form.action, { ...form.fields, state: randomValue() }, { jar });
  });
  refusedLaunch('state replayed (same form_post again, with the cookie as it was)', async () => {
    const first = await lti.launch(world.platform.prepareLaunch());
    assertLaunchPage(first.launched);
    return lti.postLaunch(first.auth.form.action, first.auth.form.fields, { jar: first.jarBeforeLaunch });
  });
  refusedLaunch('state from another browser (its own login cookie, not this one)', async () => {
    const { form } = await loginAndAuthorize();
    const { jar: otherBrowser } = await loginAndAuthorize();
    return lti.postLaunch(form.action, form.fields, { jar: otherBrowser });
  });
  refusedLaunch('state from another browser (no cookie at all)', async () => {
    const { form } = await loginAndAuthorize();
    return lti.postLaunch(form.action, form.fields, { jar: new CookieJar() });
  });

  // --- refusals at /lti/launch: nonce and id_token ------------------------------------------------------
  refusedLaunch('nonce replayed (a fresh login, an id_token carrying the nonce of an earlier launch)', async () => {
    const first = await lti.launch(world.platform.prepareLaunch());
    assertLaunchPage(first.launched);
    const usedNonce = world.platform.issued.at(-1).nonce;
    const r = await lti.launch(world.platform.prepareLaunch({ token: { claims: { nonce: usedNonce } } }));
    return r.launched;
  });
  const clientId = () => world.platform.clientId;
  const badTokens = [
    ['nonce missing', { claims: { nonce: undefined } }],
    ['id_token expired', { iatOffset: -400, lifetime: 240 }],
    ['id_token iat in the future', { iatOffset: 300 }],
    ['id_token lifetime beyond the platform\'s maximum (exp - iat = 3600 s > 300 s)', { lifetime: 3600 }],
    ['bad signature', { mode: 'bad-signature' }],
    ['alg none', { mode: 'alg-none' }],
    ['HS256 signed with the JWKS public key', { mode: 'hs256-jwks-key' }],
    ['unknown kid', { mode: 'unknown-kid' }],
    ['wrong iss', { claims: { iss: 'https://other-lms.example' } }],
    ['aud without the client id', { claims: { aud: ['some-other-tool'], azp: undefined } }],
    ['several aud with a wrong azp', { claims: { aud: () => [clientId(), 'another-tool'], azp: 'another-tool' } }],
    ['several aud without azp', { claims: { aud: () => [clientId(), 'another-tool'], azp: undefined } }],
    ['unregistered deployment_id', { claims: { [`${LTI}deployment_id`]: 'deployment-unregistered' } }],
    ['wrong message_type', { claims: { [`${LTI}message_type`]: 'LtiDeepLinkingRequest' } }],
    ['message_type missing', { claims: { [`${LTI}message_type`]: undefined } }],
    ['wrong version', { claims: { [`${LTI}version`]: '1.2.0' } }],
    ['target_link_uri elsewhere', { claims: { [`${LTI}target_link_uri`]: 'https://elsewhere.example/lti/launch' } }],
  ];
  for (const [name, token] of badTokens) {
    refusedLaunch(name, async () => {
      const r = await lti.launch(world.platform.prepareLaunch({ token }));
      assert.equal(stateCookies(r.jar).length, 0, 'the state cookie is deleted on a refusal too');
      return r.launched;
    });
  }

  // --- zero storage: last, because it ends Host to read its data directory at rest ------------------------
  ltiTest('zero storage: names, email, roles, sub, login_hint and lti_message_hint appear in no log line (Trace) and no file', async () => {
    const canary = (label) => `cw${label}${randomBytes(6).toString('hex')}`;
    const c = {
      sub: canary('sub'),
      name: canary('name'),
      given: canary('given'),
      family: canary('family'),
      email: canary('email'),
      role: canary('role'),
      loginHint: canary('loginhint'),
      messageHint: canary('msghint'),
      refusedHint: canary('refusedhint'),
    };
    const user = {
      sub: c.sub,
      name: `Zed ${c.name}`,
      given_name: c.given,
      family_name: c.family,
      email: `${c.email}@example.edu`,
      roles: [ROLE.learner, `http://purl.imsglobal.org/vocab/lis/v2/membership#${c.role}`, `urn:example:role:${c.role}`],
    };
    const before = await sessionCount();
    const spec = world.platform.prepareLaunch({ user, loginHint: c.loginHint, messageHint: c.messageHint });
    const tokens = [];
    for (const method of ['GET', 'POST']) {
      const r = await lti.launch(spec, { method });
      assertLaunchPage(r.launched);
      tokens.push(r.auth.form.fields.id_token);
      const answer = await lti.chat(await redeemOk(r.launched), 'What is due this week?');
      assert.equal(answer.text.replace(/\s+/g, ' ').trim(), DUE_ANSWER);
    }
    // Also through the refusal paths: a launch with an expired id_token and a login with an unknown client id.
    const refused = await lti.launch(world.platform.prepareLaunch({ user, loginHint: c.loginHint, messageHint: c.refusedHint, token: { iatOffset: -400 } }));
    assertRefusedPage(refused.launched, 'expired id_token with canaries');
    tokens.push(refused.auth.form.fields.id_token);
    assert.equal((await lti.login(spec, { extra: { client_id: 'not-a-registered-client' } })).status, 400);
    await assertSessionsOpened(world.host, before, 2, 'two sessions were opened with the canaries');
    // Trace took effect for ASP.NET Core's own categories too (Host drops the Hosting.Diagnostics "Request
    // starting/finished" lines itself; whatever else ASP.NET Core writes is read here).
    const aspNetTrace = logEntries(world.host.log()).filter((e) => e.level === 'trce' && e.category.startsWith('Microsoft.AspNetCore.'));
    assert.ok(aspNetTrace.length > 0, 'ASP.NET Core logs at Trace level');

    // Needles: each canary (UTF-8 and UTF-16), and each id_token's payload (a whole token logged in base64url).
    const needles = [
      ...Object.entries(c).map(([k, v]) => [k, v]),
      ...tokens.map((t, i) => [`id_token #${i + 1} payload`, t.split('.')[1].slice(0, 48)]),
    ];
    const findIn = (buf) => needlesIn(needles, buf);

    const logHits = [];
    for (const line of world.host.log().split('\n')) {
      const hits = findIn(Buffer.from(line));
      if (hits.length) logHits.push({ hits, line: line.slice(0, 300) });
    }
    assert.deepEqual(logHits, [], 'no log line carries the learner\'s data');

    const scan = (find = findIn) => filesContaining(world.host.dataDir, find);
    const files = readdirSync(world.host.dataDir, { recursive: true });
    assert.ok(files.some((f) => /\.(db|sqlite)$/.test(f)), `the SQLite database is among the files scanned: ${files.join(', ')}`);
    // Control: the scan does see what Host does store (the seeded profile's title is in the database).
    const control = (buf) => (buf.includes(Buffer.from(PROFILE_TITLE)) ? ['profile title'] : []);
    assert.ok(scan(control).some((f) => /\.(db|sqlite)(-wal)?$/.test(f.file)), 'the scan reads the database\'s bytes');
    assert.deepEqual(scan(), [], 'no file (database, WAL, keys) under the data directory while Host runs');
    await world.host.halt();
    assert.ok(scan(control).length > 0);
    assert.deepEqual(scan(), [], 'nor after Host stopped (WAL checkpointed)');
    assert.deepEqual(
      findIn(Buffer.from(world.host.log())).filter(Boolean),
      [],
      'nor in anything Host printed while stopping',
    );
  }, { timeout: 60_000 });
});
