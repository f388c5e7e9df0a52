/**
 * The sources an answer cites: Host puts them on the stream's finish chunk (or on a non-streamed completion) as a
 * top-level `sources` array that OpenAI clients ignore. Kept with the message in memory only.
 */
export interface Source {
  readonly index: number;
  readonly id: string;
  readonly title: string;
  readonly url?: string;
}

/** The well-formed entries of a `sources` field (anything else is dropped, never trusted), in the order given. */
export function parseSources(value: unknown): Source[] {
  if (!Array.isArray(value)) return [];
  const sources: Source[] = [];
  for (const item of value as Array<Record<string, unknown> | null>) {
    const { index, id, title, url } = item ?? {};
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || typeof title !== 'string' || !title.trim()) continue;
    const source: Source = { index, id: typeof id === 'string' ? id : '', title: title.trim() };
    sources.push(typeof url === 'string' && url ? { ...source, url } : source);
  }
  return sources;
}
