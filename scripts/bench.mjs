// `npm run bench [-- options]`: the benchmark suite (not part of `npm test`). Installs the npm packages the
// browser measurement needs, then runs tests/Benchmarks in Release: it starts the fake upstream and Host as
// their own processes, measures, prints the tables and writes docs/benchmarks.md. `-- --help` lists the options.
import { spawnSync } from 'node:child_process';
import { ensureNpmPackages, root } from './ensure-npm.mjs';

ensureNpmPackages();
const run = spawnSync('dotnet', ['run', '-c', 'Release', '--project', 'tests/Benchmarks', '--', 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
