import type { ChatApp } from './app';
import { startFullPageChat } from './full-page-chat';
import { WidgetError } from './errors';
import { strings, type Strings } from './i18n';
import { PlatformStorage } from './lti-storage';
import { applyPageLocale, showNotice } from './notice';
import { TokenClient } from './token';

export interface LtiLaunchOptions {
  root: HTMLElement;
  locale: string;
  /** Host's origin (location.origin): LTI sessions are bound to it, the page being Host's own /lti/launch answer. */
  origin: string;
  win?: Window;
  fetch?: typeof fetch;
  baseUrl?: string;
  storageTimeoutMs?: number;
}

/** An LTI session has no way back to a launch: a new one takes a new launch from the course. */
const NO_RELAUNCH_REASON = 'An LTI session needs a new launch from the course';

/**
 * Host's answer to a verified LTI launch (data-mode="lti-launch"): redeems the page's one-time launch code for an
 * access token, then runs the widget's chat full-page. When the browser kept no login cookie, the code is redeemable
 * only together with the login's binder, which the login page left in the platform's storage (lti.get_data).
 */
export class LtiLaunchPage {
  private readonly t: Strings;
  private readonly fetch: typeof fetch;
  private readonly d: DOMStringMap;
  /** The binder read back from platform storage; kept for a retry, since reading it again gains nothing. */
  private storageValue: string | undefined;
  private app: ChatApp | null = null;
  private busy = false;

  constructor(private readonly opts: LtiLaunchOptions) {
    this.t = strings(opts.locale);
    this.fetch = opts.fetch ?? window.fetch.bind(window);
    // Host's attributes, read once: the root's children are replaced below, the root itself stays.
    this.d = { ...opts.root.dataset };
  }

  get chat(): ChatApp | null {
    return this.app;
  }

  dispose(): void {
    this.app?.dispose();
    this.app = null;
  }

  async start(): Promise<void> {
    const { t, d } = this;
    applyPageLocale(this.opts.locale, t.title);
    showNotice(this.opts.root, t.connecting, 'info');
    if (!d.platform || !d.launchCode) return this.fail(t.ltiNotVerified);
    if (d.storageTarget || d.platformOrigin || d.stateKey) {
      if (!d.storageTarget || !d.platformOrigin || !d.stateKey) return this.fail(t.ltiNotVerified);
      const storage = new PlatformStorage({
        win: this.opts.win ?? window,
        target: d.storageTarget,
        platformOrigin: d.platformOrigin,
        timeoutMs: this.opts.storageTimeoutMs,
      });
      try {
        this.storageValue = await storage.get(d.stateKey);
      } catch {
        // Without the binder Host refuses the code anyway: do not spend it.
        return this.fail(t.ltiNotVerified);
      }
    }
    await this.redeem(false);
  }

  private async redeem(retried: boolean): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    if (retried) showNotice(this.opts.root, this.t.connecting, 'info');
    const tokens = new TokenClient({
      fetch: this.fetch,
      baseUrl: this.opts.baseUrl ?? '',
      platform: this.d.platform!,
      origin: () => this.opts.origin,
      requestLaunchToken: () => Promise.reject(new Error(NO_RELAUNCH_REASON)),
    });
    try {
      await tokens.redeemLtiLaunch(this.d.launchCode!, this.storageValue);
    } catch (err) {
      tokens.dispose();
      this.busy = false;
      return this.refused(err, retried);
    }
    this.busy = false;
    this.startChat(tokens);
  }

  /** 429, 5xx and a lost connection did not spend the code (it lasts 60 s): offer to try again. Anything else did. */
  private refused(err: unknown, retried: boolean): void {
    const kind = err instanceof WidgetError ? err.kind : 'bad_request';
    if (kind !== 'rate_limited' && kind !== 'unavailable' && kind !== 'offline') return this.fail(this.t.ltiNotVerified);
    const text = kind === 'offline' ? this.t.offline : this.t.ltiRetryLater;
    const button = showNotice(this.opts.root, text, 'error', { label: this.t.retry, onClick: () => void this.redeem(true) });
    // The Retry button the user pressed was replaced: put focus on the new one.
    if (retried) button?.focus();
  }

  private fail(text: string): void {
    showNotice(this.opts.root, text, 'error');
  }

  private startChat(tokens: TokenClient): void {
    // The learner came to chat: the input gets focus as soon as the session is ready.
    this.app = startFullPageChat({
      root: this.opts.root,
      origin: this.opts.origin,
      platform: this.d.platform!,
      locale: this.opts.locale,
      tokens,
      noRelaunch: NO_RELAUNCH_REASON,
      onSessionEnded: () => this.endSession(),
      fetch: this.fetch,
      baseUrl: this.opts.baseUrl,
    });
  }

  private endSession(): void {
    if (!this.app) return;
    this.dispose();
    this.fail(this.t.ltiEnded);
  }
}
