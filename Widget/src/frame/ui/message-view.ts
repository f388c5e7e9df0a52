import { ICON_COPY, ICON_REGENERATE, icon } from '../../shared/icon';
import type { Message } from '../conversation';
import { h } from '../dom';
import type { Strings } from '../i18n';
import { MarkdownView } from '../markdown-view';
import { copyWithFeedback } from './copy-button';
import { sourceList } from './source-list';

/**
 * One message in the list. A learner's message is plain text; an answer is Markdown, rendered as it grows. Once a
 * message is unchanged (the same content and state) an update costs nothing: finished messages do no work per frame.
 */
export class MessageView {
  readonly li: HTMLLIElement;
  private readonly actions: HTMLDivElement;
  private readonly md: MarkdownView | null = null;
  private content: string;
  /** The sources the list was rendered for, and the list. */
  private sources: Message['sources'];
  private sourcesEl: HTMLElement | null = null;
  /** What the actions were rendered for: the status, and whether "regenerate" applies. */
  private actionsKey = '';

  constructor(
    m: Message,
    private readonly t: Strings,
    private readonly onRegenerate: () => void,
  ) {
    const body = h('div', { class: 'cw-body' });
    if (m.role === 'assistant') {
      this.md = new MarkdownView(body, { copyLabel: t.copy });
      this.md.update(m.content);
    } else body.textContent = m.content;
    this.content = m.content;
    this.actions = h('div', { class: 'cw-actions' });
    const who = h('span', { class: 'cw-sr' }, (m.role === 'user' ? t.you : t.assistant) + ': ');
    this.li = h('li', { class: 'cw-msg cw-' + m.role }, who, body, this.actions);
  }

  update(m: Message, canRegenerate: boolean): void {
    if (m.content !== this.content) {
      this.content = m.content;
      this.md?.update(m.content);
    }
    if (m.sources !== this.sources) this.renderSources(m);
    const key = m.status + (canRegenerate ? '+' : '');
    if (key === this.actionsKey) return;
    this.actionsKey = key;
    this.li.dataset.status = m.status;
    this.li.setAttribute('aria-busy', String(m.status === 'streaming'));
    this.renderActions(m, canRegenerate);
  }

  /** Sources arrive once, with the end of the answer: the list goes between the answer and its actions. */
  private renderSources(m: Message): void {
    this.sources = m.sources;
    this.sourcesEl?.remove();
    this.sourcesEl = m.sources?.length ? sourceList(m.sources, this.t, 'cw-sources-' + m.id) : null;
    if (this.sourcesEl) this.actions.before(this.sourcesEl);
  }

  private renderActions(m: Message, canRegenerate: boolean): void {
    this.actions.replaceChildren();
    if (m.role !== 'assistant' || m.status === 'streaming') return;
    const t = this.t;
    if (m.status === 'stopped') this.actions.append(h('span', { class: 'cw-note' }, t.stopped));
    if (m.content) {
      const copy: HTMLButtonElement = h('button', { type: 'button', class: 'cw-act', 'aria-label': t.copy, title: t.copy }, icon(ICON_COPY));
      copy.addEventListener('click', () => copyWithFeedback(copy, m.content, t.copied));
      this.actions.append(copy);
    }
    if (canRegenerate) {
      const attrs = { type: 'button', class: 'cw-act', 'aria-label': t.regenerate, title: t.regenerate, onclick: this.onRegenerate };
      this.actions.append(h('button', attrs, icon(ICON_REGENERATE)));
    }
  }
}
