// vite.config.ts: builds the SPA into dist/ with Preact's JSX runtime through
// esbuild (no React plugin) and without any inline script, because the server
// sends a Content-Security-Policy that forbids them.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    target: 'es2020',
    // A separate module-preload polyfill would be injected inline; modern
    // browsers do not need it and the CSP would block it.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': process.env.NQ57_API || 'http://127.0.0.1:8057' },
  },
});
