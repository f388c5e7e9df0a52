import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from '../src/frame/markdown';
import { MarkdownView } from '../src/frame/markdown-view';

const ALLOWED = new Set([
  'P', 'EM', 'STRONG', 'DEL', 'CODE', 'PRE', 'A', 'UL', 'OL', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'BLOCKQUOTE', 'HR', 'BR', 'DIV', 'BUTTON', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD',
]);
const ALLOWED_ATTRS = new Set(['href', 'target', 'rel', 'title', 'class', 'type', 'start', 'aria-label']);

function render(src: string): HTMLDivElement {
  const div = document.createElement('div');
  div.append(renderMarkdown(src, document));
  return div;
}

function assertSafe(root: Element, src: string): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    expect(ALLOWED.has(el.tagName), `<${el.tagName}> from ${JSON.stringify(src)}`).toBe(true);
    for (const attr of Array.from(el.attributes)) {
      expect(ALLOWED_ATTRS.has(attr.name), `attribute ${attr.name} from ${JSON.stringify(src)}`).toBe(true);
    }
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      expect(/^(https?:|mailto:)/i.test(href), `href ${href} from ${JSON.stringify(src)}`).toBe(true);
      expect(el.getAttribute('target')).toBe('_blank');
      expect(el.getAttribute('rel')).toBe('noopener noreferrer');
    }
    if (el.tagName === 'BUTTON') expect(el.className).toBe('cw-code-copy');
  }
}

const XSS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<style>body{display:none}</style>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<img src=x onerror=alert(1)>',
  '<div onclick="alert(1)">click</div>',
  '<a href="javascript:alert(1)">x</a>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](java\tscript:alert(1))',
  '[x](java\nscript:alert(1))',
  '[x](\u0001javascript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;avascript&#x3A;alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](vbscript:msgbox(1))',
  '[x](VBScript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](data:image/svg+xml,<svg onload=alert(1)>)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/)',
  '[x](/relative)',
  '[x](javascript\\:alert(1))',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '![img](javascript:alert(1))',
  '![img](https://evil.example/track.png)',
  '![x" onerror="alert(1)](https://example.com/a.png)',
  '[x](https://example.com/" onmouseover="alert(1))',
  '[x](https://example.com "title\\" onmouseover=alert(1)")',
  '*[x](javascript:alert(1))*',
  '**[x](javascript:alert(1))**',
  '`[x](javascript:alert(1))`',
  '```\n<script>alert(1)</script>\n```',
  '```html" onload="alert(1)\n<b>x</b>\n```',
  '> [x](javascript:alert(1))',
  '- [x](javascript:alert(1))',
  '[[x](javascript:alert(1))](https://ok.example)',
  '[a](https://ok.example)[b](javascript:alert(1))',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '<!-- comment --><b>bold</b>',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |',
  '# <img src=x onerror=alert(1)>',
  '[x](javascript:alert(1) "t")',
  'https://ok.example/"><script>alert(1)</script>',
  '[x](mailto:a@b.example?body=<script>)',
  '>'.repeat(500) + ' deep',
  '*'.repeat(2000) + 'a',
  '['.repeat(2000) + 'x',
  '- '.repeat(500) + 'x',
];

describe('renderMarkdown: XSS corpus', () => {
  for (const src of XSS) {
    it('is safe: ' + JSON.stringify(src.slice(0, 60)), () => {
      const root = render(src);
      assertSafe(root, src);
      expect(root.querySelector('script,style,iframe,img,svg,math,object,embed,form,input')).toBeNull();
    });
  }

  it('keeps raw HTML as visible text', () => {
    const root = render('<script>alert(1)</script> and <b>bold</b>');
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.querySelector('b')).toBeNull();
  });

  it('drops dangerous links but keeps their text', () => {
    const root = render('see [the docs](javascript:alert(1)) now');
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toBe('see the docs now');
  });

  it('renders images as links, never as <img>', () => {
    const root = render('![a chart](https://example.com/c.png)');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')?.textContent).toBe('a chart');
  });

  it('does not decode entities into markup', () => {
    const root = render('&lt;b&gt;x&lt;/b&gt;');
    expect(root.querySelector('b')).toBeNull();
  });
});

describe('safeHref', () => {
  it('allows only absolute http, https and mailto', () => {
    expect(safeHref('https://example.com/a?b#c')).toBe('https://example.com/a?b#c');
    expect(safeHref('HTTP://EXAMPLE.com')).toBe('http://example.com/');
    expect(safeHref('mailto:a@example.com')).toBe('mailto:a@example.com');
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:x', 'java\tscript:x', '\u0000javascript:x', 'data:,x', 'vbscript:x', '/x', '//x.example', 'ftp://x.example', 'blob:https://x.example/1'])
      expect(safeHref(bad), bad).toBeNull();
  });
});

