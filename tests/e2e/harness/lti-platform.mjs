// An LTI 1.3 platform simulator (1EdTech LTI Core 1.3 + Security Framework 1.0), written for the tests only,
// independently of Host: its own HTTP server on http://localhost:<port> (Host runs on 127.0.0.1, another
// site), RS256 keys with kids published at a JWKS URL (with a key rotation), an OIDC authorization endpoint
// that checks the tool's authentication request and answers with an auto-submitting form_post of the id_token,
// a "course page" that frames the tool's login initiation URL, and the platform side of the 1EdTech LTI Client
// Side postMessages storage (lti.put_data / lti.get_data) in that page.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { id, newKey, sign } from './lti-platform-keys.mjs';
import { coursePage, formPostPage } from './lti-platform-pages.mjs';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
};

/**
 * Starts the simulator. Set `hostOrigin` on the result once Host runs (the tool's origin: its login, launch and
 * target link URLs). Returns the platform with:
 * - `issuer`, `clientId`, `deploymentId`, `jwksUrl`, `authorizationUrl`, `origin`
 * - `seedPlatform({ id, profiles, defaultProfile, roleProfiles, enabled })`: the seed file entry for Host
 * - `prepareLaunch(spec)`: registers a launch (user, roles, custom, token knobs) and returns its `loginHint`,
 *   `messageHint` and `loginUrl(extra)` (the tool's login initiation URL with iss, login_hint, target_link_uri,
 *   lti_message_hint, client_id, lti_deployment_id)
 * - `coursePageUrl(launch, { storage })`: the course page framing that login URL
 * - `rotateKey()`: publishes a new key, removes the old one, and signs with the new kid from then on
 * - `authRequests`, `issued`, `stats`: what the simulator saw and did
 */
