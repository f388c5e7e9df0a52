import './frame.css';
import { ChatApp } from './app';
import { ParentBridge } from './bridge';
import { strings, supportedLocale } from './i18n';

function boot(): void {
  const params = new URLSearchParams(location.search);
  const root = document.getElementById('chatwidget-root') ?? document.body;
  const pageLocale = supportedLocale(params.get('locale'));
  if (window.parent === window) {
    root.textContent = strings(pageLocale ?? 'en').notEmbedded;
    return;
  }
  let app: ChatApp | null = null;
  const bridge = new ParentBridge(window, {
    onOpened: (focus) => app?.setVisible(true, focus),
    onClosed: () => app?.setVisible(false),
  });
  app = new ChatApp({ root, bridge, platform: params.get('platform') ?? '', pageLocale });
  void app.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
