/**
 * A small, safe Markdown renderer for model output.
 *
 * Model text is never given to innerHTML: every element is created with createElement, every piece
 * of text is a text node, and the only attribute that carries model-controlled data is a link's href,
 * which must parse as an absolute http:, https: or mailto: URL. Raw HTML in the source is shown as
 * text. Images are rendered as links (never loaded), so the answer cannot make the browser fetch anything.
 */

export interface MarkdownOptions {
  /** Accessible label and text of the copy button on code blocks. */
  copyLabel?: string;
}

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_DEPTH = 12;

/** Returns the normalised href when the URL is absolute and uses an allowed scheme, otherwise null. */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}

// ---------------------------------------------------------------- blocks

type Block =
  | { t: 'p'; text: string }
  | { t: 'h'; level: number; text: string }
  | { t: 'code'; lang: string; text: string }
  | { t: 'quote'; children: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'hr' }
  | { t: 'table'; head: string[]; align: string[]; rows: string[][] };

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|$)/;
const TABLE_SEP = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => /^[ \t]*$/.test(line);

function startsBlock(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line)) return true;
  const m = LIST_ITEM.exec(line);
  // An ordered list interrupts a paragraph only when it starts at 1 (as in CommonMark).
  return !!m && m[3] !== undefined && (!/\d/.test(m[2]!) || parseInt(m[2]!, 10) === 1);
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = FENCE.exec(line))) {
      const fence = m[1]!;
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      i++;
      const close = new RegExp('^ {0,3}' + (fence[0] === '`' ? '`' : '~') + '{' + fence.length + ',}[ \\t]*$');
      while (i < lines.length && !close.test(lines[i]!)) {
        const l = lines[i]!;
        let strip = 0;
        while (strip < indent && l[strip] === ' ') strip++;
        body.push(l.slice(strip));
        i++;
      }
      i++; // closing fence (or end of input while the answer is still streaming)
      blocks.push({ t: 'code', lang: m[2] ?? '', text: body.join('\n') });
      continue;
    }
    if ((m = HEADING.exec(line))) {
      blocks.push({ t: 'h', level: m[1]!.length, text: m[2] ?? '' });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(lines[i++]!.replace(QUOTE, ''));
      if (depth >= MAX_DEPTH) blocks.push({ t: 'p', text: inner.join('\n') });
      else blocks.push({ t: 'quote', children: parseBlocks(inner, depth + 1) });
      continue;
    }
    if ((m = LIST_ITEM.exec(line)) && depth < MAX_DEPTH) {
      const ordered = /\d/.test(m[2]!);
      const delimiter = ordered ? m[2]!.slice(-1) : m[2]!;
      const start = ordered ? parseInt(m[2]!, 10) : 1;
      const items: Block[][] = [];
      while (i < lines.length) {
        const im = LIST_ITEM.exec(lines[i]!);
        if (!im) break;
        const iordered = /\d/.test(im[2]!);
        if (iordered !== ordered || (ordered ? im[2]!.slice(-1) : im[2]!) !== delimiter) break;
        const contentIndent = Math.min(im[1]!.length + im[2]!.length + 1, im[1]!.length + im[2]!.length + 4);
        const itemLines = [im[3] ?? ''];
        i++;
        while (i < lines.length) {
          const l = lines[i]!;
          if (isBlank(l)) {
            // A blank line continues the item only if indented content follows.
            let j = i + 1;
            while (j < lines.length && isBlank(lines[j]!)) j++;
            if (j < lines.length && /^[ \t]{2,}/.test(lines[j]!)) {
              for (; i < j; i++) itemLines.push('');
              continue;
            }
            break;
          }
          const indent = l.length - l.trimStart().length;
          if (indent >= 2) {
            itemLines.push(l.slice(Math.min(indent, contentIndent)));
            i++;
            continue;
          }
          if (LIST_ITEM.test(l) || startsBlock(l)) break;
          itemLines.push(l); // lazy continuation of the item's paragraph
          i++;
        }
        items.push(parseBlocks(itemLines, depth + 1));
        // Blank lines between items keep the list going.
        let j = i;
        while (j < lines.length && isBlank(lines[j]!)) j++;
        if (j > i && j < lines.length && LIST_ITEM.test(lines[j]!)) i = j;
      }
      blocks.push({ t: 'list', ordered, start, items });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!) && lines[i + 1]!.includes('-')) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]!).map((c) =>
        c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : '',
      );
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && !isBlank(lines[i]!) && lines[i]!.includes('|')) rows.push(splitRow(lines[i++]!));
      blocks.push({ t: 'table', head, align, rows });
      continue;
    }
    const para: string[] = [line];
    i++;
    while (i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    blocks.push({ t: 'p', text: para.map((l) => l.replace(/^[ \t]+/, '')).join('\n') });
  }
  return blocks;
}

