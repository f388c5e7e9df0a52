// The one slow test: Host issues 30 s access tokens, the learner chats, waits past their expiry, and chats
// again without seeing an error, because the frame refreshed its access token silently.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DUE_ANSWER, GREETING, LAB_ANSWER } from '../harness/seed.mjs';
import { e2eTest, useSuite } from '../harness/suite.mjs';
import { gotoPartner, openChat, send, sleep, squash, statusText, waitForAnswer } from '../harness/widget.mjs';

const LIFETIME_SECONDS = 30; // the smallest Host allows
const world = useSuite({ accessTokenLifetimeSeconds: LIFETIME_SECONDS });

const bearer = (request) => (request.headers().authorization ?? '').replace(/^Bearer /, '');
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

describe('ChatWidget session refresh', () => {
  e2eTest(world, `silent refresh: a chat after the ${LIFETIME_SECONDS} s access token expired still works`, async ({ page }) => {
    const exchanges = [];
    const completions = [];
    // Recorded when sent (a streamed response finishes after the answer is on screen); statuses filled in later.
    page.on('request', (request) => {
      if (request.method() !== 'POST') return;
      const pathname = new URL(request.url()).pathname;
      if (pathname === '/api/token') {
        const entry = { type: new URLSearchParams(request.postData() ?? '').get('subject_token_type'), status: null };
        exchanges.push(entry);
        request.response().then((r) => (entry.status = r?.status() ?? null), () => undefined);
      } else if (pathname === '/v1/chat/completions') {
        const entry = { token: bearer(request), status: null, at: Date.now() };
        completions.push(entry);
        request.response().then((r) => (entry.status = r?.status() ?? null), () => undefined);
      }
    });

    await gotoPartner(page, world.partner);
    const frame = await openChat(page, { greeting: GREETING });
    await send(frame, 'What is due this week?');
    assert.equal(squash((await waitForAnswer(frame)).text), DUE_ANSWER);
    const firstToken = completions[0]?.token;
    assert.ok(firstToken, 'the first answer was fetched with an access token');
    const { exp, iat } = claims(firstToken);
    assert.equal(exp - iat, LIFETIME_SECONDS, 'Host issued short-lived access tokens');

    // Past the first token's expiry (plus Host's 5 s clock skew allowance).
    const waitMs = exp * 1000 + 6000 - Date.now();
    if (waitMs > 0) await sleep(waitMs);

    await send(frame, 'When is the lab?');
    const second = await waitForAnswer(frame);
    assert.equal(squash(second.text), LAB_ANSWER);
    assert.equal(await statusText(frame), '', 'no error is shown');

    assert.equal(completions.length, 2, `two completions, none refused: ${JSON.stringify(completions.map((c) => c.status))}`);
    assert.ok(completions.every((c) => c.status === 200));
    assert.notEqual(completions[1].token, firstToken, 'the second answer used a new access token');
    assert.ok(claims(completions[1].token).exp * 1000 > completions[1].at, 'and it was valid when used');
    assert.equal(claims(completions[1].token).sid, claims(firstToken).sid, 'same session: refreshed, not relaunched');

    const refreshes = exchanges.filter((e) => e.type === 'urn:ietf:params:oauth:token-type:access_token');
    assert.ok(refreshes.length >= 1 && refreshes.every((e) => e.status === 200), `a refresh grant was used: ${JSON.stringify(exchanges)}`);
    assert.equal(exchanges.filter((e) => e.type === 'urn:ietf:params:oauth:token-type:jwt').length, 1, 'one launch only');
    assert.equal(world.partner.stats.launchTokensIssued, 1, 'the partner page was asked for one launch token only');
  }, { timeout: 90_000 });
});
