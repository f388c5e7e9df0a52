import { describe, expect, it } from 'vitest';
import { SseParser, interpretChatEvent, type SseEvent } from '../src/frame/sse';

const enc = new TextEncoder();

function parseChunks(chunks: Uint8Array[]): SseEvent[] {
  const events: SseEvent[] = [];
  const p = new SseParser((e) => events.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return events;
}

function deltas(events: SseEvent[]): string {
  return events
    .flatMap(interpretChatEvent)
    .map((i) => (i.kind === 'delta' ? i.text : i.kind === 'done' ? '|DONE' : i.kind === 'error' ? '|ERR:' + i.message : ''))
    .join('');
}

const chunk = (s: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: s }, finish_reason: null }] })}`;
const SAMPLE = [
  ': keep-alive comment',
  '',
  chunk('Héllo'),
  '',
  chunk(' wörld 👋🏽'),
  '',
  chunk(' — مرحبا 日本'),
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');
const EXPECTED = 'Héllo wörld 👋🏽 — مرحبا 日本|DONE';

describe('SseParser', () => {
  it('parses a whole stream', () => {
    expect(deltas(parseChunks([enc.encode(SAMPLE)]))).toBe(EXPECTED);
  });

  it('gives the same result when split at every byte position (LF)', () => {
    const bytes = enc.encode(SAMPLE);
    for (let i = 0; i <= bytes.length; i++) {
      expect(deltas(parseChunks([bytes.slice(0, i), bytes.slice(i)])), 'split at ' + i).toBe(EXPECTED);
    }
  });

  it('gives the same result when split at every byte position (CRLF) and at every pair of positions (CR)', () => {
    const crlf = enc.encode(SAMPLE.replace(/\n/g, '\r\n'));
    for (let i = 0; i <= crlf.length; i++) {
      expect(deltas(parseChunks([crlf.slice(0, i), crlf.slice(i)])), 'split at ' + i).toBe(EXPECTED);
    }
    const cr = enc.encode(SAMPLE.replace(/\n/g, '\r'));
    for (let i = 0; i <= cr.length; i += 7) {
      for (let j = i; j <= cr.length; j += 5) {
        expect(deltas(parseChunks([cr.slice(0, i), cr.slice(i, j), cr.slice(j)]))).toBe(EXPECTED);
      }
    }
  });

  it('survives one byte at a time', () => {
    const bytes = enc.encode(SAMPLE.replace(/\n/g, '\r\n'));
    expect(deltas(parseChunks(Array.from(bytes, (b) => Uint8Array.of(b))))).toBe(EXPECTED);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const bytes = enc.encode(chunk('👋') + '\n\n');
    const at = bytes.indexOf(0xf0);
    const events = parseChunks([bytes.slice(0, at + 1), bytes.slice(at + 1, at + 3), bytes.slice(at + 3)]);
    expect(deltas(events)).toBe('👋');
  });

  it('joins multi-line data, reads event and id, ignores comments and unknown fields', () => {
    const events = parseChunks([enc.encode(':c\nevent: x\nid: 7\nretry: 10\nfoo: bar\ndata: a\ndata:b\n\n')]);
    expect(events).toEqual([{ event: 'x', data: 'a\nb', id: '7' }]);
  });

  it('drops an unterminated final event and strips a BOM', () => {
    expect(parseChunks([enc.encode('\uFEFFdata: 1\n\ndata: 2')]).map((e) => e.data)).toEqual(['1']);
  });
});

describe('interpretChatEvent', () => {
  it('recognises [DONE]', () => {
    expect(interpretChatEvent({ event: 'message', data: '[DONE]', id: '' })).toEqual([{ kind: 'done' }]);
  });

  it('turns an error payload into an error item', () => {
    const items = interpretChatEvent({
      event: 'message',
      data: JSON.stringify({ error: { message: 'upstream failed', type: 'server_error', code: 'upstream_unavailable' } }),
      id: '',
    });
    expect(items).toEqual([{ kind: 'error', message: 'upstream failed', type: 'server_error', code: 'upstream_unavailable' }]);
  });

  it('treats "event: error" as an error even without JSON', () => {
    expect(interpretChatEvent({ event: 'error', data: 'boom', id: '' })[0]).toMatchObject({ kind: 'error', message: 'boom' });
  });

  it('reports finish reasons, skips role-only and malformed chunks', () => {
    expect(interpretChatEvent({ event: 'message', data: '{"choices":[{"delta":{"role":"assistant"}}]}', id: '' })).toEqual([]);
    expect(interpretChatEvent({ event: 'message', data: '{"choices":[{"delta":{},"finish_reason":"stop"}]}', id: '' })).toEqual([
      { kind: 'finish', reason: 'stop' },
    ]);
    expect(interpretChatEvent({ event: 'message', data: '{not json', id: '' })).toEqual([]);
  });

  it('stops at an error event in a stream', () => {
    const s = chunk('partial') + '\n\ndata: {"error":{"message":"rate limited","type":"rate_limit_exceeded"}}\n\n';
    expect(deltas(parseChunks([enc.encode(s)]))).toBe('partial|ERR:rate limited');
  });
});
