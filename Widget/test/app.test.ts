import { describe, expect, it, vi } from 'vitest';
import { delta, json, profile, q, root, settle, setup, sse, token, type, useAppHarness } from './app-harness';

const enc = new TextEncoder();

useAppHarness();

describe('ChatApp', () => {
  it('starts a session, shows the profile and streams an answer', async () => {
    const { app, calls, posted } = setup([token('at-1'), profile(), sse([delta('Hello'), delta(' **world**'), 'data: [DONE]\n\n'])]);
    await app.start();
    expect(q('h1').textContent).toBe('Course assistant');
    expect(q('.cw-greeting strong').textContent).toBe('How');
    expect(q('.cw-starter').textContent).toBe('What is due?');
    expect(q('.cw-disclaimer').textContent).toBe('AI can make mistakes.');
    expect(document.documentElement.style.getPropertyValue('--cw-on-accent')).toBe('#000000');
    expect(q<HTMLTextAreaElement>('textarea').maxLength).toBe(50);
    expect(posted).toContainEqual({ type: 'chatwidget:session-ready', accent: '#ffcc00', onAccent: '#000000' });

    await type('Hi there');
    expect(calls[2]!.url).toBe('/v1/chat/completions');
    expect((calls[2]!.init.headers as Record<string, string>).Authorization).toBe('Bearer at-1');
    expect(JSON.parse(String(calls[2]!.init.body))).toEqual({ messages: [{ role: 'user', content: 'Hi there' }], stream: true });
    expect(q('.cw-user .cw-body').textContent).toBe('Hi there');
    expect(q('.cw-assistant .cw-body').textContent).toBe('Hello world');
    expect(q('.cw-assistant .cw-body strong').textContent).toBe('world');
    expect(posted).toContainEqual({ type: 'chatwidget:answer-finished' });
    expect(q('.cw-intro').hidden).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(q('[aria-live]').textContent).toContain('Hello world');
  });

  it('refreshes the token on a 401 and retries once', async () => {
    const { app, calls } = setup([
      token('at-1'),
      profile(),
      json(401, { error: { message: 'expired', type: 'invalid_request_error', code: 'invalid_token' } }),
      token('at-2'),
      sse([delta('ok'), 'data: [DONE]\n\n']),
    ]);
    await app.start();
    await type('x');
    expect(new URLSearchParams(String(calls[3]!.init.body)).get('subject_token')).toBe('at-1');
    expect((calls[4]!.init.headers as Record<string, string>).Authorization).toBe('Bearer at-2');
    expect(q('.cw-assistant .cw-body').textContent).toBe('ok');
  });

  it('says the session expired when refresh and a new launch token both fail', async () => {
    const { app, posted } = setup([token('at-1'), profile(), json(401, {}), json(400, { error: 'invalid_grant' })]);
    await app.start();
    await type('x');
    expect(q('.cw-status').textContent).toMatch(/session has expired — reload the page/);
    expect(q<HTMLTextAreaElement>('textarea').disabled).toBe(true);
    expect(posted).toContainEqual(expect.objectContaining({ type: 'chatwidget:error', code: 'session_expired' }));
  });

  it('explains 429 with Retry-After, and 503, and offers retry', async () => {
    const { app } = setup([
      token('at-1'),
      profile(),
      json(429, { error: { message: 'slow down' } }, { 'Retry-After': '17' }),
      json(503, { error: { message: 'down' } }),
      sse([delta('back'), 'data: [DONE]\n\n']),
    ]);
    await app.start();
    await type('x');
    expect(q('.cw-status').textContent).toContain('Too many messages, try again in 17 s.');
    expect(root.querySelectorAll('.cw-assistant')).toHaveLength(0);
    q<HTMLButtonElement>('.cw-retry').click();
    await settle();
    expect(q('.cw-status').textContent).toContain('The assistant is unavailable, try again.');
    q<HTMLButtonElement>('.cw-retry').click();
    await settle();
    expect(q('.cw-status').hidden).toBe(true);
    expect(q('.cw-assistant .cw-body').textContent).toBe('back');
    expect(root.querySelectorAll('.cw-user')).toHaveLength(1);
  });

  it('shows a stream error event and keeps the partial answer', async () => {
    const { app } = setup([token('at-1'), profile(), sse([delta('part'), 'data: {"error":{"message":"upstream"}}\n\n'])]);
    await app.start();
    await type('x');
    expect(q('.cw-assistant').dataset.status).toBe('error');
    expect(q('.cw-status').textContent).toContain('interrupted');
  });

  it('marks an answer whose stream ends without [DONE] as cut off, keeping the partial text', async () => {
    const { app } = setup([token('at-1'), profile(), sse([delta('half an ans')])]);
    await app.start();
    await type('x');
    expect(q('.cw-assistant').dataset.status).toBe('error');
    expect(q('.cw-assistant .cw-body').textContent).toBe('half an ans');
    expect(q('.cw-status').textContent).toContain('interrupted');
  });

  it('regenerates the last answer and starts a new conversation', async () => {
    const { app, calls } = setup([
      token('at-1'),
      profile(),
      sse([delta('first'), 'data: [DONE]\n\n']),
      sse([delta('second'), 'data: [DONE]\n\n']),
    ]);
    await app.start();
    await type('q');
    const regen = root.querySelectorAll<HTMLButtonElement>('.cw-assistant .cw-act')[1]!;
    expect(regen.getAttribute('aria-label')).toBe('Regenerate answer');
    regen.click();
    await settle();
    expect(JSON.parse(String(calls[3]!.init.body)).messages).toEqual([{ role: 'user', content: 'q' }]);
    expect(root.querySelectorAll('.cw-assistant')).toHaveLength(1);
    expect(q('.cw-assistant .cw-body').textContent).toBe('second');
    root.querySelector<HTMLButtonElement>('.cw-header button[aria-label="New conversation"]')!.click();
    expect(root.querySelectorAll('.cw-msg')).toHaveLength(0);
    expect(q('.cw-intro').hidden).toBe(false);
  });

  it('leaves a finished answer untouched while the next one streams', async () => {
    const { app } = setup([
      token('at-1'),
      profile(),
      sse([delta('First '), delta('answer.'), 'data: [DONE]\n\n']),
      sse([...'Second answer, word by word.'.split(/(?= )/).map(delta), 'data: [DONE]\n\n']),
    ]);
    await app.start();
    await type('one');
    const first = q('.cw-assistant .cw-body');
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(first, { subtree: true, childList: true, characterData: true, attributes: true });
    await type('two');
    observer.disconnect();
    expect(changes).toHaveLength(0);
    const bodies = root.querySelectorAll('.cw-assistant .cw-body');
    expect(bodies[0]).toBe(first);
    expect(bodies[1]!.textContent).toBe('Second answer, word by word.');
  });

  it('focuses the input once the session is ready when the panel was opened with focus before that', async () => {
    const { app } = setup([token('at-1'), profile()]);
    // The frame document does not have focus yet when a keyboard user opens the panel while it is loading.
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    try {
      app.setVisible(true, true);
      expect(document.activeElement).not.toBe(q('textarea')); // still disabled
      await app.start();
      expect(document.activeElement).toBe(q('textarea'));
    } finally {
      hasFocus.mockRestore();
    }
  });

  it('does not take focus when the panel was opened without it (data-open)', async () => {
    const { app } = setup([token('at-1'), profile()]);
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    try {
      app.setVisible(true, false);
      await app.start();
      expect(document.activeElement).not.toBe(q('textarea'));
    } finally {
      hasFocus.mockRestore();
    }
  });

  it('posts a close request on Escape', async () => {
    const { app, posted } = setup([token('at-1'), profile()]);
    await app.start();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(posted).toContainEqual({ type: 'chatwidget:close-request' });
  });

  it('uses the profile locale when the page gave none, with RTL for Arabic', async () => {
    const ar = json(200, { title: 'مساعد', locale: 'ar', limits: { maxMessageChars: 100 } });
    const { app } = setup([token('at-1'), ar], ['launch-1'], null);
    await app.start();
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(q('textarea').getAttribute('placeholder')).toBe('اكتب رسالتك…');
    expect(q('h1').textContent).toBe('مساعد');
    document.documentElement.dir = 'ltr';
  });

  it('says when the first launch token cannot be had', async () => {
    const { app } = setup([], []);
    await app.start();
    expect(q('.cw-status').textContent).toMatch(/reload the page/);
  });

  it('stops a streaming answer and keeps what arrived', async () => {
    let ctrl!: ReadableStreamDefaultController<Uint8Array>;
    const hanging = new ReadableStream<Uint8Array>({
      start(c) {
        ctrl = c;
        c.enqueue(enc.encode(delta('partial answer')));
      },
    });
    const { app, calls } = setup([token('at-1'), profile(), new Response(hanging, { headers: { 'Content-Type': 'text/event-stream' } })]);
    await app.start();
    await type('x');
    const signal = calls[2]!.init.signal!;
    signal.addEventListener('abort', () => ctrl.error(new DOMException('Aborted', 'AbortError')));
    const stop = q<HTMLButtonElement>('.cw-send');
    expect(stop.getAttribute('aria-label')).toBe('Stop');
    stop.click();
    await settle();
    expect(signal.aborted).toBe(true);
    expect(q('.cw-assistant').dataset.status).toBe('stopped');
    expect(q('.cw-assistant .cw-body').textContent).toBe('partial answer');
    expect(q('.cw-send').getAttribute('aria-label')).toBe('Send');
  });

  it("says you're offline when the network is gone", async () => {
    const { app } = setup([token('at-1'), profile()]);
    await app.start();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    await type('x');
    online.mockRestore();
    expect(q('.cw-status').textContent).toContain("You're offline");
    expect(q('.cw-retry')).not.toBeNull();
  });

  it('refuses a message over the profile limit and counts characters', async () => {
    const { app, calls } = setup([token('at-1'), profile()]);
    await app.start();
    const input = q<HTMLTextAreaElement>('textarea');
    input.value = 'abc';
    input.dispatchEvent(new Event('input'));
    expect(q('.cw-counter').textContent).toBe('47 characters left');
    await type('x'.repeat(60));
    expect(calls).toHaveLength(2);
    expect(q('.cw-status').textContent).toContain('too long');
  });

  it('retries a start that failed for a transient reason without asking for another launch token', async () => {
    const { app, calls } = setup([json(503, {}), token('at-1'), json(502, {}), profile()], ['launch-1']);
    await app.start();
    expect(q('.cw-status').textContent).toContain('unavailable');
    q<HTMLButtonElement>('.cw-retry').click();
    await settle();
    expect(q('.cw-status').textContent).toContain('unavailable');
    q<HTMLButtonElement>('.cw-retry').click();
    await settle();
    expect(q('h1').textContent).toBe('Course assistant');
    expect(new URLSearchParams(String(calls[1]!.init.body)).get('subject_token')).toBe('launch-1');
    expect(calls.map((c) => c.url)).toEqual(['/api/token', '/api/token', '/api/profile', '/api/profile']);
  });
});
