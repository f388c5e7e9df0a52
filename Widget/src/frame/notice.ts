import { h } from './dom';
import { isRtl } from './i18n';

export interface NoticeAction {
  label: string;
  onClick: () => void;
}

/** Sets the page's language and writing direction, for pages that are not (yet) the chat. */
export function applyPageLocale(locale: string, title: string): void {
  const de = document.documentElement;
  de.lang = locale;
  de.dir = isRtl(locale) ? 'rtl' : 'ltr';
  document.title = title;
}

/**
 * A full-page message in place of the chat (the LTI pages while they connect, or when they cannot go on), with an
 * optional button. Progress is a polite status, a failure an alert, so screen readers announce either.
 * Returns the button, if any, so the caller can give it focus.
 */
export function showNotice(root: HTMLElement, text: string, kind: 'info' | 'error', action?: NoticeAction): HTMLButtonElement | null {
  const message = h('p', { class: 'cw-status cw-' + kind, role: kind === 'error' ? 'alert' : 'status' });
  const button = action ? h('button', { type: 'button', class: 'cw-gate-submit', onclick: action.onClick }, action.label) : null;
  const box = h('div', { class: 'cw-notice' }, message);
  if (button) box.append(button);
  root.replaceChildren(h('main', { class: 'cw-gate' }, box));
  // Text set after the region is in the document: live regions announce changes, not their initial content.
  message.textContent = text;
  return button;
}
