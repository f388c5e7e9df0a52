import { WidgetError, errorFromFetchFailure, errorFromResponse } from './errors';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const TEAM_PASSWORD_GRANT = 'urn:chatwidget:params:oauth:grant-type:team-password';
export const LTI_LAUNCH_TOKEN_TYPE = 'urn:chatwidget:params:oauth:token-type:lti-launch';

export interface TokenClientOptions {
  fetch: typeof fetch;
  /** Where /api/token lives: '' for the frame's own origin (HOST). */
  baseUrl: string;
  platform: string;
  /** The embedding page's origin, learned from the first launch-token message. */
  origin: () => string;
  /** The profile the page asked for (data-profile); sent only when set. Host checks it against the platform. */
  profile?: () => string;
  /** Asks the loader for a fresh launch token (rejects when the page cannot provide one). */
  requestLaunchToken: () => Promise<string>;
  now?: () => number;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * Holds the access token in a variable of this object and nowhere else, exchanges launch tokens for
 * it, and refreshes it shortly before it expires and when the API says it is no longer valid.
 */
export class TokenClient {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private timer: unknown = null;
  private pending: Promise<string> | null = null;
  private disposed = false;
  private readonly now: () => number;
  private readonly setTimer: (f: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly opts: TokenClientOptions) {
    this.now = opts.now ?? Date.now;
    this.setTimer = opts.setTimer ?? ((f, ms) => setTimeout(f, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get hasToken(): boolean {
    return this.accessToken !== null && this.now() < this.expiresAt;
  }

  /** Launch: trades a platform launch token for an access token. */
  exchangeLaunchToken(launchToken: string): Promise<string> {
    return this.request(launchToken, JWT_TOKEN_TYPE);
  }

  /**
   * LTI: trades the one-time launch code of Host's /lti/launch page for an access token. `storageValue` is the
   * login's binder read back from the platform's storage, sent only when the browser could not keep the cookie.
   */
  redeemLtiLaunch(launchCode: string, storageValue?: string): Promise<string> {
    return this.request(launchCode, LTI_LAUNCH_TOKEN_TYPE, storageValue === undefined ? {} : { lti_storage_value: storageValue });
  }

  /** Team members: trades the team password for an access token bound to Host's own origin. */
  exchangeTeamPassword(password: string): Promise<string> {
    return this.post({ grant_type: TEAM_PASSWORD_GRANT, password, origin: this.opts.origin() });
  }

  /** Refresh: trades the current (unexpired) access token for a new one. */
  refresh(): Promise<string> {
    const current = this.accessToken;
    if (!current || this.now() >= this.expiresAt) return Promise.reject(new WidgetError('unauthorized', 'No valid access token'));
    return this.request(current, ACCESS_TOKEN_TYPE);
  }

  /** A valid access token: the current one, a refreshed one, or one from a fresh launch token. */
  async getAccessToken(): Promise<string> {
    if (this.pending) {
      try {
        return await this.pending;
      } catch {
        /* a failed background refresh: renew below */
      }
    }
    if (this.accessToken && this.now() < this.expiresAt - this.margin()) return this.accessToken;
    return this.renew();
  }

  /** Called after the API answered 401: the token we hold is not good any more. */
  async recoverFromUnauthorized(rejected: string): Promise<string> {
    if (this.pending) return this.pending;
    if (this.accessToken && this.accessToken !== rejected && this.now() < this.expiresAt) return this.accessToken;
    return this.renew();
  }

  dispose(): void {
    this.disposed = true;
    this.accessToken = null;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /** Refresh if possible, else a fresh launch token, else the session is over. */
  private renew(): Promise<string> {
    const run = async (): Promise<string> => {
      try {
        return await this.refresh();
      } catch (err) {
        if (err instanceof WidgetError && (err.kind === 'offline' || err.kind === 'rate_limited')) throw err;
      }
      this.accessToken = null;
      let launchToken: string;
      try {
        launchToken = await this.opts.requestLaunchToken();
      } catch {
        throw new WidgetError('session_expired', 'Session expired');
      }
      try {
        return await this.exchangeLaunchToken(launchToken);
      } catch (err) {
        if (err instanceof WidgetError && (err.kind === 'offline' || err.kind === 'rate_limited' || err.kind === 'unavailable')) throw err;
        throw new WidgetError('session_expired', 'Session expired');
      }
    };
    const p = run().finally(() => {
      if (this.pending === p) this.pending = null;
    });
    this.pending = p;
    return p;
  }

  private lifetimeMs = 900_000;

  private margin(): number {
    return Math.min(60_000, this.lifetimeMs * 0.2);
  }

  private request(subjectToken: string, subjectTokenType: string, extra: Record<string, string> = {}): Promise<string> {
    const fields: Record<string, string> = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: subjectToken,
      subject_token_type: subjectTokenType,
      platform: this.opts.platform,
      origin: this.opts.origin(),
      ...extra,
    };
    const profile = this.opts.profile?.() ?? '';
    if (profile) fields.profile = profile;
    return this.post(fields);
  }

  private async post(fields: Record<string, string>): Promise<string> {
    const body = new URLSearchParams(fields);
    let res: Response;
    try {
      res = await this.opts.fetch(this.opts.baseUrl + '/api/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (err) {
      throw errorFromFetchFailure(err);
    }
    if (!res.ok) throw await errorFromResponse(res);
    const json = (await res.json()) as TokenResponse;
    if (typeof json.access_token !== 'string' || !json.access_token) throw new WidgetError('bad_request', 'No access token');
    const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 900;
    this.accessToken = json.access_token;
    this.expiresAt = this.now() + lifetime * 1000;
    this.lifetimeMs = lifetime * 1000;
    this.schedule(lifetime * 1000);
    return json.access_token;
  }

  /** Refreshes shortly before expiry: a minute before, or at 80% of a short lifetime. */
  private schedule(lifetimeMs: number): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    if (this.disposed) return;
    const delay = Math.max(1_000, lifetimeMs - this.margin());
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (this.pending || this.disposed) return;
      // A failed background refresh is not fatal: the next request renews (or asks for a launch token).
      const p = this.refresh().finally(() => {
        if (this.pending === p) this.pending = null;
      });
      this.pending = p;
      p.catch(() => undefined);
    }, delay);
  }
}
