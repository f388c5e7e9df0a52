/**
 * The tool's side of 1EdTech "LTI Client Side postMessages" platform storage (lti.put_data / lti.get_data).
 *
 * Browsers that block third-party cookies drop Host's login cookie inside the platform's iframe; the platform then
 * keeps the login's binder for us in its own storage, reached by postMessage. The binder proves that the launch
 * arriving at /lti/launch was started by this browser, so answers are trusted only from the platform's origin and
 * only when they carry the message_id of our own request.
 */

export interface PlatformStorageOptions {
  /** This page's window: messages go to its parent (or a sibling frame of it) and answers arrive on it. */
  win: Window;
  /** The login's lti_storage_target: `_parent`, or the name of a frame inside the parent. */
  target: string;
  /** Origin of the platform's authorization URL: the only origin posted to and accepted from. */
  platformOrigin: string;
  /** How long to wait for an answer; the page falls back (login) or gives up (launch) after that. */
  timeoutMs?: number;
}

/** Why platform storage did not answer as hoped: no such window, no answer in time, or an `error` answer. */
export class PlatformStorageError extends Error {
  constructor(readonly reason: 'unavailable' | 'timeout' | 'refused', message: string) {
    super(message);
    this.name = 'PlatformStorageError';
  }
}

interface StorageAnswer {
  subject?: unknown;
  message_id?: unknown;
  value?: unknown;
  error?: unknown;
}

export class PlatformStorage {
  constructor(private readonly opts: PlatformStorageOptions) {}

  /** Stores `value` under `key`; resolves once the platform confirmed it. */
  async put(key: string, value: string): Promise<void> {
    await this.ask('lti.put_data', { key, value });
  }

  /** Reads `key` back; a missing or non-string value counts as a failure (a binder is never empty). */
  async get(key: string): Promise<string> {
    const answer = await this.ask('lti.get_data', { key });
    if (typeof answer.value !== 'string' || !answer.value) throw new PlatformStorageError('refused', 'No value stored under the key');
    return answer.value;
  }

  private ask(subject: string, fields: Record<string, string>): Promise<StorageAnswer> {
    const { win, platformOrigin } = this.opts;
    const target = storageWindow(win, this.opts.target);
    if (!target) return Promise.reject(new PlatformStorageError('unavailable', 'No platform storage window'));
    const messageId = randomId();
    const expected = subject + '.response';
    return new Promise<StorageAnswer>((resolve, reject) => {
      const finish = (settle: () => void) => {
        win.removeEventListener('message', onMessage);
        clearTimeout(timer);
        settle();
      };
      const onMessage = (e: MessageEvent) => {
        // Anyone can post to us; only the platform's own answer to this very request counts.
        if (e.origin !== platformOrigin) return;
        const data = e.data as StorageAnswer | null;
        if (!data || typeof data !== 'object' || data.message_id !== messageId || data.subject !== expected) return;
        if (data.error) finish(() => reject(new PlatformStorageError('refused', describe(data.error))));
        else finish(() => resolve(data));
      };
      const timer = setTimeout(
        () => finish(() => reject(new PlatformStorageError('timeout', 'Platform storage did not answer'))),
        this.opts.timeoutMs ?? 2_000,
      );
      win.addEventListener('message', onMessage);
      try {
        target.postMessage({ subject, message_id: messageId, ...fields }, platformOrigin);
      } catch {
        // An unusable targetOrigin, or a window that went away in the meantime.
        finish(() => reject(new PlatformStorageError('unavailable', 'Could not reach platform storage')));
      }
    });
  }
}

/**
 * `_parent` is the window framing this page; any other name is a frame the platform put inside that window for
 * the purpose. A page that is not framed, or a frame that is not there, means there is no storage to talk to.
 */
export function storageWindow(win: Window, target: string): Window | null {
  const parent = win.parent;
  if (!parent || parent === win) return null;
  if (target === '_parent') return parent;
  try {
    // Named access to a child frame is one of the few things a cross-origin WindowProxy allows.
    const frame = (parent.frames as unknown as Record<string, unknown>)[target];
    // Names like "length" resolve to other properties: only a window will do.
    const usable = !!frame && frame !== win && typeof (frame as Window).postMessage === 'function';
    return usable ? (frame as Window) : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e === 'object' && e ? String(e.message ?? e.code ?? 'error') : String(error);
}

/** message_id only has to be unique among our outstanding requests, but must not be guessable by other frames. */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
