import { strings } from './i18n';
import { PlatformStorage } from './lti-storage';
import { applyPageLocale, showNotice } from './notice';

export interface LtiLoginOptions {
  locale: string;
  win?: Window;
  /** Leaves for the platform's authorization URL; replace() so Back does not return to this one-off page. */
  navigate?: (url: string) => void;
  timeoutMs?: number;
}

/**
 * Host's /lti/login page when the platform offered storage (data-mode="lti-login"): hands the login's binder to the
 * platform with lti.put_data, then continues to the platform's authorization URL. It continues whatever storage
 * answers (or if it does not): the cookie Host set with this page may still carry the binder.
 */
export async function runLtiLogin(root: HTMLElement, opts: LtiLoginOptions): Promise<void> {
  const t = strings(opts.locale);
  const win = opts.win ?? window;
  const d = { ...root.dataset };
  applyPageLocale(opts.locale, t.title);
  const redirect = httpUrl(d.redirect);
  if (!redirect) {
    // Never navigate to javascript:, data: or a relative URL, whatever ended up in the attribute.
    showNotice(root, t.ltiNotVerified, 'error');
    return;
  }
  showNotice(root, t.connecting, 'info');
  if (d.storageTarget && d.platformOrigin && d.stateKey && d.stateValue) {
    const storage = new PlatformStorage({ win, target: d.storageTarget, platformOrigin: d.platformOrigin, timeoutMs: opts.timeoutMs });
    try {
      await storage.put(d.stateKey, d.stateValue);
    } catch {
      /* no storage after all: the cookie is the only binder left, and Host decides at /lti/launch */
    }
  }
  (opts.navigate ?? ((url) => win.location.replace(url)))(redirect);
}

/** The URL, normalised, if it is an absolute http(s) URL; else null. */
export function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
