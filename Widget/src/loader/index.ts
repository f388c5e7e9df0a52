import { Widget, type InitOptions } from './widget';

/** The public API: window.ChatWidget (contract §1). */
interface ChatWidgetApi {
  init(opts: InitOptions): void;
  open(): void;
  close(): void;
  toggle(): void;
  destroy(): void;
}

const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src, location.href).origin : '';
let widget: Widget | null = null;

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  window.dispatchEvent(new CustomEvent('chatwidget:error', { detail: { code: 'init_failed', message } }));
  console.error(message);
}

const api: ChatWidgetApi = {
  init(opts) {
    if (widget) widget.destroy();
    widget = null;
    try {
      widget = new Widget({ nonce: script?.nonce || undefined, ...opts, host: opts.host || scriptOrigin });
    } catch (err) {
      fail(err);
    }
  },
  open: () => widget?.open(),
  close: () => widget?.close(),
  toggle: () => widget?.toggle(),
  destroy() {
    widget?.destroy();
    widget = null;
  },
};

const w = window as unknown as { ChatWidget?: ChatWidgetApi };
if (!w.ChatWidget) {
  w.ChatWidget = api;
  const d = script?.dataset;
  if (d?.platform) {
    const start = () =>
      api.init({
        platform: d.platform!,
        launchToken: d.launchToken,
        tokenUrl: d.tokenUrl,
        profile: d.profile,
        position: d.position === 'left' ? 'left' : 'right',
        open: d.open === 'true',
        locale: d.locale,
      });
    if (document.body) start();
    else document.addEventListener('DOMContentLoaded', start, { once: true });
  }
  // Without data-platform the page calls ChatWidget.init(...) itself.
}
