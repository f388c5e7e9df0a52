// Course knowledge end to end in real Chromium: an administrator uploads a syllabus on the dashboard's Knowledge
// page, publishes it and attaches it to the course profile; a learner on the partner page asks about it and sees the
// answer with the syllabus listed under it as its source. Host runs in Development for the dashboard over plain
// http (see admin.test.mjs).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { signIn } from '../harness/admin.mjs';
import { screenshotsDir } from '../harness/paths.mjs';
import { GREETING } from '../harness/seed.mjs';
import { filesContaining, needlesIn } from '../harness/stored-bytes.mjs';
import { e2eTest, useSuite } from '../harness/suite.mjs';
import { gotoPartner, openChat, send, waitForAnswer, waitUntil } from '../harness/widget.mjs';

const ADMIN = { email: 'e2e-knowledge@example.org', password: 'e2e knowledge passphrase 5182' };
const SYLLABUS_URL = 'https://lms.example.edu/cs101/syllabus';
const SYLLABUS = [
  '# CS101 syllabus',
  '',
  '## Final exam',
  '',
  'The final exam takes place on 14 December at 9am in the Great Hall. Bring your student card.',
  '',
  '## Grading',
  '',
  'Homework counts for 40 percent of the grade and the final exam for 60 percent.',
  '',
].join('\n');

const world = useSuite({ environment: 'Development', admin: ADMIN });

/** Waits for the dashboard's one-line confirmation after a save or publish. */
const confirmed = (admin, text) => admin.locator('.flash').filter({ hasText: text }).waitFor({ state: 'visible', timeout: 15_000 });

describe('Course knowledge in Chromium', () => {
  e2eTest(world, 'a syllabus uploaded and published on the dashboard answers a learner, with its source under the answer', async ({ page }) => {
    const admin = await page.context().newPage();
    await signIn(admin, world.host.origin, ADMIN);

    // Create the knowledge base, upload the syllabus, give it its public URL, publish.
    await admin.goto(`${world.host.origin}/admin/knowledge`);
    await admin.getByRole('link', { name: 'New knowledge base' }).click();
    await admin.getByLabel('Id').fill('cs101');
    await admin.getByLabel('Title').fill('CS101 material');
    await admin.getByRole('button', { name: 'Create knowledge base' }).click();
    await confirmed(admin, 'Knowledge base created');
    await admin.getByLabel('Add a document').setInputFiles({ name: 'syllabus.md', mimeType: 'text/markdown', buffer: Buffer.from(SYLLABUS) });
    await admin.getByRole('button', { name: 'Upload and save draft' }).click();
    await confirmed(admin, 'Added syllabus.md');
    await admin.getByLabel('Title of syllabus.md').fill('Syllabus');
    await admin.getByLabel('Public URL of syllabus.md').fill(SYLLABUS_URL);
    await admin.getByRole('button', { name: 'Save draft', exact: true }).click();
    await confirmed(admin, 'Draft saved');
    await admin.getByRole('button', { name: 'Publish draft' }).click();
    await confirmed(admin, 'Published cs101');
    await admin.goto(`${world.host.origin}/admin/knowledge/revisions/cs101`);
    await admin.getByRole('cell', { name: 'revision 1 (live)' }).waitFor({ state: 'visible', timeout: 15_000 });

    // Attach it to the course profile and publish the profile.
    await admin.goto(`${world.host.origin}/admin/profiles/edit/course`);
    await admin.locator('#grounding').getByLabel('cs101').check();
    await admin.getByRole('button', { name: 'Save draft', exact: true }).click();
    await admin.getByText('You are editing an unpublished draft').waitFor({ state: 'visible', timeout: 15_000 });
    const publish = admin.getByRole('button', { name: 'Publish draft' });
    await waitUntil(() => publish.isEnabled(), { message: 'Publish to be enabled' });
    await publish.click();
    await admin.getByText('No unpublished changes: this is the live version.').waitFor({ state: 'visible', timeout: 15_000 });

    // The learner asks on the partner page (a new session: the published profile).
    await gotoPartner(page, world.partner);
    const frame = await openChat(page, { greeting: GREETING });
    await send(frame, 'When is the final exam for CS101?');
    const answer = await waitForAnswer(frame, { timeout: 30_000 });
    assert.match(answer.text, /14 December/);
    assert.match(answer.text, /\[1\]/);

    const sources = frame.locator('li.cw-assistant').last().locator('.cw-sources');
    assert.equal(await sources.getByText('Sources', { exact: true }).count(), 1);
    const list = sources.getByRole('list', { name: 'Sources' });
    const item = list.getByRole('listitem');
    assert.equal(await item.count(), 1);
    assert.match(await item.textContent(), /^\[1\] Syllabus/);
    const link = item.getByRole('link', { name: /Syllabus/ });
    assert.equal(await link.getAttribute('href'), SYLLABUS_URL);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    // The README's picture of an answer with its source (docs/screenshots/widget-sources.png).
    mkdirSync(screenshotsDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotsDir, 'widget-sources.png'), animations: 'disabled', caret: 'hide' });

    // The question is searched in memory only: a canary question is in no log line and no file Host keeps.
    const canary = `kq${randomBytes(8).toString('hex')}`;
    const answered = await frame.locator('li.cw-assistant').count();
    await send(frame, `Does the final exam in the Great Hall allow notes ${canary}?`);
    await waitUntil(async () => (await frame.locator('li.cw-assistant').count()) > answered, { message: 'a second answer' });
    await waitForAnswer(frame, { timeout: 30_000 });
    const needles = [['canary question', canary]];
    assert.deepEqual(needlesIn(needles, Buffer.from(world.host.log())), [], 'no log line carries the question');
    // Control: the scan reads the database's bytes (the syllabus's extracted text is stored there).
    const control = filesContaining(world.host.dataDir, (buf) => (buf.includes(Buffer.from('Great Hall')) ? ['syllabus'] : []));
    assert.ok(control.some((f) => /\.(db|sqlite)(-wal)?$/.test(f.file)), `the scan reads the database: ${JSON.stringify(control)}`);
    assert.deepEqual(filesContaining(world.host.dataDir, (buf) => needlesIn(needles, buf)), [], 'no file carries the question');
  }, { timeout: 150_000 });
});
