// `npm run bench [-- options]`: the benchmark suite (not part of `npm test`). Installs the npm packages the
// browser measurement needs and (as root with apt-get) the system programs it starts: Chromium, redis-server, nginx;
// then runs tests/Benchmarks in Release: it starts the fake upstream and Host as
// their own processes, measures, prints the tables and writes docs/benchmarks.md. `-- --help` lists the options.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureNpmPackages, root } from './ensure-npm.mjs';
import { ensureSystemPackages } from './ensure-system.mjs';

ensureNpmPackages();
ensureSystemPackages();
// `--out FILE` is relative to where the command was typed, not to the benchmark project `dotnet run` runs in.
const args = process.argv.slice(2).map((arg, i, all) => (all[i - 1] === '--out' ? path.resolve(arg) : arg));
const run = spawnSync('dotnet', ['run', '-c', 'Release', '--project', 'tests/Benchmarks', '--', 'run', ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
