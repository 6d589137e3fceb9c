import { defineConfig, type Plugin } from 'vite';

import { generatedFiles, headersFor, metaPolicy } from './deploy/headers.mjs';
import { writeServiceWorker } from './deploy/service-worker.mjs';

// The security headers travel with the build (deploy/headers.mjs is their one source): the
// page carries the policy a <meta> can hold, dist/ gets `_headers` and the nginx snippet,
// and `vite preview` sends what a static host configured from them sends.
function securityHeaders(): Plugin {
  return {
    name: 'techo-security-headers',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' },
    ],
    generateBundle() {
      for (const [fileName, source] of Object.entries(generatedFiles())) this.emitFile({ type: 'asset', fileName, source });
    },
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        // (the request's type is Node's, which this project's DOM-only types do not name)
        const pathname = new URL((request as { url?: string }).url ?? '/', 'http://localhost').pathname;
        for (const [name, value] of Object.entries(headersFor(pathname))) response.setHeader(name, value);
        next();
      });
    },
  };
}

// The service worker that opens the app offline (deploy/service-worker.mjs): written last,
// from the files the build wrote, so its list and cache name are those of this build.
function serviceWorker(): Plugin {
  let root = '', outDir = '';
  return {
    name: 'techo-service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = config.build.outDir;
    },
    closeBundle() {
      writeServiceWorker(root, outDir);
    },
  };
}

export default defineConfig({
  base: './',
  build: { target: 'es2022', assetsInlineLimit: 0 },
  // The Worker's scripts under worker/, where the headers give them the Worker's own policy.
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'worker/[name]-[hash].js', chunkFileNames: 'worker/[name]-[hash].js' } },
  },
  plugins: [securityHeaders(), serviceWorker()],
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
  server: { fs: { allow: ['..'] } },
});
