/**
 * The conversation, as plain immutable values. It lives only in the frame's memory: nothing here
 * touches storage, and a reload of the page (or "new conversation") drops it.
 */
import type { Source } from './sources';

export type Role = 'user' | 'assistant';
export type MessageStatus = 'done' | 'streaming' | 'stopped' | 'error';

export interface Message {
  readonly id: number;
  readonly role: Role;
  readonly content: string;
  readonly status: MessageStatus;
  /** The sources an answer cites (never sent back to Host: toApiMessages keeps only role and content). */
  readonly sources?: readonly Source[];
}

export interface Conversation {
  readonly messages: readonly Message[];
  readonly nextId: number;
}

export interface ApiMessage {
  role: Role;
  content: string;
}

export const emptyConversation: Conversation = Object.freeze({ messages: Object.freeze([]) as readonly Message[], nextId: 1 });

export function reset(): Conversation {
  return emptyConversation;
}

function add(c: Conversation, role: Role, content: string, status: MessageStatus): Conversation {
  return { messages: [...c.messages, { id: c.nextId, role, content, status }], nextId: c.nextId + 1 };
}

export function appendUser(c: Conversation, content: string): Conversation {
  return add(c, 'user', content, 'done');
}

/** Adds an empty assistant message in the streaming state; its id is `c.nextId` before the call. */
export function startAssistant(c: Conversation): Conversation {
  return add(c, 'assistant', '', 'streaming');
}

function update(c: Conversation, id: number, f: (m: Message) => Message): Conversation {
  let changed = false;
  const messages = c.messages.map((m) => {
    if (m.id !== id) return m;
    const next = f(m);
    if (next !== m) changed = true;
    return next;
  });
  return changed ? { messages, nextId: c.nextId } : c;
}

export function appendDelta(c: Conversation, id: number, delta: string): Conversation {
  if (!delta) return c;
  return update(c, id, (m) => (m.status === 'streaming' ? { ...m, content: m.content + delta } : m));
}

/** Attaches the sources a streaming answer cites. */
export function attachSources(c: Conversation, id: number, sources: readonly Source[]): Conversation {
  if (sources.length === 0) return c;
  return update(c, id, (m) => (m.status === 'streaming' ? { ...m, sources } : m));
}

export function finishAssistant(c: Conversation, id: number, status: Exclude<MessageStatus, 'streaming'>): Conversation {
  return update(c, id, (m) => ({ ...m, status }));
}

export function lastMessage(c: Conversation): Message | undefined {
  return c.messages[c.messages.length - 1];
}

export function isStreaming(c: Conversation): boolean {
  return lastMessage(c)?.status === 'streaming';
}

/** Drops the last assistant answer (if the last message is one) so that it can be asked for again. */
export function removeLastAnswer(c: Conversation): Conversation {
  const last = lastMessage(c);
  if (!last || last.role !== 'assistant') return c;
  return { messages: c.messages.slice(0, -1), nextId: c.nextId };
}

/** True when the conversation ends with a user message that still needs an answer. */
export function awaitsAnswer(c: Conversation): boolean {
  return lastMessage(c)?.role === 'user';
}

/**
 * The messages to send: every user message and every non-empty answer, except answers that failed.
 * A stopped answer is kept: the user saw it, and the model should see it too.
 */
export function toApiMessages(c: Conversation): ApiMessage[] {
  return c.messages
    .filter((m) => m.role === 'user' || (m.status !== 'error' && m.status !== 'streaming' && m.content.length > 0))
    .map((m) => ({ role: m.role, content: m.content }));
}
