/** Parses #rgb / #rrggbb; anything else (names, url(), expressions) is rejected. */
export function parseHex(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  let hex = m[1]!;
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on the accent (WCAG 2 contrast). */
export function readableTextOn(accent: string): string {
  const rgb = parseHex(accent);
  if (!rgb) return '#ffffff';
  return contrastRatio(rgb, [255, 255, 255]) >= contrastRatio(rgb, [0, 0, 0]) ? '#ffffff' : '#000000';
}

/** Applies the profile accent as CSS custom properties (CSSOM, so no inline style attribute is needed). */
export function applyAccent(root: HTMLElement, accent: unknown): void {
  if (typeof accent !== 'string' || !parseHex(accent)) return;
  root.style.setProperty('--cw-accent', accent.trim());
  root.style.setProperty('--cw-on-accent', readableTextOn(accent));
}
