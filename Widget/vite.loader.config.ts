import { defineConfig } from 'vite';

// widget.js: one self-contained IIFE (no chunks, no dynamic imports), served by HOST at /widget.js.
export default defineConfig({
  // Sizes are reported once, in KiB, by scripts/check-budgets.mjs; Vite's list (in kB) would be a second unit.
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    minify: true,
    cssTarget: ['chrome111', 'firefox113', 'safari16.4'],
    sourcemap: false,
    lib: {
      entry: 'src/loader/index.ts',
      formats: ['iife'],
      name: 'ChatWidgetLoader',
      fileName: () => 'widget.js',
    },
  },
});