// ---------------------------------------------------------------- inlines

const PUNCT = /[!-/:-@[-`{-~]/;
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/;
const EMAIL_AUTOLINK = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>/;
const BARE_URL = /^https?:\/\/[^\s<>"]+/;

class InlineRenderer {
  constructor(
    private readonly doc: Document,
    private readonly out: Node,
  ) {}
  private text = '';

  private flush(): void {
    if (this.text) {
      this.out.appendChild(this.doc.createTextNode(this.text));
      this.text = '';
    }
  }

  private el(tag: string, content: string | null, depth: number): HTMLElement {
    this.flush();
    const e = this.doc.createElement(tag);
    if (content !== null) renderInline(this.doc, e, content, depth + 1);
    this.out.appendChild(e);
    return e;
  }

  run(src: string, depth: number): void {
    let i = 0;
    const n = src.length;
    while (i < n) {
      const c = src[i]!;
      if (c === '\\' && i + 1 < n) {
        const next = src[i + 1]!;
        if (next === '\n') {
          this.flush();
          this.out.appendChild(this.doc.createElement('br'));
          i += 2;
          continue;
        }
        if (PUNCT.test(next)) {
          this.text += next;
          i += 2;
          continue;
        }
      }
      if (c === '\n') {
        // Chat answers use single newlines as line breaks, so render them as such.
        this.text = this.text.replace(/ +$/, '');
        this.flush();
        this.out.appendChild(this.doc.createElement('br'));
        i++;
        continue;
      }
      if (c === '`') {
        let run = 1;
        while (src[i + run] === '`') run++;
        const fence = '`'.repeat(run);
        let j = src.indexOf(fence, i + run);
        while (j >= 0 && src[j + run] === '`') {
          let k = j;
          while (src[k] === '`') k++;
          j = src.indexOf(fence, k);
        }
        if (j >= 0) {
          let code = src.slice(i + run, j).replace(/\n/g, ' ');
          if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
          this.flush();
          const e = this.doc.createElement('code');
          e.textContent = code;
          this.out.appendChild(e);
          i = j + run;
          continue;
        }
        this.text += fence;
        i += run;
        continue;
      }
      if (depth < MAX_DEPTH && (c === '[' || (c === '!' && src[i + 1] === '['))) {
        const image = c === '!';
        const link = parseLink(src, image ? i + 1 : i);
        if (link) {
          const href = safeHref(link.dest);
          if (href) {
            const a = this.el('a', image ? null : link.label, depth);
            if (image) a.textContent = link.label.trim() || href;
            a.setAttribute('href', href);
            a.setAttribute('target', '_blank');
            a.setAttribute('rel', 'noopener noreferrer');
            if (link.title) a.setAttribute('title', link.title);
          } else if (image) {
            this.text += link.label;
          } else {
            // An unsafe or relative destination: keep the label, drop the link.
            this.flush();
            renderInline(this.doc, this.out, link.label, depth + 1);
          }
          i = link.end;
          continue;
        }
      }
      if (c === '<') {
        const m = AUTOLINK.exec(src.slice(i, i + 2048)) ?? EMAIL_AUTOLINK.exec(src.slice(i, i + 512));
        if (m) {
          const target = m[1]!.includes(':') ? m[1]! : 'mailto:' + m[1]!;
          const href = safeHref(target);
          if (href) {
            const a = this.el('a', null, depth);
            a.textContent = m[1]!;
            a.setAttribute('href', href);
            a.setAttribute('target', '_blank');
            a.setAttribute('rel', 'noopener noreferrer');
            i += m[0].length;
            continue;
          }
        }
        this.text += c; // raw HTML stays text
        i++;
        continue;
      }
      if ((c === 'h' || c === 'H') && (i === 0 || /[\s(*_~]/.test(src[i - 1]!)) && /^https?:\/\//i.test(src.slice(i, i + 8))) {
        const m = BARE_URL.exec(src.slice(i, i + 2048));
        if (m) {
          let url = m[0];
          while (/[.,;:!?'"*_~]$/.test(url) || (url.endsWith(')') && !url.includes('('))) url = url.slice(0, -1);
          const href = safeHref(url);
          if (href) {
            const a = this.el('a', null, depth);
            a.textContent = url;
            a.setAttribute('href', href);
            a.setAttribute('target', '_blank');
            a.setAttribute('rel', 'noopener noreferrer');
            i += url.length;
            continue;
          }
        }
      }
      if ((c === '*' || c === '_' || c === '~') && depth < MAX_DEPTH) {
        const consumed = this.emphasis(src, i, c, depth);
        if (consumed > 0) {
          i = consumed;
          continue;
        }
        let run = 1;
        while (src[i + run] === c) run++;
        this.text += c.repeat(run);
        i += run;
        continue;
      }
      this.text += c;
      i++;
    }
    this.flush();
  }

  /** Tries strong/emphasis/strikethrough at i; returns the index after it, or 0. */
  private emphasis(src: string, i: number, c: string, depth: number): number {
    let run = 1;
    while (src[i + run] === c) run++;
    const after = src[i + run];
    if (after === undefined || /\s/.test(after)) return 0;
    if (c === '_' && i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1]!)) return 0;
    const size = c === '~' ? (run === 2 ? 2 : 0) : Math.min(run, 3);
    if (!size) return 0;
    let from = i + run;
    for (let guard = 0; guard < 64; guard++) {
      const j = src.indexOf(c, from);
      if (j < 0) break;
      let e = j;
      while (src[e] === c) e++;
      const len = e - j;
      from = e;
      if (/\s/.test(src[j - 1]!)) continue;
      if (c === '_' && e < src.length && /[\p{L}\p{N}]/u.test(src[e]!)) continue;
      if (len < size || (c === '~' && len !== 2) || (size === 1 && len === 2)) continue;
      const inner = src.slice(i + run, e - size);
      if (!inner) continue;
      if (run > size) this.text += c.repeat(run - size);
      if (size === 3) {
        const em = this.el('em', null, depth);
        const strong = this.doc.createElement('strong');
        renderInline(this.doc, strong, inner, depth + 1);
        em.appendChild(strong);
      } else this.el(c === '~' ? 'del' : size === 1 ? 'em' : 'strong', inner, depth);
      return e;
    }
    return 0;
  }
}

