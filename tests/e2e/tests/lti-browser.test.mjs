// LTI 1.3 in headless Chromium: the platform simulator's course page (http://localhost:<port>) frames the tool's
// login URL on Host (http://127.0.0.1:<port>, another site). Once with Chromium's default cookie settings (the
// Partitioned state cookie carries the launch), once with every cookie blocked and platform storage offered
// (lti_storage_target=_parent: the LTI Client Side postMessages carry it), and once framed by a copy of the course
// page on an origin the platform does not allow.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, launchPersistentContext, newContext } from '../harness/browser.mjs';
import { DUE_ANSWER, GREETING } from '../harness/seed.mjs';
import { STATE_COOKIE_PREFIX } from '../harness/cookie-jar.mjs';
import { assertSessionsOpened, hostLogTail, sessionCount as countSessions } from '../harness/host-log.mjs';
import { useLtiWorld } from '../harness/lti.mjs';
import { sleep, squash, waitUntil } from '../harness/widget.mjs';

const world = useLtiWorld();

/**
 * One renderer process for all frames (no site isolation, as in Chrome on Android). The tool's iframe goes Host →
 * the platform's authorization page (same site as the course page) → Host: with site isolation each step swaps the
 * frame between in-process and out-of-process, and Playwright sometimes keeps the stale frame (the launch page runs,
 * but the test reads a frame still at the authorization URL). Cookies, storage partitioning, frame-ancestors and
 * postMessage do not depend on the process model.
 */
const NO_SITE_ISOLATION = ['--disable-features=IsolateOrigins,site-per-process', '--disable-site-isolation-trials'];

let browser;
before(async () => {
  browser = await launchBrowser({ extraArgs: NO_SITE_ISOLATION });
});
after(async () => {
  await browser?.close();
});

const sessionCount = () => countSessions(world.host);

/** What the browser sent to and got from Host's LTI endpoints and token endpoint. */
function recordHost(context) {
  const seen = { logins: [], launches: [], tokens: [] };
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== world.host.origin) return;
    const entry = { method: request.method(), status: null, headers: null, setCookie: null, form: null };
    if (url.pathname === '/lti/login') seen.logins.push(entry);
    else if (url.pathname === '/lti/launch') seen.launches.push(entry);
    else if (url.pathname === '/api/token') seen.tokens.push(entry);
    else return;
    entry.form = Object.fromEntries(new URLSearchParams(request.postData() ?? ''));
    request.allHeaders().then((h) => (entry.headers = h), () => undefined);
    request.response().then(async (r) => {
      entry.status = r?.status() ?? null;
      entry.setCookie = (await r?.headerValue('set-cookie').catch(() => null)) ?? null;
    }, () => undefined);
  });
  return seen;
}

/** The tool's frame once the launch page is in it (the iframe went login → authorization → POST /lti/launch). */
async function toolFrame(page) {
  const handle = await page.locator('#tool').elementHandle({ timeout: 10_000 });
  const launchUrl = `${world.host.origin}/lti/launch`;
  return waitUntil(async () => {
    const f = await handle.contentFrame();
    return f && f.url() === launchUrl ? f : null;
  }, { timeout: 20_000, message: 'the launch page in the course page\'s iframe' }).catch(async (err) => {
    const now = await handle.contentFrame().catch(() => null);
    throw new Error(`${err.message}; the iframe is at ${now?.url()}; frames: ${JSON.stringify(page.frames().map((f) => f.url()))}`);
  });
}

/** The learner's view: the profile's greeting, then a question and its streamed answer. */
async function chatInFrame(frame) {
  await frame.getByText(GREETING).waitFor({ state: 'visible', timeout: 15_000 });
  const input = frame.locator('#cw-input');
  await waitUntil(() => input.isEnabled(), { timeout: 15_000, message: 'the message box to be enabled (session open)' });
  await input.fill('What is due this week?');
  await input.press('Enter');
  const seen = new Set();
  await waitUntil(async () => {
    const text = squash((await frame.locator('.cw-assistant .cw-body').last().textContent().catch(() => '')) ?? '');
    if (text) seen.add(text);
    return (await frame.locator('.cw-assistant').last().getAttribute('data-status').catch(() => null)) === 'done';
  }, { timeout: 20_000, interval: 30, message: 'the answer to finish' });
  assert.equal(squash(await frame.locator('.cw-assistant .cw-body').last().textContent()), DUE_ANSWER);
  assert.ok(seen.size >= 2, `the answer streamed (saw ${seen.size} steps)`);
}

function lmsTest(name, fn) {
  test(name, { timeout: 45_000 }, async () => {
    const consoleLines = [];
    try {
      await fn({ consoleLines });
    } catch (err) {
      console.error(`\n--- ${name}: browser console ---\n${consoleLines.join('\n')}`);
      console.error(`--- ${name}: Host log ---\n${hostLogTail(world.host.log())}\n---`);
      throw err;
    }
  });
}

const watchConsole = (page, lines) => {
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
};

