namespace ChatWidget.Host.Hardening;

/// <summary>
/// A readable API reference: a static page and a small script that renders <c>/openapi/v1.json</c>. Everything is
/// served by Host (no CDN), under a policy that allows only Host's own script and the document fetch.
/// </summary>
internal static class ApiReferencePage
{
    private const string Policy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ChatWidget API reference</title>
        <style>
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
        h2{border-top:1px solid #ddd;padding-top:1rem}code,pre{font:13px ui-monospace,monospace;background:#f4f4f4}
        pre{padding:.75rem;overflow:auto}.method{font-weight:700;text-transform:uppercase;margin-right:.5rem}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
        </style></head>
        <body><h1>ChatWidget API reference</h1>
        <p>Generated from <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        <main id="reference"><p>Loading…</p></main>
        <script src="/api/reference.js"></script>
        </body></html>
        """;

    // Renders with textContent only: nothing from the document is ever parsed as HTML.
    private const string Renderer = """
        (async () => {
          const root = document.getElementById('reference');
          const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
          const doc = await (await fetch('/openapi/v1.json')).json();
          const resolve = s => { if (s && s.$ref) { const name = s.$ref.split('/').pop(); return { name, schema: doc.components.schemas[name] }; } return { name: null, schema: s }; };
          const example = (s, depth = 0) => {
            const { schema } = resolve(s); if (!schema || depth > 4) return null;
            const type = Array.isArray(schema.type) ? schema.type.find(t => t !== 'null') : schema.type;
            if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, example(v, depth + 1)]));
            if (type === 'array') return [example(schema.items, depth + 1)];
            return type === 'integer' || type === 'number' ? 0 : type === 'boolean' ? false : type || 'string';
          };
          root.textContent = '';
          root.append(el('p', doc.info.description || ''));
          for (const [path, item] of Object.entries(doc.paths)) {
            for (const [method, op] of Object.entries(item)) {
              if (typeof op !== 'object' || !op.responses) continue;
              const h = el('h2'); h.append(el('span', method, 'method'), el('code', path)); root.append(h);
              if (op.summary) root.append(el('p', op.summary));
              if (op.description) root.append(el('pre', op.description));
              if (op.security) root.append(el('p', 'Authorization: Bearer <access token>'));
              if (op.requestBody) for (const [type, media] of Object.entries(op.requestBody.content)) {
                root.append(el('h3', 'Request body (' + type + ')'));
                const { schema } = resolve(media.schema);
                if (schema && schema.properties) {
                  const t = el('table'); const head = el('tr'); head.append(el('th', 'field'), el('th', 'description')); t.append(head);
                  for (const [k, v] of Object.entries(schema.properties)) { const r = el('tr'); r.append(el('td', k), el('td', v.description || '')); t.append(r); }
                  root.append(t);
                }
              }
              root.append(el('h3', 'Responses'));
              for (const [status, response] of Object.entries(op.responses)) {
                root.append(el('h4', status + ' ' + (response.description || '')));
                for (const [type, media] of Object.entries(response.content || {})) root.append(el('pre', type + '\n' + JSON.stringify(example(media.schema), null, 2)));
              }
            }
          }
        })().catch(e => { document.getElementById('reference').textContent = 'Could not load the API document: ' + e.message; });
        """;

    public static IResult Html(HttpContext http)
    {
        http.Response.Headers.ContentSecurityPolicy = Policy;
        return Results.Content(Page, "text/html; charset=utf-8");
    }

    public static IResult Script(HttpContext http) => Results.Content(Renderer, "text/javascript; charset=utf-8");
}
