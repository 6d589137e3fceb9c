// The one source of the HTTP headers the app must be served with. Everything else is
// generated from here: the `_headers` file (Netlify, Cloudflare Pages), the nginx snippet,
// the <meta> policy in index.html, `vite preview`'s headers, and what the tests' static
// server sends. `node deploy/headers.mjs --write` regenerates the committed copies; a
// test checks that they agree.

/** Where the Worker's scripts are built (vite.config.ts), so they get their own policy. */
export const workerDirectory = '/worker/';

// The page: our own scripts, styles and images only; no eval ('wasm-unsafe-eval' allows
// compiling wasm, nothing else — the Worker needs it, and under `_headers` rules the
// Worker runs under this policy as well as its own); strings reach DOM sinks only through
// Lit's policy and the page's default one (src/trusted-types.ts); never framed.
const pageDirectives = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html default',
];

// The Worker, where the plaintext lives: it imports its own scripts, fetches and compiles
// the wasm module, and nothing else — no network beyond its origin, no nested workers,
// no Trusted Types policy of its own (it has no DOM sink to feed).
const workerDirectives = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
];

// Directives a <meta> element cannot carry (the browser ignores them there, with an error).
const headerOnly = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export const pagePolicy = pageDirectives.join('; ');
export const workerPolicy = workerDirectives.join('; ');
export const metaPolicy = pageDirectives.filter((d) => !headerOnly.has(d.split(' ')[0])).join('; ');

/** Sent with every response. */
export const commonHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * The rules, in `_headers` order: a path pattern (`*` matches anything, `/` included) and
 * its headers. Every rule that matches applies; a header set by two rules is joined with a
 * comma, as Netlify and Cloudflare do — for the Worker that means two policies, both
 * enforced, so it runs under the stricter of each directive: its own.
 */
export const rules = [
  { path: '/*', headers: { 'Content-Security-Policy': pagePolicy, ...commonHeaders } },
  { path: `${workerDirectory}*`, headers: { 'Content-Security-Policy': workerPolicy } },
];

function patternRegExp(pattern) {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** The headers a static host applying `rules` sends for a URL path. */
export function headersFor(pathname, ruleList = rules) {
  const out = {};
  for (const rule of ruleList) {
    if (!patternRegExp(rule.path).test(pathname)) continue;
    for (const [name, value] of Object.entries(rule.headers)) out[name] = out[name] ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** Netlify / Cloudflare Pages `_headers`. */
export function headersFile() {
  const lines = [
    '# Generated from deploy/headers.mjs (node deploy/headers.mjs --write); do not edit by hand.',
    '# Netlify and Cloudflare Pages read this file from the root of the published folder.',
  ];
  for (const rule of rules) {
    lines.push(rule.path);
    for (const [name, value] of Object.entries(rule.headers)) lines.push(`  ${name}: ${value}`);
  }
  return lines.join('\n') + '\n';
}

/** Parses a `_headers` file back into rules (what the tests' static server applies). */
export function parseHeadersFile(text) {
  const parsed = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      parsed.push({ path: line.trim(), headers: {} });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0 || parsed.length === 0) throw new Error(`_headers: cannot read "${line}"`);
    parsed.at(-1).headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return parsed;
}

/** An nginx snippet: `include` it inside the `server` (or `location /`) serving web/dist. */
export function nginxSnippet() {
  const addHeaders = (headers, indent) =>
    Object.entries(headers).map(([name, value]) => `${indent}add_header ${name} "${value}" always;`);
  // nginx drops every inherited add_header in a block that has one of its own, so the
  // Worker's block repeats the common headers.
  return [
    '# Generated from deploy/headers.mjs (node deploy/headers.mjs --write); do not edit by hand.',
    '# Inside the server block that serves web/dist:  include /path/to/nginx-headers.conf;',
    '# The wasm module must be served as application/wasm (Debian\'s mime.types has it).',
    ...addHeaders({ 'Content-Security-Policy': pagePolicy, ...commonHeaders }, ''),
    `location ^~ ${workerDirectory} {`,
    ...addHeaders({ 'Content-Security-Policy': workerPolicy, ...commonHeaders }, '    '),
    '}',
    '',
  ].join('\n');
}

/** The generated files, by name (committed in deploy/, copied into dist by the build). */
export function generatedFiles() {
  return { _headers: headersFile(), 'nginx-headers.conf': nginxSnippet() };
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1] && process.argv.includes('--write')) {
  const { writeFileSync } = await import('node:fs');
  for (const [name, text] of Object.entries(generatedFiles())) writeFileSync(new URL(name, import.meta.url), text);
}
