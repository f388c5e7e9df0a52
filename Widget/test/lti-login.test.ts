import { beforeEach, describe, expect, it, vi } from 'vitest';
import { httpUrl, runLtiLogin } from '../src/frame/lti-login';
import { PLATFORM_ORIGIN, fakePlatform } from './lti-platform';

const AUTH_URL = 'https://moodle.example.edu/mod/lti/auth.php?scope=openid&response_type=id_token&state=s1&nonce=n1';
let root: HTMLElement;

beforeEach(() => {
  document.body.replaceChildren();
  document.documentElement.dir = 'ltr';
  root = document.createElement('div');
  root.id = 'chatwidget-root';
  document.body.append(root);
});

/** The element Host puts in place of lti.html's empty root. */
function hostAttributes(overrides: Record<string, string | null> = {}) {
  const attrs: Record<string, string | null> = {
    mode: 'lti-login',
    storageTarget: '_parent',
    platformOrigin: PLATFORM_ORIGIN,
    stateKey: 'cw-lti-state-abc',
    stateValue: 'binder-xyz',
    redirect: AUTH_URL,
    ...overrides,
  };
  for (const [k, v] of Object.entries(attrs)) if (v !== null) root.dataset[k] = v;
}

describe('LTI login page (data-mode="lti-login")', () => {
  it('stores the binder with lti.put_data, then leaves for the authorization URL once the platform confirmed', async () => {
    hostAttributes();
    const { win, posted, store } = fakePlatform({ delayMs: 30 });
    const navigate = vi.fn();
    const done = runLtiLogin(root, { locale: 'en', win, navigate, timeoutMs: 1000 });

    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toBe('Connecting…');
    expect(posted).toEqual([
      {
        to: 'parent',
        targetOrigin: PLATFORM_ORIGIN,
        message: { subject: 'lti.put_data', message_id: expect.any(String), key: 'cw-lti-state-abc', value: 'binder-xyz' },
      },
    ]);
    await new Promise((r) => setTimeout(r, 10));
    expect(navigate).not.toHaveBeenCalled(); // still waiting for the answer
    await done;
    expect(store.get('cw-lti-state-abc')).toBe('binder-xyz');
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(AUTH_URL);
  });

  it('still leaves after the timeout when the platform never answers (the cookie may carry the binder)', async () => {
    hostAttributes();
    const { win } = fakePlatform({ answer: null });
    const navigate = vi.fn();
    const done = runLtiLogin(root, { locale: 'en', win, navigate, timeoutMs: 60 });
    await new Promise((r) => setTimeout(r, 30));
    expect(navigate).not.toHaveBeenCalled();
    await done;
    expect(navigate).toHaveBeenCalledWith(AUTH_URL);
  });

  it('still leaves when the platform answers with an error, or the target frame does not exist', async () => {
    hostAttributes();
    const refusing = fakePlatform({ answer: (m) => ({ subject: 'lti.put_data.response', message_id: m.message_id, error: { code: 'quota', message: 'Full' } }) });
    const first = vi.fn();
    await runLtiLogin(root, { locale: 'en', win: refusing.win, navigate: first, timeoutMs: 1000 });
    expect(first).toHaveBeenCalledWith(AUTH_URL);

    root.dataset.storageTarget = 'post_message_forwarding';
    const frameless = fakePlatform();
    const second = vi.fn();
    await runLtiLogin(root, { locale: 'en', win: frameless.win, navigate: second, timeoutMs: 1000 });
    expect(frameless.posted).toHaveLength(0);
    expect(second).toHaveBeenCalledWith(AUTH_URL);
  });

  it('navigates with location.replace by default', async () => {
    hostAttributes({ storageTarget: 'missing-frame' });
    const { win } = fakePlatform();
    const replace = vi.fn();
    Object.defineProperty(win, 'location', { value: { replace } });
    await runLtiLogin(root, { locale: 'en', win });
    expect(replace).toHaveBeenCalledWith(AUTH_URL);
  });

  for (const redirect of ['javascript:alert(document.domain)', 'data:text/html,<script>1</script>', '/mod/lti/auth.php', '']) {
    it(`refuses to navigate to a non-http(s) redirect: ${JSON.stringify(redirect)}`, async () => {
      hostAttributes({ redirect });
      const { win, posted } = fakePlatform();
      const navigate = vi.fn();
      await runLtiLogin(root, { locale: 'en', win, navigate, timeoutMs: 100 });
      expect(navigate).not.toHaveBeenCalled();
      expect(posted).toHaveLength(0); // nor hand the binder to anyone
      expect(root.querySelector('[role="alert"]')?.textContent).toBe('This launch could not be verified. Open the activity again from your course.');
    });
  }

  it('accepts only absolute http(s) URLs', () => {
    expect(httpUrl('https://lms.example/auth?x=1')).toBe('https://lms.example/auth?x=1');
    expect(httpUrl('http://127.0.0.1:5000/auth')).toBe('http://127.0.0.1:5000/auth');
    expect(httpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(httpUrl('//lms.example/auth')).toBeNull();
    expect(httpUrl(undefined)).toBeNull();
  });

  it('speaks the browser language, right to left for Arabic', async () => {
    hostAttributes();
    const { win } = fakePlatform({ answer: null });
    const done = runLtiLogin(root, { locale: 'ar', win, navigate: () => undefined, timeoutMs: 20 });
    expect(document.documentElement.dir).toBe('rtl');
    expect(root.querySelector('[role="status"]')?.textContent).toBe('جارٍ الاتصال…');
    await done;
  });
});
