// bench/dashboard.mjs: how long the dashboard takes to become interactive in
// a real browser. Launches Debian's Chromium through playwright-core (never
// a downloaded browser), signs in, opens the dashboard and measures, from
// the start of navigation, the time until every card has rendered: the
// stat tiles, the three charts (status, lead agency, trend: SVG), report
// timeliness and the indicator board. The first load runs against a server
// that has just started (its response cache empty: "cold"); the next loads,
// each in a new browser context with the same session, find the answers
// cached ("warm").
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

// Every card of the dashboard, rendered (charts drawn).
const READY = [
  '[data-testid=stats]',
  '[data-testid=status-chart] svg',
  '[data-testid=agency-chart] svg',
  '[data-testid=trend] svg',
  '[data-testid=timeliness-card][data-ready]',
  '[data-testid=indicator-card][data-ready]',
];

const browser = await chromium.launch({
  executablePath: process.env.NQ57_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
});

// Sign in once: a login is a write, and every write starts a new store
// generation, which empties the response cache (as it should).
const session = await browser.newContext();
const res = await session.request.post(`${base}/api/auth/login`, { data: { login, password } });
if (res.status() !== 200) {
  console.error(`bench dashboard: đăng nhập thất bại (login failed): ${res.status()} ${await res.text()}`);
  process.exit(1);
}
const storageState = await session.storageState();
await session.close();

/** One load of the dashboard in a fresh context (nothing in the browser's
 *  cache): ms to interactive, the API calls and when each card appeared. */
async function load() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', storageState });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // When each card first appears, for the breakdown.
  await page.addInitScript((sels) => {
    const seen = (window.__cardAt = {});
    const check = () => {
      for (const s of sels) if (!(s in seen) && document.querySelector(s)) seen[s] = Math.round(performance.now());
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  }, READY);
  await page.goto(`${base}/#/`);
  await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s)), READY, { timeout: 30000, polling: 'raf' });
  // The moment the last card appeared, as the page's observer saw it (the
  // wait above returns to node later than that, by a frame or more).
  const ms = await page.evaluate((sels) => Math.max(...sels.map((s) => window.__cardAt[s] ?? performance.now())), READY);
  const alerts = await page.locator('main [role=alert]').allInnerTexts();
  const cards = await page.evaluate(() => window.__cardAt);
  const api = await page.evaluate(() => [
    { name: `${location.origin}/(document)`, startTime: 0, duration: performance.getEntriesByType('navigation')[0]?.responseEnd ?? 0, transferSize: 0 },
    { name: `${location.origin}/(DOMContentLoaded)`, startTime: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0, duration: 0, transferSize: 0 },
  ]).then((nav) => page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/api/') || new URL(e.name).pathname.startsWith('/assets/'))
      .map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, start: Math.round(e.startTime), ms: Math.round(e.duration), bytes: e.transferSize })),
  ).then((res) => [...nav.map((e) => ({ path: new URL(e.name).pathname, start: Math.round(e.startTime), ms: Math.round(e.duration), bytes: 0 })), ...res]));
  await context.close();
  if (errors.length || alerts.length) throw new Error(`trang báo lỗi (page errors): ${[...errors, ...alerts].join('; ')}`);
  return { ms: Math.round(ms), api, cards };
}

/** One write as an official makes it: the task's field (lĩnh vực) changed
 *  through PATCH /api/tasks/:id, signed in as the writer account. */
async function write(writer, taskId) {
  const ctx = await browser.newContext();
  const res = await ctx.request.post(`${base}/api/auth/login`, { data: { login: writer, password } });
  if (res.status() !== 200) throw new Error(`đăng nhập ${writer} thất bại (login failed): ${res.status()}`);
  const csrf = (await ctx.storageState()).cookies.find((c) => c.name === 'nq57_csrf')?.value ?? '';
  const task = await (await ctx.request.get(`${base}/api/tasks/${taskId}`)).json();
  const field = task.field === 'other' ? 'infrastructure' : 'other';
  const patched = await ctx.request.patch(`${base}/api/tasks/${taskId}`, {
    data: { field },
    headers: { 'If-Match': `W/"${task.version}"`, 'X-CSRF-Token': decodeURIComponent(csrf) },
  });
  if (patched.status() !== 200) throw new Error(`ghi thất bại (write failed): ${patched.status()} ${await patched.text()}`);
  await ctx.close();
}

let failed = false;
try {
  const cold = await load();
  console.log(`dashboard cold (server cache empty): ${cold.ms} ms to interactive`);
  const show = (run) => {
    for (const a of run.api) console.log(`  ${a.path.padEnd(28)} from ${String(a.start).padStart(5)} ms, took ${String(a.ms).padStart(5)} ms ${String(a.bytes).padStart(9)} B`);
    for (const [sel, at] of Object.entries(run.cards ?? {})) console.log(`  card ${sel.padEnd(44)} at ${String(at).padStart(5)} ms`);
  };
  show(cold);
  const warm = [];
  for (let i = 0; i < warmRuns; i++) {
    const run = await load();
    if (i === warmRuns - 1) {
      console.log(`last warm load: ${run.ms} ms`);
      show(run);
    }
    warm.push(run.ms);
  }
  warm.sort((a, b) => a - b);
  console.log(`dashboard warm (cached answers): ${warm.join(', ')} ms; median ${warm[Math.floor(warm.length / 2)]} ms`);
  // The everyday cold view: an official has just changed something, which
  // empties the response cache; the server recounts the plan written to.
  let written = null;
  if (process.env.BENCH_WRITER && process.env.BENCH_TASK) {
    await write(process.env.BENCH_WRITER, Number(process.env.BENCH_TASK));
    written = await load();
    console.log(`dashboard after a write (response cache emptied): ${written.ms} ms to interactive`);
    show(written);
  }
  const verdict = (ms) => (ms <= 1000 ? 'met' : 'MISSED');
  console.log(`target: interactive <= 1000 ms: cold ${verdict(cold.ms)}, warm ${verdict(warm[Math.floor(warm.length / 2)])}` +
    (written ? `, after a write ${verdict(written.ms)}` : ''));
} catch (e) {
  console.error(`bench dashboard: ${e.message}`);
  failed = true;
}
await browser.close();
process.exit(failed ? 1 : 0);
