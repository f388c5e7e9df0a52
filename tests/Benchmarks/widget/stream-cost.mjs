// The frame's cost of one long streamed answer (issue 12): a 2000-token Markdown answer, streamed by Host's offline
// model one word (one SSE chunk, one "token") every WORD_DELAY_MS, measured on the frame's own main thread and on the
// partner page's. Run with the current frame and, in alternating order in the same run, with the frame of an earlier
// commit (baseline-frame.mjs), so "before" and "after" share the machine, the browser and the Host.
import { newContext } from '../../e2e/harness/browser.mjs';
import { openChat, send, sleep } from '../../e2e/harness/widget.mjs';
import { p50p90 } from './stats.mjs';

export const STREAM_TOKENS = 2000;
/** Pause between the offline model's words: 100 tokens/s, a fast model. */
export const WORD_DELAY_MS = 10;
const QUESTION = 'Write the long photosynthesis study guide';
const PROFILE = 'long-answer';
const PLATFORM = 'stream-bench';
const GREETING = 'Hello from the streaming benchmark';

/** Words as the offline model streams them (leading whitespace rides with the first, trailing with each). */
const words = (text) => text.match(/\s*\S+\s*/g) ?? [];

/**
 * A study guide of exactly STREAM_TOKENS words with what answers carry: headings, paragraphs, lists, code and a
 * table, so the renderer meets every kind of block while it grows.
 */
export function longAnswer() {
  const blocks = [];
  for (let i = 1; words(blocks.join('')).length < STREAM_TOKENS; i++) {
    blocks.push(
      `## Part ${i}: light and sugar\n\n`,
      `In part ${i} the **chloroplast** captures light and the plant turns water and carbon dioxide into sugar. `.repeat(3) + '\n\n',
      Array.from({ length: 5 }, (_, k) => `- Point ${k + 1} of part ${i}: rubisco fixes *carbon* in the stroma`).join('\n') + '\n\n',
      '```python\n' + `def part_${i}(light, water):\n    sugar = light * water / 6\n    return sugar\n` + '```\n\n',
      `| step | where | makes |\n| --- | --- | --- |\n| light ${i} | thylakoid | ATP |\n| dark ${i} | stroma | sugar |\n\n`,
    );
  }
  return words(blocks.join('')).slice(0, STREAM_TOKENS).join('');
}

/** The seed additions: a profile that answers QUESTION with longAnswer(), on a platform of its own. */
export function streamSeed({ partnerOrigin, publicKeyPem }) {
  return {
    extraProfiles: [{
      id: PROFILE,
      title: 'Streaming benchmark',
      instructions: 'Answer at length.',
      model: 'offline',
      maxOutputTokens: 8000,
      greeting: GREETING,
      locale: 'en',
      knowledge: [{ q: QUESTION, a: longAnswer() }],
    }],
    extraPlatforms: [{
      id: PLATFORM,
      issuer: partnerOrigin,
      audience: 'chatwidget',
      algorithms: ['ES256'],
      publicKeyPem,
      allowedOrigins: [partnerOrigin],
      profiles: [PROFILE],
      defaultProfile: PROFILE,
      enabled: true,
    }],
  };
}

export const streamPlatform = PLATFORM;

const CDP = { threadCpuMs: 'ThreadTime', taskMs: 'TaskDuration', scriptMs: 'ScriptDuration', layoutMs: 'LayoutDuration', recalcStyleMs: 'RecalcStyleDuration' };

async function counters(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const byName = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  return Object.fromEntries(Object.entries(CDP).map(([key, name]) => [key, byName[name] * 1000]));
}

const longTasks = (target) => target.evaluate(() => window.__cwLongTasks.slice());

/**
 * One answer, streamed into a fresh context. `frame` is null for the current build (served by Host) or the
 * { js, css } of an earlier build, served in its place. The end is the frame's own `chatwidget:answer-finished`
 * message, heard on the page, so nothing of the benchmark runs in the frame while it streams.
 */
