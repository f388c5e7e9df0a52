#!/usr/bin/env node
// What the widget costs the partner page that embeds it, in headless Chromium:
//
//   node tests/Benchmarks/widget/widget-cost.mjs --out <file.json> [--runs N] [--stream-runs N] [--baseline-ref <commit>|none]
//   (--runs defaults to 15, --stream-runs to 3, --baseline-ref to cef8b12)
//
// Sizes: the built loader (widget.js) and frame (frame.js + frame.css) gzipped at level 9 — the same files and
// the same gzip as Widget's `check:budgets` (scripts/check-budgets.mjs, which only prints) — plus what Host
// actually sends for each of them (bytes on the wire and Content-Encoding).
//
// Main-thread time: the e2e harness (tests/e2e/harness) starts Host, the partner page on another origin and the
// system Chromium. One uncounted warm-up run, then each run has two fresh browser contexts, in alternating order:
//   - baseline: the partner page with the <script src=".../widget.js"> tag cut out of the HTML by a route,
//     otherwise the same page;
//   - with loader: the partner page as partners embed it. It passes through the same route unchanged but is not
//     fulfilled by it: Chromium counts a fulfilled document as public address space, and its Local Network
//     Access checks would then refuse widget.js from Host's loopback address.
// In each, after `load`, network idle and a 1 s quiet period, the page's counters are read (phase `baseline`
// and `beforeOpen`, counted from navigation). Then the mouse clicks the launcher, or the same spot on the page
// without the widget, and the increase is read once the greeting is in the frame and the page was quiet 1 s
// again (phase `afterOpen`, and its control `baselineClick`).
//   Counters: CDP Performance.getMetrics on the page's target — TaskDuration (wall time of main-thread tasks),
//   ScriptDuration, LayoutDuration, RecalcStyleDuration (wall time too), ThreadTime (main-thread CPU time) and
//   DevToolsCommandDuration (the benchmark's own CDP work, included in the task time) — and long tasks (> 50 ms
//   wall) from a PerformanceObserver({type: 'longtask', buffered: true}) that an init script installs before any
//   page script runs. Wall times grow when the renderer waits for a core (browser, frame process and Host share
//   the machine), so on a busy machine ThreadTime is the steadiest of them.
//
// The frame is separate: it comes from Host's origin, a different site, so Chromium runs it in its own renderer
// process, and its work never lands on the page's main thread. `frameProcess` is that process's own main thread,
// from a CDP session attached to the frame's target; the request for frame.js is held until that session has
// Performance enabled, so all of the frame's code is counted (only the parsing of its 0.4 KB HTML is not).
// The frame's wait for the greeting is a single MutationObserver, to keep the benchmark's share there small.
//
// JSON (--out): every time in ms; each summary is { p50, p90 } (linear interpolation between sorted runs).
//   chromium, machine { cpu, cores, memoryBytes, os, node }, runs,
//   sizes { loaderGzipBytes, frameGzipBytes, files: [{ file, rawBytes, gzipBytes, servedBytes, servedEncoding }] },
//   phases { baseline, beforeOpen, baselineClick, afterOpen, frameProcess | null }
//     each { taskMs, scriptMs, layoutMs, recalcStyleMs, threadCpuMs, devtoolsMs, longTaskCount, longTaskMs }
//     (baseline, beforeOpen: totals after load; baselineClick, afterOpen: increase from the click on),
//   loaderAdded { beforeOpen: beforeOpen − baseline, afterOpen: afterOpen − baselineClick }
//     each metric { p50, p90, withinNoise } over the per-run paired differences; withinNoise is true when 0 lies
//     between their 10th and 90th percentiles, i.e. these runs cannot tell the loader from no loader,
//   raw [{ run, baseline, baselineClick, beforeOpen, afterOpen, frameProcess }],
//   streaming: one 2000-token answer in the frame, now and with the frame of --baseline-ref (stream-cost.mjs).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, newContext } from '../../e2e/harness/browser.mjs';
import { buildHost, startHost } from '../../e2e/harness/host.mjs';
import { createPlatformKey, startPartner } from '../../e2e/harness/partner.mjs';
import { GREETING } from '../../e2e/harness/seed.mjs';
import { launcher, sleep, waitUntil } from '../../e2e/harness/widget.mjs';
import { ensureWidgetBuilt, sizes } from './sizes.mjs';
import { DEFAULT_BASELINE_REF, buildBaselineFrame } from './baseline-frame.mjs';
import { CDP_METRICS, printTable, report } from './page-report.mjs';
import { WORD_DELAY_MS, measureStreaming, printStreaming, streamPlatform, streamSeed } from './stream-cost.mjs';

