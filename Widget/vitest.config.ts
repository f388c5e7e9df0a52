import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
    environmentOptions: {
      happyDOM: {
        settings: {
          // The loader's iframe gets a child frame at its URL, but nothing is fetched: happy-dom sets the frame's
          // location instead of navigating it (no network, and no "Iframe page loading is disabled" error per
          // iframe, as disableIframePageLoading prints). Tests stand in for the frame's window themselves.
          enableIframePageLoading: true,
          navigation: { disableChildFrameNavigation: true },
          disableJavaScriptFileLoading: true,
          disableCSSFileLoading: true,
          handleDisabledFileLoadingAsSuccess: true,
        },
      },
    },
  },
});
