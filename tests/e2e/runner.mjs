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
import { tmpdir } from 'node:os';
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

/** A signed-in API session from node (cookie jar + CSRF token), or null. */
let session = null;

/** Call the API as the e2e administrator (when the server has logins); returns {status, body, headers}. */
async function api(path, init = {}, as = session) {
  const headers = { Accept: 'application/json', ...(init.headers ?? {}) };
  if (init.body && typeof init.body === 'string') headers['Content-Type'] ??= 'application/json';
  if (as) {
    headers.Cookie = as.cookie;
    if ((init.method ?? 'GET') !== 'GET') headers['X-CSRF-Token'] = as.csrf;
  }
  const res = await fetch(BASE + path, { ...init, headers });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, headers: res.headers };
}

/** Log in through the API; null when the server has no logins. */
async function apiLogin(login, password) {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: body.csrf_token, user: body.user };
}

/** Is authentication on? /api/auth/me answers 404 (no module) or 503 (off) otherwise. */
const me = await api('/api/auth/me', {}, null);
const authOn = me.status === 200 || me.status === 401;
const USERS = JSON.parse(process.env.NQ57_E2E_USERS ?? '{}'); // {role: {login, password}}
if (authOn) {
  if (!USERS.admin) {
    console.error('runner: the server has logins but run.sh created no e2e users');
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  session = await apiLogin(USERS.admin.login, USERS.admin.password);
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

/** Browser storage (cookies) of a user signed in through the login page. */
const storage = new Map();
async function browserState(role) {
  if (!authOn) return undefined;
  const u = typeof role === 'string' ? USERS[role] : role;
  if (!u) throw new Error(`no e2e user with role ${role}`);
  if (storage.has(u.login)) return storage.get(u.login);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/#/login`);
  await page.fill('#login-name', u.login);
  await page.fill('#login-password', u.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.whoami button');
  const state = await context.storageState();
  await context.close();
  storage.set(u.login, state);
  return state;
}

const only = process.env.NQ57_E2E_ONLY;
let passed = 0;
let failed = 0;
let skipped = 0;
for (const test of tests) {
  if (only && !test.name.includes(only)) continue;
  let storageState;
  try {
    storageState = test.anonymous ? undefined : await browserState(test.as ?? 'admin');
  } catch (e) {
    failed++;
    console.log(`FAIL ${test.name}: cannot sign in: ${e.message}`);
    continue;
  }
  const context = await browser.newContext({
    viewport: test.viewport ?? { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    storageState,
  });
  context.setDefaultTimeout(10000);
  const problems = [];
  const extra = [];
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
    authOn,
    users: USERS,
    /** An API session of another e2e user (officer, head, aggregator). */
    async sessionOf(role) {
      const u = typeof role === 'string' ? USERS[role] : role;
      if (!u) throw new Skip(`no e2e user with role ${role}`);
      return apiLogin(u.login, u.password);
    },
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
    /** A page in a separate browser context signed in as another e2e user
     *  (a role of run.sh's accounts, or {login, password}). */
    async openAs(role, route) {
      const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', storageState: await browserState(role) });
      extra.push(other);
      watch(await other.newPage());
      const page = other.pages()[0];
      await page.goto(`${BASE}/${route}`);
      await page.waitForSelector('main h1, main [role=alert]');
      return page;
    },
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
      // What the browser showed when it failed, for the person reading the log.
      const dir = join(process.env.NQ57_E2E_FAILSHOTS ?? join(tmpdir(), 'nq57-e2e-failures'));
      mkdirSync(dir, { recursive: true });
      let n = 0;
      for (const c of [context, ...extra])
        for (const p of c.pages()) {
          const file = join(dir, `${test.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${n++}.png`);
          await p.screenshot({ path: file }).then(() => console.log(`    screenshot: ${file} (${p.url()})`), () => undefined);
        }
    }
  } finally {
    await context.close();
    for (const c of extra) await c.close();
  }
}
await browser.close();
if (skipped) console.log(`e2e: ${skipped} skipped (feature not on this server yet)`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
