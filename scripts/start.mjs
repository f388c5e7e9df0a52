// The README's start command: installs npm packages if needed, builds the widget when its sources changed,
// and runs Host with its embedded defaults (SQLite in ./data, the offline responder, the demo partner page).
import { spawn } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';

ensureNpmPackages();

const host = spawn('dotnet', ['run', '--project', 'Host', '--launch-profile', 'demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
host.on('exit', (code) => process.exit(code ?? 0));
