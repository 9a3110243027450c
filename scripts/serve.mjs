#!/usr/bin/env node
// scripts/serve.mjs — a small static server for dist/ (no dependencies).
//   node scripts/serve.mjs --dir dist --port 8080 [--base /reviews/] [--csp] [--coi]
// Serves .wasm as application/wasm (the only requirement the viewer has of a server), can mount
// the site under a sub-path, add the strict Content-Security-Policy the viewer must work under,
// and cross-origin-isolation headers (fine timers for benchmarks). Also importable for tests:
//   const { server, url } = await startServer({ dir, port: 0, csp: true });
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.webmanifest': 'application/manifest+json', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

export function startServer({ dir, port = 8080, host = '127.0.0.1', base = '/', csp = false, coi = false, onRequest } = {}) {
  const root = resolve(dir);
  if (!base.endsWith('/')) base += '/';
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (onRequest) onRequest(req, url);
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      if (path + '/' === base) {
        res.writeHead(301, { location: base });
        return res.end();
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    path = path.slice(base.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403);
      return res.end();
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    if (!st.isFile()) {
      res.writeHead(404);
      return res.end();
    }
    // no-cache: the browser revalidates on every load and gets a 304 while the file is unchanged,
    // so a returning visit reads the bundle (and the compiled wasm) from its cache, as on any
    // static host that answers conditional requests.
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const headers = {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
      'last-modified': st.mtime.toUTCString(),
      etag,
      'access-control-allow-origin': '*',
    };
    if (csp) headers['content-security-policy'] = STRICT_CSP;
    if (coi) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
      headers['cross-origin-resource-policy'] = 'cross-origin';
    }
    const inm = req.headers['if-none-match'];
    const ims = Date.parse(req.headers['if-modified-since'] || '');
    const unchanged = inm ? inm.split(',').some((t) => t.trim() === etag) : ims >= Math.floor(st.mtimeMs / 1000) * 1000;
    if (unchanged) {
      delete headers['content-length'];
      delete headers['content-type'];
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${p}${base}`, close: () => new Promise((c) => server.close(c)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const { url } = await startServer({
    dir: opt('--dir', 'dist'), port: Number(opt('--port', 8080)), host: opt('--host', '127.0.0.1'),
    base: opt('--base', '/'), csp: args.includes('--csp'), coi: args.includes('--coi'),
  });
  console.log(`serving on ${url}`);
}
