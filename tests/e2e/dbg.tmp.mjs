import { test } from 'node:test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os'; import path from 'node:path';
import { launchPersistentContext } from './harness/browser.mjs';
import { useLtiWorld } from './harness/lti.mjs';
const world = useLtiWorld();
test('dbg', { timeout: 120000 }, async () => {
  for (const mode of ['initial', 'new', 'initial', 'new']) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cwdbg-')); mkdirSync(path.join(dir, 'Default'));
    writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    const ctx = await launchPersistentContext(dir);
    const page = mode === 'initial' ? ctx.pages()[0] : await ctx.newPage();
    const events = [];
    page.on('framenavigated', (f) => events.push(`nav ${f === page.mainFrame() ? 'main' : 'sub'} ${f.url().slice(0, 60)}`));
    page.on('frameattached', (f) => events.push('attached'));
    page.on('framedetached', (f) => events.push('detached'));
    const spec = world.platform.prepareLaunch();
    await page.goto(spec.coursePageUrl({ storage: true }));
    await page.waitForTimeout(4000);
    const h = await page.locator('#tool').elementHandle();
    const cf = await h.contentFrame();
    console.log(mode, 'contentFrame', cf?.url().slice(0, 60), 'frames', page.frames().map(f => f.url().slice(0, 50)));
    console.log(events.join('\n'));
    await page.screenshot({ path: `/tmp/dbg-${mode}.png` });
    await ctx.close();
  }
});