interface ParsedLink {
  label: string;
  dest: string;
  title: string;
  end: number;
}

function parseLink(src: string, open: number): ParsedLink | null {
  // Label: brackets balance, backslash escapes and code spans are skipped.
  let depth = 0;
  let i = open;
  let close = -1;
  for (; i < src.length && i - open < 4096; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === '`') {
      let run = 1;
      while (src[i + run] === '`') run++;
      const j = src.indexOf('`'.repeat(run), i + run);
      if (j > 0) i = j + run - 1;
    }
  }
  if (close < 0 || src[close + 1] !== '(') return null;
  let j = close + 2;
  while (src[j] === ' ') j++;
  let dest = '';
  if (src[j] === '<') {
    const end = src.indexOf('>', j);
    if (end < 0 || src.slice(j, end).includes('\n')) return null;
    dest = src.slice(j + 1, end);
    j = end + 1;
  } else {
    let parens = 0;
    const startDest = j;
    for (; j < src.length; j++) {
      const c = src[j]!;
      if (c === '\\' && j + 1 < src.length) {
        j++;
        continue;
      }
      if (/\s/.test(c)) break;
      if (c === '(') parens++;
      else if (c === ')') {
        if (parens === 0) break;
        parens--;
      }
    }
    dest = src.slice(startDest, j);
  }
  dest = dest.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  while (src[j] === ' ' || src[j] === '\n') j++;
  let title = '';
  const q = src[j];
  if (q === '"' || q === "'" || q === '(') {
    const endQ = q === '(' ? ')' : q;
    const end = src.indexOf(endQ, j + 1);
    if (end < 0) return null;
    title = src.slice(j + 1, end);
    j = end + 1;
    while (src[j] === ' ') j++;
  }
  if (src[j] !== ')') return null;
  return { label: src.slice(open + 1, close), dest, title, end: j + 1 };
}

function renderInline(doc: Document, out: Node, src: string, depth: number): void {
  if (depth > MAX_DEPTH) {
    out.appendChild(doc.createTextNode(src));
    return;
  }
  new InlineRenderer(doc, out).run(src, depth);
}

// ---------------------------------------------------------------- DOM

