import { defineConfig } from 'vite';

// frame.js + frame.css with fixed names: HOST's /widget/frame page references them directly.
// frame.html, chat.html and lti.html in dist are the pages HOST serves (/widget/frame, the team chat at /chat,
// and /lti/login + /lti/launch, which fill in lti.html's root element).
export default defineConfig({
  // Sizes are reported once, in KiB, by scripts/check-budgets.mjs; Vite's list (in kB) would be a second unit.
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    cssTarget: ['chrome111', 'firefox113', 'safari16.4'],
    cssMinify: true,
    sourcemap: false,
    lib: {
      entry: 'src/frame/main.ts',
      formats: ['iife'],
      name: 'ChatWidgetFrame',
      fileName: () => 'frame.js',
      cssFileName: 'frame',
    },
  },
  plugins: [
    {
      name: 'chatwidget-frame-html',
      generateBundle() {
        for (const page of ['frame.html', 'chat.html', 'lti.html']) this.emitFile({ type: 'asset', fileName: page, source: read_page(page) });
      },
    },
  ],
});

import { readFileSync } from 'node:fs';
function read_page(name: string): string {
  return readFileSync(new URL('./' + name, import.meta.url), 'utf8');
}
