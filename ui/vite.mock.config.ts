import { defineConfig, mergeConfig } from 'vite';
import base from './vite.config.ts';

// Builds the mock-backend harness (dev/mock.html) into dev-dist/, apart from
// the production bundle, for screenshots and manual checks in a browser.
export default mergeConfig(
  base,
  defineConfig({
    root: 'dev',
    build: {
      outDir: '../dev-dist',
      emptyOutDir: true,
      rollupOptions: { input: 'mock.html' },
    },
  }),
);
