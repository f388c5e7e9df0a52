// A partner learning platform: a tiny HTTP server on its own origin that embeds widget.js from Host and
// mints ES256 launch tokens with the platform's private key at /launch-token (contract §1, §2).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';

/** The platform's signing key: the public half goes into the seed file, the private half signs launch tokens. */
export async function createPlatformKey() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicKeyPem: await exportSPKI(publicKey) };
}

export async function mintLaunchToken({ privateKey, issuer, lifetimeSeconds = 120 }) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience('chatwidget')
    .setSubject('learner-' + randomUUID())
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(privateKey);
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page({ hostOrigin, platform, query, launchToken }) {
  const attrs = [
    ['src', `${hostOrigin}/widget.js`],
    ['data-platform', platform],
    ['data-token-url', '/launch-token'],
  ];
  if (query.get('locale')) attrs.push(['data-locale', query.get('locale')]);
  if (query.get('open')) attrs.push(['data-open', query.get('open')]);
  if (launchToken) attrs.push(['data-launch-token', launchToken]);
  const script = `<script async ${attrs.map(([k, v]) => `${k}="${escapeAttr(v)}"`).join(' ')}></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Biology 101 — Week 3</title>
</head>
<body style="margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2328;background:#f6f8fa">
<header style="background:#24292f;color:#fff;padding:14px 32px"><strong>Northwind Learning</strong></header>
<main style="max-width:760px;margin:32px auto;padding:0 24px">
<h1 style="margin-top:0">Biology 101 — Week 3: Photosynthesis</h1>
<p>This week we look at how plants turn light into chemical energy. Read chapter 3, watch the lecture, and
hand in your essay draft by Friday.</p>
<h2>This week</h2>
<ul><li>Lecture: light-dependent reactions</li><li>Lab: leaf pigment chromatography</li><li>Essay draft due Friday</li></ul>
<p>Questions? Use the course assistant in the corner of the page.</p>
</main>
${script}
</body>
</html>`;
}

/**
 * Starts a partner page server; set `hostOrigin` on the result once Host runs. `issuer` is the platform's registered issuer (the allowed partner origin);
 * a server on a not-allowed origin still signs with the real platform key (the worst case: a stolen key or
 * a copied page), so only the origin checks stand in its way.
 */
export async function startPartner({ platform = 'e2e', privateKey, issuer, hostname = 'localhost' }) {
  const stats = { launchTokensIssued: 0 };
  const partner = { hostOrigin: '' };
  let origin = '';
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, origin);
      if (req.method === 'GET' && url.pathname === '/') {
        const launchToken = url.searchParams.get('launchToken')
          ? await mintLaunchToken({ privateKey, issuer: issuer ?? origin })
          : null;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(page({ hostOrigin: partner.hostOrigin, platform, query: url.searchParams, launchToken }));
        return;
      }
      if (req.method === 'GET' && url.pathname === '/launch-token') {
        stats.launchTokensIssued++;
        const token = await mintLaunchToken({ privateKey, issuer: issuer ?? origin });
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
        res.end(token);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  // `localhost` and Host's `127.0.0.1` are different sites, so the page and the frame share no cookies.
  origin = `http://${hostname}:${port}`;
  return Object.assign(partner, {
    origin,
    url: (query = '') => `${origin}/${query}`,
    stats,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  });
}

/** A free TCP port on the loopback interface (for a partner origin that must be known before it starts). */
export async function freePort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
