import { vi } from 'vitest';

/**
 * A learning platform's side of 1EdTech platform storage, for tests: the tool page's window (`win`) framed by the
 * platform's page (`parent`), optionally with a named storage frame. It answers put/get like Moodle or Canvas would,
 * as MessageEvents from the platform's origin on the tool's window.
 */
export const PLATFORM_ORIGIN = 'https://moodle.example.edu';

export interface Posted {
  to: 'parent' | string;
  message: Record<string, unknown>;
  targetOrigin: string;
}

export interface FakePlatformOptions {
  /** Frame names that exist inside the platform's page, besides the page itself. */
  frames?: string[];
  /** How the platform answers; default: a correct answer after a few ms. null: never. */
  answer?: ((message: Record<string, unknown>, store: Map<string, string>) => Record<string, unknown> | null) | null;
  delayMs?: number;
}

export function fakePlatform(opts: FakePlatformOptions = {}) {
  const win = new EventTarget() as unknown as Window & EventTarget;
  const store = new Map<string, string>();
  const posted: Posted[] = [];
  const respond = (message: Record<string, unknown>, targetOrigin: string) => {
    // A browser drops a message whose targetOrigin is not the receiving window's origin.
    if (targetOrigin !== PLATFORM_ORIGIN || opts.answer === null) return;
    const answer = (opts.answer ?? defaultAnswer)(message, store);
    if (answer) setTimeout(() => deliver(answer), opts.delayMs ?? 5);
  };
  const deliver = (data: unknown, origin = PLATFORM_ORIGIN) => win.dispatchEvent(new MessageEvent('message', { data, origin }));
  const frameWindow = (name: string) => ({
    postMessage: vi.fn((message: Record<string, unknown>, targetOrigin: string) => {
      posted.push({ to: name, message, targetOrigin });
      respond(message, targetOrigin);
    }),
  });
  const frames: Record<string, unknown> = {};
  for (const name of opts.frames ?? []) frames[name] = frameWindow(name);
  const parent = { ...frameWindow('parent'), frames };
  Object.defineProperty(win, 'parent', { value: parent });
  return { win, parent, store, posted, deliver };
}

export function defaultAnswer(message: Record<string, unknown>, store: Map<string, string>): Record<string, unknown> {
  const { subject, message_id, key } = message as { subject: string; message_id: string; key: string };
  if (subject === 'lti.put_data') {
    store.set(key, String(message.value));
    return { subject: 'lti.put_data.response', message_id, key, value: message.value };
  }
  if (subject === 'lti.get_data') {
    if (!store.has(key)) return { subject: 'lti.get_data.response', message_id, key, error: { code: 'not_found', message: 'No such key' } };
    return { subject: 'lti.get_data.response', message_id, key, value: store.get(key) };
  }
  return { subject: subject + '.response', message_id, error: { code: 'unsupported_subject', message: 'Unsupported' } };
}
