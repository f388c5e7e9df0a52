// The dashboard's main path in real Chromium: sign in → edit a profile → publish → the widget on the partner
// page shows the new greeting.
//
// Why this file's Host runs with ASPNETCORE_ENVIRONMENT=Development: outside Development the dashboard's cookies
// are Secure-only and plain-HTTP requests to /admin are refused with 403 (Admin/README.md), and the harness serves
// Host over plain http on loopback. Development is the one documented mode in which /admin works over http, so
// the test uses it rather than a test-only switch or a faked X-Forwarded-Proto. Everything else is as in the other
// files: the demo partner page is off (ChatWidget__Demo__Enabled=false), the same seed file, the built widget is
// still required, and the widget is embedded by the harness's partner page on another origin.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { signIn } from '../harness/admin.mjs';
import { GREETING, TEAM_GREETING, TEAM_PASSWORD, TEAM_QUESTION } from '../harness/seed.mjs';
import { e2eTest, useSuite } from '../harness/suite.mjs';
import { gotoPartner, openChat, waitUntil } from '../harness/widget.mjs';

const ADMIN = { email: 'e2e@example.org', password: 'e2e admin passphrase 7391' };
const NEW_GREETING = 'Welcome back! The greeting was published from the dashboard.';

const world = useSuite({ environment: 'Development', admin: ADMIN });

describe('Admin dashboard in Chromium', () => {
  e2eTest(world, 'sign in, edit a profile, publish: the widget on the partner page shows the new greeting', async ({ page }) => {
    // Before: the widget shows the seeded greeting.
    await gotoPartner(page, world.partner);
    await openChat(page, { greeting: GREETING });

    const admin = await page.context().newPage();
    await signIn(admin, world.host.origin, ADMIN);

    await admin.goto(`${world.host.origin}/admin/profiles`);
    await admin.getByRole('row', { name: /course/ }).getByRole('link', { name: 'Edit' }).click();
    await admin.waitForURL(/\/admin\/profiles\/edit\/course$/);

    const greeting = admin.getByLabel('Greeting', { exact: true });
    assert.equal(await greeting.inputValue(), GREETING);
    await greeting.fill(NEW_GREETING);
    await admin.getByRole('button', { name: 'Save draft' }).click();
    await admin.getByText('You are editing an unpublished draft').waitFor({ state: 'visible', timeout: 15_000 });

    // A draft is not live: a new session still gets the published greeting.
    await gotoPartner(page, world.partner);
    await openChat(page, { greeting: GREETING });

    const publish = admin.getByRole('button', { name: 'Publish draft' });
    await waitUntil(() => publish.isEnabled(), { message: 'Publish to be enabled' });
    await publish.click();
    await admin.getByText('No unpublished changes: this is the live version.').waitFor({ state: 'visible', timeout: 15_000 });

    // After publishing: a new page view of the partner page (a new session) shows the new greeting.
    await gotoPartner(page, world.partner);
    const frame = await openChat(page, { greeting: NEW_GREETING });
    assert.equal(await frame.getByText(GREETING, { exact: true }).count(), 0);

    // The embed snippet page previews the platform's default profile as published, in its accent, under the
    // dashboard's CSP (no inline style: the accent is applied through CSSOM).
    const violations = [];
    admin.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await admin.goto(`${world.host.origin}/admin/platforms/embed/e2e`);
    const preview = admin.locator('#widget-preview');
    assert.equal(await preview.locator('.wp-greeting').textContent(), NEW_GREETING);
    assert.equal(await preview.locator('.wp-header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 102, 194)');
    if (process.env.CHATWIDGET_E2E_PREVIEW_SHOT) await preview.screenshot({ path: process.env.CHATWIDGET_E2E_PREVIEW_SHOT });
    assert.deepEqual(violations, []);
  }, { timeout: 120_000 });

  e2eTest(world, 'rotating the team password sends an open /chat back to the password form', async ({ page, context }) => {
    await page.goto(`${world.host.origin}/chat`);
    await page.getByLabel('Team password').fill(TEAM_PASSWORD);
    await page.getByRole('button', { name: 'Start chatting' }).click();
    await page.getByText(TEAM_GREETING).waitFor({ state: 'visible', timeout: 15_000 });

    const admin = await context.newPage();
    await signIn(admin, world.host.origin, ADMIN);
    await admin.goto(`${world.host.origin}/admin/team`);
    const rotated = 'a brand new team passphrase 42';
    await admin.getByLabel(/New password/).fill(rotated);
    await admin.getByLabel('Repeat it').fill(rotated);
    await admin.getByRole('button', { name: /Save password/ }).click();
    await admin.getByRole('status').filter({ hasText: 'Team password saved' }).waitFor({ state: 'visible', timeout: 15_000 });

    // The open chat learns at its next request: back to the form, which says why.
    const input = page.locator('#cw-input');
    await input.fill(TEAM_QUESTION);
    await input.press('Enter');
    const alert = page.getByRole('alert');
    await page.getByLabel('Team password').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal((await alert.textContent()).trim(), 'Team access changed — enter the current password.');

    // The old password no longer works; the new one does.
    await page.getByLabel('Team password').fill(TEAM_PASSWORD);
    await page.getByRole('button', { name: 'Start chatting' }).click();
    await waitUntil(async () => (await alert.textContent()).includes('not accepted'), { message: 'the old password refused' });
    await page.getByLabel('Team password').fill(rotated);
    await page.getByRole('button', { name: 'Start chatting' }).click();
    await page.getByText(TEAM_GREETING).waitFor({ state: 'visible', timeout: 15_000 });
  }, { timeout: 120_000 });
});
