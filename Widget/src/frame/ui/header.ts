import { ICON_CLOSE, ICON_PLUS, icon } from '../../shared/icon';
import { h } from '../dom';
import type { Strings } from '../i18n';

export interface HeaderActions {
  onNewConversation: () => void;
  /** Null on a full page of its own (/chat): nothing to close there. */
  onClose: (() => void) | null;
}

/** The title (the log's accessible name, `#cw-title`), "new conversation" and, in the widget, "close". */
export class ChatHeader {
  readonly el: HTMLElement;
  private readonly title: HTMLHeadingElement;

  constructor(t: Strings, actions: HeaderActions) {
    this.title = h('h1', { class: 'cw-title', id: 'cw-title' }, t.title);
    this.el = h('header', { class: 'cw-header' }, this.title, iconButton(t.newConversation, ICON_PLUS, actions.onNewConversation));
    if (actions.onClose) this.el.append(iconButton(t.close, ICON_CLOSE, actions.onClose));
  }

  setTitle(text: string): void {
    this.title.textContent = text;
  }
}

function iconButton(label: string, path: string, onClick: () => void): HTMLButtonElement {
  return h('button', { type: 'button', class: 'cw-icon', 'aria-label': label, title: label, onclick: onClick }, icon(path));
}
