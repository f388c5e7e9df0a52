#!/usr/bin/env node
// Measures the built widget with zlib gzip (level 9) and fails when a budget is exceeded.
// Also checks the loader stays a single self-contained script (no eval, new Function or dynamic import).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
// KiB (1024 bytes) everywhere: here, in the README and in docs/benchmarks.md. Vite's own size report (kB) is off.
const KiB = 1024;
const budgets = [
  { name: 'loader (widget.js)', files: ['widget.js'], limit: 4 * KiB },
  { name: 'frame (frame.js + frame.css)', files: ['frame.js', 'frame.css'], limit: 29 * KiB },
];

let failed = false;
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
for (const b of budgets) {
  const missing = b.files.filter((f) => !existsSync(join(dist, f)));
  if (missing.length) {
    console.error(`✗ ${b.name}: missing ${missing.join(', ')} in ${dist} — run "npm run build:widget" first`);
    failed = true;
    continue;
  }
  const size = b.files.reduce((sum, f) => sum + gz(f), 0);
  const line = `${b.name}: ${(size / KiB).toFixed(2)} KiB gzipped (budget ${(b.limit / KiB).toFixed(0)} KiB)`;
  if (size > b.limit) {
    console.error(`✗ ${line} — over budget by ${size - b.limit} bytes`);
    failed = true;
  } else console.log(`✓ ${line}`);
}

// Both scripts run under strict CSPs (the page's, and HOST's script-src 'self' on the frame page).
for (const file of ['widget.js', 'frame.js']) {
  if (!existsSync(join(dist, file))) continue;
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [what, re] of [
    ['eval(', /\beval\s*\(/],
    ['new Function', /new\s+Function\b/],
    ['dynamic import()', /\bimport\s*\(/],
  ]) {
    if (re.test(code)) {
      console.error(`✗ ${file} contains ${what}: it must run under a strict CSP without 'unsafe-eval'`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
