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

/** Files reached from the given ones through static imports (import() is lazy). */
function closure(start) {
  const seen = new Set();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return seen;
}
const sum = (files) => [...files].reduce((n, f) => n + gz(f), 0);
const kb = (n) => (n / 1024).toFixed(1);

const first = closure([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const all = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
const total = sum(first);
const lazy = sum(all.map((f) => `assets/${f}`).filter((f) => !first.has(f)));
// The home page is the dashboard: what a user downloads before seeing it.
const dash = all.find((f) => /^Dashboard-.*\.js$/.test(f));
const home = dash ? sum(new Set([...first, ...closure([`assets/${dash}`])])) : total;
console.log(`bundle: first load ${kb(total)} KB gzipped JS+CSS (${first.size} files, budget 300 KB); lazy chunks ${kb(lazy)} KB`);
console.log(`bundle: dashboard first view ${kb(home)} KB gzipped (shell + dashboard + charts)`);
if (total > BUDGET || home > BUDGET) {
  console.error('bundle: over the 300 KB budget');
  process.exit(1);
}
