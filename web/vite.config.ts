// Build configuration. The app is served by `magpie serve` from web/dist (src/web/); during
// development `npm run dev` proxies the API to a running server (MAGPIE_DEV_SERVER, default
// http://127.0.0.1:8080) so that the app and the API share one origin, as in production.
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

const apiTarget = process.env.MAGPIE_DEV_SERVER ?? 'http://127.0.0.1:8080';
const proxied = ['/api', '/oauth', '/.well-known', '/nodeinfo', '/health'];

export default defineConfig({
  plugins: [preact({ devtoolsInProd: false, prerender: { enabled: false } })],
  build: {
    outDir: 'dist',
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: apiTarget, changeOrigin: false }])),
  },
  test: {
    environment: 'happy-dom',
    css: { include: [/styles\.css/] }, // styles.test.ts reads the real stylesheet
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