describe('LTI 1.3 in Chromium: the course page frames the tool', () => {
  lmsTest('cookies allowed (no storage offered): the Partitioned state cookie carries the launch; greeting and a streamed answer', async ({ consoleLines }) => {
    const context = await newContext(browser);
    try {
      const seen = recordHost(context);
      const page = await context.newPage();
      watchConsole(page, consoleLines);
      const before = await sessionCount();
      const spec = world.platform.prepareLaunch();
      await page.goto(spec.coursePageUrl());
      const frame = await toolFrame(page);
      await chatInFrame(frame);

      assert.deepEqual(world.platform.authRequests.at(-1).problems, [], 'the simulator found the authentication request correct');
      assert.equal(seen.launches.length, 1, 'one launch');
      const launch = seen.launches[0];
      assert.equal(launch.status, 200);
      const cookie = launch.headers?.cookie ?? '';
      assert.ok(cookie.includes(STATE_COOKIE_PREFIX), `the launch carried the state cookie (third-party, Partitioned): ${JSON.stringify(cookie)}`);
      const grant = seen.tokens.find((t) => t.form.subject_token_type === 'urn:chatwidget:params:oauth:token-type:lti-launch');
      assert.ok(grant, 'the page redeemed its launch code');
      assert.equal(grant.status, 200);
      assert.equal(grant.form.lti_storage_value, undefined, 'no binder needed: the cookie did it');
      assert.equal(grant.form.origin, world.host.origin);
      const left = (await context.cookies()).filter((c) => c.name.startsWith(STATE_COOKIE_PREFIX));
      assert.deepEqual(left, [], 'no cookie outlives the launch');
      await assertSessionsOpened(world.host, before, 1, 'one session opened');
    } finally {
      await context.close();
    }
  });

  lmsTest('every cookie blocked, platform storage offered (lti_storage_target=_parent): lti.put_data / lti.get_data carry the launch', async ({ consoleLines }) => {
    // A profile whose Preferences block every cookie (chrome://settings/cookies "Block all cookies").
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'chatwidget-e2e-nocookies-'));
    mkdirSync(path.join(userDataDir, 'Default'));
    writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    const context = await launchPersistentContext(userDataDir, { extraArgs: NO_SITE_ISOLATION });
    try {
      const seen = recordHost(context);
      const page = await context.newPage(); // not the profile's initial tab
      watchConsole(page, consoleLines);
      const before = await sessionCount();
      const spec = world.platform.prepareLaunch();
      await page.goto(spec.coursePageUrl({ storage: true }));
      const frame = await toolFrame(page);
      await chatInFrame(frame);

      // The blocking took effect: Host offered its cookie, the browser kept none and sent none.
      assert.ok(seen.logins.some((l) => (l.setCookie ?? '').includes(STATE_COOKIE_PREFIX)), 'Host set its state cookie at the login');
      assert.equal(seen.launches.length, 1);
      assert.equal(seen.launches[0].headers?.cookie, undefined, 'the launch request carried no cookie');
      assert.deepEqual(await context.cookies(), [], 'the browser holds no cookie at all');
      const probe = await frame.evaluate(() => {
        document.cookie = 'probe=1; SameSite=None; Secure; Partitioned';
        document.cookie = 'probe2=1';
        return document.cookie;
      });
      assert.equal(probe, '', 'a cookie written in the tool frame does not stick');

      // The platform storage path was used, by the tool frame, on the platform's page.
      const log = await page.evaluate(() => window.platformStorage.log);
      const put = log.find((m) => m.subject === 'lti.put_data');
      const get = log.find((m) => m.subject === 'lti.get_data');
      assert.ok(put && get, `the course page saw lti.put_data and lti.get_data: ${JSON.stringify(log)}`);
      for (const m of [put, get]) {
        assert.equal(m.origin, world.host.origin, `${m.subject} came from Host's origin`);
        assert.ok(m.fromToolFrame && m.answered, `${m.subject} came from the tool frame and was answered`);
        assert.ok(m.message_id, `${m.subject} has a message_id`);
      }
      assert.ok(log.indexOf(put) < log.indexOf(get), 'put (login page) before get (launch page)');
      assert.equal(get.key, put.key, 'the launch page read back the key the login page stored');
      assert.ok(put.value, 'a binder value was stored');
      const grant = seen.tokens.find((t) => t.form.subject_token_type === 'urn:chatwidget:params:oauth:token-type:lti-launch');
      assert.ok(grant, 'the page redeemed its launch code');
      assert.equal(grant.status, 200);
      assert.equal(grant.form.lti_storage_value, put.value, 'with the binder read back from platform storage');
      await assertSessionsOpened(world.host, before, 1, 'one session opened');
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  lmsTest('a page of another origin framing the launch: Chromium refuses to render it (frame-ancestors), no session opened', async ({ consoleLines }) => {
    const copy = await world.platform.startCopy();
    const context = await newContext(browser);
    try {
      const seen = recordHost(context);
      const page = await context.newPage();
      watchConsole(page, consoleLines);
      const before = await sessionCount();
      const spec = world.platform.prepareLaunch();
      await page.goto(spec.coursePageUrl({ on: copy.origin }));
      // The launch itself is verified (the platform did sign it) and answered; the browser must not show it here.
      await waitUntil(() => seen.launches[0]?.status, { timeout: 15_000, message: 'the launch response' });
      assert.equal(seen.launches[0].status, 200);
      const refusal = await waitUntil(() => consoleLines.find((l) => l.includes('frame-ancestors')), {
        message: 'Chromium to refuse framing the launch page (frame-ancestors)',
      });
      assert.ok(refusal.includes(world.platform.origin), `the policy names only the platform's origin: ${refusal}`);
      assert.ok(!refusal.includes(`frame-ancestors ${copy.origin}`));
      await sleep(1500); // time for a page that did render to redeem its code
      const frame = page.frames().find((f) => f !== page.mainFrame());
      assert.match(frame?.url() ?? '', /^chrome-error:/, 'the iframe holds Chromium\'s error page');
      const booted = await frame.evaluate(() => !!document.querySelector('[data-mode]')).catch(() => false);
      assert.equal(booted, false, 'the chat page never loaded');
      assert.deepEqual(seen.tokens, [], 'the launch code was never redeemed');
      assert.equal(await sessionCount(), before, 'no session opened');
    } finally {
      await context.close();
      await copy.close();
    }
  });
});
