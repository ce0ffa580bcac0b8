// Serves the production build (dist/) WITHOUT the cross-origin isolation headers, as a host that
// does not send them would: the lab must still train there, single-threaded, and say why.
// Usage: node e2e/plain-server.mjs PORT
import { createServer } from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = join(process.cwd(), 'dist');
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const port = Number(process.argv[2] ?? 4183);
createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const file = join(root, path === '/' ? 'index.html' : path);
  try {
    if (!file.startsWith(root)) throw new Error('outside dist');
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(path === '/health' ? 200 : 404).end(path === '/health' ? 'ok' : 'not found');
  }
}).listen(port, '127.0.0.1');
