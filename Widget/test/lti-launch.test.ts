import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LtiLaunchPage } from '../src/frame/lti-launch';
import { PLATFORM_ORIGIN, fakePlatform } from './lti-platform';

const HOST = 'https://chat.example.org';
const NOT_VERIFIED = 'This launch could not be verified. Open the activity again from your course.';
const ENDED = 'This chat session has ended. Open the activity again from your course.';
const RETRY_LATER = 'The chat is busy right now. Wait a moment, then try again.';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const token = (t: string) => json(200, { access_token: t, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 900 });
const invalidGrant = () => json(400, { error: 'invalid_grant', error_description: 'The grant is not valid.' });
const profile = () => json(200, { title: 'Biology 101 assistant', greeting: 'Hello class', starters: [], limits: { maxMessageChars: 500 } });
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
};

/** The exact form of the launch-code redemption (interface: "Token grant to redeem a launch code"). */
const redemption = (extra: Record<string, string> = {}) => ({
  grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
  subject_token: 'code-123',
  subject_token_type: 'urn:chatwidget:params:oauth:token-type:lti-launch',
  platform: 'moodle',
  origin: HOST,
  ...extra,
});

let root: HTMLElement;
const pages: LtiLaunchPage[] = [];

beforeEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
  document.documentElement.dir = 'ltr';
  root = document.createElement('div');
  root.id = 'chatwidget-root';
  document.body.append(root);
});
afterEach(() => {
  for (const p of pages.splice(0)) p.dispose();
});

function hostAttributes(storage: boolean, extra: Record<string, string> = {}) {
  root.dataset.mode = 'lti-launch';
  root.dataset.platform = 'moodle';
  root.dataset.launchCode = 'code-123';
  if (storage) {
    root.dataset.storageTarget = '_parent';
    root.dataset.platformOrigin = PLATFORM_ORIGIN;
    root.dataset.stateKey = 'cw-lti-state-abc';
  }
  Object.assign(root.dataset, extra);
}

function setup(responses: Response[], opts: { locale?: string; platform?: ReturnType<typeof fakePlatform> } = {}) {
  const calls: Array<{ url: string; init: RequestInit; form: Record<string, string> }> = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init, form: Object.fromEntries(new URLSearchParams(String(init.body ?? ''))) });
    const r = responses.shift();
    if (!r) throw new TypeError('Failed to fetch');
    return r;
  });
  const platform = opts.platform ?? fakePlatform();
  const page = new LtiLaunchPage({
    root,
    locale: opts.locale ?? 'en',
    origin: HOST,
    win: platform.win,
    fetch: fetchMock as unknown as typeof fetch,
    storageTimeoutMs: 100,
  });
  pages.push(page);
  return { page, calls, platform };
}

const q = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as T;
const alertText = () => q('[role="alert"]')?.textContent;

async function say(text: string) {
  const input = q<HTMLTextAreaElement>('textarea');
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await settle();
}

