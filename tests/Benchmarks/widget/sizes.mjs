// The built widget's sizes: gzip level 9 (as Widget's check:budgets measures them) and what Host sends for each file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../../e2e/harness/paths.mjs';

const DIST = path.join(repoRoot, 'Widget', 'dist');
const LOADER_FILES = ['widget.js'];
const FRAME_FILES = ['frame.js', 'frame.css'];
/** Where Host serves each built file. */
const SERVED_AT = { 'widget.js': '/widget.js', 'frame.js': '/widget/frame.js', 'frame.css': '/widget/frame.css' };

export function ensureWidgetBuilt() {
  if ([...LOADER_FILES, ...FRAME_FILES].every((f) => existsSync(path.join(DIST, f)))) return;
  console.log('Widget/dist is missing: npm run build:widget ...');
  const build = spawnSync('npm', ['run', 'build:widget'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build:widget failed (exit ${build.status}); run "npm install" at the repository root first`);
}

/** Bytes Host sends for a file, asked for as a browser would (compression accepted). */
function served(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url} answered ${res.statusCode}`));
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolve({ servedBytes: bytes, servedEncoding: res.headers['content-encoding'] ?? 'identity' }));
      })
      .on('error', reject);
  });
}

export async function sizes(hostOrigin) {
  const files = [];
  for (const file of [...LOADER_FILES, ...FRAME_FILES]) {
    const content = readFileSync(path.join(DIST, file));
    const gzipBytes = gzipSync(content, { level: 9 }).length;
    files.push({ file, rawBytes: content.length, gzipBytes, ...(await served(hostOrigin + SERVED_AT[file])) });
  }
  const gzipOf = (names) => files.filter((f) => names.includes(f.file)).reduce((sum, f) => sum + f.gzipBytes, 0);
  return { loaderGzipBytes: gzipOf(LOADER_FILES), frameGzipBytes: gzipOf(FRAME_FILES), files };
}