export async function streamOnce(browser, partner, { frame = null, observeLongTasks }) {
  const context = await newContext(browser);
  try {
    await context.addInitScript(observeLongTasks);
    if (frame) {
      await context.route('**/widget/frame.js', (route) => route.fulfill({ body: frame.js, contentType: 'text/javascript; charset=utf-8' }));
      await context.route('**/widget/frame.css', (route) => route.fulfill({ body: frame.css, contentType: 'text/css; charset=utf-8' }));
    }
    const page = await context.newPage();
    await page.goto(partner.url(), { waitUntil: 'load' });
    const chat = await openChat(page, { greeting: GREETING });
    await sleep(500);
    const frameCdp = await context.newCDPSession(chat);
    await frameCdp.send('Performance.enable');
    const pageCdp = await context.newCDPSession(page);
    await pageCdp.send('Performance.enable');
    const finished = page.evaluate(() => new Promise((resolve) => {
      window.addEventListener('message', (e) => e.data?.type === 'chatwidget:answer-finished' && resolve());
    }));
    const [pageTasksBefore, frameTasksBefore] = [(await longTasks(page)).length, (await longTasks(chat)).length];
    const [frameBefore, pageBefore] = [await counters(frameCdp), await counters(pageCdp)];
    const started = Date.now();
    await send(chat, QUESTION);
    await finished;
    const durationMs = Date.now() - started;
    const [frameAfter, pageAfter] = [await counters(frameCdp), await counters(pageCdp)];
    const pageTasks = (await longTasks(page)).slice(pageTasksBefore);
    const frameTasks = (await longTasks(chat)).slice(frameTasksBefore);
    const shown = await chat.evaluate(() => document.querySelector('li.cw-assistant:last-child .cw-body')?.textContent ?? '');
    if (!shown.includes('light and sugar')) throw new Error('the long answer was not shown in the frame');
    const frameCost = Object.fromEntries(Object.keys(CDP).map((k) => [k, frameAfter[k] - frameBefore[k]]));
    return {
      durationMs,
      frame: { ...frameCost, perTokenUs: (frameCost.threadCpuMs * 1000) / STREAM_TOKENS, longTaskCount: frameTasks.length, longestTaskMs: Math.max(0, ...frameTasks) },
      page: { threadCpuMs: pageAfter.threadCpuMs - pageBefore.threadCpuMs, longTaskCount: pageTasks.length, longTaskMs: pageTasks.reduce((a, b) => a + b, 0) },
    };
  } finally {
    await context.close();
  }
}

const SUMMARY = {
  perTokenUs: (r) => r.frame.perTokenUs,
  frameThreadCpuMs: (r) => r.frame.threadCpuMs,
  frameTaskMs: (r) => r.frame.taskMs,
  frameScriptMs: (r) => r.frame.scriptMs,
  frameLayoutMs: (r) => r.frame.layoutMs,
  frameRecalcStyleMs: (r) => r.frame.recalcStyleMs,
  frameLongTaskCount: (r) => r.frame.longTaskCount,
  frameLongestTaskMs: (r) => r.frame.longestTaskMs,
  pageThreadCpuMs: (r) => r.page.threadCpuMs,
  pageLongTaskCount: (r) => r.page.longTaskCount,
  pageLongTaskMs: (r) => r.page.longTaskMs,
  durationMs: (r) => r.durationMs,
};

const summarize = (samples) => Object.fromEntries(Object.entries(SUMMARY).map(([k, pick]) => [k, p50p90(samples, pick)]));

/**
 * `runs` answers with the current frame and, when `baseline` has a build, as many with it, in alternating order after
 * one uncounted warm-up. JSON: { tokens, wordDelayMs, runs, baseline: { ref, commit } | { ref, error } | null,
 * current, before (null without a baseline build): each metric of SUMMARY as { p50, p90 }, raw }.
 */
export async function measureStreaming(browser, partner, { runs, baseline, observeLongTasks }) {
  const before = baseline && !baseline.error ? { js: baseline.js, css: baseline.css } : null;
  await streamOnce(browser, partner, { observeLongTasks });
  const raw = [];
  for (let run = 1; run <= runs; run++) {
    const pass = async (which) => (which === 'before' ? streamOnce(browser, partner, { frame: before, observeLongTasks }) : streamOnce(browser, partner, { observeLongTasks }));
    const order = before ? (run % 2 ? ['before', 'current'] : ['current', 'before']) : ['current'];
    const entry = { run };
    for (const which of order) entry[which] = await pass(which);
    raw.push(entry);
    process.stdout.write(`streaming run ${run}/${runs}\r`);
  }
  return {
    tokens: STREAM_TOKENS,
    wordDelayMs: WORD_DELAY_MS,
    runs,
    baseline: baseline && (baseline.error ? { ref: baseline.ref, error: baseline.error } : { ref: baseline.ref, commit: baseline.commit }),
    current: summarize(raw.map((r) => r.current)),
    before: before ? summarize(raw.map((r) => r.before)) : null,
    raw,
  };
}

export function printStreaming(s) {
  const label = s.baseline?.commit ? `before (frame of ${s.baseline.commit})` : 'before';
  console.log(`\nOne ${s.tokens}-token answer streamed (${s.wordDelayMs} ms a token), ${s.runs} runs, p50 [p90]`);
  if (s.baseline?.error) console.log(`no "before": the frame of ${s.baseline.ref} could not be built (${s.baseline.error})`);
  console.log(`${''.padEnd(32)}| ${label.padEnd(26)}| now`);
  for (const k of Object.keys(SUMMARY)) {
    const cell = (x) => (x ? `${x[k].p50} [${x[k].p90}]` : '–').padEnd(26);
    console.log(`${k.padEnd(32)}| ${cell(s.before)}| ${cell(s.current)}`);
  }
}
