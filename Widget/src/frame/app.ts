import * as C from './conversation';
import { WidgetError, errorText } from './errors';
import { h } from './dom';
import { format, isRtl, strings, supportedLocale, type Strings } from './i18n';
import type { Profile } from './profile';
import { ChatSession, type FrameBridge } from './session';
import { applyAccent, parseHex, readableTextOn } from './theme';
import type { TokenClient } from './token';
import { Composer } from './ui/composer';
import { ChatHeader } from './ui/header';
import { MessageList } from './ui/message-list';
import { StatusLine, type StatusAction } from './ui/status-line';

export type { FrameBridge } from './session';

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

/** An error ends the session when no retry could help: it expired, or this page may not use the assistant. */
const FATAL = new Set(['session_expired', 'unauthorized', 'forbidden']);

/**
 * The chat: a header, the message list, the status line and the composer, around one conversation and its session.
 * Token deltas are collected as they arrive and painted at most once per animation frame.
 */
export class ChatApp {
  private conv: C.Conversation = C.emptyConversation;
  private t: Strings;
  private locale: string;
  private profile: Profile | null = null;
  private readonly session: ChatSession;
  private controller: AbortController | null = null;
  /** Text received for the streaming answer since the last frame was painted. */
  private pending = '';
  private frameScheduled = false;
  private fatal = false;
  private visible = false;
  /**
   * The loader opened the panel asking for focus. Remembered because the input is disabled until the session
   * is ready: a keyboard user who opens the panel while the frame is still loading would otherwise end up on
   * the frame's body (the frame document does not have focus then, so hasFocus() cannot tell).
   */
  private focusRequested = false;

  private header!: ChatHeader;
  private messages!: MessageList;
  private status!: StatusLine;
  private composer!: Composer;
  private disclaimer!: HTMLParagraphElement;
  private live!: HTMLDivElement;

  constructor(private readonly opts: ChatAppOptions) {
    const fetchFn = opts.fetch ?? window.fetch.bind(window);
    this.session = new ChatSession({ bridge: opts.bridge, platform: opts.platform, fetch: fetchFn, baseUrl: opts.baseUrl ?? '', tokens: opts.tokens });
    this.locale = opts.pageLocale ?? 'en';
    this.t = strings(this.locale);
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
    this.session.dispose();
    this.status.dispose();
  }

