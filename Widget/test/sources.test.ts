import { describe, expect, it } from 'vitest';
import { streamChat } from '../src/frame/chat';
import * as C from '../src/frame/conversation';
import { strings } from '../src/frame/i18n';
import { parseSources } from '../src/frame/sources';
import { interpretChatEvent } from '../src/frame/sse';
import { sourceList } from '../src/frame/ui/source-list';
import { delta, json, profile, q, root, setup, sse, token, type, useAppHarness } from './app-harness';

useAppHarness();

const SYLLABUS = { index: 1, id: 'doc-12', title: 'Syllabus', url: 'https://lms.example.edu/cs101/syllabus' };
const HOURS = { index: 3, id: 'doc-14', title: 'Office hours' };
const finish = (sources: unknown) => `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }], sources })}\n\n`;
const t = strings('en');

describe('sources on the wire', () => {
  it('the finish chunk yields its sources after the finish reason', () => {
    const items = interpretChatEvent({ event: 'message', id: '', data: finish([SYLLABUS, HOURS]).slice(6).trim() });

    expect(items).toEqual([{ kind: 'finish', reason: 'stop' }, { kind: 'sources', sources: [SYLLABUS, HOURS] }]);
  });

  it('malformed entries are dropped, and a chunk without sources yields none', () => {
    expect(parseSources([{ index: 0, title: 'x' }, { index: 2 }, { index: 1.5, title: 'y' }, null, 'z', { index: 2, title: ' ', id: 'a' }])).toEqual([]);
    expect(parseSources({ index: 1, title: 'Syllabus' })).toEqual([]);
    expect(parseSources([{ index: 2, title: ' Notes ', url: 7 }])).toEqual([{ index: 2, id: '', title: 'Notes' }]);
    const items = interpretChatEvent({ event: 'message', id: '', data: JSON.stringify({ choices: [{ delta: { content: 'Hi' } }] }) });
    expect(items).toEqual([{ kind: 'delta', text: 'Hi' }]);
  });

  async function sourcesOf(response: Response) {
    const got: unknown[] = [];
    await streamChat({
      fetch: async () => response,
      baseUrl: '',
      accessToken: 'token',
      messages: [{ role: 'user', content: 'When are office hours?' }],
      signal: new AbortController().signal,
      onDelta: () => undefined,
      onSources: (s) => got.push(s),
    });
    return got;
  }

  it('a streamed answer hands its sources over once', async () => {
    const response = sse([delta('Tuesdays [3].'), finish([HOURS]), 'data: [DONE]\n\n']);

    expect(await sourcesOf(response)).toEqual([[HOURS]]);
  });

  it('a non-streamed chat.completion hands over its top-level sources', async () => {
    const response = json(200, { object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'See [1].' } }], sources: [SYLLABUS] });

    expect(await sourcesOf(response)).toEqual([[SYLLABUS]]);
  });
});

describe('sources in the conversation', () => {
  it('are kept with the answer and never sent back to Host', () => {
    let c = C.startAssistant(C.appendUser(C.reset(), 'When?'));
    const id = c.nextId - 1;
    c = C.appendDelta(c, id, 'Tuesdays [3].');
    c = C.finishAssistant(C.attachSources(c, id, [HOURS]), id, 'done');

    expect(C.lastMessage(c)?.sources).toEqual([HOURS]);
    expect(C.toApiMessages(c)).toEqual([{ role: 'user', content: 'When?' }, { role: 'assistant', content: 'Tuesdays [3].' }]);
    expect(C.attachSources(c, id, [SYLLABUS])).toBe(c); // a finished answer keeps the sources it had
  });
});

describe('the Sources list', () => {
  it('is a list labelled "Sources" with "[n] Title" items, a link only for web URLs, opening in a new tab', () => {
    const el = sourceList([SYLLABUS, HOURS], t, 'cw-sources-2');
    const list = el.querySelector('ol')!;

    expect(list.getAttribute('aria-labelledby')).toBe('cw-sources-2');
    expect(el.querySelector('#cw-sources-2')!.textContent).toBe('Sources');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['[1] Syllabus (opens in a new tab)', '[3] Office hours']);
    const a = list.querySelector('a')!;
    expect(a.getAttribute('href')).toBe(SYLLABUS.url);
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(list.querySelectorAll('a')).toHaveLength(1);
  });

  it('renders javascript:, data: and relative URLs as plain text', () => {
    const el = sourceList(
      [
        { index: 1, id: 'doc-1', title: 'Evil', url: 'javascript:alert(1)' },
        { index: 2, id: 'doc-2', title: 'Blob', url: 'data:text/html,<script>alert(1)</script>' },
        { index: 3, id: 'doc-3', title: 'Rel', url: '/syllabus' },
        { index: 4, id: 'doc-4', title: 'Case', url: ' JaVaScRiPt:alert(1)' },
      ],
      t,
      'l',
    );

    expect(el.querySelectorAll('a')).toHaveLength(0);
    expect([...el.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['[1] Evil', '[2] Blob', '[3] Rel', '[4] Case']);
  });

  it('shows a title with markup as text, never as elements', () => {
    const title = '<img src=x onerror=alert(1)><b>Bold</b>';
    const el = sourceList([{ index: 1, id: 'doc-1', title, url: 'https://lms.example.edu/x' }], t, 'l');

    expect(el.querySelector('img, b')).toBeNull();
    expect(el.querySelector('a')!.firstChild!.textContent).toBe(title);
  });

  it('has its words in every locale', () => {
    for (const locale of ['en', 'fr', 'de', 'ar']) {
      const s = strings(locale);
      expect(s.sources, locale).not.toBe('');
      expect(s.newTab, locale).not.toBe('');
    }
    expect(strings('de').sources).toBe('Quellen');
  });
});

describe('sources in the chat', () => {
  it('appear under the answer they belong to, leave the earlier answer untouched, and go with a new conversation', async () => {
    const { app } = setup([
      token('at-1'),
      profile(),
      sse([delta('First.'), 'data: [DONE]\n\n']),
      sse([delta('Tuesdays '), delta('2-4pm [3].'), finish([HOURS]), 'data: [DONE]\n\n']),
    ]);
    await app.start();
    await type('Hi');
    expect(q('.cw-sources')).toBeNull(); // nothing cited: no list
    const first = q('.cw-assistant .cw-body');
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(first, { subtree: true, childList: true, characterData: true });
    await type('When are office hours?');
    observer.disconnect();

    const answers = root.querySelectorAll('.cw-assistant');
    expect(changes).toHaveLength(0);
    expect(answers[1]!.querySelector('.cw-body')!.textContent).toBe('Tuesdays 2-4pm [3].');
    expect(answers[1]!.querySelector('.cw-sources li')!.textContent).toBe('[3] Office hours');
    expect(answers[1]!.querySelector('.cw-sources')!.nextElementSibling!.className).toBe('cw-actions');
    root.querySelector<HTMLButtonElement>('.cw-header button[aria-label="New conversation"]')!.click();
    expect(root.querySelector('.cw-sources')).toBeNull();
  });
});
