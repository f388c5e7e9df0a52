import css from './loader.css?inline';
import { ICON_CHAT, ICON_CLOSE, icon } from '../shared/icon';

export type Position = 'left' | 'right';

export interface InitOptions {
  platform: string;
  /** HOST base URL (or origin); defaults to the origin widget.js was loaded from. */
  host?: string;
  profile?: string;
  getLaunchToken?: () => Promise<string>;
  position?: Position;
  locale?: string;
  /** Script-tag form: data-launch-token (single use) and data-token-url (same origin as the page). */
  launchToken?: string;
  tokenUrl?: string;
  open?: boolean;
  /** CSP nonce for the fallback <style> when constructable stylesheets are unavailable. */
  nonce?: string;
}

const STRINGS: Record<string, [open: string, close: string, unread: string, title: string]> = {
  en: ['Open chat', 'Close chat', 'Open chat, new answer', 'Chat'],
  fr: ['Ouvrir la discussion', 'Fermer la discussion', 'Ouvrir la discussion, nouvelle réponse', 'Discussion'],
  de: ['Chat öffnen', 'Chat schließen', 'Chat öffnen, neue Antwort', 'Chat'],
  ar: ['فتح المحادثة', 'إغلاق المحادثة', 'فتح المحادثة، إجابة جديدة', 'المحادثة'],
};

class LaunchTokenError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One embedded widget: the launcher button, the lazily created iframe, and the loader's side of the
 * postMessage protocol. Messages are accepted only from our iframe's window at HOST's origin, and the
 * launch token is posted only to HOST's origin.
 */
