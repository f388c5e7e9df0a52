import { ChatApp, type FrameBridge } from './app';
import type { TokenClient } from './token';

export interface FullPageChatOptions {
  root: HTMLElement;
  /** The page's own origin (Host's): its sessions are bound to it. */
  origin: string;
  platform: string;
  locale: string;
  tokens: TokenClient;
  /** Why no new launch token can be had on this page (the session cannot be relaunched from here). */
  noRelaunch: string;
  /** The session's grant is gone (refresh refused, session revoked): the page shows what to do next. */
  onSessionEnded: () => void;
  fetch?: typeof fetch;
  baseUrl?: string;
}

/**
 * The widget's chat UI as a whole page of Host's (the team chat at /chat, the chat of an LTI launch): no parent page to
 * talk to, a session that cannot be relaunched here, and the message box focused as soon as the session is ready.
 */
export function startFullPageChat(opts: FullPageChatOptions): ChatApp {
  const bridge: FrameBridge = {
    embeddingOrigin: opts.origin,
    profile: '',
    requestLaunchToken: () => Promise.reject(new Error(opts.noRelaunch)),
    post: (message) => {
      // session_expired (refresh refused) or forbidden (session revoked): nothing on this page can revive the session.
      if (message.type === 'chatwidget:error') setTimeout(opts.onSessionEnded, 0);
    },
  };
  const app = new ChatApp({
    root: opts.root,
    bridge,
    platform: opts.platform,
    pageLocale: opts.locale,
    fetch: opts.fetch,
    baseUrl: opts.baseUrl,
    tokens: opts.tokens,
    fullPage: true,
  });
  app.setVisible(true, true);
  void app.start();
  return app;
}
