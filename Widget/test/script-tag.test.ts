import { afterEach, describe, expect, it, vi } from 'vitest';

interface Api {
  init(o: unknown): void;
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
}

async function loadWith(attrs: Record<string, string>) {
  const script = document.createElement('script');
  script.setAttribute('src', 'https://host.example/widget.js');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  delete (window as { ChatWidget?: Api }).ChatWidget;
  vi.resetModules();
  await import('../src/loader/index');
  return (window as unknown as { ChatWidget: Api }).ChatWidget;
}

afterEach(() => {
  (window as unknown as { ChatWidget?: Api }).ChatWidget?.destroy();
  document.body.replaceChildren();
});

describe('script-tag form', () => {
  it('auto-initialises from data-* attributes, with HOST = the script origin', async () => {
    const ready = vi.fn();
    window.addEventListener('chatwidget:ready', ready, { once: true });
    document.documentElement.lang = 'de';
    const api = await loadWith({ 'data-platform': 'lms', 'data-position': 'left', 'data-launch-token': 'abc' });
    expect(ready).toHaveBeenCalledTimes(1);
    expect(document.querySelector('chat-widget')).not.toBeNull();
    const opened = vi.fn();
    window.addEventListener('chatwidget:open', opened, { once: true });
    api.open();
    expect(opened).toHaveBeenCalledTimes(1);
    document.documentElement.lang = '';
  });

  it('waits for init() when data-platform is absent', async () => {
    const api = await loadWith({});
    expect(document.querySelector('chat-widget')).toBeNull();
    api.init({ platform: 'lms', getLaunchToken: async () => 't' });
    expect(document.querySelector('chat-widget')).not.toBeNull();
    api.destroy();
    expect(document.querySelector('chat-widget')).toBeNull();
  });

  it('reports a bad init as chatwidget:error', async () => {
    const api = await loadWith({});
    const seen = vi.fn();
    window.addEventListener('chatwidget:error', seen, { once: true });
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    api.init({});
    err.mockRestore();
    expect((seen.mock.calls[0]![0] as CustomEvent).detail.code).toBe('init_failed');
  });
});
