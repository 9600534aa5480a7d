// bench/dashboard.mjs: how long the dashboard takes to become interactive in
// a real browser. Launches Debian's Chromium through playwright-core (never
// a downloaded browser), signs in, opens the dashboard and measures, from
// the start of navigation, the time until every card has rendered: the
// stat tiles, the three charts (status, lead agency, trend), report
// timeliness and the indicator board. The first load runs against a server
// that has just started (its response cache empty: "cold"); the next loads,
// each in a new browser context, find the answers cached ("warm").
//
//   node bench/dashboard.mjs URL LOGIN PASSWORD [WARM_RUNS]
//
// Prints one line per load and the API requests of the cold load with their
// durations; exits 1 when a card fails to render. bench/dashboard.sh starts
// the server on the national database and calls this.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [base, login, password, warmArg] = process.argv.slice(2);
if (!base || !login || !password) {
  console.error('Cách dùng (usage): node bench/dashboard.mjs URL LOGIN PASSWORD [WARM_RUNS]');
  process.exit(2);
}
const warmRuns = Number(warmArg ?? 3);

// Every card of the dashboard, rendered (charts drawn on their canvas).
const READY = [
  '[data-testid=stats]',
  '[data-testid=status-chart] canvas',
  '[data-testid=agency-chart] canvas',
  '[data-testid=trend] canvas',
  '[data-testid=timeliness-card][data-ready]',
  '[data-testid=indicator-card][data-ready]',
];

const browser = await chromium.launch({
  executablePath: process.env.NQ57_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
});

/** One load of the dashboard in a fresh context: ms to interactive and the API calls. */
async function load() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  const res = await context.request.post(`${base}/api/auth/login`, { data: { login, password } });
  if (res.status() !== 200) throw new Error(`đăng nhập thất bại (login failed): ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/#/`);
  await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s)), READY, { timeout: 30000, polling: 'raf' });
  const ms = await page.evaluate(() => performance.now());
  const alerts = await page.locator('main [role=alert]').allInnerTexts();
  const api = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
      .map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, ms: Math.round(e.duration), bytes: e.transferSize })),
  );
  await context.close();
  if (errors.length || alerts.length) throw new Error(`trang báo lỗi (page errors): ${[...errors, ...alerts].join('; ')}`);
  return { ms: Math.round(ms), api };
}

let failed = false;
try {
  const cold = await load();
  console.log(`dashboard cold (server cache empty): ${cold.ms} ms to interactive`);
  for (const a of cold.api) console.log(`  ${a.path.padEnd(28)} ${String(a.ms).padStart(5)} ms ${String(a.bytes).padStart(9)} B`);
  const warm = [];
  for (let i = 0; i < warmRuns; i++) warm.push((await load()).ms);
  warm.sort((a, b) => a - b);
  console.log(`dashboard warm (cached answers): ${warm.join(', ')} ms; median ${warm[Math.floor(warm.length / 2)]} ms`);
  console.log(`target: interactive <= 1000 ms: cold ${cold.ms <= 1000 ? 'met' : 'MISSED'}, warm ${warm[Math.floor(warm.length / 2)] <= 1000 ? 'met' : 'MISSED'}`);
} catch (e) {
  console.error(`bench dashboard: ${e.message}`);
  failed = true;
}
await browser.close();
process.exit(failed ? 1 : 0);
