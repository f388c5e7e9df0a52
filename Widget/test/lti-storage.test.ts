import { describe, expect, it } from 'vitest';
import { PlatformStorage, PlatformStorageError, storageWindow } from '../src/frame/lti-storage';
import { PLATFORM_ORIGIN, defaultAnswer, fakePlatform } from './lti-platform';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const storageOn = (win: Window, target = '_parent', timeoutMs = 200) =>
  new PlatformStorage({ win, target, platformOrigin: PLATFORM_ORIGIN, timeoutMs });

async function failure(p: Promise<unknown>): Promise<PlatformStorageError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformStorageError);
  return err as PlatformStorageError;
}

describe('PlatformStorage (LTI Client Side postMessages)', () => {
  it('puts and gets a value back through the parent window, addressed to the platform origin only', async () => {
    const { win, posted, store } = fakePlatform();
    const storage = storageOn(win);
    await storage.put('cw-state-1', 'binder-secret');
    expect(store.get('cw-state-1')).toBe('binder-secret');
    await expect(storage.get('cw-state-1')).resolves.toBe('binder-secret');

    expect(posted).toHaveLength(2);
    const [put, get] = posted;
    expect(put!.to).toBe('parent');
    expect(put!.targetOrigin).toBe(PLATFORM_ORIGIN);
    expect(put!.message).toEqual({ subject: 'lti.put_data', message_id: expect.any(String), key: 'cw-state-1', value: 'binder-secret' });
    expect(get!.message).toEqual({ subject: 'lti.get_data', message_id: expect.any(String), key: 'cw-state-1' });
    expect(get!.targetOrigin).toBe(PLATFORM_ORIGIN);
    // Fresh, unguessable ids per request.
    expect(String(put!.message.message_id)).toMatch(/^[0-9a-f]{32}$/);
    expect(put!.message.message_id).not.toBe(get!.message.message_id);
  });

  it("talks to the platform's named storage frame when the target is a frame name", async () => {
    const { win, parent, posted } = fakePlatform({ frames: ['post_message_forwarding'] });
    await storageOn(win, 'post_message_forwarding').put('k', 'v');
    expect(posted.map((p) => p.to)).toEqual(['post_message_forwarding']);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('treats a target frame that does not exist as storage unavailable, and posts nothing', async () => {
    const { win, posted } = fakePlatform({ frames: ['other'] });
    expect((await failure(storageOn(win, 'post_message_forwarding').put('k', 'v'))).reason).toBe('unavailable');
    expect((await failure(storageOn(win, 'length').get('k'))).reason).toBe('unavailable');
    expect(posted).toHaveLength(0);
  });

  it('has no storage when the page is not framed at all', async () => {
    const self = new EventTarget() as unknown as Window;
    Object.defineProperty(self, 'parent', { value: self });
    expect(storageWindow(self, '_parent')).toBeNull();
    expect((await failure(storageOn(self).put('k', 'v'))).reason).toBe('unavailable');
  });

  it('ignores answers from any other origin, even with the right message_id', async () => {
    const { win, deliver } = fakePlatform({
      answer: (message, store) => {
        // Another frame on the page races the platform with a forged value.
        setTimeout(() => deliver({ subject: 'lti.get_data.response', message_id: message.message_id, key: message.key, value: 'forged' }, 'https://evil.example'), 1);
        return defaultAnswer(message, store);
      },
      delayMs: 20,
    });
    const storage = storageOn(win);
    await storage.put('k', 'genuine');
    await expect(storage.get('k')).resolves.toBe('genuine');
  });

  it('ignores answers to other requests (another message_id or subject)', async () => {
    const { win, deliver } = fakePlatform({
      answer: (message, store) => {
        setTimeout(() => {
          deliver({ subject: 'lti.get_data.response', message_id: 'someone-else', key: message.key, value: 'not ours' });
          deliver({ subject: 'lti.put_data.response', message_id: message.message_id, key: message.key, value: 'wrong subject' });
          deliver('a string, not an answer');
          deliver(null);
        }, 1);
        return defaultAnswer(message, store);
      },
      delayMs: 20,
    });
    const storage = storageOn(win);
    await storage.put('k', 'ours');
    await expect(storage.get('k')).resolves.toBe('ours');
  });

  it('fails when the answer carries an error member', async () => {
    const { win } = fakePlatform();
    const err = await failure(storageOn(win).get('never-stored'));
    expect(err.reason).toBe('refused');
    expect(err.message).toBe('No such key');
  });

  it('fails when get_data answers without a value', async () => {
    const { win } = fakePlatform({ answer: (m) => ({ subject: 'lti.get_data.response', message_id: m.message_id, key: m.key }) });
    expect((await failure(storageOn(win).get('k'))).reason).toBe('refused');
  });

  it('gives up after the timeout when the platform does not answer, and stops listening', async () => {
    const { win, posted, deliver } = fakePlatform({ answer: null });
    const started = Date.now();
    const err = await failure(storageOn(win, '_parent', 60).get('k'));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(posted).toHaveLength(1);
    // A late answer changes nothing (and throws nothing).
    deliver({ subject: 'lti.get_data.response', message_id: posted[0]!.message.message_id, key: 'k', value: 'late' });
    await wait(5);
  });
});
