// A plain static file server for the built site (web/dist), as a static host configured
// with dist/_headers serves it: no vite, no build-time knowledge — it reads the `_headers`
// file that the build copied into dist and applies its rules, the way Netlify and
// Cloudflare Pages do (every matching rule applies; a header set twice is joined with ", ").
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

import { headersFor, parseHeadersFile } from '../deploy/headers.mjs';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.age': 'application/octet-stream',
};

/**
 * Serves `root` on a free loopback port. Resolves to { origin, stop, served }; `served` lists
 * every path asked for, with the headers sent.
 */
export async function serveStatic(root) {
  // A build without `_headers` is served without headers, as a host would serve it.
  const rules = parseHeadersFile(await readFile(join(root, '_headers'), 'utf8').catch(() => ''));
  const served = [];
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const headers = headersFor(pathname, rules);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    served.push({ pathname, headers });
    const relative = normalize(pathname.endsWith('/') ? pathname + 'index.html' : pathname).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (relative.startsWith('..') || !(file === root || file.startsWith(root.endsWith(sep) ? root : root + sep))) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    stop: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();  // Chromium keeps connections alive
      }),
  };
}