const QUIET_MS = 1000;

function options() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      runs: { type: 'string', default: '15' },
      'stream-runs': { type: 'string', default: '3' },
      'baseline-ref': { type: 'string', default: DEFAULT_BASELINE_REF },
    },
  });
  if (!values.out) throw new Error('usage: node tests/Benchmarks/widget/widget-cost.mjs --out <file.json> [--runs N] [--stream-runs N] [--baseline-ref <commit>|none]');
  const count = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got ${values[name]})`);
    return n;
  };
  const baselineRef = values['baseline-ref'] === 'none' ? null : values['baseline-ref'];
  return { out: path.resolve(values.out), runs: count('runs'), streamRuns: count('stream-runs'), baselineRef };
}

// ---- one measured page ----

/** Installed before any page script: collects the duration of every long task of the document. */
const OBSERVE_LONG_TASKS = () => {
  window.__cwLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__cwLongTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

const WIDGET_SCRIPT_TAG = /<script\b[^>]*\/widget\.js"[^>]*><\/script>\n?/;

/**
 * A fresh context and page on which the partner page comes with or without the widget's script tag, the
 * long-task observer, and a CDP session with Performance enabled before navigation.
 */
async function measuredPage(browser, partner, { withLoader }) {
  const context = await newContext(browser);
  await context.addInitScript(OBSERVE_LONG_TASKS);
  await context.route(partner.url(), async (route) => {
    if (withLoader) return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace(WIDGET_SCRIPT_TAG, '') });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { context, page, cdp };
}

/** ms with µs precision (what the counters have; also drops float noise from subtracting them). */
const toMicroseconds = (ms) => Math.round(ms * 1000) / 1000;

async function readCounters(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const byName = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  return Object.fromEntries(Object.entries(CDP_METRICS).map(([key, name]) => [key, toMicroseconds(byName[name] * 1000)]));
}

const readLongTasks = (pageOrFrame) => pageOrFrame.evaluate(() => window.__cwLongTasks.slice());

const longTaskSummary = (durations) => ({ longTaskCount: durations.length, longTaskMs: durations.reduce((a, b) => a + b, 0) });

const increase = (after, before) => Object.fromEntries(Object.keys(CDP_METRICS).map((k) => [k, toMicroseconds(after[k] - before[k])]));

async function loadAndSettle(page, partner) {
  await page.goto(partner.url(), { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  await sleep(QUIET_MS);
}

/**
 * Loads the page, reads its totals, clicks at `clickAt` and `afterClick()` (what to wait for), then reads the
 * increase. The reads in between (long tasks, the launcher's box) fall outside both windows.
 */
async function measure({ page, cdp }, partner, { clickAt, afterClick }) {
  await loadAndSettle(page, partner);
  const loadCounters = await readCounters(cdp);
  const loadLongTasks = await readLongTasks(page);
  const point = await clickAt();
  const beforeClick = await readCounters(cdp);
  await page.mouse.click(point.x, point.y);
  await afterClick();
  await sleep(QUIET_MS);
  const afterCounters = await readCounters(cdp);
  const allLongTasks = await readLongTasks(page);
  return {
    loaded: { ...loadCounters, ...longTaskSummary(loadLongTasks) },
    clicked: { ...increase(afterCounters, beforeClick), ...longTaskSummary(allLongTasks.slice(loadLongTasks.length)) },
  };
}

async function runBaseline(browser, partner, clickPoint) {
  const measured = await measuredPage(browser, partner, { withLoader: false });
  try {
    const { loaded, clicked } = await measure(measured, partner, { clickAt: async () => clickPoint, afterClick: async () => {} });
    if (await measured.page.locator('script[src*="widget.js"]').count()) throw new Error('the baseline page still has the widget script');
    return { baseline: loaded, baselineClick: clicked };
  } finally {
    await measured.context.close();
  }
}

/** Resolves once the text is in the document (one MutationObserver: little work of ours in the frame). */
function waitForText(frame, text, timeoutMs = 15_000) {
  return frame.evaluate(([wanted, timeout]) => new Promise((resolve, reject) => {
    const found = () => document.body?.textContent.includes(wanted);
    if (found()) return resolve();
    const timer = setTimeout(() => reject(new Error(`"${wanted}" did not appear in the frame within ${timeout} ms`)), timeout);
    new MutationObserver((_, observer) => {
      if (!found()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }), [text, timeoutMs]);
}

/**
 * Holds frame.js back until attach() — called once the launcher was clicked — has a CDP session with Performance
 * enabled on the frame's own target (see the header). attach() gives { frame, cdp }, cdp null when the frame
 * has no target of its own (not out of process).
 */
async function watchFrameProcess(context, page) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await context.route('**/widget/frame.js', async (route) => {
    await released;
    await route.continue();
  });
  const attach = async () => {
    const frame = await waitUntil(() => page.frames().find((f) => f.url().includes('/widget/frame')), { message: 'the chat frame' });
    try {
      const cdp = await waitUntil(() => context.newCDPSession(frame), { timeout: 5000, message: 'a CDP session on the frame' });
      await cdp.send('Performance.enable');
      return { frame, cdp };
    } catch (err) {
      console.warn(`warning: no CDP session on the frame's own process (${err.message}); frameProcess will be null`);
      return { frame, cdp: null };
    } finally {
      release();
    }
  };
  return attach;
}

