import { defineConfig } from 'vite';

// frame.js + frame.css with fixed names: HOST's /widget/frame page references them directly.
// frame.html in dist is a reference copy of the page HOST must serve.
export default defineConfig({
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
        this.emitFile({ type: 'asset', fileName: 'frame.html', source: require_frame_html() });
      },
    },
  ],
});

import { readFileSync } from 'node:fs';
function require_frame_html(): string {
  return readFileSync(new URL('./frame.html', import.meta.url), 'utf8');
}
