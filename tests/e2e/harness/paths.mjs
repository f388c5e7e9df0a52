// Where things are: the repository root, the Host project and the screenshots folder.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(e2eDir, '..', '..');
export const screenshotsDir = path.join(repoRoot, 'docs', 'screenshots');
