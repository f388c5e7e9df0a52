import { describe, expect, it } from 'vitest';
import { streamChat } from '../src/frame/chat';
import { WidgetError } from '../src/frame/errors';

function sse(...events: string[]): Response {
  return new Response(events.map((e) => `data: ${e}\n\n`).join(''), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

async function run(response: Response): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    await streamChat({
      fetch: async () => response,
      baseUrl: '',
      accessToken: 'token',
      messages: [{ role: 'user', content: 'Hi' }],
      signal: new AbortController().signal,
      onDelta: (delta) => (text += delta),
    });
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

const chunk = (content: string) => JSON.stringify({ choices: [{ delta: { content } }] });

describe('streamChat errors inside the stream', () => {
  it('a rate-limit error after the first words is a rate_limited error, with the words kept', async () => {
    const { text, error } = await run(
      sse(chunk('Half an '), JSON.stringify({ error: { message: 'Too many requests.', type: 'rate_limit_error', code: 'rate_limit_exceeded' } })),
    );

    expect(text).toBe('Half an ');
    expect(error).toBeInstanceOf(WidgetError);
    expect((error as WidgetError).kind).toBe('rate_limited');
    expect((error as WidgetError).message).toBe('Too many requests.');
  });

  it('any other error inside the stream is a stream error', async () => {
    const { error } = await run(sse(chunk('Hi'), JSON.stringify({ error: { message: 'Upstream broke.', type: 'server_error', code: 'upstream_error' } })));

    expect((error as WidgetError).kind).toBe('stream');
  });

  it('a stream that ends with [DONE] resolves with the whole answer', async () => {
    const { text, error } = await run(sse(chunk('Hello'), chunk(' there'), '[DONE]'));

    expect(error).toBeNull();
    expect(text).toBe('Hello there');
  });
});
