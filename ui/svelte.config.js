import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component styles must end up in the emitted CSS file, because the
    // app's Content-Security-Policy (style-src 'self') forbids injected <style>.
    css: 'external',
  },
};
