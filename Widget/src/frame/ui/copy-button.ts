/**
 * Copies `text` to the clipboard; on success the button says "Copied" for 1.5 s (its label, and its text when it
 * shows one, as the code blocks' buttons do), then goes back to what it said.
 */
export function copyWithFeedback(button: HTMLButtonElement, text: string, copiedLabel: string): void {
  const done = () => {
    const label = button.getAttribute('aria-label');
    const shownText = button.firstChild?.nodeType === 3 ? button.textContent : null;
    button.setAttribute('aria-label', copiedLabel);
    button.classList.add('cw-copied');
    if (shownText !== null) button.textContent = copiedLabel;
    setTimeout(() => {
      if (label) button.setAttribute('aria-label', label);
      else button.removeAttribute('aria-label');
      button.classList.remove('cw-copied');
      if (shownText !== null) button.textContent = shownText;
    }, 1500);
  };
  navigator.clipboard?.writeText(text).then(done, () => undefined);
}
