import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The conversation and the tokens live only in memory, and model text never reaches an HTML parser.
const FORBIDDEN = [
  /\blocalStorage\b/,
  /\bsessionStorage\b/,
  /\bindexedDB\b/,
  /document\.cookie/,
  /\bcaches\./,
  /\.innerHTML\b/,
  /\.outerHTML\b/,
  /insertAdjacentHTML/,
  /document\.write/,
  /\beval\s*\(/,
  /new Function\b/,
  /postMessage\([^)]*['"`]\*['"`]\s*\)/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('source hygiene', () => {
  const files = sources(join(__dirname, '..', 'src'));
  it('finds the sources', () => expect(files.length).toBeGreaterThan(5));
  for (const file of files) {
    it('uses no storage, HTML sinks, eval or "*" targetOrigin: ' + file.split('src')[1], () => {
      const code = readFileSync(file, 'utf8');
      for (const re of FORBIDDEN) expect(re.test(code), `${re} in ${file}`).toBe(false);
    });
  }
});
