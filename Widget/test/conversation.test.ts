import { describe, expect, it } from 'vitest';
import * as C from '../src/frame/conversation';

describe('conversation', () => {
  it('appends user messages and streams an answer', () => {
    let c = C.appendUser(C.reset(), 'Hi');
    c = C.startAssistant(c);
    const id = c.nextId - 1;
    expect(C.isStreaming(c)).toBe(true);
    c = C.appendDelta(c, id, 'Hel');
    c = C.appendDelta(c, id, 'lo');
    expect(C.lastMessage(c)?.content).toBe('Hello');
    expect(C.toApiMessages(c)).toEqual([{ role: 'user', content: 'Hi' }]); // still streaming: not sent back
    c = C.finishAssistant(c, id, 'done');
    expect(C.isStreaming(c)).toBe(false);
    expect(C.toApiMessages(c)).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });

  it('is immutable', () => {
    const a = C.appendUser(C.reset(), 'x');
    const b = C.appendUser(a, 'y');
    expect(a.messages).toHaveLength(1);
    expect(b.messages).toHaveLength(2);
    expect(C.emptyConversation.messages).toHaveLength(0);
  });

  it('ignores deltas for finished or unknown messages', () => {
    let c = C.startAssistant(C.appendUser(C.reset(), 'q'));
    const id = c.nextId - 1;
    c = C.finishAssistant(c, id, 'stopped');
    expect(C.appendDelta(c, id, 'late')).toBe(c);
    expect(C.appendDelta(c, 999, 'x')).toBe(c);
  });

  it('regenerate removes the last answer only', () => {
    let c = C.appendUser(C.reset(), 'q1');
    c = C.finishAssistant(C.startAssistant(c), c.nextId, 'done');
    c = C.appendDelta(c, 2, 'a1');
    c = C.appendUser(c, 'q2');
    c = C.startAssistant(c);
    c = C.appendDelta(c, c.nextId - 1, 'a2');
    c = C.finishAssistant(c, c.nextId - 1, 'done');
    const r = C.removeLastAnswer(c);
    expect(r.messages.map((m) => m.content)).toEqual(['q1', '', 'q2']);
    expect(C.awaitsAnswer(r)).toBe(true);
    expect(C.removeLastAnswer(r)).toBe(r); // last is a user message: nothing to remove
    expect(C.startAssistant(r).nextId).toBeGreaterThan(c.nextId - 1); // ids are never reused
  });

  it('does not send failed answers back to the model', () => {
    let c = C.startAssistant(C.appendUser(C.reset(), 'q'));
    c = C.appendDelta(c, c.nextId - 1, 'half');
    c = C.finishAssistant(c, c.nextId - 1, 'error');
    expect(C.toApiMessages(c)).toEqual([{ role: 'user', content: 'q' }]);
  });

  it('reset forgets everything', () => {
    const c = C.appendUser(C.reset(), 'secret');
    expect(C.reset().messages).toHaveLength(0);
    expect(c.messages).toHaveLength(1);
  });
});
