// Helpers that drive the widget the way a learner does: the launcher on the partner page, the chat frame.
import assert from 'node:assert/strict';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `message` after `timeout` ms. */
export async function waitUntil(fn, { timeout = 10_000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(interval);
  }
}

/** The launcher (inside the widget's shadow root, opened by the test init script). */
export const launcher = (page, name = /chat/i) => page.locator('chat-widget').getByRole('button', { name });

/** The chat iframe element on the partner page. */
export const iframe = (page) => page.locator('chat-widget iframe');

/** The chat frame (a Playwright Frame), once the iframe exists and has loaded /widget/frame. */
export async function chatFrame(page) {
  const handle = await iframe(page).elementHandle({ timeout: 10_000 });
  return waitUntil(async () => {
    const f = await handle.contentFrame();
    return f && f.url().includes('/widget/frame') ? f : null;
  }, { message: 'the chat frame to load' });
}

export async function gotoPartner(page, partner, query = '') {
  await page.goto(partner.url(query));
  await page.locator('chat-widget').getByRole('button').waitFor({ state: 'visible', timeout: 10_000 });
}

/** Opens the panel with the launcher and waits until the session started (greeting shown). */
export async function openChat(page, { greeting } = {}) {
  await launcher(page, /open chat/i).click();
  const frame = await chatFrame(page);
  if (greeting) await frame.getByText(greeting).waitFor({ state: 'visible', timeout: 15_000 });
  await waitUntil(() => frame.locator('#cw-input').isEnabled(), { timeout: 15_000, message: 'the message box to be enabled' });
  return frame;
}

/** Types a message in the frame and sends it with Enter. */
export async function send(frame, text) {
  const input = frame.locator('#cw-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Status and text of the last assistant message in the frame (null when there is none). */
export function lastAnswer(frame) {
  return frame.evaluate(() => {
    const items = document.querySelectorAll('li.cw-assistant');
    const li = items[items.length - 1];
    if (!li) return null;
    return { status: li.dataset.status ?? '', text: li.querySelector('.cw-body')?.textContent ?? '', count: items.length };
  });
}

export async function waitForAnswer(frame, { timeout = 20_000 } = {}) {
  return waitUntil(async () => {
    const a = await lastAnswer(frame);
    return a && a.status === 'done' ? a : null;
  }, { timeout, message: 'the answer to finish' });
}

/** Normalises whitespace for comparing rendered text with the seeded answer. */
export const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** The frame's visible error/status line, or '' when none is shown. */
export function statusText(frame) {
  return frame.evaluate(() => {
    const el = document.querySelector('.cw-status');
    return el && !el.hidden ? el.textContent ?? '' : '';
  });
}

/**
 * Every storage API a document can write to, read from inside that document. Reading throws if the browser
 * denies the document storage, so an empty result always means "nothing stored", never "not allowed".
 */
export function storageSnapshot(frameOrPage) {
  return frameOrPage.evaluate(async () => ({
    origin: location.origin,
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: typeof caches === 'undefined' ? ['<caches unavailable>'] : await caches.keys(),
    cookie: document.cookie,
  }));
}

export function assertNoStorage(snapshot) {
  assert.deepEqual(
    { localStorage: snapshot.localStorage, sessionStorage: snapshot.sessionStorage, indexedDB: snapshot.indexedDB, caches: snapshot.caches },
    { localStorage: 0, sessionStorage: 0, indexedDB: [], caches: [] },
    `storage written at ${snapshot.origin}`,
  );
}

/** A phone: 390×844 at 2× with touch, for the full-screen panel and the README's mobile screenshot. */
export const MOBILE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Which element has focus inside the widget's shadow root, as the learner's focus ring would show it. */
export const widgetFocus = (page) =>
  page.evaluate(() => {
    const host = document.querySelector('chat-widget');
    const inner = host?.shadowRoot?.activeElement;
    return {
      hostFocused: document.activeElement === host,
      tag: inner?.localName ?? null,
      label: inner?.getAttribute('aria-label') ?? null,
    };
  });
