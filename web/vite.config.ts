// Vite builds the UI into .tools/build/web (scripts/web-build.mjs passes --outDir). No inline
// scripts or styles come out of a build, so the strict Content-Security-Policy the API sends holds.
// `npm run dev` in web/ serves the UI with hot reload and sends /api (and /api/ws) to a Signalman
// at SIGNALMAN_URL (default http://localhost:3000).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const target = process.env.SIGNALMAN_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    assetsInlineLimit: 0, // every asset a file: nothing inlined as data the policy would have to allow
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/api': { target, ws: true, changeOrigin: false } } },
});
