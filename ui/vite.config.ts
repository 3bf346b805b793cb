/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The production bundle is loaded by Tauri from ui/dist under a strict CSP,
// so everything must be relative, self-hosted and free of inline code.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte()],
  // Vitest resolves packages as for a server, where Svelte's `mount` and
  // `onMount` do nothing; the tests that mount the app need its browser build.
  resolve: mode === 'test' ? { conditions: ['browser'] } : {},
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.50 is far newer than Safari 15, so this target is safe and
    // keeps the output free of needless down-levelling.
    target: ['safari15', 'es2021'],
    // The polyfill would be inlined into the bundle as a workaround for old
    // browsers; WebKit supports modulepreload natively.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}));
