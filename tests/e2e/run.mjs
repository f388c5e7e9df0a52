// `npm run test:e2e`: checks for Chromium, builds Host once, then runs every *.test.mjs with node:test.
// Two test files run side by side: the refresh test mostly waits for an access token to expire.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { chromiumPath } from './harness/browser.mjs';
import { buildHost } from './harness/host.mjs';
import { e2eDir } from './harness/paths.mjs';

try {
  console.log(`Chromium: ${chromiumPath()}`);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}

console.log('Building Host (dotnet build Host)...');
try {
  console.log(`Host built in ${Math.round(buildHost() / 1000)} s`);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}

const files = readdirSync(path.join(e2eDir, 'tests'))
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => path.join('tests', f));
const args = ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { cwd: e2eDir, stdio: 'inherit' });
process.exit(run.status ?? 1);
