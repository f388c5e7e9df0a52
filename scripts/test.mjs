// The README's test command: every suite (.NET, widget, browser), each run to the end, then one summary.
import { spawnSync } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';
import { ensureSystemPackages } from './ensure-system.mjs';
import { runDotnetTests } from './dotnet-tests.mjs';

ensureNpmPackages();
ensureSystemPackages();

const npmScript = (script) => () => ({ ok: spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' }).status === 0 });

const suites = [
  ['widget build', 'npm run build:widget', npmScript('build:widget')],
  ['widget unit tests', 'npm run test:widget', npmScript('test:widget')],
  ['widget size budgets', 'npm run check:budgets', npmScript('check:budgets')],
  ['.NET tests', 'dotnet test ChatWidget.sln', () => runDotnetTests(root)],
  ['browser tests (e2e)', 'npm run test:e2e', npmScript('test:e2e')],
];

const results = [];
for (const [name, command, run] of suites) {
  console.log(`\n=== ${name}: ${command}`);
  const started = Date.now();
  const { ok, failedTests = [] } = await run();
  results.push({ name, ok, failedTests, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary');
for (const r of results) {
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds} s)`);
  for (const test of r.failedTests) console.log(`      failed: ${test}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
