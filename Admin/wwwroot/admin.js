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
