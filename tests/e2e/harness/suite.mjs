// One test file's world: the platform key, the partner page (allowed origin), a page on an origin the
// platform does not allow, Host, and one Chromium. Each test gets its own browser context.
import { after, before, test } from 'node:test';
import { launchBrowser, newContext } from './browser.mjs';
import { startHost } from './host.mjs';
import { createPlatformKey, mintLaunchToken, startPartner } from './partner.mjs';

export function useSuite({ accessTokenLifetimeSeconds, environment, admin } = {}) {
  const world = {};
  before(async () => {
    // The browser first: without Chromium there is nothing to test, so fail before starting Host.
    world.browser = await launchBrowser();
    const key = await createPlatformKey();
    world.partner = await startPartner({ privateKey: key.privateKey });
    // Same page, same valid launch tokens (signed with the platform's real key), but an origin the platform
    // does not list.
    world.stranger = await startPartner({ privateKey: key.privateKey, issuer: world.partner.origin });
    world.host = await startHost({ partnerOrigin: world.partner.origin, publicKeyPem: key.publicKeyPem, accessTokenLifetimeSeconds, environment, admin });
    world.partner.hostOrigin = world.host.origin;
    world.stranger.hostOrigin = world.host.origin;
    world.mintLaunchToken = () =>
      mintLaunchToken({ privateKey: key.privateKey, issuer: world.partner.origin });
  });
  after(async () => {
    await world.browser?.close();
    await world.host?.stop();
    await world.partner?.close();
    await world.stranger?.close();
  });
  return world;
}

/**
 * A test with a fresh browser context; on failure it prints Host's log and the browser console of the test
 * so the cause is visible in CI output.
 */
export function e2eTest(world, name, fn, { contextOptions, timeout = 60_000 } = {}) {
  test(name, { timeout }, async (t) => {
    const context = await newContext(world.browser, contextOptions);
    const consoleLines = [];
    context.on('page', (p) => {
      p.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
      p.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    });
    const page = await context.newPage();
    try {
      await fn({ t, context, page, consoleLines });
    } catch (err) {
      const hostLog = world.host?.log() ?? '';
      console.error(`\n--- ${name}: browser console ---\n${consoleLines.join('\n')}`);
      console.error(`--- ${name}: Host log (last 6000 chars) ---\n${hostLog.slice(-6000)}\n---`);
      throw err;
    } finally {
      await context.close();
    }
  });
}
