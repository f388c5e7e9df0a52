/**
 * A small, safe Markdown renderer for model output.
 *
 * Model text is never given to innerHTML: every element is created with createElement, every piece
 * of text is a text node, and the only attribute that carries model-controlled data is a link's href,
 * which must parse as an absolute http:, https: or mailto: URL. Raw HTML in the source is shown as
 * text. Images are rendered as links (never loaded), so the answer cannot make the browser fetch anything.
 */

import { MAX_DEPTH, renderInline } from './markdown-inline';

export { safeHref } from './markdown-inline';

export interface MarkdownOptions {
  /** Accessible label and text of the copy button on code blocks. */
  copyLabel?: string;
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

export const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
export const QUOTE = /^ {0,3}> ?/;
export const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|$)/;
const TABLE_SEP = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

export const isBlank = (line: string) => /^[ \t]*$/.test(line);

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

export function normalise(src: string): string {
  return src.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** Renders Markdown into a fragment of safe DOM nodes. */
export function renderMarkdown(src: string, doc: Document = document, opts: MarkdownOptions = {}): DocumentFragment {
  const frag = doc.createDocumentFragment();
  renderBlocks(doc, frag, parseBlocks(normalise(src).split('\n'), 0), opts);
  return frag;
}
