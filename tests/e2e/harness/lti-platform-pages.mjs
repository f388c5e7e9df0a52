// The HTML pages of the LTI platform simulator: the authorization endpoint's auto-submitting form_post (and the
// parser tests use to read one), and the course page that frames the tool with the platform side of the LTI Client
// Side postMessages storage (lti.put_data / lti.get_data).
const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The hidden fields of a form_post page (the auto-submitting form the authorization endpoint answers). */
export function parseFormPost(html) {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  const fields = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return { action: action?.replace(/&amp;/g, '&'), fields };
}

/** The form_post page: posts `fields` to `action` as soon as it loads. */
export function formPostPage(action, fields) {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Launching…</title></head>
<body>
<form method="post" action="${escapeHtml(action)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit();</script>
</body></html>`;
}

/**
 * The course page: frames the tool's login initiation URL. With storage offered, it also answers the LTI Client
 * Side postMessages — only from the tool frame (its window and Host's origin) — and records every message it
 * saw (`window.platformStorage.log`), so a test can assert the storage path was used.
 */
export function coursePage({ loginUrl, toolOrigin, storage }) {
  const script = storage
    ? `<script>
(() => {
  const toolOrigin = ${JSON.stringify(toolOrigin)};
  const frame = document.getElementById('tool');
  const store = new Map();
  const log = [];
  window.platformStorage = { log, store };
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.subject !== 'string' || !data.subject.startsWith('lti.')) return;
    const entry = { subject: data.subject, key: data.key, value: data.value, message_id: data.message_id, origin: event.origin,
                    fromToolFrame: event.source === frame.contentWindow, answered: false };
    log.push(entry);
    // Answer the tool frame only, and only messages from the tool's origin.
    if (event.origin !== toolOrigin || event.source !== frame.contentWindow) return;
    const reply = (extra) => { entry.answered = true; event.source.postMessage({ subject: data.subject + '.response', message_id: data.message_id, ...extra }, event.origin); };
    const bucket = event.origin + ' ' + data.key;
    if (data.subject === 'lti.capabilities') {
      reply({ supported_messages: [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }] });
    } else if (data.subject === 'lti.put_data') {
      if (typeof data.key !== 'string' || !data.key) return reply({ error: { code: 'bad_request', message: 'key required' } });
      store.set(bucket, String(data.value));
      reply({ key: data.key, value: String(data.value) });
    } else if (data.subject === 'lti.get_data') {
      if (!store.has(bucket)) return reply({ key: data.key, error: { code: 'bad_request', message: 'no value for this key' } });
      reply({ key: data.key, value: store.get(bucket) });
    } else {
      reply({ error: { code: 'unsupported_subject', message: 'unsupported subject' } });
    }
  });
})();
</script>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Biology 101 — Course assistant</title></head>
<body style="margin:0;font:16px/1.5 system-ui,sans-serif">
<header style="background:#f98012;color:#fff;padding:12px 24px"><strong>Simulated LMS</strong> · Biology 101</header>
<main style="padding:16px 24px">
<h1 style="margin:0 0 12px">Course assistant</h1>
<iframe id="tool" name="tool" title="Course assistant" src="${escapeHtml(loginUrl)}" style="width:100%;height:620px;border:1px solid #ccc"></iframe>
</main>
${script}
</body></html>`;
}
