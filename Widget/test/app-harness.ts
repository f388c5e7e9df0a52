/** The ChatApp test harness: canned Host responses, a fake loader bridge, and helpers to type and query. */
import { afterEach, beforeEach, vi } from 'vitest';
import { ChatApp } from '../src/frame/app';
import type { ParentBridge } from '../src/frame/bridge';

const enc = new TextEncoder();

export function sse(parts: string[], status = 200): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
  return new Response(stream, { status, headers: { 'Content-Type': 'text/event-stream' } });
}
export const delta = (s: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: s } }] })}\n\n`;
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
export const token = (t: string) => json(200, { access_token: t, token_type: 'Bearer', expires_in: 900 });
export const profile = () => json(200, {
  title: 'Course assistant',
  greeting: 'Hi! **How** can I help?',
  starters: ['What is due?'],
  theme: { accent: '#ffcc00' },
  locale: 'en',
  disclaimer: 'AI can make mistakes.',
  limits: { maxMessageChars: 50 },
});

function fakeBridge(tokens: string[]) {
  const posted: unknown[] = [];
  const bridge = {
    embeddingOrigin: 'https://lms.example.edu',
    profile: '',
    post: (m: unknown) => posted.push(m),
    requestLaunchToken: vi.fn(async () => {
      const t = tokens.shift();
      if (!t) throw new Error('no token');
      return t;
    }),
  };
  return { bridge: bridge as unknown as ParentBridge, posted, raw: bridge };
}

export const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
};

/** The element the app under test renders into (a fresh one per test). */
export let root: HTMLElement;
const apps: ChatApp[] = [];

/** Call once per test file: a fresh root before each test, every app disposed after it. */
export function useAppHarness(): void {
  afterEach(() => {
    for (const a of apps.splice(0)) a.dispose();
  });
  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement('div');
    document.body.append(root);
  });
}

export function setup(responses: Response[], launchTokens = ['launch-1'], pageLocale: string | null = 'en') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const r = responses.shift();
    if (!r) throw new TypeError('Failed to fetch');
    return r;
  });
  const { bridge, posted } = fakeBridge(launchTokens);
  const app = new ChatApp({ root, bridge, platform: 'lms', pageLocale, fetch: fetchMock as unknown as typeof fetch });
  apps.push(app);
  return { app, calls, posted };
}

export const q = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as T;

export async function type(text: string) {
  const input = q<HTMLTextAreaElement>('textarea');
  input.value = text;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await settle();
}