describe('renderMarkdown: formatting', () => {
  it('renders the supported elements', () => {
    const root = render(
      [
        '# Title',
        '',
        'Some *em*, **strong**, ***both***, ~~gone~~, `code` and [a link](https://example.com "T").',
        '',
        '> quoted **text**',
        '',
        '- one',
        '- two',
        '  - nested',
        '',
        '3. three',
        '4. four',
        '',
        '```js',
        'const x = 1 < 2;',
        '```',
        '',
        '---',
        '',
        '| a | b |',
        '|:--|--:|',
        '| 1 | 2 |',
      ].join('\n'),
    );
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('p em')?.textContent).toBe('em');
    expect(root.querySelector('p > strong')?.textContent).toBe('strong');
    expect(root.querySelector('em > strong')?.textContent).toBe('both');
    expect(root.querySelector('del')?.textContent).toBe('gone');
    expect(root.querySelector('p code')?.textContent).toBe('code');
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/');
    expect(a.getAttribute('title')).toBe('T');
    expect(root.querySelector('blockquote strong')?.textContent).toBe('text');
    expect(root.querySelectorAll('ul > li')).toHaveLength(3);
    expect(root.querySelector('ul ul li')?.textContent).toBe('nested');
    expect(root.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(root.querySelector('pre code')?.textContent).toBe('const x = 1 < 2;');
    expect(root.querySelector('pre code')?.className).toBe('language-js');
    expect(root.querySelector('.cw-code button')?.textContent).toBe('Copy');
    expect(root.querySelector('hr')).not.toBeNull();
    expect(root.querySelectorAll('td')).toHaveLength(2);
  });

  it('handles underscores inside words and unmatched delimiters', () => {
    expect(render('snake_case_name and __init__ish').querySelector('em')).toBeNull();
    expect(render('a * b').textContent).toBe('a * b');
  });

  it('autolinks bare URLs without trailing punctuation', () => {
    const a = render('See https://example.com/x.').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/x');
  });

  it('renders an unterminated fence while streaming', () => {
    expect(render('```py\nprint(1)').querySelector('pre code')?.textContent).toBe('print(1)');
  });
});

describe('MarkdownView (incremental)', () => {
  const doc = [
    'Intro paragraph.',
    '',
    '```',
    'code',
    '',
    'more code',
    '```',
    '',
    '- a',
    '',
    '- b',
    '',
    'Final **words** here.',
  ].join('\n');

  /** Streams `text` one character at a time: after each, the view shows what a full render of that prefix shows. */
  function expectEveryPrefixRenderedInFull(text: string): void {
    const root = document.createElement('div');
    const view = new MarkdownView(root);
    for (let i = 1; i <= text.length; i++) {
      view.update(text.slice(0, i));
      expect(root.innerHTML, 'prefix ' + i).toBe(render(text.slice(0, i)).innerHTML);
    }
  }

  it('renders the same as a full render for every prefix', () => {
    expectEveryPrefixRenderedInFull(doc);
  });

  it('does not re-render finished blocks', () => {
    const root = document.createElement('div');
    const view = new MarkdownView(root);
    view.update('First.\n\nSecond');
    const first = root.firstChild;
    view.update('First.\n\nSecond and more');
    expect(root.firstChild).toBe(first);
    expect(root.textContent).toBe('First.Second and more');
  });

  it('renders the same as a full render when CRLF line ends are split between updates', () => {
    expectEveryPrefixRenderedInFull('# Title\r\n\r\n1. one\r\n2. two\r\n\r\nText\rmore\r\n\r\n> quote');
  });

  it('leaves finished blocks alone while later ones grow', () => {
    const root = document.createElement('div');
    const view = new MarkdownView(root);
    let text = 'Para one.\n\n```js\nlet a = 1;\n```\n\nPara two';
    view.update(text);
    const finished = Array.from(root.childNodes).slice(0, 2);
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    for (const node of finished) observer.observe(node, { subtree: true, childList: true, characterData: true, attributes: true });
    for (const word of ' grows word by word, to the end.'.split(/(?= )/)) view.update((text += word));
    observer.disconnect();
    expect(changes).toHaveLength(0);
    expect(Array.from(root.childNodes).slice(0, 2)).toEqual(finished);
    expect(root.lastChild?.textContent).toBe('Para two grows word by word, to the end.');
  });

  it('starts over when the text is replaced', () => {
    const root = document.createElement('div');
    const view = new MarkdownView(root);
    view.update('Old.\n\nText');
    view.update('New');
    expect(root.textContent).toBe('New');
  });
});
