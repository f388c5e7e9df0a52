// Launches the system Chromium through playwright-core. No browser is ever downloaded: a missing Chromium
// is a failure with the install hint, never a skip.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_MISSING =
  'Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH';

export function chromiumPath() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(candidate)) throw new Error(`${CHROMIUM_MISSING} (looked for ${candidate})`);
  return candidate;
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * Playwright turns off Chromium's third-party storage partitioning (microsoft/playwright#32230). Without it,
 * Chromium — which blocks third-party cookies here — denies a cross-site frame *every* storage API, so a test
 * that "the frame stored nothing" would pass whatever the widget did. Browsers learners use partition
 * third-party storage instead (the frame gets its own localStorage, IndexedDB, ... keyed by the top site), so
 * we put partitioning back: Playwright's --disable-features switch, read from a throwaway launch, minus
 * that one feature.
 */
let options;
async function launchOptions() {
  options ??= (async () => {
    const server = await chromium.launchServer({ executablePath: chromiumPath(), args: ARGS });
    const defaults = server.process().spawnargs.find((a) => a.startsWith('--disable-features=')) ?? null;
    await server.close();
    if (!defaults) return { executablePath: chromiumPath(), headless: true, args: ARGS };
    const kept = defaults
      .slice('--disable-features='.length)
      .split(',')
      .filter((f) => f !== 'ThirdPartyStoragePartitioning');
    return {
      executablePath: chromiumPath(),
      headless: true,
      ignoreDefaultArgs: [defaults],
      args: [...ARGS, `--disable-features=${kept.join(',')}`],
    };
  })();
  return options;
}

/**
 * The harness's switches plus `extraArgs` (see lti-browser.test.mjs); `--disable-features=` lists are merged, since
 * Chromium reads only one of them.
 */
function withArgs(args, extraArgs) {
  const FLAG = '--disable-features=';
  const features = [...args, ...extraArgs].filter((a) => a.startsWith(FLAG)).flatMap((a) => a.slice(FLAG.length).split(','));
  const rest = [...args, ...extraArgs].filter((a) => !a.startsWith(FLAG));
  return features.length ? [...rest, FLAG + [...new Set(features)].join(',')] : rest;
}

export async function launchBrowser({ extraArgs = [] } = {}) {
  const options = await launchOptions();
  return chromium.launch({ ...options, args: withArgs(options.args, extraArgs) });
}

/**
 * The loader puts its launcher in a *closed* shadow root, which no selector engine (Playwright's, axe's)
 * can enter. This init script opens only the widget's root (the <chat-widget> host), so the tests can find
 * the launcher by role and name and axe can check it. It changes the encapsulation mode and nothing else:
 * the styles, focus order and behaviour the learner gets are the same.
 */
const OPEN_WIDGET_SHADOW_ROOT = () => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, this.localName === 'chat-widget' ? { ...init, mode: 'open' } : init);
  };
};

/**
 * A browser with its own profile directory (`userDataDir`), for settings only a profile can carry (the LTI test
 * blocks every cookie through the profile's Preferences). Same executable and flags as launchBrowser().
 */
export async function launchPersistentContext(userDataDir, { extraArgs = [], ...options } = {}) {
  const launch = await launchOptions();
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...launch,
    args: withArgs(launch.args, extraArgs),
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  await context.addInitScript(OPEN_WIDGET_SHADOW_ROOT);
  return context;
}

/** A fresh context (its own profile: no cookies or storage from other tests). */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await context.addInitScript(OPEN_WIDGET_SHADOW_ROOT);
  return context;
}