describe('LTI launch page (data-mode="lti-launch")', () => {
  it('cookie mode: redeems the launch code without lti_storage_value and asks platform storage nothing', async () => {
    hostAttributes(false);
    const { page, calls, platform } = setup([token('at-1'), profile()]);
    await page.start();
    await settle();

    expect(platform.posted).toHaveLength(0);
    expect(calls[0]!.url).toBe('/api/token');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.credentials).toBe('omit');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(calls[0]!.form).toEqual(redemption());
    expect(calls[1]!.url).toBe('/api/profile');
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer at-1');
  });

  it('storage mode: reads the binder back with lti.get_data and sends it as lti_storage_value', async () => {
    hostAttributes(true);
    const platform = fakePlatform();
    platform.store.set('cw-lti-state-abc', 'binder-xyz');
    const { page, calls } = setup([token('at-1'), profile()], { platform });
    await page.start();
    await settle();

    expect(platform.posted).toEqual([
      { to: 'parent', targetOrigin: PLATFORM_ORIGIN, message: { subject: 'lti.get_data', message_id: expect.any(String), key: 'cw-lti-state-abc' } },
    ]);
    expect(calls[0]!.form).toEqual(redemption({ lti_storage_value: 'binder-xyz' }));
    expect(q('textarea')).not.toBeNull();
  });

  it('storage mode: when get_data fails it asks for no token and says the launch could not be verified', async () => {
    hostAttributes(true);
    const { page, calls } = setup([token('at-1'), profile()]); // nothing stored: the platform answers with an error
    await page.start();
    await settle();
    expect(calls).toHaveLength(0);
    expect(alertText()).toBe(NOT_VERIFIED);
    expect(q('textarea')).toBeNull();
  });

  it('storage mode: when platform storage never answers (or the frame is missing) it asks for no token', async () => {
    hostAttributes(true);
    const silent = setup([token('at-1')], { platform: fakePlatform({ answer: null }) });
    await silent.page.start();
    expect(silent.calls).toHaveLength(0);
    expect(alertText()).toBe(NOT_VERIFIED);

    root.dataset.storageTarget = 'post_message_forwarding';
    const frameless = setup([token('at-1')]);
    await frameless.page.start();
    expect(frameless.calls).toHaveLength(0);
    expect(alertText()).toBe(NOT_VERIFIED);
  });

  it('says the launch could not be verified when Host refuses the code (400)', async () => {
    hostAttributes(false);
    const { page, calls } = setup([invalidGrant()]);
    await page.start();
    await settle();
    expect(calls).toHaveLength(1);
    expect(alertText()).toBe(NOT_VERIFIED);
    expect(q('button')).toBeNull(); // a refused code is spent: no retry
  });

  it('says the launch could not be verified without the attributes it needs, and asks for nothing', async () => {
    root.dataset.mode = 'lti-launch';
    root.dataset.platform = 'moodle';
    const { page, calls } = setup([token('at-1')]);
    await page.start();
    expect(calls).toHaveLength(0);
    expect(alertText()).toBe(NOT_VERIFIED);
  });

  it('on 429 and 503 offers to retry the redemption, with the same fields, without reading storage again', async () => {
    hostAttributes(true);
    const platform = fakePlatform();
    platform.store.set('cw-lti-state-abc', 'binder-xyz');
    const { page, calls } = setup([json(429, { error: 'rate_limited' }, { 'Retry-After': '3' }), json(503, {}), token('at-1'), profile()], { platform });
    await page.start();
    await settle();
    expect(alertText()).toBe(RETRY_LATER);
    const retry = q<HTMLButtonElement>('button');
    expect(retry.textContent).toBe('Retry');

    retry.click();
    await settle();
    expect(alertText()).toBe(RETRY_LATER);
    expect(document.activeElement).toBe(q('button'));

    q<HTMLButtonElement>('button').click();
    await settle();
    expect(calls.slice(0, 3).map((c) => c.form)).toEqual([1, 2, 3].map(() => redemption({ lti_storage_value: 'binder-xyz' })));
    expect(platform.posted).toHaveLength(1);
    expect(q('h1').textContent).toBe('Biology 101 assistant');
  });

  it('on 200 shows the chat full-page with the input focused, so the learner types at once', async () => {
    hostAttributes(false);
    const { page } = setup([token('at-1'), profile()]);
    await page.start();
    await settle();

    const input = q<HTMLTextAreaElement>('textarea');
    expect(input.disabled).toBe(false);
    expect(document.activeElement).toBe(input);
    expect(q('h1').textContent).toBe('Biology 101 assistant');
    expect(q('.cw-greeting').textContent).toContain('Hello class');
    expect(root.querySelector('[aria-label="Close chat"]')).toBeNull();
    expect(page.chat).not.toBeNull();
  });

  it('refreshes with the normal refresh grant, and shows the ended message when the refresh is refused', async () => {
    hostAttributes(false);
    const { page, calls } = setup([
      token('at-1'),
      profile(),
      json(401, { error: { message: 'expired', type: 'invalid_request_error', code: 'invalid_token' } }),
      invalidGrant(),
    ]);
    await page.start();
    await settle();
    await say('Hi');

    expect(calls[3]!.form).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: 'at-1',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      platform: 'moodle',
      origin: HOST,
    });
    expect(calls).toHaveLength(4); // no launch token can be had: nothing else is tried
    expect(alertText()).toBe(ENDED);
    expect(q('textarea')).toBeNull();
    expect(page.chat).toBeNull();
  });

  it('shows the ended message when the session was revoked (403 session_revoked)', async () => {
    hostAttributes(false);
    const { page } = setup([
      token('at-1'),
      profile(),
      json(403, { error: { message: 'The session was revoked.', type: 'invalid_request_error', code: 'session_revoked' } }),
    ]);
    await page.start();
    await settle();
    await say('Hi');
    expect(alertText()).toBe(ENDED);
    expect(q('textarea')).toBeNull();
  });

  it('speaks the launch locale, right to left for Arabic', async () => {
    hostAttributes(false);
    const { page } = setup([invalidGrant()], { locale: 'ar' });
    await page.start();
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(alertText()).toBe('تعذّر التحقق من هذا التشغيل. افتح النشاط مرة أخرى من مقررك الدراسي.');
  });

  it('stores nothing in the browser', async () => {
    const spies = [vi.spyOn(Storage.prototype, 'setItem'), vi.spyOn(document, 'cookie', 'set')];
    hostAttributes(true);
    const platform = fakePlatform();
    platform.store.set('cw-lti-state-abc', 'binder-xyz');
    const { page } = setup([token('at-1'), profile()], { platform });
    await page.start();
    await settle();
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    for (const s of spies) s.mockRestore();
  });
});
