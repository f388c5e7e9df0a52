import { h } from '../dom';
import type { Strings } from '../i18n';
import { WEB_PROTOCOLS, safeHref } from '../markdown-inline';
import type { Source } from '../sources';

/**
 * The "Sources" list under an answer: `[n] Title` per cited source, the title a link (new tab, no opener, no
 * referrer) only when the source's URL is a web page; any other URL (javascript:, data:, relative) stays plain text.
 * Titles are text nodes, never parsed as HTML.
 */
export function sourceList(sources: readonly Source[], t: Strings, labelId: string): HTMLDivElement {
  const list = h('ol', { class: 'cw-source-list', role: 'list', 'aria-labelledby': labelId });
  for (const s of sources) {
    const href = s.url ? safeHref(s.url, WEB_PROTOCOLS) : null;
    const title = href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }) : h('span', {});
    title.textContent = s.title;
    if (href) title.append(h('span', { class: 'cw-sr' }, ' ' + t.newTab));
    list.append(h('li', {}, h('span', { class: 'cw-source-n' }, `[${s.index}]`), ' ', title));
  }
  return h('div', { class: 'cw-sources' }, h('p', { class: 'cw-sources-label', id: labelId }, t.sources), list);
}
