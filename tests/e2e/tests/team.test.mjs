// Team members' full-page chat at /chat: the team password, then the widget's chat UI, against a real Host.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe } from 'node:test';
import { TEAM_ANSWER, TEAM_GREETING, TEAM_PASSWORD, TEAM_QUESTION, TEAM_TITLE } from '../harness/seed.mjs';
import { e2eTest, useSuite } from '../harness/suite.mjs';
import { assertNoStorage, squash, storageSnapshot, waitUntil } from '../harness/widget.mjs';

const world = useSuite();

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe violations on the page (lesser ones are reported as diagnostics). */
async function axeFailures(t, page, where) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    ),
  );
  for (const v of violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')) {
    t.diagnostic(`axe (${v.impact}, not failing) on the ${where}: ${v.id} — ${v.help} — ${v.nodes.join(', ')}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ where, ...v }));
}

const REFUSED = 'The password was not accepted, or team access is switched off.';

describe('Team chat at /chat in Chromium', () => {
  e2eTest(world, 'wrong password is refused plainly; the right one opens the team profile and streams an answer', async ({ t, page, context }) => {
    const tokenResponses = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/token') tokenResponses.push(r.status());
    });
    const response = await page.goto(`${world.host.origin}/chat`);
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);

    const password = page.getByLabel('Team password');
    await password.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cw-password', 'the password field has focus');

    await password.fill('not the team password');
    await page.getByRole('button', { name: 'Start chatting' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(squash(await alert.textContent()), REFUSED);
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(tokenResponses, [400]);
    const failures = await axeFailures(t, page, 'password form with its error');

    await password.fill(TEAM_PASSWORD);
    await password.press('Enter');
    await page.getByText(TEAM_GREETING).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), TEAM_TITLE);
    assert.equal(await page.title(), TEAM_TITLE);
    assert.equal(await page.getByRole('button', { name: 'Close chat' }).count(), 0, 'a page of its own has nothing to close');
    assert.deepEqual(tokenResponses, [400, 200]);

    const input = page.locator('#cw-input');
    await waitUntil(() => input.isEnabled(), { timeout: 15_000, message: 'the message box to be enabled' });
    await input.fill(TEAM_QUESTION);
    await input.press('Enter');

    // Streamed: the answer is seen part-way before it is complete.
    const answer = page.locator('.cw-assistant .cw-body').last();
    const seen = new Set();
    await waitUntil(async () => {
      const text = squash(await answer.textContent());
      if (text) seen.add(text);
      return (await page.locator('.cw-assistant').last().getAttribute('data-status')) === 'done';
    }, { timeout: 20_000, interval: 30, message: 'the answer to finish' });
    assert.equal(squash(await answer.textContent()), TEAM_ANSWER);
    assert.ok(seen.size >= 2, `the answer grew in steps (saw ${seen.size})`);
    failures.push(...(await axeFailures(t, page, 'team chat with an answer')));
    assert.deepEqual(failures, [], JSON.stringify(failures, null, 2));
    if (process.env.CHATWIDGET_E2E_TEAM_SHOT) await page.screenshot({ path: process.env.CHATWIDGET_E2E_TEAM_SHOT });

    // The access token and the conversation live in the page's memory only.
    const snapshot = await storageSnapshot(page);
    assertNoStorage(snapshot);
    assert.equal(snapshot.cookie, '');
    assert.deepEqual(await context.cookies(), []);
  });
});
