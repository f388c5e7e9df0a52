import type { Conversation } from '../conversation';
import { h } from '../dom';
import type { Strings } from '../i18n';
import { renderMarkdown } from '../markdown';
import type { Profile } from '../profile';
import { copyWithFeedback } from './copy-button';
import { MessageView } from './message-view';

export interface MessageListActions {
  onStarter: (text: string) => void;
  onRegenerate: () => void;
}

/**
 * The conversation log (the `main` landmark, named by the title): the profile's greeting and starters until the
 * first message, then one view per message. It follows the newest text only while the learner is at the bottom.
 */
export class MessageList {
  readonly el: HTMLElement;
  private readonly intro: HTMLDivElement;
  private readonly list: HTMLOListElement;
  private readonly views = new Map<number, MessageView>();

  constructor(
    private readonly t: Strings,
    private readonly actions: MessageListActions,
  ) {
    this.intro = h('div', { class: 'cw-intro' });
    this.list = h('ol', { class: 'cw-messages', 'aria-label': t.conversation });
    this.el = h('main', { class: 'cw-log', 'aria-labelledby': 'cw-title', tabindex: -1 }, this.intro, this.list);
    // Copy buttons inside rendered code blocks (delegated: markdown nodes carry no handlers).
    this.list.addEventListener('click', (e) => {
      const btn = (e.target as Element).closest?.('.cw-code-copy');
      if (btn instanceof HTMLButtonElement) copyWithFeedback(btn, btn.parentElement?.querySelector('pre')?.textContent ?? '', t.copied);
    });
  }

  showIntro(p: Profile): void {
    this.intro.replaceChildren();
    if (p.greeting) this.intro.append(h('div', { class: 'cw-greeting' }, renderMarkdown(p.greeting, document, { copyLabel: this.t.copy })));
    if (p.starters.length > 0) {
      const ul = h('ul', { class: 'cw-starters', 'aria-label': this.t.suggestions });
      for (const s of p.starters) ul.append(h('li', {}, h('button', { type: 'button', class: 'cw-starter', onclick: () => this.actions.onStarter(s) }, s)));
      this.intro.append(ul);
    }
  }

  /** Brings the views in line with the conversation: new ones appended, dropped ones removed, changed ones updated. */
  render(conv: Conversation, streaming: boolean): void {
    const nearBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 48;
    this.dropMissing(conv);
    const lastAssistant = findLast(conv.messages, (m) => m.role === 'assistant');
    for (const m of conv.messages) {
      let v = this.views.get(m.id);
      if (!v) {
        v = new MessageView(m, this.t, this.actions.onRegenerate);
        this.views.set(m.id, v);
        this.list.append(v.li);
      }
      v.update(m, m === lastAssistant && !streaming);
    }
    this.intro.hidden = conv.messages.length > 0;
    if (nearBottom) this.el.scrollTop = this.el.scrollHeight;
  }

  clear(): void {
    this.views.clear();
    this.list.replaceChildren();
    this.intro.hidden = false;
  }

  private dropMissing(conv: Conversation): void {
    if (this.views.size === 0) return;
    const ids = new Set(conv.messages.map((m) => m.id));
    for (const [id, v] of this.views) {
      if (ids.has(id)) continue;
      v.li.remove();
      this.views.delete(id);
    }
  }
}

function findLast<T>(items: readonly T[], f: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (f(items[i]!)) return items[i];
  return undefined;
}
