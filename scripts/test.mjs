// The README's test command: every suite (.NET, widget, browser), each run to the end, then one summary.
import { spawnSync } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';
import { ensureSystemPackages } from './ensure-system.mjs';

ensureNpmPackages();
ensureSystemPackages();

const suites = [
  ['widget build', 'npm', ['run', 'build:widget']],
  ['widget unit tests', 'npm', ['run', 'test:widget']],
  ['widget size budgets', 'npm', ['run', 'check:budgets']],
  ['.NET tests', 'dotnet', ['test', 'ChatWidget.sln']],
  ['browser tests (e2e)', 'npm', ['run', 'test:e2e']],
];

const results = [];
for (const [name, command, args] of suites) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  results.push({ name, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