export async function startLtiPlatform({ clientId = id('client-'), deploymentId = 'deployment-1', hostname = 'localhost' } = {}) {
  let key = await newKey();
  const retiredKeys = [];
  const launches = new Map(); // lti_message_hint (or login_hint) → spec
  const platform = {
    hostOrigin: '',
    clientId,
    deploymentId,
    authRequests: [],
    issued: [],
    stats: { jwksFetches: 0, jwksFetchedAt: [], coursePages: 0 },
  };
  let origin = '';

  const claimsFor = (spec, nonce) => {
    const now = Math.floor(Date.now() / 1000);
    const t = spec.token ?? {};
    const iat = now + (t.iatOffset ?? 0);
    const user = spec.user;
    const claims = {
      iss: platform.issuer,
      aud: clientId,
      azp: clientId,
      sub: user.sub,
      iat,
      exp: iat + (t.lifetime ?? 240),
      nonce,
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
      email: user.email,
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: `${platform.hostOrigin}/lti/launch`,
      [`${LTI}resource_link`]: { id: spec.resourceLinkId, title: 'Course assistant' },
      [`${LTI}context`]: { id: 'course-bio-101', label: 'BIO101', title: 'Biology 101' },
      [`${LTI}roles`]: user.roles,
      [`${LTI}custom`]: spec.custom ?? {},
      [`${LTI}launch_presentation`]: { document_target: 'iframe', locale: 'en', return_url: `${origin}/course` },
      [`${LTI}tool_platform`]: { guid: 'simulated-lms', name: 'Simulated LMS', product_family_code: 'e2e-simulator' },
    };
    // Overrides: a value of `undefined` removes the claim.
    for (const [k, v] of Object.entries(t.claims ?? {})) {
      if (v === undefined) delete claims[k];
      else claims[k] = typeof v === 'function' ? v(claims) : v;
    }
    return claims;
  };

  /** Checks the tool's OIDC authentication request (contract §8, LTI Security Framework §5.1.1.2). */
  const checkAuthRequest = (params) => {
    const problems = [];
    const one = (name) => {
      const all = params.getAll(name);
      if (all.length > 1) problems.push(`${name} given ${all.length} times`);
      return all[0];
    };
    const expect = (name, value) => {
      const got = one(name);
      if (got !== value) problems.push(`${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got ?? null)}`);
    };
    expect('scope', 'openid');
    expect('response_type', 'id_token');
    expect('response_mode', 'form_post');
    expect('prompt', 'none');
    expect('client_id', clientId);
    expect('redirect_uri', `${platform.hostOrigin}/lti/launch`);
    for (const name of ['state', 'nonce']) if (!one(name)) problems.push(`${name} missing`);
    const messageHint = one('lti_message_hint');
    const loginHint = one('login_hint');
    const spec = launches.get(messageHint ?? '') ?? launches.get(`login:${loginHint}`);
    if (!spec) problems.push(`no launch prepared for lti_message_hint ${JSON.stringify(messageHint ?? null)} / login_hint ${JSON.stringify(loginHint ?? null)}`);
    else {
      if (loginHint !== spec.loginHint) problems.push(`login_hint: expected ${JSON.stringify(spec.loginHint)}, got ${JSON.stringify(loginHint ?? null)}`);
      if (spec.messageHint !== null && messageHint !== spec.messageHint) problems.push(`lti_message_hint altered: ${JSON.stringify(messageHint ?? null)}`);
      if (spec.messageHint === null && messageHint !== undefined) problems.push('lti_message_hint sent though the login had none');
    }
    return { problems, spec };
  };

  const handler = async (req, res, selfOrigin) => {
    const url = new URL(req.url, selfOrigin);
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method === 'GET' && url.pathname === '/jwks') {
      platform.stats.jwksFetches++;
      platform.stats.jwksFetchedAt.push(Date.now());
      return send(200, 'application/json', JSON.stringify({ keys: [key.jwk] }));
    }
    if (url.pathname === '/auth' && (req.method === 'GET' || req.method === 'POST')) {
      let params = url.searchParams;
      if (req.method === 'POST') {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        params = new URLSearchParams(Buffer.concat(chunks).toString());
      }
      const { problems, spec } = checkAuthRequest(params);
      const record = { method: req.method, params: Object.fromEntries(params), problems, at: Date.now() };
      platform.authRequests.push(record);
      if (problems.length) return send(400, 'text/plain; charset=utf-8', `Authentication request refused:\n${problems.join('\n')}\n`);
      const claims = claimsFor(spec, params.get('nonce'));
      const idToken = await sign(claims, { mode: spec.token?.mode ?? 'good', key: spec.token?.key ?? key, header: spec.token?.header });
      const state = spec.token?.state !== undefined ? spec.token.state : params.get('state');
      platform.issued.push({ loginHint: spec.loginHint, nonce: params.get('nonce'), state: params.get('state'), idToken, claims });
      const fields = { id_token: idToken };
      if (state !== null) fields.state = state;
      return send(200, 'text/html; charset=utf-8', formPostPage(params.get('redirect_uri'), fields));
    }
    if (req.method === 'GET' && url.pathname === '/course') {
      platform.stats.coursePages++;
      const spec = launches.get(url.searchParams.get('launch') ?? '');
      if (!spec) return send(404, 'text/plain', 'no such launch');
      const storage = url.searchParams.get('storage') === '1';
      const loginUrl = spec.loginUrl(storage ? { lti_storage_target: '_parent' } : {});
      return send(200, 'text/html; charset=utf-8', coursePage({ loginUrl, toolOrigin: platform.hostOrigin, storage }));
    }
    return send(404, 'text/plain', 'not found');
  };

  const listen = async (serve) => {
    let selfOrigin = '';
    const server = http.createServer((req, res) =>
      serve(req, res, selfOrigin).catch((err) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err?.stack ?? err));
      }),
    );
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    selfOrigin = `http://${hostname}:${server.address().port}`;
    return {
      origin: selfOrigin,
      close: () => new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
    };
  };

  Object.defineProperties(platform, {
    /** The kid the platform signs with now. */
    kid: { get: () => key.kid, enumerable: true },
    /** The key before the last rotation (no longer published), for "signed with a removed key". */
    retiredKey: { get: () => retiredKeys.at(-1) ?? null, enumerable: true },
    /** The published key's PEM (what an attacker would use as an HS256 secret). */
    publicKeyPem: { get: () => key.spkiPem, enumerable: true },
  });
  const main = await listen(handler);
  origin = main.origin;
  const copies = [];

  return Object.assign(platform, {
    origin,
    issuer: origin,
    jwksUrl: `${origin}/jwks`,
    authorizationUrl: `${origin}/auth`,

    seedPlatform({ id: platformId, profiles, defaultProfile, roleProfiles, enabled = true, allowedOrigins = [origin] }) {
      const lti = { clientId, deploymentIds: [deploymentId], authorizationUrl: `${origin}/auth` };
      if (roleProfiles) lti.roleProfiles = roleProfiles;
      return {
        id: platformId,
        issuer: origin,
        jwksUrl: `${origin}/jwks`,
        algorithms: ['RS256'],
        allowedOrigins,
        profiles,
        defaultProfile,
        enabled,
        lti,
      };
    },

    /**
     * Registers a launch the platform will sign when the tool's authentication request names it.
     * `user`: { sub, name, given_name, family_name, email, roles } (defaults: a fresh learner).
     * `custom`: the custom claim (e.g. { profile: 'lab' }).
     * `loginHint`, `messageHint` (null: the login carries none): what the platform puts in the login initiation.
     * `token`: knobs for the id_token: `mode` (see sign()), `key` (sign with this key), `header`, `iatOffset`,
     * `lifetime`, `claims` (overrides; undefined removes), `state` (the state to post back instead of the one
     * received; null: none).
     */
    prepareLaunch({ user = {}, custom, loginHint = id('login-'), messageHint = id('msg-'), token, resourceLinkId = 'resource-link-1' } = {}) {
      const spec = {
        user: {
          sub: user.sub ?? id('user-'),
          name: user.name ?? 'Ada Learner',
          given_name: user.given_name ?? 'Ada',
          family_name: user.family_name ?? 'Learner',
          email: user.email ?? 'ada.learner@example.edu',
          roles: user.roles ?? [ROLE.learner],
        },
        custom,
        loginHint,
        messageHint,
        token,
        resourceLinkId,
        /** The tool's login initiation URL, as the platform would frame it (extra parameters appended). */
        loginUrl(extra = {}) {
          return `${platform.hostOrigin}/lti/login?${new URLSearchParams(spec.loginParams(extra))}`;
        },
        /** The login initiation parameters (for a GET query or a POST form). */
        loginParams(extra = {}) {
          const p = { iss: origin, login_hint: loginHint, target_link_uri: `${platform.hostOrigin}/lti/launch` };
          if (messageHint !== null) p.lti_message_hint = messageHint;
          Object.assign(p, { client_id: clientId, lti_deployment_id: deploymentId }, extra);
          for (const [k, v] of Object.entries(p)) if (v === undefined) delete p[k];
          return p;
        },
        coursePageUrl({ storage = false, on = origin } = {}) {
          return `${on}/course?launch=${encodeURIComponent(messageHint ?? `login:${loginHint}`)}${storage ? '&storage=1' : ''}`;
        },
      };
      launches.set(messageHint ?? `login:${loginHint}`, spec);
      return spec;
    },

    async rotateKey() {
      retiredKeys.push(key);
      key = await newKey();
      return key.kid;
    },

    /** The same course pages served from another origin (a copied page the platform does not allow). */
    async startCopy() {
      const copy = await listen((req, res, selfOrigin) => {
        const url = new URL(req.url, selfOrigin);
        if (url.pathname !== '/course') {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          return Promise.resolve(res.end('not found'));
        }
        return handler(req, res, selfOrigin);
      });
      copies.push(copy);
      return copy;
    },

    async close() {
      await Promise.all([main.close(), ...copies.map((c) => c.close())]);
    },
  });
}

/** A random opaque value (states, codes) for negative cases. */
export const randomValue = () => randomBytes(24).toString('base64url');
export { randomUUID };