async function runWithLoader(browser, partner) {
  const measured = await measuredPage(browser, partner, { withLoader: true });
  const { context, page } = measured;
  try {
    const attachToFrame = await watchFrameProcess(context, page);
    let center;
    let attached;
    const { loaded, clicked } = await measure(measured, partner, {
      clickAt: async () => {
        const box = await launcher(page, /open chat/i).boundingBox();
        if (!box) throw new Error('the launcher is not on the page');
        center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        return center;
      },
      afterClick: async () => {
        attached = await attachToFrame();
        await waitForText(attached.frame, GREETING);
      },
    });
    const frameCounters = attached.cdp && { ...(await readCounters(attached.cdp)), ...longTaskSummary(await readLongTasks(attached.frame)) };
    if (!(await attached.frame.getByText(GREETING).isVisible())) throw new Error('the greeting is in the frame but not visible');
    return { beforeOpen: loaded, afterOpen: clicked, frameProcess: frameCounters, center };
  } finally {
    await context.close();
  }
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryBytes: os.totalmem(), os: `${os.platform()} ${os.release()}`, node: process.version };
}

// ---- main ----

async function main() {
  const { out, runs, streamRuns, baselineRef } = options();
  // Ctrl+C or a kill: exit normally, so the harness's exit hook stops Host (its own process group).
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  const world = {};
  try {
    // The browser first: without Chromium there is nothing to measure (the harness says how to install it).
    world.browser = await launchBrowser();
    ensureWidgetBuilt();
    console.log('Building Host (dotnet build Host) ...');
    buildHost();
    const baseline = baselineRef && buildBaselineFrame(baselineRef);
    const key = await createPlatformKey();
    world.partner = await startPartner({ privateKey: key.privateKey });
    world.streamPartner = await startPartner({ platform: streamPlatform, privateKey: key.privateKey });
    world.host = await startHost({
      partnerOrigin: world.partner.origin,
      publicKeyPem: key.publicKeyPem,
      ...streamSeed({ partnerOrigin: world.streamPartner.origin, publicKeyPem: key.publicKeyPem }),
      env: { ChatWidget__Llm__OfflineWordDelayMilliseconds: String(WORD_DELAY_MS) },
    });
    world.partner.hostOrigin = world.streamPartner.hostOrigin = world.host.origin;
    const { browser, partner } = world;

    // Warm-up (not counted): Host's first requests, and where the launcher is for the baseline's click.
    const { center } = await runWithLoader(browser, partner);
    const raw = [];
    for (let run = 1; run <= runs; run++) {
      const loaderFirst = run % 2 === 0;
      const first = loaderFirst ? await runWithLoader(browser, partner) : await runBaseline(browser, partner, center);
      const second = loaderFirst ? await runBaseline(browser, partner, center) : await runWithLoader(browser, partner);
      const { baseline, baselineClick, beforeOpen, afterOpen, frameProcess } = { ...first, ...second };
      raw.push({ run, baseline, baselineClick, beforeOpen, afterOpen, frameProcess });
      process.stdout.write(`run ${run}/${runs}\r`);
    }
    const streaming = await measureStreaming(browser, world.streamPartner, { runs: streamRuns, baseline, observeLongTasks: OBSERVE_LONG_TASKS });
    const result = { chromium: browser.version(), machine: machine(), runs, sizes: await sizes(world.host.origin), ...report(raw), raw, streaming };
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    printTable(result);
    printStreaming(streaming);
    console.log(`\nwrote ${out}`);
  } catch (err) {
    if (world.host) console.error(`--- Host log (last 3000 chars) ---\n${world.host.log().slice(-3000)}\n---`);
    throw err;
  } finally {
    await world.browser?.close();
    await world.host?.stop();
    await world.partner?.close();
    await world.streamPartner?.close();
  }
}

main().catch((err) => {
  console.error(`widget-cost failed: ${err.message}`);
  process.exitCode = 1;
});
