import type { ParentBridge } from './bridge';
import { streamChat, type StreamChatOptions } from './chat';
import type { ApiMessage } from './conversation';
import { WidgetError } from './errors';
import { fetchProfile, type Profile } from './profile';
import { TokenClient } from './token';

/** What the chat needs from its surroundings: the loader (ParentBridge) in the widget, the team page at /chat. */
export type FrameBridge = Pick<ParentBridge, 'embeddingOrigin' | 'profile' | 'post' | 'requestLaunchToken'>;

/** What an answer's stream feeds: its text as it arrives, and the sources it cites. */
export type AnswerHandlers = Pick<StreamChatOptions, 'onDelta' | 'onSources'>;

export interface ChatSessionOptions {
  bridge: FrameBridge;
  platform: string;
  fetch: typeof fetch;
  baseUrl: string;
  /** A token client that already holds a session (the team page); by default one fed by the bridge's launch tokens. */
  tokens?: TokenClient;
}

/** The session with Host: the first launch token's exchange, the profile, and the answers' streams. */
export class ChatSession {
  private readonly tokens: TokenClient;
  /** A launch token is single use, but one refused for a transient reason (429, 503, offline) was not spent. */
  private unspentLaunchToken: string | null = null;

  constructor(private readonly opts: ChatSessionOptions) {
    const { bridge } = opts;
    this.tokens = opts.tokens ?? new TokenClient({
      fetch: opts.fetch,
      baseUrl: opts.baseUrl,
      platform: opts.platform,
      origin: () => bridge.embeddingOrigin ?? '',
      profile: () => bridge.profile,
      requestLaunchToken: () => bridge.requestLaunchToken(),
    });
  }

  /** Starts the session (unless the token client already holds one) and loads the profile. */
  async open(): Promise<Profile> {
    const token = this.tokens.hasToken ? await this.tokens.getAccessToken() : await this.exchangeFirstLaunchToken();
    return fetchProfile(this.opts.fetch, this.opts.baseUrl, token);
  }

  /**
   * Streams an answer to `messages` into the handlers (its text, then the sources it cites). A 401 before any text
   * arrived gets one more try with a refreshed access token.
   */
  async stream(messages: ApiMessage[], signal: AbortSignal, handlers: AnswerHandlers): Promise<void> {
    let received = false;
    let token = await this.tokens.getAccessToken();
    const run = () =>
      streamChat({
        fetch: this.opts.fetch,
        baseUrl: this.opts.baseUrl,
        accessToken: token,
        messages,
        signal,
        onDelta: (d) => {
          received = true;
          handlers.onDelta(d);
        },
        onSources: handlers.onSources,
      });
    try {
      await run();
    } catch (err) {
      if (!(err instanceof WidgetError) || err.kind !== 'unauthorized' || received) throw err;
      token = await this.tokens.recoverFromUnauthorized(token);
      await run();
    }
  }

  dispose(): void {
    this.tokens.dispose();
  }

  private async exchangeFirstLaunchToken(): Promise<string> {
    const launch = this.unspentLaunchToken ?? (await this.opts.bridge.requestLaunchToken());
    this.unspentLaunchToken = launch;
    try {
      const token = await this.tokens.exchangeLaunchToken(launch);
      this.unspentLaunchToken = null;
      return token;
    } catch (err) {
      const transient = err instanceof WidgetError && ['rate_limited', 'unavailable', 'offline'].includes(err.kind);
      if (!transient) this.unspentLaunchToken = null;
      throw err;
    }
  }
}
