// Dashboard → Usage in real Chromium: turns sent through the widget on the partner page appear in the page's
// totals and its server-drawn SVG chart, under the dashboard's CSP with no violation. Also takes the operating guide's
// screenshot (docs/screenshots/usage-page.png). Development for the same reason as admin.test.mjs (plain-http /admin).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { signIn } from '../harness/admin.mjs';
import { screenshotsDir } from '../harness/paths.mjs';
import { GREETING } from '../harness/seed.mjs';
import { e2eTest, useSuite } from '../harness/suite.mjs';
import { gotoPartner, openChat, send, waitForAnswer, waitUntil } from '../harness/widget.mjs';

const ADMIN = { email: 'usage@example.org', password: 'amber orchard 5208 compass' };
const world = useSuite({ environment: 'Development', admin: ADMIN });

describe('Usage page in Chromium', () => {
  e2eTest(world, 'turns sent in the widget are counted on the Usage page, its chart drawn with no CSP violation', async ({ page }) => {
    await gotoPartner(page, world.partner);
    const frame = await openChat(page, { greeting: GREETING });
    for (const question of ['When is the exam?', 'Where are the slides?']) {
      await send(frame, question);
      await waitForAnswer(frame);
    }

    const admin = await page.context().newPage();
    await admin.setViewportSize({ width: 1280, height: 1000 });
    await signIn(admin, world.host.origin, ADMIN);

    // Violations are collected on the Usage page only (the sign-in pages have their own tests).
    const violations = [];
    admin.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(`${admin.url()}: ${m.text()}`));
    // The aggregates are written in batches (every second here): reload until this instance's batch is in.
    await waitUntil(async () => {
      await admin.goto(`${world.host.origin}/admin/usage`);
      return (await admin.locator('#total-turns').textContent()) === '2';
    }, { timeout: 20_000, interval: 500, message: 'the Usage page to count both turns' });

    // A price per million tokens turns the totals into a cost estimate.
    const offline = admin.locator('#prices tr[data-model="offline"]');
    await offline.getByLabel('Input price of offline').fill('0.15');
    await offline.getByLabel('Output price of offline').fill('0.60');
    await offline.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved the prices of offline.').waitFor({ state: 'visible', timeout: 15_000 });
    assert.notEqual(await admin.locator('#total-cost').textContent(), 'no price');

    const chart = admin.locator('#usage-chart');
    assert.ok(await chart.isVisible());
    assert.equal(await chart.locator('g.day').count(), 30);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(await chart.locator(`g.day[data-day="${today}"]`).getAttribute('data-turns'), '2');
    const bar = await chart.locator(`g.day[data-day="${today}"] rect.input`).boundingBox();
    assert.ok(bar && bar.height > 10, 'today\'s bar is drawn');
    // The stylesheet, not inline style, colours the bars: the CSP allowed it.
    assert.equal(await chart.locator('rect.input').first().evaluate((el) => getComputedStyle(el).fill), 'rgb(10, 102, 194)');

    // Checked before the screenshot: Playwright's caret and animation switches inject a style of their own.
    assert.deepEqual(violations, []);
    mkdirSync(screenshotsDir, { recursive: true });
    const shot = path.join(screenshotsDir, 'usage-page.png');
    await admin.screenshot({ path: shot, fullPage: true, animations: 'disabled', caret: 'hide' });
    assert.equal(readFileSync(shot).readUInt32BE(16), 1280, 'usage-page.png width');
  }, { timeout: 120_000 });
});
