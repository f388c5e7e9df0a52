import type { ChatApp } from './app';
import { startFullPageChat } from './full-page-chat';
import { h } from './dom';
import { WidgetError } from './errors';
import { format, isRtl, strings, type Strings } from './i18n';
import { TokenClient } from './token';

/** A team session cannot be relaunched without the password: a failed refresh ends it. */
const NO_RELAUNCH_REASON = 'A team session needs the password again';

export interface TeamPageOptions {
  root: HTMLElement;
  locale: string;
  /** Host's origin: team sessions are bound to it (the page is served by Host at /chat). */
  origin: string;
  fetch?: typeof fetch;
  baseUrl?: string;
}

/**
 * The team members' full-page chat (/chat): a password form, then the widget's own chat UI. The access token
 * lives in the TokenClient's memory only; when the session ends (password rotated, team access switched off,
 * refresh refused) the page returns to the form.
 */
export class TeamPage {
  private readonly t: Strings;
  private readonly fetch: typeof fetch;
  private app: ChatApp | null = null;
  private busy = false;

  constructor(private readonly opts: TeamPageOptions) {
    this.t = strings(opts.locale);
    this.fetch = opts.fetch ?? window.fetch.bind(window);
  }

  get chat(): ChatApp | null {
    return this.app;
  }

  dispose(): void {
    this.app?.dispose();
    this.app = null;
  }

  /** The password form, with an error message when there is one to give. */
  showForm(message = ''): void {
    const t = this.t;
    const de = document.documentElement;
    de.lang = this.opts.locale;
    de.dir = isRtl(this.opts.locale) ? 'rtl' : 'ltr';
    document.title = t.teamTitle;

    const error = h('p', { id: 'cw-gate-error', class: 'cw-status cw-error', role: 'alert', hidden: !message }, message);
    const input = h('input', {
      id: 'cw-password',
      class: 'cw-input',
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
      'aria-describedby': 'cw-gate-error',
      'aria-invalid': message ? 'true' : 'false',
    });
    const button = h('button', { type: 'submit', class: 'cw-gate-submit' }, t.teamStart);
    const form = h(
      'form',
      { class: 'cw-gate-form', 'aria-labelledby': 'cw-gate-title', novalidate: true },
      h('h1', { id: 'cw-gate-title', class: 'cw-gate-title' }, t.teamTitle),
      h('label', { for: 'cw-password' }, t.teamPassword),
      input,
      error,
      button,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit(input, error, button);
    });
    this.opts.root.replaceChildren(h('main', { class: 'cw-gate' }, form));
    input.focus();
  }

  private async submit(input: HTMLInputElement, error: HTMLElement, button: HTMLButtonElement): Promise<void> {
    const password = input.value;
    if (this.busy) return;
    if (!password) return this.refuse(input, error, this.t.teamRefused);
    this.busy = true;
    button.disabled = true;
    const tokens = new TokenClient({
      fetch: this.fetch,
      baseUrl: this.opts.baseUrl ?? '',
      platform: 'team',
      origin: () => this.opts.origin,
      // A team session cannot be relaunched without the password: a failed refresh ends it.
      requestLaunchToken: () => Promise.reject(new Error(NO_RELAUNCH_REASON)),
    });
    try {
      await tokens.exchangeTeamPassword(password);
    } catch (err) {
      tokens.dispose();
      this.busy = false;
      button.disabled = false;
      return this.refuse(input, error, this.message(err));
    }
    this.busy = false;
    input.value = '';
    this.startChat(tokens);
  }

  private refuse(input: HTMLInputElement, error: HTMLElement, message: string): void {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    input.select();
  }

  private message(err: unknown): string {
    const e = err instanceof WidgetError ? err : new WidgetError('unavailable', String(err));
    if (e.kind === 'rate_limited') return format(this.t.teamRateLimited, { s: e.retryAfter || 10 });
    if (e.kind === 'offline') return this.t.offline;
    if (e.kind === 'unavailable') return this.t.unavailable;
    // 400 invalid_grant: wrong password or team access off; the server does not say which, nor do we.
    return this.t.teamRefused;
  }

  private startChat(tokens: TokenClient): void {
    this.app = startFullPageChat({
      root: this.opts.root,
      origin: this.opts.origin,
      platform: 'team',
      locale: this.opts.locale,
      tokens,
      noRelaunch: NO_RELAUNCH_REASON,
      // The password was rotated or team access switched off: ask for the current password.
      onSessionEnded: () => this.endSession(),
      fetch: this.fetch,
      baseUrl: this.opts.baseUrl,
    });
  }

  private endSession(): void {
    if (!this.app) return;
    this.dispose();
    this.showForm(this.t.teamChanged);
  }
}
