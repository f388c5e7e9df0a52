import type { Strings } from './i18n';

/** Failures the frame knows how to explain to the user; `kind` picks the message and the remedy. */
export type ErrorKind =
  | 'unauthorized'
  | 'session_expired'
  | 'rate_limited'
  | 'unavailable'
  | 'offline'
  | 'forbidden'
  | 'too_large'
  | 'bad_request'
  | 'stream'
  | 'aborted';

export class WidgetError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status = 0,
    /** Seconds to wait, from Retry-After (429). */
    readonly retryAfter = 0,
  ) {
    super(message);
    this.name = 'WidgetError';
  }
}

/** Parses Retry-After (delta-seconds or an HTTP date) into whole seconds, at least 1. */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (!value) return 0;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.max(1, parseInt(v, 10));
  const date = Date.parse(v);
  return Number.isNaN(date) ? 0 : Math.max(1, Math.ceil((date - now) / 1000));
}

/** Maps an HTTP error response to a WidgetError (the body is read for a server-provided message only). */
export async function errorFromResponse(res: Response): Promise<WidgetError> {
  let message = '';
  try {
    const body = (await res.json()) as { error?: { message?: unknown } | string; error_description?: unknown };
    if (typeof body.error === 'object' && body.error && typeof body.error.message === 'string') message = body.error.message;
    else if (typeof body.error_description === 'string') message = body.error_description;
    else if (typeof body.error === 'string') message = body.error;
  } catch {
    /* not JSON: keep the status only */
  }
  const s = res.status;
  const kind: ErrorKind =
    s === 401
      ? 'unauthorized'
      : s === 403
        ? 'forbidden'
        : s === 413
          ? 'too_large'
          : s === 429
            ? 'rate_limited'
            : s === 408 || s >= 500
              ? 'unavailable'
              : 'bad_request';
  return new WidgetError(kind, message || 'HTTP ' + s, s, s === 429 ? parseRetryAfter(res.headers.get('Retry-After')) : 0);
}

/** A fetch that rejected: aborted by us, or the network is gone. */
export function errorFromFetchFailure(err: unknown): WidgetError {
  if (err instanceof WidgetError) return err;
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'AbortError') return new WidgetError('aborted', 'Stopped');
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return new WidgetError(offline ? 'offline' : 'unavailable', offline ? 'Offline' : 'Network error');
}

/** What the learner reads for an error (the countdown of a rate limit is the status line's). */
export function errorText(t: Strings, e: WidgetError): string {
  const texts: Partial<Record<string, string>> = {
    session_expired: t.sessionExpired,
    unauthorized: t.sessionExpired,
    unavailable: t.unavailable,
    offline: t.offline,
    forbidden: t.forbidden,
    too_large: t.tooLarge,
    bad_request: t.badRequest,
    stream: t.stream,
  };
  return texts[e.kind] ?? t.unavailable;
}
