import type { ParentBridge } from './bridge';
import { streamChat } from './chat';
import * as C from './conversation';
import { WidgetError } from './errors';
import { h } from './dom';
import { format, isRtl, strings, supportedLocale, type Strings } from './i18n';
import { MarkdownView, renderMarkdown } from './markdown';
import { fetchProfile, type Profile } from './profile';
import { applyAccent, parseHex, readableTextOn } from './theme';
import { TokenClient } from './token';

interface MessageView {
  li: HTMLLIElement;
  body: HTMLDivElement;
  md: MarkdownView | null;
  /** What the action buttons were rendered for: status, and whether "regenerate" applies. */
  actionsKey: string;
  actions: HTMLDivElement;
}

/** What the chat needs from its surroundings: the loader (ParentBridge) in the widget, the team page at /chat. */
export type FrameBridge = Pick<ParentBridge, 'embeddingOrigin' | 'profile' | 'post' | 'requestLaunchToken'>;

export interface ChatAppOptions {
  root: HTMLElement;
  bridge: FrameBridge;
  platform: string;
  /** The locale the page asked for (data-locale / page lang), if we have strings for it. */
  pageLocale: string | null;
  fetch?: typeof fetch;
  baseUrl?: string;
  /** A token client that already holds a session (the team page); by default one fed by the bridge's launch tokens. */
  tokens?: TokenClient;
  /** A full page of its own (/chat): nothing to close, so no close button and Esc does nothing. */
  fullPage?: boolean;
}

export class ChatApp {
  private conv: C.Conversation = C.emptyConversation;
  private t: Strings;
  private locale: string;
  private profile: Profile | null = null;
  private readonly tokens: TokenClient;
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private controller: AbortController | null = null;
  private views = new Map<number, MessageView>();
  private frameScheduled = false;
  private countdown: ReturnType<typeof setInterval> | null = null;
  private fatal = false;

  // DOM
  private titleEl!: HTMLHeadingElement;
  private log!: HTMLElement;
  private intro!: HTMLDivElement;
  private list!: HTMLOListElement;
  private statusEl!: HTMLDivElement;
  private input!: HTMLTextAreaElement;
  private counter!: HTMLSpanElement;
  private sendBtn!: HTMLButtonElement;
  private disclaimer!: HTMLParagraphElement;
  private live!: HTMLDivElement;

  constructor(private readonly opts: ChatAppOptions) {
    this.fetch = opts.fetch ?? window.fetch.bind(window);
    this.baseUrl = opts.baseUrl ?? '';
    this.locale = opts.pageLocale ?? 'en';
    this.t = strings(this.locale);
    this.tokens = opts.tokens ?? new TokenClient({
      fetch: this.fetch,
      baseUrl: this.baseUrl,
      platform: opts.platform,
      origin: () => opts.bridge.embeddingOrigin ?? '',
      profile: () => opts.bridge.profile,
      requestLaunchToken: () => opts.bridge.requestLaunchToken(),
    });
    this.applyLocale();
    this.build();
    document.addEventListener('keydown', this.onKeyDown);
  }

