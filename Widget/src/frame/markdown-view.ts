import { FENCE, LIST_ITEM, QUOTE, isBlank, normalise, renderMarkdown, type MarkdownOptions } from './markdown';

/**
 * Renders a growing Markdown text (an answer as it streams) without re-rendering all of it on every update.
 * Blocks that ended before the last blank line outside a code fence are final: rendered once, never touched again.
 * Only the last block (the tail) is rendered again, and each update costs the new text plus that block: the text is
 * normalised and scanned for block ends only where it grew.
 */
export class MarkdownView {
  /** The raw text last given to update(). */
  private raw = '';
  /** The normalised text. */
  private text = '';
  /** The raw text ended with a lone CR: a LF at the start of the next part belongs to it. */
  private pendingCr = false;
  private stableEnd = 0;
  private tail: Node[] = [];
  private readonly scan = new BlockEndScanner();

  constructor(
    readonly root: HTMLElement,
    private readonly opts: MarkdownOptions = {},
  ) {}

  update(raw: string): void {
    if (raw === this.raw) return; // finished messages cost nothing on later frames
    if (!raw.startsWith(this.raw)) this.reset();
    this.append(raw.slice(this.raw.length));
    this.raw = raw;
    const split = this.scan.advance(this.text);
    const doc = this.root.ownerDocument;
    for (const node of this.tail) node.parentNode?.removeChild(node);
    if (split > this.stableEnd) {
      this.root.appendChild(renderMarkdown(this.text.slice(this.stableEnd, split), doc, this.opts));
      this.stableEnd = split;
    }
    const frag = renderMarkdown(this.text.slice(this.stableEnd), doc, this.opts);
    this.tail = Array.from(frag.childNodes);
    this.root.appendChild(frag);
  }

  private append(part: string): void {
    const crlfSplit = this.pendingCr && part.startsWith('\n');
    this.pendingCr = part.endsWith('\r');
    this.text += normalise(crlfSplit ? part.slice(1) : part);
  }

  private reset(): void {
    this.root.textContent = '';
    this.tail = [];
    this.stableEnd = 0;
    this.raw = '';
    this.text = '';
    this.pendingCr = false;
    this.scan.reset();
  }
}

/**
 * Finds where a growing text can be cut without changing how the part before it renders: just after a blank line
 * outside a fenced block, before a line that starts a new top-level block (not indented, and not a list item or a
 * quote, which could still belong to the one above). It reads each complete line once and remembers where it was.
 */
class BlockEndScanner {
  private pos = 0;
  private best = 0;
  private fence: string | null = null;
  private fenceClose: RegExp | null = null;
  private prevBlank = false;

  reset(): void {
    this.pos = this.best = 0;
    this.fence = this.fenceClose = null;
    this.prevBlank = false;
  }

  /** The last cut offset in `text`, which must extend the text of the previous call. */
  advance(text: string): number {
    for (let nl = text.indexOf('\n', this.pos); nl >= 0; nl = text.indexOf('\n', this.pos)) {
      this.line(text.slice(this.pos, nl));
      this.pos = nl + 1;
    }
    // The line being written can already tell: a letter cannot continue a list, a quote or an indented block.
    const next = text[this.pos];
    if (!this.fence && this.prevBlank && next !== undefined && !/[\s\d*+\->|]/.test(next)) this.best = this.pos;
    return this.best;
  }

  private line(line: string): void {
    if (this.fence) {
      if (this.fenceClose!.test(line)) this.fence = this.fenceClose = null;
      this.prevBlank = false;
      return;
    }
    const blank = isBlank(line);
    if (this.prevBlank && !blank && !/^[ \t]/.test(line) && !LIST_ITEM.test(line) && !QUOTE.test(line)) this.best = this.pos;
    const m = FENCE.exec(line);
    if (m) {
      this.fence = m[1]!;
      this.fenceClose = new RegExp('^ {0,3}' + this.fence[0] + '{' + this.fence.length + ',}[ \\t]*$');
    }
    this.prevBlank = blank;
  }
}
