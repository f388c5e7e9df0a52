/** Markdown's inline part (code spans, links, emphasis, line breaks) as safe DOM nodes: see markdown.ts. */

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
/** Web pages only: what a source's link may point to. */
export const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
export const MAX_DEPTH = 12;

/** Returns the normalised href when the URL is absolute and uses an allowed scheme, otherwise null. */
export function safeHref(raw: string, allowed = ALLOWED_PROTOCOLS): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return allowed.has(url.protocol) ? url.href : null;
}

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

export function renderInline(doc: Document, out: Node, src: string, depth: number): void {
  if (depth > MAX_DEPTH) {
    out.appendChild(doc.createTextNode(src));
    return;
  }
  new InlineRenderer(doc, out).run(src, depth);
}

