// The system programs the test suites run: Chromium (browser tests), redis-server, nginx and PostgreSQL (the
// shared-state and multi-instance tests). As root with apt-get, missing ones are installed; otherwise the one
// command that installs them is printed, and the suites that need them fail with the same command.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const packages = [
  { name: 'chromium', present: () => onPath('chromium') },
  { name: 'redis-server', present: () => onPath('redis-server') },
  { name: 'nginx', present: () => onPath('nginx') || existsSync('/usr/sbin/nginx') },
  { name: 'postgresql', present: postgresInstalled },
];

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function postgresInstalled() {
  if (!existsSync('/usr/lib/postgresql')) return false;
  return readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
}

export function ensureSystemPackages() {
  const missing = packages.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return true;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !onPath('apt-get')) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them with: sudo ${command}`);
    return false;
  }
  console.log(`Installing system packages: ${missing.join(', ')}`);
  execSync('apt-get update -qq', { stdio: 'inherit' });
  execSync(`${command} -qq`, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // Debian starts the services it installs; the tests run their own on free ports, so the system ones are not needed.
  for (const service of ['redis-server', 'nginx', 'postgresql']) {
    spawnSync('sh', ['-c', `command -v systemctl >/dev/null && systemctl stop ${service}; service ${service} stop`], { stdio: 'ignore' });
  }
  return true;
}
