// runner.mjs: a tiny test runner for the browser tests. It launches Debian's
// Chromium once through playwright-core (never a downloaded browser), gives
// each test a fresh browser context against the running nq57 server, records
// console errors and CSP violations, and prints one line per test and the
// final "e2e: N passed, M failed" that tests/run reads. A test whose feature
// the server does not offer yet (its endpoint answers 404) is reported as
// skipped, with the endpoint named, and counted in neither number.
import assert from 'node:assert/strict';
import { readdirSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const BASE = process.env.NQ57_E2E_URL;
if (!BASE) {
  console.error('runner: NQ57_E2E_URL is not set (use tests/e2e/run.sh)');
  process.exit(2);
}
const SHOTS = join(root, 'docs', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

class Skip extends Error {}

/** GET (or other method) an API path on the server; returns {status, body}. */
async function api(path, init = {}) {
  const res = await fetch(BASE + path, { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, body, headers: res.headers };
}

/** The items of a list answer ({items:[...]} or a bare array). */
function items(body) {
  return Array.isArray(body) ? body : (body?.items ?? []);
}

const browser = await chromium.launch({
  executablePath: process.env.NQ57_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
});

const files = readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
const tests = [];
for (const f of files) {
  const mod = await import(pathToFileURL(join(here, f)).href);
  for (const t of mod.tests) tests.push({ ...t, file: f });
}

const only = process.env.NQ57_E2E_ONLY;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const test of tests) {
  if (only && !test.name.includes(only)) continue;
  const context = await browser.newContext({ viewport: test.viewport ?? { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(10000);
  const problems = [];
  const watch = (page) => {
    page.on('console', (m) => {
      const text = m.text();
      if (/Content.Security.Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
      else if (m.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', watch);
  const t = {
    base: BASE,
    api,
    items,
    assert,
    /** A new page at an app route ("#/plans"), ready when the shell has rendered. */
    async open(route = '#/', page) {
      const p = page ?? (await context.newPage());
      await p.goto(`${BASE}/${route}`);
      await p.waitForSelector('main h1, main [role=alert]');
      return p;
    },
    context,
    skip(reason) {
      throw new Skip(reason);
    },
    /** Skip unless the API path answers (not 404); returns the answer. */
    async need(path, init) {
      const r = await api(path, init);
      if (r.status === 404 || r.status === 405 || r.status === 501) throw new Skip(`${path} chưa có trên máy chủ (${r.status})`);
      return r;
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
  };
  const started = Date.now();
  try {
    await test.run(t);
    if (!test.allowConsoleErrors && problems.length) throw new Error(`browser reported:\n    ${problems.join('\n    ')}`);
    passed++;
    console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
  } catch (e) {
    if (e instanceof Skip) {
      skipped++;
      console.log(`skip ${test.name}: ${e.message}`);
    } else {
      failed++;
      console.log(`FAIL ${test.name} [${test.file}]\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
    }
  } finally {
    await context.close();
  }
}
await browser.close();
if (skipped) console.log(`e2e: ${skipped} skipped (feature not on this server yet)`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
