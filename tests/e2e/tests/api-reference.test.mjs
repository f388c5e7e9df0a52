// The API reference (Scalar, served by Host) in real Chromium: it renders the OpenAPI document under its CSP with no
// violation, and every request it makes goes to Host (no CDN, no fonts, no telemetry).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { e2eTest, useSuite } from '../harness/suite.mjs';

const world = useSuite();

describe('API reference in Chromium', () => {
  e2eTest(world, '/api/reference renders the API from Host alone, with no CSP violation', async ({ page, consoleLines }) => {
    const elsewhere = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== world.host.origin) elsewhere.push(request.url());
    });
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });

    await page.goto(`${world.host.origin}/api/reference`);
    await page.getByText('Exchange a launch token, refresh an access token, or sign in with the team password').first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByText('Open Group - Chat', { exact: true }).first().waitFor({ state: 'attached', timeout: 15_000 });

    // Scalar's bundle tries eval once; the policy refuses it on purpose ('unsafe-eval' stays off) and the page renders
    // without it. Anything else refused would be a real problem.
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations.filter((v) => v !== 'script-src eval'), []);
    assert.deepEqual(consoleLines.filter((line) => line.startsWith('[error]')), []);
    assert.deepEqual(elsewhere, []);
  });
});
