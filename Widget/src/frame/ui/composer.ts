import { ICON_SEND, ICON_STOP, icon } from '../../shared/icon';
import { h } from '../dom';
import { format, type Strings } from '../i18n';

export interface ComposerActions {
  /** The learner sent the text; true when it was taken (the box is then emptied). */
  onSend: (text: string) => boolean;
  onStop: () => void;
}

/**
 * The message box, its character counter and the send/stop button. Disabled until the session is ready and after a
 * fatal error; while an answer streams, the button stops it (Enter does nothing then).
 */
export class Composer {
  readonly el: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly counter: HTMLSpanElement;
  private readonly button: HTMLButtonElement;
  private maxChars = 0;
  private streaming = false;

  constructor(
    private readonly t: Strings,
    private readonly actions: ComposerActions,
  ) {
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
    this.button = h('button', { type: 'submit', class: 'cw-send', disabled: true });
    const onsubmit = (e: Event) => {
      e.preventDefault();
      if (this.streaming) this.actions.onStop();
      else this.submit();
    };
    this.el = h(
      'form',
      { class: 'cw-composer', 'aria-label': t.messageLabel, onsubmit },
      h('label', { class: 'cw-sr', for: 'cw-input' }, t.messageLabel),
      this.input,
      h('div', { class: 'cw-composer-row' }, this.counter, this.button),
    );
    this.setStreaming(false);
  }

  /** The session is ready: messages up to `maxChars` can be typed and sent. */
  enable(maxChars: number): void {
    this.maxChars = maxChars;
    this.input.maxLength = maxChars;
    this.input.disabled = false;
    this.button.disabled = false;
    this.updateCounter();
  }

  /** A fatal error (the session is gone): nothing can be sent any more. */
  lock(): void {
    this.input.disabled = true;
    this.button.disabled = true;
  }

  /** While an answer streams the button stops it; otherwise it sends. */
  setStreaming(streaming: boolean): void {
    if (streaming === this.streaming && this.button.firstChild) return;
    this.streaming = streaming;
    const label = streaming ? this.t.stop : this.t.send;
    this.button.replaceChildren(icon(streaming ? ICON_STOP : ICON_SEND));
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.button.classList.toggle('cw-stop', streaming);
  }

  clear(): void {
    this.input.value = '';
    this.updateCounter();
  }

  focus(): void {
    this.input.focus({ preventScroll: true });
  }

  private submit(): void {
    if (this.streaming) return;
    if (this.actions.onSend(this.input.value)) this.clear();
  }

  private updateCounter(): void {
    const left = this.maxChars - this.input.value.length;
    this.counter.textContent = this.maxChars ? format(this.t.charsLeft, { n: left }) : '';
    this.counter.classList.toggle('cw-low', this.maxChars > 0 && left < Math.min(100, this.maxChars / 10));
  }
}
