/**
 * The frame's side of the postMessage protocol with the loader (see README/protocol).
 * Accepts messages only from window.parent; the embedding origin is learned from the first valid
 * launch-token message and from then on is the only origin accepted and the only one posted to.
 */
export interface BridgeHandlers {
  /** focus: false when the page opened the panel itself on load (data-open), so focus stays where it is. */
  onOpened(focus: boolean): void;
  onClosed(): void;
}

export type FrameToLoader =
  | { type: 'chatwidget:need-launch-token' }
  | { type: 'chatwidget:close-request' }
  | { type: 'chatwidget:answer-finished' }
  | { type: 'chatwidget:session-ready'; accent?: string; onAccent?: string }
  | { type: 'chatwidget:error'; code: string; message: string };

interface Waiter {
  resolve(token: string): void;
  reject(err: Error): void;
}

export class ParentBridge {
  private origin: string | null = null;
  private waiters: Waiter[] = [];
  private readonly listener = (e: MessageEvent) => this.receive(e);
  /** The profile the page asked for with the last launch token (may be empty). */
  profile = '';

  constructor(
    private readonly win: Window,
    private readonly handlers: BridgeHandlers,
    private readonly timeoutMs = 30_000,
  ) {
    win.addEventListener('message', this.listener);
  }

  get embeddingOrigin(): string | null {
    return this.origin;
  }

  dispose(): void {
    this.win.removeEventListener('message', this.listener);
  }

  post(message: FrameToLoader): void {
    const parent = this.win.parent;
    if (!parent || parent === this.win) return;
    if (this.origin) {
      parent.postMessage(message, this.origin);
    } else if (message.type === 'chatwidget:need-launch-token') {
      // Before the first launch token we do not know the page's origin. This request carries no data;
      // address it to the best guess we have. Host's frame-ancestors CSP limits who can be the parent.
      parent.postMessage(message, this.guessParentOrigin());
    }
  }

  /** Asks the loader for a launch token and waits for it. */
  requestLaunchToken(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error('No launch token'));
      }, this.timeoutMs);
      const waiter: Waiter = {
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
      this.post({ type: 'chatwidget:need-launch-token' });
    });
  }

  private guessParentOrigin(): string {
    const ancestors = (this.win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
    if (ancestors && ancestors.length > 0 && ancestors[0] && ancestors[0] !== 'null') return ancestors[0];
    try {
      const ref = this.win.document.referrer;
      if (ref) return new URL(ref).origin;
    } catch {
      /* fall through */
    }
    return '*';
  }

  private receive(e: MessageEvent): void {
    if (e.source !== this.win.parent || this.win.parent === this.win) return;
    if (this.origin !== null && e.origin !== this.origin) return;
    const data = e.data as { type?: unknown; token?: unknown; profile?: unknown; code?: unknown; message?: unknown } | null;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    switch (data.type) {
      case 'chatwidget:launch-token': {
        if (typeof data.token !== 'string' || !data.token || !e.origin || e.origin === 'null') return;
        if (this.origin === null) this.origin = e.origin;
        this.profile = typeof data.profile === 'string' ? data.profile : '';
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w.resolve(data.token);
        break;
      }
      case 'chatwidget:launch-token-error': {
        const waiters = this.waiters;
        this.waiters = [];
        const msg = typeof data.message === 'string' ? data.message : 'No launch token';
        for (const w of waiters) w.reject(new Error(msg));
        break;
      }
      case 'chatwidget:opened':
        this.handlers.onOpened((data as { focus?: unknown }).focus !== false);
        break;
      case 'chatwidget:closed':
        this.handlers.onClosed();
        break;
      default:
        break;
    }
  }
}
