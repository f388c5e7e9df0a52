// Runs Host as a child process (`dotnet run --project Host --no-launch-profile --no-build`) on a free
// loopback port with its own data directory and seed file, and stops it afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './partner.mjs';
import { repoRoot } from './paths.mjs';
import { seedDocument } from './seed.mjs';

/** Builds Host once (run.mjs does this before the test files start, so they can all use --no-build). */
export function buildHost() {
  const started = Date.now();
  const run = spawnSync('dotnet', ['build', 'Host', '--nologo', '-v', 'q'], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`dotnet build Host failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return Date.now() - started;
}

/**
 * Starts Host for one test file. `partnerOrigin` is the only origin the `e2e` platform allows.
 * `environment` is Production unless a test file needs otherwise (the dashboard test: see admin.test.mjs).
 * With `admin: { email, password }` the first administrator is created first, with Host's own CLI
 * (`admin create`, password on standard input) and the same data directory and seed file.
 * `extraProfiles` / `extraPlatforms` are added to the seed file; `env` adds or overrides environment variables
 * (e.g. log levels).
 * Returns { origin, dataDir, log(), halt(), stop() }: halt() ends Host and keeps its data directory (to inspect
 * it), stop() ends it and removes the directory.
 */
export async function startHost({
  partnerOrigin,
  publicKeyPem,
  accessTokenLifetimeSeconds = 900,
  environment = 'Production',
  admin = null,
  extraProfiles = [],
  extraPlatforms = [],
  env: extraEnv = {},
}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chatwidget-e2e-'));
  const seedFile = path.join(dataDir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seedDocument({ partnerOrigin, publicKeyPem, extraProfiles, extraPlatforms }), null, 2));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const output = [];
  const env = {
    ...process.env,
    // Production: Host refuses to start without the built widget instead of serving a dead launcher.
    ASPNETCORE_ENVIRONMENT: environment,
    ASPNETCORE_URLS: origin,
    DOTNET_NOLOGO: '1',
    ChatWidget__DataDirectory: path.join(dataDir, 'data'),
    ChatWidget__SeedFile: seedFile,
    ChatWidget__Llm__OfflineWordDelayMilliseconds: '30',
    ChatWidget__Demo__Enabled: 'false',
    // Usage aggregates are written every second, so the Usage page shows a turn at once.
    ChatWidget__Usage__FlushSeconds: '1',
    ChatWidget__Sessions__AccessTokenLifetimeSeconds: String(accessTokenLifetimeSeconds),
    Logging__LogLevel__Default: 'Information',
    ...extraEnv,
  };
  if (admin) {
    const created = spawnSync(
      'dotnet',
      ['run', '--project', 'Host', '--no-build', '--no-launch-profile', '--', 'admin', 'create', '--email', admin.email],
      { cwd: repoRoot, env, input: admin.password + '\n', encoding: 'utf8', timeout: 120_000 },
    );
    if (created.status !== 0) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`admin create failed (exit ${created.status}):\n${created.stdout}\n${created.stderr}`);
    }
  }
  const child = spawn('dotnet', ['run', '--project', 'Host', '--no-launch-profile', '--no-build'], {
    cwd: repoRoot,
    // Its own process group, so stop() ends `dotnet run` and the Host process it started, by group id.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  // If the test process dies without running its `after` hooks, Host must not outlive it.
  const killOnExit = () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', killOnExit);

  const log = () => output.join('');
  const halt = async () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    process.removeListener('exit', killOnExit);
  };
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };

  // Ready when it answers HTTP at all (widget.js is what the tests need first).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`Host exited during start-up (${JSON.stringify(exited)}):\n${log()}`);
    }
    try {
      const res = await fetch(`${origin}/widget.js`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Host did not answer on ${origin} within 60 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, dataDir, log, halt, stop };
}