  /** Gets the first launch token, starts the session and loads the profile. */
  async start(): Promise<void> {
    this.status.info(this.t.connecting);
    try {
      this.profile = await this.session.open();
      this.applyProfile(this.profile);
      this.status.clear();
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

  /** The loader showed or hid the panel. Focus moves to the input when it is shown. */
  setVisible(visible: boolean, focus = true): void {
    this.visible = visible;
    this.focusRequested = visible && focus;
    if (visible && focus) this.focusInput();
  }

  focusInput(): void {
    this.composer.focus();
  }

  // ------------------------------------------------------------- layout

  /** Builds the layout in the current locale (again when the profile's locale replaces the default one). */
  private build(): void {
    const t = this.t;
    const de = document.documentElement;
    de.lang = this.locale;
    de.dir = isRtl(this.locale) ? 'rtl' : 'ltr';
    this.header = new ChatHeader(t, { onNewConversation: () => this.newConversation(), onClose: this.opts.fullPage ? null : () => this.requestClose() });
    this.messages = new MessageList(t, { onStarter: (text) => this.send(text), onRegenerate: () => this.regenerate() });
    this.status?.dispose();
    this.status = new StatusLine();
    this.composer = new Composer(t, { onSend: (text) => this.send(text), onStop: () => this.controller?.abort() });
    this.disclaimer = h('p', { class: 'cw-disclaimer', hidden: true });
    this.live = h('div', { class: 'cw-sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
    // Everything below the conversation sits in a footer landmark, so screen-reader users can jump to it.
    const footer = h('footer', { class: 'cw-footer' }, this.status.el, this.composer.el, this.disclaimer, this.live);
    this.opts.root.replaceChildren(h('div', { class: 'cw-app' }, this.header.el, this.messages.el, footer));
  }

  private applyProfile(p: Profile): void {
    const loc = this.opts.pageLocale ? null : supportedLocale(p.locale);
    if (loc && loc !== this.locale) {
      this.locale = loc;
      this.t = strings(loc);
      this.build();
    }
    applyAccent(document.documentElement, p.accent);
    const title = p.title || this.t.title;
    this.header.setTitle(title);
    document.title = title;
    this.composer.enable(p.maxMessageChars);
    this.messages.showIntro(p);
    this.messages.render(this.conv, this.streaming);
    if (p.disclaimer) {
      this.disclaimer.textContent = p.disclaimer;
      this.disclaimer.hidden = false;
    }
  }

  // ------------------------------------------------------------- actions

  private get streaming(): boolean {
    return this.controller !== null;
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

  private regenerate(): void {
    if (this.streaming) return;
    this.conv = C.removeLastAnswer(this.conv);
    void this.answer();
  }

  private retry(): void {
    if (this.streaming) return;
    if (C.lastMessage(this.conv)?.role === 'assistant') this.conv = C.removeLastAnswer(this.conv);
    if (C.awaitsAnswer(this.conv)) void this.answer();
    else this.status.clear();
  }

  private newConversation(): void {
    this.controller?.abort();
    this.controller = null;
    this.pending = '';
    this.conv = C.reset();
    this.messages.clear();
    if (!this.fatal) this.status.clear();
    this.composer.setStreaming(false);
    this.composer.clear();
    this.focusInput();
  }

  private requestClose(): void {
    this.opts.bridge.post({ type: 'chatwidget:close-request' });
  }

  private async answer(): Promise<void> {
    this.status.clear();
    this.conv = C.startAssistant(this.conv);
    const id = this.conv.nextId - 1;
    const controller = new AbortController();
    this.controller = controller;
    this.paint();
    try {
      await this.session.stream(C.toApiMessages(this.conv), controller.signal, {
        onDelta: (d) => {
          if (controller.signal.aborted) return; // stopped, or a new conversation: late text is not this answer's
          this.pending += d;
          this.schedulePaint();
        },
        onSources: (s) => {
          if (!controller.signal.aborted) this.conv = C.attachSources(this.conv, id, s);
        },
      });
      this.takePending(id);
      this.conv = C.finishAssistant(this.conv, id, 'done');
      this.announce(this.conv.messages.find((m) => m.id === id)?.content ?? '');
      this.opts.bridge.post({ type: 'chatwidget:answer-finished' });
    } catch (err) {
      if (this.controller === controller) this.takePending(id);
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
      this.paint();
    }
  }

  // ------------------------------------------------------------- rendering

  /** Moves the text received since the last frame into the answer (one conversation update per frame, not per token). */
  private takePending(id: number): void {
    if (!this.pending) return;
    this.conv = C.appendDelta(this.conv, id, this.pending);
    this.pending = '';
  }

  private schedulePaint(): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    requestAnimationFrame(() => {
      this.frameScheduled = false;
      const last = C.lastMessage(this.conv);
      if (last && this.streaming) this.takePending(last.id);
      this.paint();
    });
  }

  private paint(): void {
    this.messages.render(this.conv, this.streaming);
    this.composer.setStreaming(this.streaming);
  }

  private announce(text: string): void {
    const plain = text.replace(/[`*_#>~]/g, '').replace(/\s+/g, ' ').trim();
    this.live.textContent = '';
    setTimeout(() => (this.live.textContent = format(this.t.answerReady, { text: plain })), 50);
  }

  private showError(e: WidgetError, atStart: boolean): void {
    const t = this.t;
    const fatal = FATAL.has(e.kind);
    const text = errorText(t, e);
    if (fatal) {
      this.fatal = true;
      this.composer.lock();
      this.opts.bridge.post({ type: 'chatwidget:error', code: e.kind, message: text });
    }
    const actions: StatusAction[] = [];
    // A session that could not start for a transient reason: offer to try the whole start again.
    if (atStart && !fatal) actions.push({ label: t.retry, onClick: () => void this.start() });
    else if (!fatal && !atStart && e.kind !== 'too_large') actions.push({ label: t.retry, onClick: () => this.retry() });
    if (e.kind === 'rate_limited') this.status.countdownError(e.retryAfter || 10, (s) => format(t.rateLimited, { s }), actions);
    else this.status.error(text, actions);
  }
}