  private readonly onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !this.opts.fullPage) {
      e.preventDefault();
      this.requestClose();
    }
  };

  dispose(): void {
    document.removeEventListener('keydown', this.onKeyDown);
    this.controller?.abort();
    this.tokens.dispose();
    if (this.countdown) clearInterval(this.countdown);
  }

  /** Gets the first launch token, starts the session and loads the profile. */
  async start(): Promise<void> {
    this.setStatus(this.t.connecting, false, 'info');
    try {
      const token = this.tokens.hasToken ? await this.tokens.getAccessToken() : await this.exchangeFirstLaunchToken();
      this.profile = await fetchProfile(this.fetch, this.baseUrl, token);
      this.applyProfile(this.profile);
      this.clearStatus();
      if (this.visible && (this.focusRequested || this.opts.root.ownerDocument.hasFocus())) this.focusInput();
      // The launcher on the page takes the profile's accent too.
      const accent = parseHex(this.profile.accent) ? this.profile.accent.trim() : undefined;
      this.opts.bridge.post(
        accent ? { type: 'chatwidget:session-ready', accent, onAccent: readableTextOn(accent) } : { type: 'chatwidget:session-ready' },
      );
    } catch (err) {
      const e = err instanceof WidgetError ? err : new WidgetError('session_expired', String(err));
      this.showError(e.kind === 'unauthorized' || e.kind === 'bad_request' ? new WidgetError('session_expired', e.message) : e, true);
    }
  }

  /** A launch token is single use, but one refused for a transient reason (429, 503, offline) was not spent. */
  private async exchangeFirstLaunchToken(): Promise<string> {
    const launch = this.unspentLaunchToken ?? (await this.opts.bridge.requestLaunchToken());
    this.unspentLaunchToken = launch;
    try {
      const token = await this.tokens.exchangeLaunchToken(launch);
      this.unspentLaunchToken = null;
      return token;
    } catch (err) {
      const transient = err instanceof WidgetError && ['rate_limited', 'unavailable', 'offline'].includes(err.kind);
      if (!transient) this.unspentLaunchToken = null;
      throw err;
    }
  }

  private visible = false;
  /**
   * The loader opened the panel asking for focus. Remembered because the input is disabled until the session
   * is ready: a keyboard user who opens the panel while the frame is still loading would otherwise end up on
   * the frame's body (the frame document does not have focus then, so hasFocus() cannot tell).
   */
  private focusRequested = false;
  private unspentLaunchToken: string | null = null;

  /** The loader showed or hid the panel. Focus moves to the input when it is shown. */
  setVisible(visible: boolean, focus = true): void {
    this.visible = visible;
    this.focusRequested = visible && focus;
    if (visible && focus) this.focusInput();
  }

  focusInput(): void {
    this.input.focus({ preventScroll: true });
  }

  // ------------------------------------------------------------- layout

  private applyLocale(): void {
    const de = document.documentElement;
    de.lang = this.locale;
    de.dir = isRtl(this.locale) ? 'rtl' : 'ltr';
  }

  private build(): void {
    const t = this.t;
    this.titleEl = h('h1', { class: 'cw-title', id: 'cw-title' }, t.title);
    const header = h(
      'header',
      { class: 'cw-header' },
      this.titleEl,
      h('button', { type: 'button', class: 'cw-icon', 'aria-label': t.newConversation, title: t.newConversation, onclick: () => this.newConversation() }, icon('M12 5v14M5 12h14')),
    );
    if (!this.opts.fullPage) {
      header.append(h('button', { type: 'button', class: 'cw-icon', 'aria-label': t.close, title: t.close, onclick: () => this.requestClose() }, icon('M6 6l12 12M18 6L6 18')));
    }
    this.intro = h('div', { class: 'cw-intro' });
    this.list = h('ol', { class: 'cw-messages', 'aria-label': t.conversation });
    this.log = h('main', { class: 'cw-log', 'aria-labelledby': 'cw-title', tabindex: -1 }, this.intro, this.list);
    this.statusEl = h('div', { class: 'cw-status', hidden: true });
    this.input = h('textarea', {
      id: 'cw-input',
      class: 'cw-input',
      rows: 1,
      placeholder: t.placeholder,
      'aria-describedby': 'cw-counter',
      enterkeyhint: 'send',
      disabled: true,
    });
    this.input.addEventListener('input', () => this.updateCounter());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submit();
      }
    });
    this.counter = h('span', { class: 'cw-counter', id: 'cw-counter' });
    this.sendBtn = h('button', { type: 'submit', class: 'cw-send', disabled: true });
    const form = h(
      'form',
      { class: 'cw-composer', 'aria-label': t.messageLabel, onsubmit: (e: Event) => (e.preventDefault(), this.streaming ? this.stop() : this.submit()) },
      h('label', { class: 'cw-sr', for: 'cw-input' }, t.messageLabel),
      this.input,
      h('div', { class: 'cw-composer-row' }, this.counter, this.sendBtn),
    );
    this.disclaimer = h('p', { class: 'cw-disclaimer', hidden: true });
    this.live = h('div', { class: 'cw-sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
    // Everything below the conversation sits in a footer landmark, so screen-reader users can jump to it.
    const footer = h('footer', { class: 'cw-footer' }, this.statusEl, form, this.disclaimer, this.live);
    const app = h('div', { class: 'cw-app' }, header, this.log, footer);
    this.opts.root.replaceChildren(app);
    this.updateSendButton();

    // Copy buttons inside rendered code blocks (delegated: markdown nodes carry no handlers).
    this.list.addEventListener('click', (e) => {
      const btn = (e.target as Element).closest?.('.cw-code-copy');
      if (btn instanceof HTMLButtonElement) this.copy(btn, btn.parentElement?.querySelector('pre')?.textContent ?? '');
    });
  }

  private applyProfile(p: Profile): void {
    if (!this.opts.pageLocale) {
      const loc = supportedLocale(p.locale);
      if (loc && loc !== this.locale) {
        this.locale = loc;
        this.t = strings(loc);
        this.applyLocale();
        this.build();
      }
    }
    applyAccent(document.documentElement, p.accent);
    const title = p.title || this.t.title;
    this.titleEl.textContent = title;
    document.title = title;
    this.input.maxLength = p.maxMessageChars;
    this.input.disabled = false;
    this.renderIntro();
    if (p.disclaimer) {
      this.disclaimer.textContent = p.disclaimer;
      this.disclaimer.hidden = false;
    }
    this.updateCounter();
  }

  private renderIntro(): void {
    const p = this.profile;
    this.intro.replaceChildren();
    if (!p) return;
    if (p.greeting) {
      const g = h('div', { class: 'cw-greeting' });
      g.append(renderMarkdown(p.greeting, document, { copyLabel: this.t.copy }));
      this.intro.append(g);
    }
    if (p.starters.length > 0) {
      const ul = h('ul', { class: 'cw-starters', 'aria-label': this.t.suggestions });
      for (const s of p.starters) ul.append(h('li', {}, h('button', { type: 'button', class: 'cw-starter', onclick: () => this.send(s) }, s)));
      this.intro.append(ul);
    }
    this.intro.hidden = this.conv.messages.length > 0;
  }

  // ------------------------------------------------------------- actions

  private get streaming(): boolean {
    return this.controller !== null;
  }

  private submit(): void {
    if (this.streaming) return;
    if (this.send(this.input.value)) {
      this.input.value = '';
      this.updateCounter();
    }
  }

  private send(raw: string): boolean {
    const text = raw.trim();
    if (!text || this.streaming || this.fatal || !this.profile) return false;
    if (text.length > this.profile.maxMessageChars) {
      this.showError(new WidgetError('too_large', ''), false);
      return false;
    }
    this.conv = C.appendUser(this.conv, text);
    void this.answer();
    return true;
  }

  private stop(): void {
    this.controller?.abort();
  }

  private regenerate(): void {
    if (this.streaming) return;
    this.conv = C.removeLastAnswer(this.conv);
    void this.answer();
  }

  private retry(): void {
    if (this.streaming) return;
    const last = C.lastMessage(this.conv);
    if (last?.role === 'assistant') this.conv = C.removeLastAnswer(this.conv);
    if (C.awaitsAnswer(this.conv)) void this.answer();
    else this.clearStatus();
  }

  private newConversation(): void {
    this.controller?.abort();
    this.controller = null;
    this.conv = C.reset();
    this.views.clear();
    this.list.replaceChildren();
    if (!this.fatal) this.clearStatus();
    this.intro.hidden = false;
    this.updateSendButton();
    this.input.value = '';
    this.updateCounter();
    this.focusInput();
  }

  private requestClose(): void {
    this.opts.bridge.post({ type: 'chatwidget:close-request' });
  }

  private async answer(): Promise<void> {
    this.clearStatus();
    this.conv = C.startAssistant(this.conv);
    const id = this.conv.nextId - 1;
    const controller = new AbortController();
    this.controller = controller;
    this.sync();
    let received = false;
    try {
      let token = await this.tokens.getAccessToken();
      const run = () =>
        streamChat({
          fetch: this.fetch,
          baseUrl: this.baseUrl,
          accessToken: token,
          messages: C.toApiMessages(this.conv),
          signal: controller.signal,
          onDelta: (d) => {
            received = true;
            this.conv = C.appendDelta(this.conv, id, d);
            this.schedule();
          },
        });
      try {
        await run();
      } catch (err) {
        if (!(err instanceof WidgetError) || err.kind !== 'unauthorized' || received) throw err;
        token = await this.tokens.recoverFromUnauthorized(token);
        await run();
      }
      this.conv = C.finishAssistant(this.conv, id, 'done');
      const msg = this.conv.messages.find((m) => m.id === id);
      this.announce(msg?.content ?? '');
      this.opts.bridge.post({ type: 'chatwidget:answer-finished' });
    } catch (err) {
      const e = err instanceof WidgetError ? err : new WidgetError('stream', String(err));
      if (e.kind === 'aborted') {
        this.conv = C.finishAssistant(this.conv, id, 'stopped');
      } else {
        const msg = this.conv.messages.find((m) => m.id === id);
        this.conv = msg && msg.content ? C.finishAssistant(this.conv, id, 'error') : C.removeLastAnswer(this.conv);
        this.showError(e.kind === 'unauthorized' ? new WidgetError('session_expired', e.message) : e, false);
      }
    } finally {
      if (this.controller === controller) this.controller = null;
      this.sync();
    }
  }

  // ------------------------------------------------------------- rendering

  /** Token deltas are painted at most once per animation frame. */
  private schedule(): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    requestAnimationFrame(() => {
      this.frameScheduled = false;
      this.sync();
    });
  }

  private sync(): void {
    const ids = new Set(this.conv.messages.map((m) => m.id));
    for (const [id, v] of this.views) {
      if (!ids.has(id)) {
        v.li.remove();
        this.views.delete(id);
      }
    }
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
    const lastAssistant = [...this.conv.messages].reverse().find((m) => m.role === 'assistant');
    for (const m of this.conv.messages) {
      let v = this.views.get(m.id);
      if (!v) {
        v = this.createView(m);
        this.views.set(m.id, v);
        this.list.append(v.li);
      }
      if (v.md) v.md.update(m.content);
      const canRegenerate = m === lastAssistant && !this.streaming;
      const key = m.status + (canRegenerate ? '+' : '');
      if (v.actionsKey !== key) {
        v.actionsKey = key;
        v.li.dataset.status = m.status;
        v.li.setAttribute('aria-busy', String(m.status === 'streaming'));
        this.renderActions(v, m, canRegenerate);
      }
    }
    this.intro.hidden = this.conv.messages.length > 0;
    this.updateSendButton();
    if (nearBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  private createView(m: C.Message): MessageView {
    const body = h('div', { class: 'cw-body' });
    let md: MarkdownView | null = null;
    if (m.role === 'assistant') md = new MarkdownView(body, { copyLabel: this.t.copy });
    else body.textContent = m.content;
    const actions = h('div', { class: 'cw-actions' });
    const li = h('li', { class: 'cw-msg cw-' + m.role }, h('span', { class: 'cw-sr' }, (m.role === 'user' ? this.t.you : this.t.assistant) + ': '), body, actions);
    return { li, body, md, actionsKey: '', actions };
  }

  private renderActions(v: MessageView, m: C.Message, isLast: boolean): void {
    v.actions.replaceChildren();
    if (m.role !== 'assistant' || m.status === 'streaming') return;
    if (m.status === 'stopped') v.actions.append(h('span', { class: 'cw-note' }, this.t.stopped));
    if (m.content) {
      const copy = h('button', { type: 'button', class: 'cw-act', 'aria-label': this.t.copy, title: this.t.copy }, icon('M8 8h11v11H8zM5 16V5h11'));
      copy.addEventListener('click', () => this.copy(copy, m.content));
      v.actions.append(copy);
    }
    if (isLast) {
      v.actions.append(
        h('button', { type: 'button', class: 'cw-act', 'aria-label': this.t.regenerate, title: this.t.regenerate, onclick: () => this.regenerate() }, icon('M4 12a8 8 0 0 1 14-5.3M20 4v5h-5M20 12a8 8 0 0 1-14 5.3M4 20v-5h5')),
      );
    }
  }

  private copy(btn: HTMLButtonElement, text: string): void {
    const done = () => {
      const label = btn.getAttribute('aria-label');
      const prevText = btn.firstChild?.nodeType === 3 ? btn.textContent : null;
      btn.setAttribute('aria-label', this.t.copied);
      btn.classList.add('cw-copied');
      if (prevText !== null) btn.textContent = this.t.copied;
      setTimeout(() => {
        if (label) btn.setAttribute('aria-label', label);
        else btn.removeAttribute('aria-label');
        btn.classList.remove('cw-copied');
        if (prevText !== null) btn.textContent = prevText;
      }, 1500);
    };
    navigator.clipboard?.writeText(text).then(done, () => undefined);
  }

  private updateSendButton(): void {
    const s = this.streaming;
    this.sendBtn.replaceChildren(icon(s ? 'M7 7h10v10H7z' : 'M4 12l16-8-6 16-2-6z'));
    this.sendBtn.setAttribute('aria-label', s ? this.t.stop : this.t.send);
    this.sendBtn.title = s ? this.t.stop : this.t.send;
    this.sendBtn.classList.toggle('cw-stop', s);
    this.sendBtn.disabled = this.fatal || !this.profile;
  }

  private updateCounter(): void {
    const max = this.profile?.maxMessageChars ?? 0;
    const left = max - this.input.value.length;
    this.counter.textContent = max ? format(this.t.charsLeft, { n: left }) : '';
    this.counter.classList.toggle('cw-low', max > 0 && left < Math.min(100, max / 10));
  }

  private announce(text: string): void {
    const plain = text.replace(/[`*_#>~]/g, '').replace(/\s+/g, ' ').trim();
    this.live.textContent = '';
    setTimeout(() => (this.live.textContent = format(this.t.answerReady, { text: plain })), 50);
  }

  private clearStatus(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = null;
    this.statusEl.hidden = true;
    this.statusEl.replaceChildren();
    this.statusEl.removeAttribute('role');
  }

  private setStatus(text: string, retry: boolean, kind: 'info' | 'error'): HTMLSpanElement {
    this.clearStatus();
    const span = h('span', {}, text);
    this.statusEl.className = 'cw-status cw-' + kind;
    this.statusEl.append(span);
    if (kind === 'error') this.statusEl.setAttribute('role', 'alert');
    if (retry) this.statusEl.append(h('button', { type: 'button', class: 'cw-retry', onclick: () => this.retry() }, this.t.retry));
    this.statusEl.hidden = false;
    return span;
  }

  private showError(e: WidgetError, atStart: boolean): void {
    const t = this.t;
    const texts: Record<string, string> = {
      session_expired: t.sessionExpired,
      unauthorized: t.sessionExpired,
      unavailable: t.unavailable,
      offline: t.offline,
      forbidden: t.forbidden,
      too_large: t.tooLarge,
      bad_request: t.badRequest,
      stream: t.stream,
    };
    const fatal = e.kind === 'session_expired' || e.kind === 'unauthorized' || e.kind === 'forbidden';
    if (fatal) {
      this.fatal = true;
      this.input.disabled = true;
      this.updateSendButton();
      this.opts.bridge.post({ type: 'chatwidget:error', code: e.kind, message: texts[e.kind]! });
    }
    const canRetry = !fatal && !atStart && e.kind !== 'too_large';
    if (e.kind === 'rate_limited') {
      let left = e.retryAfter || 10;
      const span = this.setStatus(format(t.rateLimited, { s: left }), canRetry, 'error');
      if (atStart) this.statusEl.append(h('button', { type: 'button', class: 'cw-retry', onclick: () => void this.start() }, t.retry));
      this.countdown = setInterval(() => {
        left--;
        if (left <= 0) {
          if (this.countdown) clearInterval(this.countdown);
          this.countdown = null;
        }
        span.textContent = format(t.rateLimited, { s: Math.max(left, 0) });
      }, 1000);
      return;
    }
    if (atStart && !fatal) {
      // The session could not start for a transient reason: offer to try the whole start again.
      this.setStatus(texts[e.kind] ?? t.unavailable, false, 'error');
      this.statusEl.append(h('button', { type: 'button', class: 'cw-retry', onclick: () => void this.start() }, t.retry));
      return;
    }
    this.setStatus(texts[e.kind] ?? t.unavailable, canRetry, 'error');
  }
}

const SVG = 'http://www.w3.org/2000/svg';
function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
