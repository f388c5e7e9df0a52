import { h } from '../dom';

export interface StatusAction {
  label: string;
  onClick: () => void;
}

/**
 * The line above the message box: progress ("Connecting…") or an error, announced as an alert, with an optional
 * retry button; a rate-limit error counts its seconds down.
 */
export class StatusLine {
  readonly el: HTMLDivElement;
  private countdown: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.el = h('div', { class: 'cw-status', hidden: true });
  }

  info(text: string): void {
    this.show(text, 'info', []);
  }

  error(text: string, actions: StatusAction[]): void {
    this.show(text, 'error', actions);
  }

  /** An error whose text says how many seconds are left; `text(n)` is shown each second until n reaches 0. */
  countdownError(seconds: number, text: (left: number) => string, actions: StatusAction[]): void {
    const span = this.show(text(seconds), 'error', actions);
    let left = seconds;
    this.countdown = setInterval(() => {
      left--;
      if (left <= 0) this.stopCountdown();
      span.textContent = text(Math.max(left, 0));
    }, 1000);
  }

  clear(): void {
    this.stopCountdown();
    this.el.hidden = true;
    this.el.replaceChildren();
    this.el.removeAttribute('role');
  }

  dispose(): void {
    this.stopCountdown();
  }

  private show(text: string, kind: 'info' | 'error', actions: StatusAction[]): HTMLSpanElement {
    this.clear();
    const span = h('span', {}, text);
    this.el.className = 'cw-status cw-' + kind;
    this.el.append(span);
    if (kind === 'error') this.el.setAttribute('role', 'alert');
    for (const a of actions) this.el.append(h('button', { type: 'button', class: 'cw-retry', onclick: a.onClick }, a.label));
    this.el.hidden = false;
    return span;
  }

  private stopCountdown(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = null;
  }
}
