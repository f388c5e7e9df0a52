// The page measurement's summary (p50/p90 of the runs, the loader's paired differences) and its printed table.
import { p50p90, percentile, round } from './stats.mjs';

/** CDP Performance.getMetrics names of the counters read on the page and in the frame's process. */
export const CDP_METRICS = {
  taskMs: 'TaskDuration',
  scriptMs: 'ScriptDuration',
  layoutMs: 'LayoutDuration',
  recalcStyleMs: 'RecalcStyleDuration',
  threadCpuMs: 'ThreadTime',
  devtoolsMs: 'DevToolsCommandDuration',
};
const METRICS = [...Object.keys(CDP_METRICS), 'longTaskCount', 'longTaskMs'];

// ---- statistics ----

function summarize(samples) {
  return Object.fromEntries(METRICS.map((k) => [k, p50p90(samples, (s) => s[k])]));
}

function pairedDifference(withWidget, without) {
  return Object.fromEntries(METRICS.map((k) => {
    const diffs = withWidget.map((s, i) => s[k] - without[i][k]);
    const withinNoise = percentile(diffs, 0.1) <= 0 && percentile(diffs, 0.9) >= 0;
    return [k, { p50: round(percentile(diffs, 0.5)), p90: round(percentile(diffs, 0.9)), withinNoise }];
  }));
}

export function report(raw) {
  const column = (name) => raw.map((r) => r[name]);
  const frames = column('frameProcess');
  return {
    phases: {
      baseline: summarize(column('baseline')),
      beforeOpen: summarize(column('beforeOpen')),
      baselineClick: summarize(column('baselineClick')),
      afterOpen: summarize(column('afterOpen')),
      frameProcess: frames.every(Boolean) ? summarize(frames) : null,
    },
    loaderAdded: {
      beforeOpen: pairedDifference(column('beforeOpen'), column('baseline')),
      afterOpen: pairedDifference(column('afterOpen'), column('baselineClick')),
    },
  };
}

// ---- output ----

const LABELS = {
  taskMs: 'task time, ms',
  scriptMs: 'script, ms',
  layoutMs: 'layout, ms',
  recalcStyleMs: 'style recalc, ms',
  threadCpuMs: 'main-thread CPU, ms',
  devtoolsMs: '(benchmark CDP), ms',
  longTaskCount: 'long tasks',
  longTaskMs: 'long tasks, ms',
};

export function printTable(result) {
  const { phases, loaderAdded, sizes: s } = result;
  const kb = (n) => (n / 1024).toFixed(2) + ' KB';
  const cell = (x) => String(x.p50).padStart(8);
  const added = (x) => `${x.p50.toFixed(2).padStart(7)} [${x.p90.toFixed(2)}]${x.withinNoise ? ' ≈' : ''}`.padEnd(20);
  console.log(`\nChatWidget cost to the page — Chromium ${result.chromium}, ${result.runs} runs, ${result.machine.cpu} ×${result.machine.cores}`);
  console.log(`gzip -9: loader ${kb(s.loaderGzipBytes)}, frame ${kb(s.frameGzipBytes)} (JS + CSS)`);
  console.log(`served by Host: ${s.files.map((f) => `${f.file} ${kb(f.servedBytes)} ${f.servedEncoding}`).join(', ')}`);
  console.log('\np50 of the runs; "added" = p50 [p90] of the paired differences; ≈ = within noise (0 between their p10 and p90)');
  console.log(`${''.padEnd(20)}|      page, after load               |      page, click → greeting + 1 s   | frame's own`);
  console.log(`${''.padEnd(20)}|     none  +loader  added             |     none  +loader  added             | main thread`);
  for (const k of METRICS) {
    const frame = phases.frameProcess ? cell(phases.frameProcess[k]) : '       –';
    console.log(
      `${LABELS[k].padEnd(20)}| ${cell(phases.baseline[k])} ${cell(phases.beforeOpen[k])}  ${added(loaderAdded.beforeOpen[k])}` +
        `| ${cell(phases.baselineClick[k])} ${cell(phases.afterOpen[k])}  ${added(loaderAdded.afterOpen[k])}| ${frame}`,
    );
  }
}
