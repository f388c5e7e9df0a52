// What Host keeps on disk, read back byte for byte: the zero-storage tests look for a learner's canaries in every file
// under Host's data directory (the SQLite database, its WAL, the keys), in UTF-8 and UTF-16.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The names of the needles ([name, value] pairs) whose value occurs in `buf`, in UTF-8 or UTF-16. */
export const needlesIn = (needles, buf) =>
  needles.filter(([, v]) => buf.includes(Buffer.from(v, 'utf8')) || buf.includes(Buffer.from(v, 'utf16le'))).map(([k]) => k);

/** Every file under `dir` for which `find(bytes)` names something: [{ file (relative), hits }]. */
export function filesContaining(dir, find) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at)) {
      const p = path.join(at, entry);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const hits = find(readFileSync(p));
        if (hits.length) found.push({ file: path.relative(dir, p), hits });
      }
    }
  };
  walk(dir);
  return found;
}
