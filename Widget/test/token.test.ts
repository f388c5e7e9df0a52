import { describe, expect, it, vi } from 'vitest';
import { WidgetError } from '../src/frame/errors';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, LTI_LAUNCH_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, TokenClient } from '../src/frame/token';

interface Call {
  url: string;
  init: RequestInit;
  form: URLSearchParams;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function setup(responses: Array<Response | Error>, launchTokens: Array<string | Error> = []) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init, form: new URLSearchParams(String(init.body)) });
    const next = responses.shift();
    if (!next) throw new Error('unexpected fetch');
    if (next instanceof Error) throw next;
    return next;
  });
  let now = 1_000_000;
  const timers: Array<{ f: () => void; ms: number }> = [];
  const requestLaunchToken = vi.fn(async () => {
    const t = launchTokens.shift();
    if (!t || t instanceof Error) throw t ?? new Error('none');
    return t;
  });
  const client = new TokenClient({
    fetch: fetchMock as unknown as typeof fetch,
    baseUrl: 'https://host.example',
    platform: 'lms',
    origin: () => 'https://lms.example.edu',
    requestLaunchToken,
    now: () => now,
    setTimer: (f, ms) => (timers.push({ f, ms }), timers.length),
    clearTimer: () => undefined,
  });
  return { client, calls, timers, requestLaunchToken, advance: (ms: number) => (now += ms) };
}

const ok = (token: string, expires = 900) =>
  json(200, { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: expires });

describe('TokenClient', () => {
  it('exchanges a launch token with the RFC 8693 form', async () => {
    const { client, calls } = setup([ok('at-1')]);
    await expect(client.exchangeLaunchToken('launch-jwt')).resolves.toBe('at-1');
    expect(calls).toHaveLength(1);
    const { url, init, form } = calls[0]!;
    expect(url).toBe('https://host.example/api/token');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(init.credentials).toBe('omit');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: 'launch-jwt',
      subject_token_type: JWT_TOKEN_TYPE,
      platform: 'lms',
      origin: 'https://lms.example.edu',
    });
  });

  it('redeems an LTI launch code, with the platform-storage binder only when given', async () => {
    const { client, calls, timers } = setup([ok('at-1'), ok('at-2')]);
    await expect(client.redeemLtiLaunch('code-1')).resolves.toBe('at-1');
    await expect(client.redeemLtiLaunch('code-2', 'binder')).resolves.toBe('at-2');
    const base = { grant_type: TOKEN_EXCHANGE_GRANT, subject_token_type: LTI_LAUNCH_TOKEN_TYPE, platform: 'lms', origin: 'https://lms.example.edu' };
    expect(LTI_LAUNCH_TOKEN_TYPE).toBe('urn:chatwidget:params:oauth:token-type:lti-launch');
    expect(Object.fromEntries(calls[0]!.form)).toEqual({ ...base, subject_token: 'code-1' });
    expect(Object.fromEntries(calls[1]!.form)).toEqual({ ...base, subject_token: 'code-2', lti_storage_value: 'binder' });
    expect(client.hasToken).toBe(true);
    expect(timers.length).toBeGreaterThan(0); // refreshed like any other session
  });

  it('refreshes with the access token as subject, shortly before expiry', async () => {
    const { client, calls, timers, advance } = setup([ok('at-1', 900), ok('at-2', 900)]);
    await client.exchangeLaunchToken('launch-jwt');
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(840_000); // a minute before the 15 minutes are up
    advance(840_000);
    timers[0]!.f();
    await expect(client.getAccessToken()).resolves.toBe('at-2');
    expect(Object.fromEntries(calls[1]!.form)).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: 'at-1',
      subject_token_type: ACCESS_TOKEN_TYPE,
      platform: 'lms',
      origin: 'https://lms.example.edu',
    });
  });

  it('returns the current token while it is fresh', async () => {
    const { client, calls } = setup([ok('at-1')]);
    await client.exchangeLaunchToken('l');
    await expect(client.getAccessToken()).resolves.toBe('at-1');
    expect(calls).toHaveLength(1);
  });

  it('refreshes after a 401 from the API', async () => {
    const { client, calls } = setup([ok('at-1'), ok('at-2')]);
    await client.exchangeLaunchToken('l');
    await expect(client.recoverFromUnauthorized('at-1')).resolves.toBe('at-2');
    expect(calls[1]!.form.get('subject_token_type')).toBe(ACCESS_TOKEN_TYPE);
  });

  it('asks the loader for a fresh launch token when refresh fails', async () => {
    const { client, calls, requestLaunchToken } = setup(
      [ok('at-1'), json(400, { error: 'invalid_grant', error_description: 'bad' }), ok('at-3')],
      ['launch-2'],
    );
    await client.exchangeLaunchToken('l');
    await expect(client.recoverFromUnauthorized('at-1')).resolves.toBe('at-3');
    expect(requestLaunchToken).toHaveBeenCalledTimes(1);
    expect(calls[2]!.form.get('subject_token')).toBe('launch-2');
    expect(calls[2]!.form.get('subject_token_type')).toBe(JWT_TOKEN_TYPE);
  });

  it('reports an expired session when no fresh launch token can be had', async () => {
    const { client } = setup([ok('at-1'), json(400, { error: 'invalid_grant' })], [new Error('single use')]);
    await client.exchangeLaunchToken('l');
    const err = await client.recoverFromUnauthorized('at-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WidgetError);
    expect((err as WidgetError).kind).toBe('session_expired');
  });

  it('does not refresh an expired access token: it asks for a launch token', async () => {
    const { client, calls, advance } = setup([ok('at-1'), ok('at-2')], ['launch-2']);
    await client.exchangeLaunchToken('l');
    advance(901_000);
    await expect(client.getAccessToken()).resolves.toBe('at-2');
    expect(calls[1]!.form.get('subject_token')).toBe('launch-2');
  });

  it('maps exchange failures: 403, 429 with Retry-After, network', async () => {
    const a = setup([json(403, { error: 'invalid_request' })]);
    await expect(a.client.exchangeLaunchToken('l')).rejects.toMatchObject({ kind: 'forbidden' });
    const b = setup([json(429, { error: 'slow_down' }, { 'Retry-After': '12' })]);
    await expect(b.client.exchangeLaunchToken('l')).rejects.toMatchObject({ kind: 'rate_limited', retryAfter: 12 });
    const c = setup([new TypeError('Failed to fetch')]);
    await expect(c.client.exchangeLaunchToken('l')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('shares one renewal between concurrent callers', async () => {
    const { client, calls } = setup([ok('at-1'), ok('at-2')]);
    await client.exchangeLaunchToken('l');
    const [x, y] = await Promise.all([client.recoverFromUnauthorized('at-1'), client.recoverFromUnauthorized('at-1')]);
    expect(x).toBe('at-2');
    expect(y).toBe('at-2');
    expect(calls).toHaveLength(2);
  });
});
