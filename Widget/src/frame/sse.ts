import { parseSources, type Source } from './sources';

/**
 * A streaming parser for `text/event-stream` (the WHATWG "server-sent events" grammar).
 *
 * Bytes may arrive split anywhere: inside a field name, inside "data:", between the CR and the LF
 * of a CRLF, or in the middle of a multi-byte UTF-8 character. The decoder runs in stream mode so a
 * split character is held back until its remaining bytes arrive.
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** The previous chunk ended with CR: a leading LF in the next chunk belongs to that line ending. */
  private pendingCr = false;
  private data: string[] = [];
  private eventType = '';
  private lastId = '';
  private firstChunk = true;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.firstChunk && text.length > 0) {
      this.firstChunk = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.feed(text);
  }

  /** Call when the stream ends: flushes the decoder and the last line; an unterminated event is dropped (per spec). */
  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.feed(rest);
    if (this.buffer.length > 0) {
      this.line(this.buffer);
      this.buffer = '';
    }
    this.pendingCr = false;
    this.data = [];
    this.eventType = '';
  }

  private feed(text: string): void {
    let start = 0;
    if (this.pendingCr && text.charCodeAt(0) === 10) start = 1;
    this.pendingCr = false;
    let buffer = this.buffer;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.line(buffer + text.slice(start, i));
        buffer = '';
        if (c === 13) {
          if (i + 1 === text.length) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    this.buffer = buffer + text.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // comment / keep-alive
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        break; // "retry" and unknown fields are ignored: we never reconnect a chat answer.
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.eventType = '';
      return;
    }
    const event: SseEvent = { event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastId };
    this.data = [];
    this.eventType = '';
    this.onEvent(event);
  }
}

/** What a chat completion stream produced, one item per SSE event. */
export type ChatStreamItem =
  | { kind: 'delta'; text: string }
  | { kind: 'done' }
  | { kind: 'error'; message: string; code: string; type: string }
  | { kind: 'finish'; reason: string }
  | { kind: 'sources'; sources: Source[] };

export interface StreamError {
  message?: unknown;
  code?: unknown;
  type?: unknown;
}

/** Interprets one SSE event of an OpenAI-compatible `chat.completion.chunk` stream. */
export function interpretChatEvent(event: SseEvent): ChatStreamItem[] {
  const data = event.data.trim();
  if (data === '[DONE]') return [{ kind: 'done' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    if (event.event === 'error') return [{ kind: 'error', message: data, code: '', type: 'stream_error' }];
    return []; // a malformed chunk is skipped rather than breaking the whole answer
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const obj = parsed as { error?: StreamError | string; choices?: unknown; sources?: unknown };
  if (obj.error !== undefined || event.event === 'error') {
    const err: StreamError = typeof obj.error === 'object' && obj.error ? obj.error : { message: obj.error };
    return [
      {
        kind: 'error',
        message: typeof err.message === 'string' ? err.message : 'The answer was interrupted.',
        code: typeof err.code === 'string' ? err.code : err.code == null ? '' : String(err.code),
        type: typeof err.type === 'string' ? err.type : 'stream_error',
      },
    ];
  }
  const items: ChatStreamItem[] = [];
  if (Array.isArray(obj.choices)) {
    for (const choice of obj.choices as Array<{ delta?: { content?: unknown }; finish_reason?: unknown }>) {
      const content = choice?.delta?.content;
      if (typeof content === 'string' && content.length > 0) items.push({ kind: 'delta', text: content });
      if (typeof choice?.finish_reason === 'string') items.push({ kind: 'finish', reason: choice.finish_reason });
    }
  }
  // The finish chunk names the sources the answer cited (Host's extension of the chunk format).
  const sources = parseSources(obj.sources);
  if (sources.length > 0) items.push({ kind: 'sources', sources });
  return items;
}
