import './frame.css';
import { ChatApp } from './app';
import { ParentBridge } from './bridge';
import { strings, supportedLocale } from './i18n';
import { LtiLaunchPage } from './lti-launch';
import { runLtiLogin } from './lti-login';
import { TeamPage } from './team';

function boot(): void {
  const params = new URLSearchParams(location.search);
  const root = document.getElementById('chatwidget-root') ?? document.body;
  const pageLocale = supportedLocale(params.get('locale'));
  const mode = root.dataset.mode;
  if (mode === 'team') {
    // Host's /chat page: a top-level page of its own (frame-ancestors 'none'), not a frame of a partner's page.
    const locale = pageLocale ?? supportedLocale(navigator.language) ?? 'en';
    new TeamPage({ root, locale, origin: location.origin }).showForm();
    return;
  }
  if (mode === 'lti-login' || mode === 'lti-launch') {
    // Host's /lti/login and /lti/launch pages, framed by the learning platform; the launch says the course's language.
    const locale = supportedLocale(root.dataset.locale) ?? supportedLocale(navigator.language) ?? 'en';
    if (mode === 'lti-login') void runLtiLogin(root, { locale });
    else void new LtiLaunchPage({ root, locale, origin: location.origin }).start();
    return;
  }
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
