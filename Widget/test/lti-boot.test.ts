import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The page as Host serves it: lti.html with its root element replaced by one carrying the data attributes.
const page = readFileSync(join(__dirname, '..', 'lti.html'), 'utf8');
const ROOT = '<div id="chatwidget-root"></div>';

function serve(attributes: Record<string, string>) {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  const body = page.slice(page.indexOf('<body>') + 6, page.indexOf('</body>'));
  document.body.innerHTML = body.replace(ROOT, `<div id="chatwidget-root"${attrs}></div>`);
}

async function boot() {
  vi.resetModules();
  await import('../src/frame/main');
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('lti.html and the frame script dispatching on data-mode', () => {
  it('has exactly the root element Host replaces, and the frame assets', () => {
    expect(page.split(ROOT)).toHaveLength(2);
    expect(page).toContain('<link rel="stylesheet" href="/widget/frame.css">');
    expect(page).toContain('<script src="/widget/frame.js" defer></script>');
    expect(page).not.toMatch(/<script>|style=/); // nothing inline: Host's CSP allows none
  });

  it('lti-launch: redeems the code with location.origin and the platform, in data-locale', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 }));
    vi.stubGlobal('fetch', fetchMock);
    serve({ mode: 'lti-launch', platform: 'moodle', 'launch-code': 'c-1&2', locale: 'de-DE' });
    await boot();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/token');
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: 'c-1&2',
      subject_token_type: 'urn:chatwidget:params:oauth:token-type:lti-launch',
      platform: 'moodle',
      origin: location.origin,
    });
    expect(document.documentElement.lang).toBe('de');
    expect(document.querySelector('[role="alert"]')?.textContent).toBe(
      'Dieser Aufruf konnte nicht überprüft werden. Öffnen Sie die Aktivität erneut in Ihrem Kurs.',
    );
  });

  it('lti-login: does not navigate to a redirect that is not http(s)', async () => {
    const replace = vi.spyOn(window.location, 'replace').mockImplementation(() => undefined);
    serve({ mode: 'lti-login', 'storage-target': '_parent', 'platform-origin': 'https://lms.example', 'state-key': 'k', 'state-value': 'v', redirect: 'javascript:alert(1)' });
    await boot();
    expect(replace).not.toHaveBeenCalled();
    expect(document.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('lti-login: navigates with location.replace when there is no storage to wait for', async () => {
    const replace = vi.spyOn(window.location, 'replace').mockImplementation(() => undefined);
    // Not framed in the test: no storage window, so the page goes on at once.
    serve({ mode: 'lti-login', 'storage-target': '_parent', 'platform-origin': 'https://lms.example', 'state-key': 'k', 'state-value': 'v', redirect: 'https://lms.example/auth?state=s&nonce=n' });
    await boot();
    expect(replace).toHaveBeenCalledWith('https://lms.example/auth?state=s&nonce=n');
  });
});
