import type { ApiMessage } from './conversation';
import { WidgetError, errorFromFetchFailure, errorFromResponse } from './errors';
import { parseSources, type Source } from './sources';
import { SseParser, interpretChatEvent } from './sse';

export interface StreamChatOptions {
  fetch: typeof fetch;
  baseUrl: string;
  accessToken: string;
  messages: ApiMessage[];
  signal: AbortSignal;
  onDelta: (text: string) => void;
  /** The sources the answer cites, when Host sent any (once, with the finish chunk). */
  onSources?: (sources: Source[]) => void;
}

/**
 * Sends the conversation to `POST /v1/chat/completions` with `stream: true` and feeds the answer's
 * text to onDelta as it arrives, and the sources it cites to onSources. Resolves when the stream ends ([DONE] or end of body); rejects with a
 * WidgetError (kind "aborted" when the signal fired).
 */
export async function streamChat(opts: StreamChatOptions): Promise<void> {
  let res: Response;
  try {
    res = await opts.fetch(opts.baseUrl + '/v1/chat/completions', {
      method: 'POST',
      headers: {
        Authorization: 'Bearer ' + opts.accessToken,
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
      },
      body: JSON.stringify({ messages: opts.messages, stream: true }),
      credentials: 'omit',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    throw errorFromFetchFailure(err);
  }
  if (!res.ok) throw await errorFromResponse(res);

  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('text/event-stream')) {
    // A server may answer without streaming: accept a plain chat.completion object.
    const json = (await res.json().catch(() => null)) as { choices?: Array<{ message?: { content?: unknown } }>; sources?: unknown } | null;
    const text = json?.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new WidgetError('stream', 'Unexpected response');
    opts.onDelta(text);
    const sources = parseSources(json?.sources);
    if (sources.length > 0) opts.onSources?.(sources);
    return;
  }
  if (!res.body) throw new WidgetError('stream', 'Empty response');

  let done = false;
  let failure: WidgetError | null = null;
  const parser = new SseParser((event) => {
    if (done || failure) return;
    for (const item of interpretChatEvent(event)) {
      if (item.kind === 'delta') opts.onDelta(item.text);
      else if (item.kind === 'sources') opts.onSources?.(item.sources);
      else if (item.kind === 'done') done = true;
      else if (item.kind === 'error') {
        // OpenAI's shape: `rate_limit_exceeded` is the code, `rate_limit_error` the type (Host sends both).
        const rateLimited = item.code === 'rate_limit_exceeded' || item.type === 'rate_limit_error';
        failure = new WidgetError(rateLimited ? 'rate_limited' : 'stream', item.message);
      }
    }
  });
  const reader = res.body.getReader();
  try {
    while (!done && !failure) {
      const { value, done: end } = await reader.read();
      if (end) break;
      if (value) parser.push(value);
    }
    parser.end();
  } catch (err) {
    throw errorFromFetchFailure(err);
  } finally {
    if (done || failure) reader.cancel().catch(() => undefined);
  }
  if (failure) throw failure;
  // Stopped by the learner: the body may simply end once the request is aborted.
  if (opts.signal.aborted) throw new WidgetError('aborted', 'Stopped');
  // A stream cut by a proxy or a dropped connection ends without [DONE]: the answer is incomplete, say so.
  if (!done) throw new WidgetError('stream', 'The answer was cut off');
}
