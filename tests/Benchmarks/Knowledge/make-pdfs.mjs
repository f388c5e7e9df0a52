// Builds the knowledge benchmark's PDF documents (Corpus/*.pdf) from the text sources in PdfSources/*.txt, so that
// the committed PDFs can be regenerated and reviewed as text: `node tests/Benchmarks/Knowledge/make-pdfs.mjs`.
// Source format: a line "# Title" is set as a 18 pt bold heading, "## Section" as 13 pt bold, other lines are 11 pt
// body text wrapped to the page; a blank line separates paragraphs; "\f" alone on a line starts a new page.
// The output is a plain PDF 1.4 with the standard Helvetica fonts, no dates or ids, so reruns are byte-identical.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [pageWidth, pageHeight, margin] = [595, 842, 56];
const styles = { h1: { font: 'F2', size: 18 }, h2: { font: 'F2', size: 13 }, body: { font: 'F1', size: 11 } };
const wrapAt = 92; // characters of 11 pt Helvetica in the text width

function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// Lays the source out as pages of [style, text, y] lines.
function layout(source) {
  const pages = [[]];
  let y = pageHeight - margin;
  const newPage = () => {
    pages.push([]);
    y = pageHeight - margin;
  };
  for (const block of source.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const trimmed = block.trim();
    if (trimmed === '\\f') {
      newPage();
      continue;
    }
    if (!trimmed) continue;
    const style = trimmed.startsWith('## ') ? 'h2' : trimmed.startsWith('# ') ? 'h1' : 'body';
    const text = style === 'body' ? trimmed : trimmed.replace(/^#+ /, '');
    const { size } = styles[style];
    if (style !== 'body') y -= size * 0.6;
    for (const line of style === 'body' ? wrap(text, wrapAt) : [text]) {
      if (y < margin + size) newPage();
      pages.at(-1).push([style, line, y]);
      y -= size * 1.35;
    }
    y -= styles.body.size * 0.9;
  }
  return pages.filter((page) => page.length > 0);
}

const escape = (text) => text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

function pdf(title, pages) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // the page tree, filled in once the pages are numbered
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const info = add(`<< /Title (${escape(title)}) /Producer (make-pdfs.mjs) >>`);
  const kids = [];
  for (const lines of pages) {
    const stream = lines
      .map(([style, text, y]) => `BT /${styles[style].font} ${styles[style].size} Tf 1 0 0 1 ${margin} ${y.toFixed(1)} Tm (${escape(text)}) Tj ET`)
      .join('\n');
    const contents = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidth} ${pageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contents} 0 R >>`),
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

for (const name of readdirSync(join(here, 'PdfSources')).filter((n) => n.endsWith('.txt')).sort()) {
  const source = readFileSync(join(here, 'PdfSources', name), 'utf8');
  const title = (source.match(/^# (.+)$/m) ?? [, name])[1].trim();
  const target = join(here, 'Corpus', name.replace(/\.txt$/, '.pdf'));
  writeFileSync(target, pdf(title, layout(source)));
  console.log(`wrote ${target}`);
}
