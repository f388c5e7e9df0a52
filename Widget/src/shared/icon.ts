/** The widget's line icons (24×24 paths), shared by the loader on the partner page and the chat frame. */
export const ICON_CHAT = 'M4 5h16v11H9l-5 4z';
export const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
export const ICON_PLUS = 'M12 5v14M5 12h14';
export const ICON_COPY = 'M8 8h11v11H8zM5 16V5h11';
export const ICON_REGENERATE = 'M4 12a8 8 0 0 1 14-5.3M20 4v5h-5M20 12a8 8 0 0 1-14 5.3M4 20v-5h5';
export const ICON_SEND = 'M4 12l16-8-6 16-2-6z';
export const ICON_STOP = 'M7 7h10v10H7z';

const SVG = 'http://www.w3.org/2000/svg';

/** A decorative icon: hidden from assistive technology (its button carries the label) and never a tab stop. */
export function icon(d: string, className?: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  if (className) svg.setAttribute('class', className);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
