import { afterEach, describe, expect, it, vi } from 'vitest';
import { Widget, type InitOptions } from '../src/loader/widget';

const HOST = 'https://host.example';

function message(source: unknown, origin: string, data: unknown): void {
  window.dispatchEvent(Object.assign(new Event('message'), { source, origin, data }));
}

let widgets: Widget[] = [];
afterEach(() => {
  for (const w of widgets) w.destroy();
  widgets = [];
  vi.restoreAllMocks();
});

function make(opts: Partial<InitOptions> = {}) {
  const w = new Widget({ platform: 'lms', host: HOST + '/widget.js', locale: 'en', ...opts });
  widgets.push(w);
  w.open();
  const frame = w.frame!;
  // The frame page is not loaded in tests: stand in for its window.
  const post = vi.fn();
  const target = { postMessage: post } as unknown as Window;
  Object.defineProperty(frame, 'contentWindow', { configurable: true, get: () => target });
  return { w, frame, target, post };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('loader', () => {
  it('renders a launcher and creates the iframe only when needed, without tokens in the URL', () => {
    const w = new Widget({ platform: 'lms', host: HOST, launchToken: 'secret-launch', locale: 'fr' });
    widgets.push(w);
    const b = w.launcherButton;
    expect(b.tagName).toBe('BUTTON');
    expect(b.getAttribute('aria-expanded')).toBe('false');
    expect(b.getAttribute('aria-controls')).toBe('cw-panel');
    expect(b.getAttribute('aria-label')).toBe('Ouvrir la discussion');
    expect(w.frame).toBeNull();
    b.dispatchEvent(new Event('pointerenter'));
    const f = w.frame!;
    expect(f).not.toBeNull();
    expect(f.src).toBe(HOST + '/widget/frame?platform=lms&locale=fr');
    expect(f.src).not.toContain('secret');
    expect(f.title).toBeTruthy();
    expect(f.getAttribute('allow')).toBe('clipboard-write');
    w.open();
    expect(b.getAttribute('aria-expanded')).toBe('true');
  });

  it('requires a platform', () => {
    expect(() => new Widget({ platform: '', host: HOST })).toThrow(/platform/);
  });

  it('answers need-launch-token from its frame at HOST origin, addressed to HOST only', async () => {
    const { target, post } = make({ launchToken: 'launch-1', profile: 'bio' });
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    expect(post).toHaveBeenCalledWith({ type: 'chatwidget:launch-token', token: 'launch-1', profile: 'bio' }, HOST);
  });

  it('ignores messages from another origin or another window', async () => {
    const { target, post } = make({ launchToken: 'launch-1' });
    message(target, 'https://evil.example', { type: 'chatwidget:need-launch-token' });
    message(window, HOST, { type: 'chatwidget:need-launch-token' });
    message(null, HOST, { type: 'chatwidget:need-launch-token' });
    message(target, 'null', { type: 'chatwidget:need-launch-token' });
    message(target, HOST + ':443', { type: 'chatwidget:need-launch-token' });
    await flush();
    const tokenPosts = post.mock.calls.filter(([m]) => (m as { type: string }).type === 'chatwidget:launch-token');
    expect(tokenPosts).toHaveLength(0);
  });

  it('refuses a second use of data-launch-token with a chatwidget:error', async () => {
    const { target, post } = make({ launchToken: 'launch-1' });
    const errors: CustomEvent[] = [];
    const onError = (e: Event) => errors.push(e as CustomEvent);
    window.addEventListener('chatwidget:error', onError);
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    window.removeEventListener('chatwidget:error', onError);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail.code).toBe('launch_token_used');
    expect(errors[0]!.detail.message).toMatch(/reload/i);
    expect(post).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'chatwidget:launch-token-error', code: 'launch_token_used' }), HOST);
  });

  it('fetches data-token-url with credentials (text or JSON) and rejects other origins', async () => {
    const fetchMock = vi
      .spyOn(window, 'fetch')
      .mockResolvedValueOnce(new Response('tok-text\n', { headers: { 'Content-Type': 'text/plain' } }))
      .mockResolvedValueOnce(new Response('{"token":"tok-json"}', { headers: { 'Content-Type': 'application/json' } }));
    const { target, post } = make({ tokenUrl: '/chat/launch-token' });
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    await flush();
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    await flush();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(fetchMock.mock.calls[0]![0]).toBe(new URL('/chat/launch-token', location.href).href);
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({ credentials: 'include' });
    const tokens = post.mock.calls.map(([m]) => (m as { token?: string }).token).filter(Boolean);
    expect(tokens).toEqual(['tok-text', 'tok-json']);

    const other = make({ tokenUrl: 'https://elsewhere.example/token' });
    message(other.target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    expect(other.post).toHaveBeenCalledWith(expect.objectContaining({ code: 'token_url_cross_origin' }), HOST);
  });

  it('uses getLaunchToken for programmatic init', async () => {
    const getLaunchToken = vi.fn().mockResolvedValue('from-callback');
    const { target, post } = make({ getLaunchToken });
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ token: 'from-callback' }), HOST);
  });

  it('never posts with targetOrigin "*"', async () => {
    const { w, target, post } = make({ launchToken: 'x' });
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    message(target, HOST, { type: 'chatwidget:need-launch-token' });
    await flush();
    w.close();
    w.open();
    expect(post.mock.calls.length).toBeGreaterThan(2);
    for (const call of post.mock.calls) expect(call[1]).toBe(HOST);
  });

  it('closes on the frame close request and shows the unread dot for answers finished while closed', () => {
    const { w, target } = make();
    const closes = vi.fn();
    window.addEventListener('chatwidget:close', closes);
    message(target, HOST, { type: 'chatwidget:close-request' });
    window.removeEventListener('chatwidget:close', closes);
    expect(w.opened).toBe(false);
    expect(closes).toHaveBeenCalledTimes(1);
    message(target, HOST, { type: 'chatwidget:answer-finished' });
    expect(w.launcherButton.querySelector('.dot')!.hasAttribute('hidden')).toBe(false);
    w.open();
    expect(w.launcherButton.querySelector('.dot')!.hasAttribute('hidden')).toBe(true);
  });

  it('relays frame errors as chatwidget:error on window', () => {
    const { target } = make();
    const seen = vi.fn();
    window.addEventListener('chatwidget:error', seen);
    message(target, HOST, { type: 'chatwidget:error', code: 'session_expired', message: 'reload' });
    message(target, 'https://evil.example', { type: 'chatwidget:error', code: 'spoof', message: 'x' });
    window.removeEventListener('chatwidget:error', seen);
    expect(seen).toHaveBeenCalledTimes(1);
    expect((seen.mock.calls[0]![0] as CustomEvent).detail).toEqual({ code: 'session_expired', message: 'reload' });
  });

  it('takes the profile accent from the frame, hex colours only', () => {
    const { w, target } = make();
    const wrap = w.launcherButton.parentElement!;
    message(target, HOST, { type: 'chatwidget:session-ready', accent: 'red;background:url(x)', onAccent: '#fff' });
    expect(wrap.style.getPropertyValue('--cw-accent')).toBe('');
    message(target, HOST, { type: 'chatwidget:session-ready', accent: '#ffcc00', onAccent: '#000000' });
    expect(wrap.style.getPropertyValue('--cw-accent')).toBe('#ffcc00');
    expect(wrap.style.getPropertyValue('--cw-on-accent')).toBe('#000000');
  });
});
