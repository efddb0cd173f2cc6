import { defineConfig } from 'vite';
import { precompress } from './build/precompress';

/**
 * The browser app. `npm run build -w modeler` writes `dist/`, which the engine serves at `/`;
 * `npm run dev -w modeler` serves it with hot reload and forwards the API to an engine on
 * `OSPREY_ENGINE_URL` (default http://127.0.0.1:8080).
 */
const engine = process.env.OSPREY_ENGINE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // bpmn-js, the properties panel and form-js are large by nature; each page loads only its
    // own chunks (the inbox never downloads the modeler), and the engine sends them compressed.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: { '/v2': engine, '/health': engine },
  },
});
