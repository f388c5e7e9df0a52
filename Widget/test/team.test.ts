import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeamPage } from '../src/frame/team';

const enc = new TextEncoder();
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const token = (t: string) => json(200, { access_token: t, token_type: 'Bearer', expires_in: 900 });
const invalidGrant = () => json(400, { error: 'invalid_grant', error_description: 'The grant is not valid.' });
const profile = () => json(200, { title: 'Staff assistant', greeting: 'Hello team', starters: ['Where is the handbook?'], limits: { maxMessageChars: 500 } });
const sse = (...parts: string[]) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(enc.encode(p));
        c.close();
      },
    }),
    { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
  );
const delta = (s: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: s } }] })}\n\n`;
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
};

const HOST = 'https://chat.example.org';
let root: HTMLElement;
const pages: TeamPage[] = [];

beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement('div');
  root.dataset.mode = 'team';
  document.body.append(root);
});
afterEach(() => {
  for (const p of pages.splice(0)) p.dispose();
});

function setup(responses: Response[], locale = 'en') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const r = responses.shift();
    if (!r) throw new TypeError('Failed to fetch');
    return r;
  });
  const page = new TeamPage({ root, locale, origin: HOST, fetch: fetchMock as unknown as typeof fetch });
  pages.push(page);
  page.showForm();
  return { page, calls };
}

const q = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as T;

async function signIn(password: string) {
  q<HTMLInputElement>('#cw-password').value = password;
  q<HTMLFormElement>('form').dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
}

describe('TeamPage', () => {
  it('shows an accessible password form first', () => {
    setup([]);
    const input = q<HTMLInputElement>('#cw-password');
    expect(input.type).toBe('password');
    expect(q('label[for="cw-password"]').textContent).toBe('Team password');
    expect(input.getAttribute('aria-describedby')).toBe('cw-gate-error');
    expect(q('#cw-gate-error').getAttribute('role')).toBe('alert');
    expect(q('#cw-gate-error').hidden).toBe(true);
    expect(q('button[type="submit"]').textContent).toBe('Start chatting');
    expect(q('h1').textContent).toBe('Team chat');
    expect(document.activeElement).toBe(input);
  });

  it("posts the team-password grant with Host's origin, then shows the chat without a close button", async () => {
    const { calls } = setup([token('at-1'), profile()]);
    await signIn('correct horse battery staple');

    expect(calls[0]!.url).toBe('/api/token');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.credentials).toBe('omit');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
    const body = new URLSearchParams(String(calls[0]!.init.body));
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'urn:chatwidget:params:oauth:grant-type:team-password',
      password: 'correct horse battery staple',
      origin: HOST,
    });
    expect(calls[1]!.url).toBe('/api/profile');
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer at-1');
    expect(q('#cw-password')).toBeNull();
    expect(q('h1').textContent).toBe('Staff assistant');
    expect(q('.cw-greeting').textContent).toContain('Hello team');
    expect(root.querySelector('[aria-label="Close chat"]')).toBeNull();
  });

  it('says plainly when the password is refused, and lets the user try again', async () => {
    const { calls } = setup([invalidGrant(), token('at-1'), profile()]);
    await signIn('wrong password');

    const error = q('#cw-gate-error');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe('The password was not accepted, or team access is switched off.');
    expect(q('#cw-password').getAttribute('aria-invalid')).toBe('true');
    expect(q<HTMLButtonElement>('button[type="submit"]').disabled).toBe(false);

    await signIn('the right one');
    expect(new URLSearchParams(String(calls[1]!.init.body)).get('password')).toBe('the right one');
    expect(q('.cw-greeting').textContent).toContain('Hello team');
  });

  it('explains rate limits and an unreachable Host differently from a wrong password', async () => {
    setup([json(429, { error: 'rate_limited' }, { 'Retry-After': '7' }), json(503, {})]);
    await signIn('x');
    expect(q('#cw-gate-error').textContent).toBe('Too many attempts, try again in 7 s.');
    await signIn('x');
    expect(q('#cw-gate-error').textContent).toBe('The assistant is unavailable, try again.');
  });

  it('does not send an empty password', async () => {
    const { calls } = setup([]);
    await signIn('');
    expect(calls).toHaveLength(0);
    expect(q('#cw-gate-error').hidden).toBe(false);
  });

  it('returns to the password form when the session was revoked (403 session_revoked)', async () => {
    setup([
      token('at-1'),
      profile(),
      json(403, { error: { message: 'The session was revoked.', type: 'invalid_request_error', code: 'session_revoked' } }),
    ]);
    await signIn('pw');
    const input = q<HTMLTextAreaElement>('textarea');
    input.value = 'Hi';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();

    expect(q('#cw-password')).not.toBeNull();
    expect(q('#cw-gate-error').textContent).toBe('Team access changed — enter the current password.');
  });

  it('returns to the password form when the token can no longer be refreshed', async () => {
    const { calls } = setup([
      token('at-1'),
      profile(),
      json(401, { error: { message: 'expired', type: 'invalid_request_error', code: 'invalid_token' } }),
      invalidGrant(),
    ]);
    await signIn('pw');
    const input = q<HTMLTextAreaElement>('textarea');
    input.value = 'Hi';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();

    const refresh = new URLSearchParams(String(calls[3]!.init.body));
    expect(refresh.get('subject_token')).toBe('at-1');
    expect(refresh.get('subject_token_type')).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(refresh.get('platform')).toBe('team');
    expect(refresh.get('origin')).toBe(HOST);
    expect(q('#cw-gate-error').textContent).toBe('Team access changed — enter the current password.');
  });

  it('streams an answer in the same chat UI as the widget', async () => {
    setup([token('at-1'), profile(), sse(delta('Page '), delta('12'), 'data: [DONE]\n\n')]);
    await signIn('pw');
    const input = q<HTMLTextAreaElement>('textarea');
    input.value = 'Where is the handbook?';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await settle();
    expect(q('.cw-assistant .cw-body').textContent).toBe('Page 12');
  });

  it('stores nothing in the browser', async () => {
    const spies = [
      vi.spyOn(Storage.prototype, 'setItem'),
      vi.spyOn(document, 'cookie', 'set'),
    ];
    setup([token('at-1'), profile()]);
    await signIn('pw');
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    for (const s of spies) s.mockRestore();
  });

  it('is localised, right to left for Arabic', () => {
    setup([], 'ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(q('label[for="cw-password"]').textContent).toBe('كلمة مرور الفريق');
  });
});
