// ChatWidget admin: copy buttons and confirmations (no inline handlers, so the CSP can forbid inline script).
document.addEventListener('click', (event) => {
  const copy = event.target.closest('[data-copy]');
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    navigator.clipboard.writeText(source.value ?? source.textContent).then(() => { copy.textContent = 'Copied'; });
  }
  const confirmable = event.target.closest('[data-confirm]');
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) event.preventDefault();
});

// Embed snippet preview: the profile's accent as custom properties (CSSOM is allowed by the CSP; style attributes are not).
for (const preview of document.querySelectorAll('[data-accent]')) {
  const hex = /^#[0-9a-f]{6}$/i;
  if (hex.test(preview.dataset.accent)) preview.style.setProperty('--wp-accent', preview.dataset.accent);
  if (hex.test(preview.dataset.onAccent)) preview.style.setProperty('--wp-on-accent', preview.dataset.onAccent);
}
