// bundle-size.mjs: prints the gzipped size of what the browser downloads on
// first load (index.html's scripts and styles plus the modules they import
// statically) and fails the build above the 300 KB budget. Lazily loaded
// chunks (chart pages) are reported separately.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 300 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

const first = new Set();
const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
while (queue.length) {
  const file = queue.shift();
  if (first.has(file)) continue;
  first.add(file);
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports only ("import ... from './x.js'" / 'import"./x.js"'); import() is lazy.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g)) queue.push(`assets/${m[1]}`);
}
let total = 0;
for (const f of first) total += gz(f);
const all = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
let lazy = 0;
for (const f of all) if (!first.has(`assets/${f}`)) lazy += gz(`assets/${f}`);
const kb = (n) => (n / 1024).toFixed(1);
console.log(`bundle: first load ${kb(total)} KB gzipped JS+CSS (${first.size} files, budget 300 KB); lazy chunks ${kb(lazy)} KB`);
if (total > BUDGET) {
  console.error('bundle: first load over budget');
  process.exit(1);
}
