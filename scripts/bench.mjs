// `npm run bench [-- options]`: the benchmark suite (not part of `npm test`). Installs the npm packages the
// browser measurement needs and (as root with apt-get) the system programs it starts: Chromium, redis-server, nginx;
// then runs tests/Benchmarks in Release: it starts the fake upstream and Host as
// their own processes, measures, prints the tables and writes docs/benchmarks.md. `-- --help` lists the options.
import { spawnSync } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';
import { ensureSystemPackages } from './ensure-system.mjs';

ensureNpmPackages();
ensureSystemPackages();
const run = spawnSync('dotnet', ['run', '-c', 'Release', '--project', 'tests/Benchmarks', '--', 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
