import { describe, expect, it, vi } from 'vitest';
import { ParentBridge } from '../src/frame/bridge';

function fakeWindow(referrer = 'https://lms.example.edu/course/1') {
  const parent = { postMessage: vi.fn() };
  const win = Object.assign(new EventTarget(), { parent, location: {}, document: { referrer } });
  const send = (source: unknown, origin: string, data: unknown) =>
    win.dispatchEvent(Object.assign(new Event('message'), { source, origin, data }));
  return { win: win as unknown as Window, parent, send };
}

describe('frame bridge', () => {
  it('learns the embedding origin from the first launch token and then only accepts that origin', async () => {
    const { win, parent, send } = fakeWindow();
    const bridge = new ParentBridge(win, { onOpened: vi.fn(), onClosed: vi.fn() });
    const first = bridge.requestLaunchToken();
    expect(parent.postMessage).toHaveBeenCalledWith({ type: 'chatwidget:need-launch-token' }, 'https://lms.example.edu');
    send({}, 'https://lms.example.edu', { type: 'chatwidget:launch-token', token: 'spoof' }); // not the parent
    send(parent, 'https://lms.example.edu', { type: 'chatwidget:launch-token', token: 'launch-1', profile: 'bio' });
    await expect(first).resolves.toBe('launch-1');
    expect(bridge.embeddingOrigin).toBe('https://lms.example.edu');
    expect(bridge.profile).toBe('bio');

    const second = bridge.requestLaunchToken();
    send(parent, 'https://evil.example', { type: 'chatwidget:launch-token', token: 'evil' });
    send(parent, 'https://lms.example.edu', { type: 'chatwidget:launch-token', token: 'launch-2' });
    await expect(second).resolves.toBe('launch-2');
    bridge.post({ type: 'chatwidget:close-request' });
    for (const call of parent.postMessage.mock.calls.slice(1)) expect(call[1]).toBe('https://lms.example.edu');
  });

  it('rejects the wait when the loader reports it has no token', async () => {
    const { win, parent, send } = fakeWindow();
    const bridge = new ParentBridge(win, { onOpened: vi.fn(), onClosed: vi.fn() });
    const p = bridge.requestLaunchToken();
    send(parent, 'https://lms.example.edu', { type: 'chatwidget:launch-token-error', code: 'launch_token_used', message: 'reload' });
    await expect(p).rejects.toThrow('reload');
  });

  it('posts nothing but the token request before the origin is known', () => {
    const { win, parent } = fakeWindow('');
    const bridge = new ParentBridge(win, { onOpened: vi.fn(), onClosed: vi.fn() });
    bridge.post({ type: 'chatwidget:answer-finished' });
    bridge.post({ type: 'chatwidget:error', code: 'x', message: 'y' });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('hands "opened" from the parent to the app', () => {
    const { win, parent, send } = fakeWindow();
    const onOpened = vi.fn();
    new ParentBridge(win, { onOpened, onClosed: vi.fn() });
    send({}, 'https://lms.example.edu', { type: 'chatwidget:opened' });
    send(parent, 'https://lms.example.edu', { type: 'chatwidget:opened' });
    expect(onOpened).toHaveBeenCalledTimes(1);
  });
});
