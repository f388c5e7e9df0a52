// The frame as it was at an earlier commit (the "before" of the streaming measurement): Widget/ of that commit,
// taken with `git archive` into a temporary directory and built there with the repository's own Vite. Only the
// benchmark ever serves it (by a browser route in place of Host's /widget/frame.js and /widget/frame.css).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../e2e/harness/paths.mjs';

/** Frame of the commit before the incremental renderer (issue 12): the ChatApp that re-synced every message per frame. */
export const DEFAULT_BASELINE_REF = 'cef8b12';

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().slice(-500)}`);
  return result.stdout;
}

/**
 * Builds the frame of `ref`. Returns { ref, commit, js, css } (the built files' contents), or { ref, error } when
 * it cannot (a shallow clone without that commit, a build failure): the measurement then has no "before".
 */
export function buildBaselineFrame(ref) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chatwidget-baseline-frame-'));
  try {
    const commit = run('git', ['rev-parse', '--short', `${ref}^{commit}`], repoRoot).trim();
    const archive = spawnSync('git', ['archive', commit, 'Widget'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
    run(path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', '--config', 'vite.frame.config.ts'], path.join(dir, 'Widget'));
    const dist = path.join(dir, 'Widget', 'dist');
    return { ref, commit, js: readFileSync(path.join(dist, 'frame.js')), css: readFileSync(path.join(dist, 'frame.css')) };
  } catch (err) {
    return { ref, error: err.message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
