// The README's start command: installs npm packages if needed, builds the widget when its sources changed,
// and runs Host with its embedded defaults (SQLite in ./data, the offline responder, the demo partner page).
import { spawn, spawnSync } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';

ensureNpmPackages();

// The build first, with its progress on the console (the first one restores NuGet packages and takes a while).
console.log('Building Host, Admin and the widget (the first build takes about 30 s)...');
const build = spawnSync('dotnet', ['build', 'Host', '--nologo', '-v:minimal', '-clp:NoSummary'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const host = spawn('dotnet', ['run', '--project', 'Host', '--no-build', '--launch-profile', 'demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
host.on('exit', (code) => process.exit(code ?? 0));