export class Widget {
  readonly hostOrigin: string;
  private readonly hostEl: HTMLElement;
  private readonly wrap: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly dot: HTMLSpanElement;
  private iframe: HTMLIFrameElement | null = null;
  private frameAlive = false;
  private isOpen = false;
  private focusOnOpen = true;
  private launchTokenUsed = false;
  private readonly locale: string;
  private readonly t: [string, string, string, string];
  private readonly onMessage = (e: MessageEvent) => this.receive(e);
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.isOpen) {
      e.preventDefault();
      this.close(true);
    }
  };

  constructor(
    private readonly opts: InitOptions,
    private readonly win: Window = window,
  ) {
    if (!opts || typeof opts.platform !== 'string' || !opts.platform) throw new Error('ChatWidget: "platform" is required');
    if (!opts.host) throw new Error('ChatWidget: cannot tell the HOST origin; pass "host"');
    const host = new URL(opts.host, win.location.href);
    if (host.protocol !== 'https:' && host.protocol !== 'http:') throw new Error('ChatWidget: bad host');
    this.hostOrigin = host.origin;
    const doc = win.document;
    this.locale = (opts.locale || doc.documentElement.lang || 'en').trim();
    const lang = this.locale.toLowerCase().split(/[-_]/)[0]!;
    this.t = STRINGS[lang] ?? STRINGS.en!;

    this.hostEl = doc.createElement('chat-widget');
    const shadow = this.hostEl.attachShadow({ mode: 'closed' });
    if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      const style = doc.createElement('style');
      if (opts.nonce) style.nonce = opts.nonce;
      style.textContent = css;
      shadow.append(style);
    }
    this.wrap = doc.createElement('div');
    this.wrap.className = 'cw ' + (opts.position === 'left' ? 'left' : 'right');
    this.panel = doc.createElement('div');
    this.panel.className = 'panel';
    this.panel.id = 'cw-panel';
    this.launcher = doc.createElement('button');
    this.launcher.type = 'button';
    this.launcher.className = 'launcher';
    this.launcher.setAttribute('aria-controls', 'cw-panel');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.t[0]);
    this.dot = doc.createElement('span');
    this.dot.className = 'dot';
    this.dot.hidden = true;
    this.launcher.append(
      icon(ICON_CHAT, 'i-chat'),
      icon(ICON_CLOSE, 'i-close'),
      this.dot,
    );
    this.launcher.addEventListener('click', () => this.toggle());
    const prefetch = () => this.ensureFrame();
    this.launcher.addEventListener('pointerenter', prefetch, { once: true });
    this.launcher.addEventListener('focus', prefetch, { once: true });
    this.wrap.addEventListener('keydown', this.onKey);
    this.wrap.append(this.panel, this.launcher);
    shadow.append(this.wrap);
    (doc.body ?? doc.documentElement).append(this.hostEl);
    win.addEventListener('message', this.onMessage);
    this.emit('chatwidget:ready', { platform: opts.platform });
    if (opts.open) this.open(false);
  }

  get opened(): boolean {
    return this.isOpen;
  }

  /** The launcher button (for tests and diagnostics; the shadow root itself is closed). */
  get launcherButton(): HTMLButtonElement {
    return this.launcher;
  }

  /** The iframe, once created (for tests and diagnostics). */
  get frame(): HTMLIFrameElement | null {
    return this.iframe;
  }

  /** Opens the panel; focus moves into it unless `focus` is false (data-open on page load). */
  open(focus = true): void {
    this.ensureFrame();
    if (this.isOpen) return;
    this.isOpen = true;
    this.focusOnOpen = focus;
    this.wrap.classList.add('open');
    this.dot.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.t[1]);
    if (focus) this.iframe?.focus();
    if (this.frameAlive) this.post({ type: 'chatwidget:opened', focus });
    this.emit('chatwidget:open', {});
  }

  close(returnFocus = false): void {
    if (!this.isOpen) return;
    const focusInside = returnFocus || this.win.document.activeElement === this.hostEl;
    this.isOpen = false;
    this.wrap.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.t[0]);
    if (this.frameAlive) this.post({ type: 'chatwidget:closed' });
    if (focusInside) this.launcher.focus();
    this.emit('chatwidget:close', {});
  }

  toggle(): void {
    if (this.isOpen) this.close(true);
    else this.open();
  }

  destroy(): void {
    this.win.removeEventListener('message', this.onMessage);
    this.hostEl.remove();
    this.iframe = null;
    this.isOpen = false;
  }

  private ensureFrame(): void {
    if (this.iframe) return;
    const f = this.win.document.createElement('iframe');
    const src = new URL('/widget/frame', this.hostOrigin);
    src.searchParams.set('platform', this.opts.platform);
    if (this.locale) src.searchParams.set('locale', this.locale);
    f.src = src.href;
    f.title = this.t[3];
    f.setAttribute('allow', 'clipboard-write');
    f.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
    f.referrerPolicy = 'origin';
    this.iframe = f;
    this.panel.append(f);
  }

  private post(message: Record<string, unknown>): void {
    this.iframe?.contentWindow?.postMessage(message, this.hostOrigin);
  }

  private emit(type: string, detail: Record<string, unknown>): void {
    this.win.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private receive(e: MessageEvent): void {
    if (!this.iframe || e.source !== this.iframe.contentWindow || e.origin !== this.hostOrigin) return;
    const data = e.data as { type?: unknown; code?: unknown; message?: unknown } | null;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (!this.frameAlive) {
      this.frameAlive = true;
      if (this.isOpen) this.post({ type: 'chatwidget:opened', focus: this.focusOnOpen });
    }
    switch (data.type) {
      case 'chatwidget:need-launch-token':
        void this.deliverLaunchToken();
        break;
      case 'chatwidget:session-ready': {
        // Colours only as #rgb/#rrggbb, set through the CSSOM (no style attribute, so no CSP issue).
        const { accent, onAccent } = data as { accent?: unknown; onAccent?: unknown };
        const hex = /^#([0-9a-f]{3}){1,2}$/i;
        if (typeof accent === 'string' && typeof onAccent === 'string' && hex.test(accent) && hex.test(onAccent)) {
          this.wrap.style.setProperty('--cw-accent', accent);
          this.wrap.style.setProperty('--cw-on-accent', onAccent);
        }
        break;
      }
      case 'chatwidget:close-request':
        this.close(true);
        break;
      case 'chatwidget:answer-finished':
        if (!this.isOpen) {
          this.dot.hidden = false;
          this.launcher.setAttribute('aria-label', this.t[2]);
        }
        break;
      case 'chatwidget:error':
        this.emit('chatwidget:error', {
          code: typeof data.code === 'string' ? data.code : 'error',
          message: typeof data.message === 'string' ? data.message : '',
        });
        break;
      default:
        break;
    }
  }

  private async deliverLaunchToken(): Promise<void> {
    try {
      const token = await this.obtainLaunchToken();
      this.post({ type: 'chatwidget:launch-token', token, profile: this.opts.profile ?? null });
    } catch (err) {
      const code = err instanceof LaunchTokenError ? err.code : 'launch_token_unavailable';
      const message = err instanceof Error ? err.message : 'Could not get a launch token';
      this.post({ type: 'chatwidget:launch-token-error', code, message });
      this.emit('chatwidget:error', { code, message });
    }
  }

  private async obtainLaunchToken(): Promise<string> {
    const { launchToken, tokenUrl, getLaunchToken } = this.opts;
    if (launchToken && !this.launchTokenUsed) {
      this.launchTokenUsed = true;
      return launchToken;
    }
    let token: unknown;
    if (getLaunchToken) {
      token = await getLaunchToken();
    } else if (tokenUrl) {
      const url = new URL(tokenUrl, this.win.location.href);
      if (url.origin !== this.win.location.origin) {
        throw new LaunchTokenError('token_url_cross_origin', 'data-token-url must be on the same origin as the page');
      }
      const res = await this.win.fetch(url.href, {
        credentials: 'include',
        cache: 'no-store',
        headers: { Accept: 'application/json, text/plain' },
      });
      if (!res.ok) throw new LaunchTokenError('token_url_failed', 'data-token-url answered HTTP ' + res.status);
      const type = res.headers.get('Content-Type') ?? '';
      token = type.includes('json') ? ((await res.json()) as { token?: unknown })?.token : (await res.text()).trim();
    } else {
      throw new LaunchTokenError(
        'launch_token_used',
        'The launch token was already used. Reload the page, or provide data-token-url or getLaunchToken() so the widget can get a fresh one.',
      );
    }
    if (typeof token !== 'string' || !token) throw new LaunchTokenError('launch_token_invalid', 'No launch token was returned');
    return token;
  }
}