function renderBlocks(doc: Document, out: Node, blocks: Block[], opts: MarkdownOptions, tight = false): void {
  for (const b of blocks) {
    switch (b.t) {
      case 'p': {
        if (tight) {
          renderInline(doc, out, b.text, 0);
          break;
        }
        const p = doc.createElement('p');
        renderInline(doc, p, b.text, 0);
        out.appendChild(p);
        break;
      }
      case 'h': {
        const h = doc.createElement('h' + b.level);
        renderInline(doc, h, b.text, 0);
        out.appendChild(h);
        break;
      }
      case 'hr':
        out.appendChild(doc.createElement('hr'));
        break;
      case 'code': {
        const wrap = doc.createElement('div');
        wrap.className = 'cw-code';
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = 'cw-code-copy';
        button.textContent = opts.copyLabel ?? 'Copy';
        const pre = doc.createElement('pre');
        const code = doc.createElement('code');
        const lang = b.lang.toLowerCase().replace(/[^a-z0-9+#_-]/g, '').slice(0, 32);
        if (lang) {
          code.className = 'language-' + lang;
          button.setAttribute('aria-label', (opts.copyLabel ?? 'Copy') + ' ' + lang);
        }
        code.textContent = b.text;
        pre.appendChild(code);
        wrap.append(button, pre);
        out.appendChild(wrap);
        break;
      }
      case 'quote': {
        const q = doc.createElement('blockquote');
        renderBlocks(doc, q, b.children, opts);
        out.appendChild(q);
        break;
      }
      case 'list': {
        const list = doc.createElement(b.ordered ? 'ol' : 'ul');
        if (b.ordered && b.start !== 1) list.setAttribute('start', String(b.start));
        for (const item of b.items) {
          const li = doc.createElement('li');
          renderBlocks(doc, li, item, opts, item.length === 1);
          list.appendChild(li);
        }
        out.appendChild(list);
        break;
      }
      case 'table': {
        const wrap = doc.createElement('div');
        wrap.className = 'cw-table';
        const table = doc.createElement('table');
        const thead = doc.createElement('thead');
        const tr = doc.createElement('tr');
        b.head.forEach((cell, k) => {
          const th = doc.createElement('th');
          if (b.align[k]) th.className = 'cw-align-' + b.align[k];
          renderInline(doc, th, cell, 0);
          tr.appendChild(th);
        });
        thead.appendChild(tr);
        table.appendChild(thead);
        const tbody = doc.createElement('tbody');
        for (const row of b.rows) {
          const r = doc.createElement('tr');
          for (let k = 0; k < b.head.length; k++) {
            const td = doc.createElement('td');
            if (b.align[k]) td.className = 'cw-align-' + b.align[k];
            renderInline(doc, td, row[k] ?? '', 0);
            r.appendChild(td);
          }
          tbody.appendChild(r);
        }
        table.appendChild(tbody);
        wrap.appendChild(table);
        out.appendChild(wrap);
        break;
      }
    }
  }
}

function normalise(src: string): string {
  return src.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** Renders Markdown into a fragment of safe DOM nodes. */
export function renderMarkdown(src: string, doc: Document = document, opts: MarkdownOptions = {}): DocumentFragment {
  const frag = doc.createDocumentFragment();
  renderBlocks(doc, frag, parseBlocks(normalise(src).split('\n'), 0), opts);
  return frag;
}

/**
 * Renders a growing Markdown text without re-rendering everything for every token: blocks that
 * ended before the last blank line outside a code fence are final and rendered once; only the tail
 * is re-rendered on each update.
 */
export class MarkdownView {
  private text = '';
  private stableEnd = 0;
  private tail: Node[] = [];

  constructor(
    readonly root: HTMLElement,
    private readonly opts: MarkdownOptions = {},
  ) {}

  update(raw: string): void {
    const text = normalise(raw);
    if (text === this.text) return; // finished messages cost nothing on later frames
    if (!text.startsWith(this.text.slice(0, this.stableEnd))) this.reset();
    this.text = text;
    const split = findStableEnd(text, this.stableEnd);
    const doc = this.root.ownerDocument;
    for (const node of this.tail) node.parentNode?.removeChild(node);
    this.tail = [];
    if (split > this.stableEnd) {
      this.root.appendChild(renderMarkdown(text.slice(this.stableEnd, split), doc, this.opts));
      this.stableEnd = split;
    }
    const frag = renderMarkdown(text.slice(this.stableEnd), doc, this.opts);
    this.tail = Array.from(frag.childNodes);
    this.root.appendChild(frag);
  }

  private reset(): void {
    this.root.textContent = '';
    this.tail = [];
    this.stableEnd = 0;
    this.text = '';
  }
}

/**
 * The last offset after `from` where the text can be cut without changing how the part before it renders:
 * just after a blank line outside a fenced block, before a line that starts a new top-level block
 * (not indented, and not a list item, which could still belong to the list above).
 */
function findStableEnd(text: string, from: number): number {
  let best = from;
  let fence: string | null = null;
  let pos = from;
  let prevBlank = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // the last line is still being written
    const line = text.slice(pos, nl);
    if (fence) {
      if (new RegExp('^ {0,3}' + fence[0] + '{' + fence.length + ',}[ \\t]*$').test(line)) fence = null;
      prevBlank = false;
    } else {
      const m = FENCE.exec(line);
      const blank = isBlank(line);
      if (prevBlank && !blank && !/^[ \t]/.test(line) && !LIST_ITEM.test(line) && !QUOTE.test(line)) best = pos;
      if (m) fence = m[1]!;
      prevBlank = blank;
    }
    pos = nl + 1;
  }
  // The line being written can already tell: a letter cannot continue a list, a quote or an indented block.
  if (!fence && prevBlank && pos < text.length && !/[\s\d*+\->|]/.test(text[pos]!)) best = pos;
  return best;
}
