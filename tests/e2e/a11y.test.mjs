// a11y.test.mjs: the accessibility audit of issue 6. Every page of the app is
// opened as the role that uses it, at desktop width (1280 px) and at phone
// width (360 px, with the menu open too), and checked with axe-core against
// the WCAG 2.1 A and AA rules; any violation of impact "serious" or
// "critical" fails the page, listed with its rule id and selectors. A
// keyboard test then operates the main navigation, the plan search box and a
// report form's save button with Tab and Enter only, and checks that the
// focused element shows a visible focus indicator.
//
// axe comes from web/node_modules (a devDependency, never in the bundle) and
// is evaluated in the page through the DevTools protocol: the app's strict
// CSP (script-src 'self') refuses an injected <script> element, and the test
// must not loosen the CSP it is auditing under.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AXE_PATH = createRequire(join(root, 'web', 'package.json')).resolve('axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);
// NQ57_A11Y_ALL=1 lists (without failing) every finding, best practices and minor impacts included.
const SHOW_ALL = !!process.env.NQ57_A11Y_ALL;
const UNIT = 'Sở Khoa học và Công nghệ';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

/** Wait until the page has finished loading its data (no spinner left). */
async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: 15000 });
}

/** axe's serious and critical WCAG 2.1 A/AA violations of the page, one line per element. */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations),
    SHOW_ALL ? [...WCAG_TAGS, 'best-practice'] : WCAG_TAGS,
  );
  const lines = [];
  for (const v of violations) {
    if (SHOW_ALL && !BLOCKING.has(v.impact)) {
      for (const n of v.nodes) console.log(`     note ${page.url().replace(/^.*#/, '#')}: ${v.id} (${v.impact}) ${n.target.join(' ')}`);
      continue;
    }
    if (!BLOCKING.has(v.impact)) continue;
    for (const n of v.nodes) {
      const why = (n.failureSummary ?? '').split('\n').slice(1, 3).join(' ').trim();
      lines.push(`${v.id} (${v.impact}) ${n.target.join(' ')}: ${why || v.help}`);
    }
  }
  return lines;
}

/** Charts (ECharts canvases, the dashboard's SVG) show figures only as
 *  pictures: each needs a name that summarises it (role img,
 *  aria-label) and the same figures as a table beside it (WCAG 1.1.1). */
async function chartProblems(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('main .chart, main svg[role=img]')].flatMap((c, k) => {
      const problems = [];
      const where = `chart ${k + 1} (${c.closest('figure')?.querySelector('figcaption')?.textContent ?? c.closest('section')?.querySelector('h2')?.textContent ?? '?'})`;
      if (c.getAttribute('role') !== 'img') problems.push(`${where}: no role=img`);
      if ((c.getAttribute('aria-label') ?? '').trim().length < 10) problems.push(`${where}: no summary in aria-label`);
      const box = c.closest('figure') ?? c.closest('section');
      const table = box?.querySelector('table') ?? box?.nextElementSibling?.querySelector('table');
      if (!table || !table.querySelector('th')) problems.push(`${where}: no data table with headers beside it`);
      return problems;
    }),
  );
}

/** Audit a route at 1280 px and at 360 px (also with the phone menu open); throws listing every finding. */
async function auditRoute(t, route, ready, page) {
  const found = [];
  const p = page ?? (await t.open(route));
  for (const [label, size] of [['1280 px', DESKTOP], ['360 px', PHONE]]) {
    await p.setViewportSize(size);
    await p.waitForSelector('main h1, main [role=alert]');
    if (ready) await p.waitForSelector(ready);
    await settle(p);
    for (const line of await audit(p)) found.push(`${label}: ${line}`);
    if (size === DESKTOP) for (const line of await chartProblems(p)) found.push(`${label}: ${line}`);
    if (size === PHONE) {
      // Reflow (WCAG 1.4.10): at 360 px the page itself never scrolls sideways; wide tables scroll inside TableWrap.
      const wide = await p.evaluate(() => {
        const over = document.documentElement.scrollWidth - innerWidth;
        if (over <= 1) return null;
        const culprit = [...document.querySelectorAll('main *')].find((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-wrap'));
        return `${over} px too wide${culprit ? ` (${culprit.tagName.toLowerCase()}.${[...culprit.classList].join('.')})` : ''}`;
      });
      if (wide) found.push(`${label}: the page scrolls sideways: ${wide}`);
      // The charts' data tables ("Xem dạng bảng") are closed by default, so axe would skip them: open them once.
      if (await p.evaluate(() => [...document.querySelectorAll('main details.data-table')].map((d) => (d.open = true)).length)) {
        for (const line of await audit(p)) found.push(`${label}, data tables open: ${line}`);
        if (await p.evaluate(() => document.documentElement.scrollWidth > innerWidth + 1)) found.push(`${label}, data tables open: the page scrolls sideways`);
      }
      await p.click('.menu-btn');
      await p.waitForSelector('.nav-open');
      for (const line of await audit(p)) found.push(`${label}, menu open: ${line}`);
      await p.click('.menu-btn');
    }
  }
  t.assert.deepEqual(found, [], `${route}: ${found.length} serious/critical axe violations:\n      ${found.join('\n      ')}`);
  return p;
}

/** POST/PUT as a session and insist on a 2xx answer. */
async function send(t, method, path, body, as) {
  const r = await t.api(path, { method, body: JSON.stringify(body) }, as);
  t.assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The pages of a plan are only audited fully when they show data: a small
 *  plan of its own (another lead unit than the other tests' UNIT, so their
 *  flows stay untouched) with one report filled, approved, sent and accepted,
 *  so the review queue, scorecards, digest and indicator chart have content. */
async function reportedPlan(t) {
  const year = new Date().getFullYear();
  const lead = 'Sở Tài chính';
  const leadUnit = t.items((await t.api(`/api/units?q=${encodeURIComponent(lead)}`)).body).find((u) => u.name === lead);
  t.assert.ok(leadUnit, `${lead} is in the directory`);
  const plan = await send(t, 'POST', '/api/plans', {
    source: 'e2e-a11y',
    plan: { kind: 'Kế hoạch', number: `A11Y-${Date.now() % 100000}/KH`, issuer: UNIT, date: `${year}-01-12`, title: 'Kế hoạch kiểm thử khả năng tiếp cận: số hóa hồ sơ tài chính công' },
    tasks: [
      { code: '1', title: 'Số hóa toàn bộ hồ sơ quyết toán ngân sách cấp tỉnh', lead: [lead], schedule: { kind: 'once', start: null, due: `${year}-06-30` } },
      { code: '2', title: 'Kết nối cơ sở dữ liệu tài chính với nền tảng tích hợp, chia sẻ dữ liệu', lead: [lead], schedule: { kind: 'once', start: null, due: `${year}-12-31` } },
    ],
    indicators: [{ code: 'CT.1', name: 'Tỷ lệ hồ sơ quyết toán được số hóa', unit: '%', targets: { [year]: '>=80' } }],
    reporting: [{ period: 'quarter', due: null }],
  });
  const periods = t.items(await send(t, 'POST', `/api/plans/${plan.id}/periods`, { year }));
  t.assert.ok(periods.length > 0, 'periods from the regime');
  const password = t.users.admin.password;
  const account = async (role, unitId, extra = {}) => {
    const u = { login: `e2e-a11y-${role}-${plan.id}`, password };
    await send(t, 'POST', '/api/users', { ...u, full_name: `Kiểm thử ${role}`, role, unit: String(unitId), ...extra });
    return u;
  };
  const officer = await account('officer', leadUnit.id);
  const head = await account('head', leadUnit.id);
  const detail = (await t.api(`/api/plans/${plan.id}`)).body;
  const aggUnit = detail.aggregator_unit_id ?? detail.issuer_unit_id;
  t.assert.ok(aggUnit, 'the plan has an aggregating unit (its issuer)');
  const aggregator = await account('aggregator', aggUnit, { plan_ids: [plan.id] });
  const period = periods[0];
  const report = await send(t, 'POST', `/api/periods/${period.id}/reports`, { unit_id: leadUnit.id }, await t.sessionOf(officer));
  await send(t, 'PUT', `/api/reports/${report.id}`, {
    items: report.items.map((l, k) => ({ task_id: l.task_id, status: 'in_progress', percent: 40 + 20 * k, results: 'Đã số hóa một phần hồ sơ.', difficulties: 'Thiếu máy quét chuyên dụng và nhân lực.' })),
    indicators: report.indicators.map((v) => ({ indicator_id: v.indicator_id, value: 42.5 })),
  }, await t.sessionOf(officer));
  const headSession = await t.sessionOf(head);
  await send(t, 'POST', `/api/reports/${report.id}/approve`, {}, headSession);
  await send(t, 'POST', `/api/reports/${report.id}/submit`, {}, headSession);
  await send(t, 'POST', `/api/reports/${report.id}/accept`, {}, await t.sessionOf(aggregator));
  const indicator = t.items((await t.api(`/api/plans/${plan.id}/indicators`)).body)[0];
  return { plan, period, aggregator, indicator };
}

/** A plan, a task and a reporting period in which UNIT reports, from the seed data; and a reported plan. */
let fixture = null;
async function data(t) {
  if (fixture) return fixture;
  const plans = t.items((await t.api('/api/plans')).body);
  t.assert.ok(plans.length > 0, 'the demo data has plans');
  const unit = t.items((await t.api(`/api/units?q=${encodeURIComponent(UNIT)}`)).body).find((u) => u.name === UNIT);
  t.assert.ok(unit, `${UNIT} is in the directory`);
  const out = { plan: plans[0], unit };
  for (const p of plans) {
    let periods = t.items((await t.need(`/api/plans/${p.id}/periods`)).body);
    if (periods.length === 0) {
      await t.api(`/api/plans/${p.id}/periods`, { method: 'POST', body: JSON.stringify({ year: new Date().getFullYear() }) });
      periods = t.items((await t.api(`/api/plans/${p.id}/periods`)).body);
    }
    const period = await (async () => {
      for (const period of periods) {
        const rows = t.items((await t.need(`/api/periods/${period.id}/reports`)).body);
        if (rows.some((r) => r.unit_id === unit.id)) return period;
      }
      return null;
    })();
    if (period) {
      Object.assign(out, { plan: p, period });
      break;
    }
  }
  out.task = t.items((await t.api(`/api/tasks?plan=${out.plan.id}&limit=1`)).body)[0];
  if (t.authOn) out.reported = await reportedPlan(t);
  fixture = out;
  return out;
}

/** The officer's report of the fixture's period (opened through the API when the unit has none yet). */
async function officerReport(t) {
  const d = await data(t);
  if (!d.period) t.skip(`no period in which ${UNIT} reports`);
  if (d.report) return d.report;
  const officer = await t.sessionOf('officer');
  const r = await t.api(`/api/periods/${d.period.id}/reports`, { method: 'POST', body: JSON.stringify({ unit_id: d.unit.id }) }, officer);
  t.assert.ok(r.status === 200 || r.status === 201, `open the report: ${r.status} ${JSON.stringify(r.body)}`);
  d.report = r.body;
  return d.report;
}

/** Is the focused element's focus indicator visible: an outline (contrasting
 *  3:1 with the background around it, WCAG 1.4.11) or a box shadow? */
async function focusShown(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let around = [255, 255, 255];
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) {
        around = c;
        break;
      }
    }
    const s = getComputedStyle(el);
    const [a, b] = [luminance(rgb(s.outlineColor)), luminance(around)];
    const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && contrast >= 3;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    const what = `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}": outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} (contrast ${contrast.toFixed(2)}:1 with rgb(${around.slice(0, 3)})), box-shadow ${s.boxShadow}`;
    return { ok: outline || !!shadow, what };
  });
}

/** Press Tab until `match` (run in the page on document.activeElement) holds; at most `limit` presses. */
async function tabTo(page, match, arg, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(match, arg)) return i + 1;
  }
  throw new Error(`Tab never reached the element (${limit} presses)`);
}

const PAGES = [
  { name: 'login', anonymous: true, route: () => '#/login', ready: '#login-name' },
  { name: 'public page', anonymous: true, route: () => '#/public' },
  { name: '404 page', route: () => '#/khong-co-trang-nay' },
  { name: 'dashboard', route: () => '#/' },
  { name: 'dashboard of a plan', route: (d) => `#/?plan=${d.plan.id}` },
  { name: 'plans', route: () => '#/plans', ready: '[data-testid=plan-list]' },
  { name: 'plan detail', route: (d) => `#/plans/${d.plan.id}`, ready: '#task-q' },
  { name: 'task detail', route: (d) => (d.task ? `#/tasks/${d.task.id}` : null) },
  { name: 'my work', as: 'officer', route: (d) => (d.period ? `#/my?plan=${d.plan.id}&period=${d.period.id}` : null), ready: '[data-testid=my-report]' },
  { name: 'report form', as: 'officer', report: true, route: () => null, ready: '[data-testid=report-state]' },
  { name: 'review (seed plan)', as: 'aggregator', route: (d) => (d.period ? `#/review?plan=${d.plan.id}&period=${d.period.id}` : null) },
  { name: 'review with an accepted report', as: (d) => d.reported?.aggregator, route: (d) => (d.reported ? `#/review?plan=${d.reported.plan.id}&period=${d.reported.period.id}` : null), ready: '[data-testid=review-list] li' },
  { name: 'indicators', route: () => '#/indicators', ready: 'main table' },
  { name: 'one indicator', route: (d) => (d.reported?.indicator ? `#/indicators/${d.reported.indicator.id}?plan=${d.reported.plan.id}` : null), ready: '.facts' },
  { name: 'scorecards', route: (d) => `#/scorecards?plan=${d.reported?.plan.id ?? d.plan.id}` },
  { name: 'digest', route: (d) => `#/digest?plan=${d.reported?.plan.id ?? d.plan.id}` },
  { name: 'import wizard', as: 'aggregator', route: () => '#/import', ready: '#imp-file' },
  { name: 'admin: agency directory', route: () => '#/admin/units', ready: '[data-testid=units] tbody tr' },
  { name: 'admin: users', route: () => '#/admin/users', ready: '[data-testid=users]' },
  { name: 'admin: reporting regimes', route: () => '#/admin/regimes', ready: '[data-testid=regimes]' },
];

export const tests = [
  ...PAGES.map((p) => ({
    name: `a11y: ${p.name} has no serious WCAG 2.1 AA violation at 1280 and 360 px`,
    as: typeof p.as === 'string' ? p.as : undefined,
    anonymous: p.anonymous,
    async run(t) {
      if (p.as && p.as !== 'admin' && !t.authOn) t.skip('needs logins');
      const d = await data(t);
      const route = p.report ? `#/reports/${(await officerReport(t)).id}` : p.route(d);
      if (!route) t.skip(`the demo data has nothing for ${p.name}`);
      // A user the fixture made (the reported plan's aggregator) gets a context of their own.
      const page = typeof p.as === 'function' ? await t.openAs(p.as(d), route) : undefined;
      if (page) await page.setViewportSize(DESKTOP);
      await auditRoute(t, route, p.ready, page);
    },
  })),
  {
    name: 'vietnamese: plan lists and plan pickers in one order (newest first, then titles in Vietnamese order)',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
      const expected = [...plans].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || collator.compare(a.title, b.title));
      const page = await t.open('#/plans');
      await page.waitForSelector('[data-testid=plan-list] li');
      const shown = await page.locator('[data-testid=plan-list] .plan-title').allInnerTexts();
      assert.deepEqual(shown, expected.map((p) => p.title));
      await page.goto(`${t.base}/#/digest`);
      await page.waitForSelector('#pick-plan option', { state: 'attached' });
      const options = await page.locator('#pick-plan option').evaluateAll((os) => os.map((o) => Number(o.value)));
      assert.deepEqual(options, expected.map((p) => p.id), 'the plan picker lists plans in the same order');
    },
  },
  {
    name: 'a11y: the audit itself finds an unlabelled field and a nameless button',
    async run(t) {
      // A check that cannot fail proves nothing: plant two known violations and expect them reported.
      const page = await t.open('#/khong-co-trang-nay');
      await page.evaluate(() => {
        const main = document.getElementById('main');
        main.insertAdjacentHTML('beforeend', '<input type="text" id="a11y-probe-input"><button type="button" id="a11y-probe-button"></button>');
      });
      const found = await audit(page);
      t.assert.ok(found.some((l) => l.startsWith('label ') && l.includes('#a11y-probe-input')), `label violation reported: ${found.join('; ')}`);
      t.assert.ok(found.some((l) => l.startsWith('button-name ') && l.includes('#a11y-probe-button')), `button-name violation reported: ${found.join('; ')}`);
    },
  },
  {
    name: 'a11y: the import review step has no serious WCAG 2.1 AA violation',
    as: 'aggregator',
    async run(t) {
      // The review step of the wizard, from a plan JSON the CLI extracted (the upload path
      // needs the server's importer; the JSON path always works).
      const { spawnSync } = await import('node:child_process');
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const seed = join(root, 'data', 'seeds', '004_f53984c10ee280ef.txt');
      const page = await t.open('#/import');
      const direct = await t.api('/api/imports', { method: 'GET' });
      if (direct.status !== 404) {
        await page.setInputFiles('#imp-file', seed);
      } else {
        const out = spawnSync(process.env.NQ57_E2E_BIN, ['import', seed, '--json'], { encoding: 'utf8', timeout: 60000 });
        t.assert.equal(out.status, 0, `nq57 import failed: ${out.stderr}`);
        const json = join(mkdtempSync(join(tmpdir(), 'nq57-a11y-')), 'kehoach.json');
        writeFileSync(json, out.stdout);
        await page.setInputFiles('#imp-file', json);
        await page.setInputFiles('#imp-source', seed);
      }
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=import-task-count]', { timeout: 60000 });
      const found = [];
      for (const [label, size] of [['1280 px', DESKTOP], ['360 px', PHONE]]) {
        await page.setViewportSize(size);
        for (const line of await audit(page)) found.push(`${label}: ${line}`);
      }
      t.assert.deepEqual(found, [], `import review: ${found.length} serious/critical axe violations:\n      ${found.join('\n      ')}`);
    },
  },
  {
    name: 'a11y keyboard: main navigation, plan search and the report save button with Tab and Enter only',
    as: 'officer',
    async run(t) {
      const { assert } = t;
      if (!t.authOn) t.skip('needs logins (officer)');
      const report = await officerReport(t);

      // Main navigation at desktop width: Tab to "Kế hoạch", Enter opens the plans page.
      const page = await t.open('#/my');
      await settle(page);
      await tabTo(page, () => document.activeElement?.closest('#mainnav') && document.activeElement.textContent.trim() === 'Kế hoạch');
      let focus = await focusShown(page);
      assert.ok(focus.ok, `navigation link shows focus: ${focus.what}`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#/plans');
      await page.waitForSelector('[data-testid=plan-list] li');
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new page\'s heading');

      // The plan search box: reached by Tab, typed into, narrows the list.
      const before = await page.locator('[data-testid=plan-list] > li').count();
      await tabTo(page, () => document.activeElement?.matches('main input[type=search]'));
      focus = await focusShown(page);
      assert.ok(focus.ok, `search box shows focus: ${focus.what}`);
      const probe = (await page.locator('[data-testid=plan-list] .plan-number').first().innerText()).split(' ').pop();
      await page.keyboard.type(probe);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=plan-list] > li').length < n || n === 1, before);
      const titles = await page.locator('[data-testid=plan-list] .plan-number').allInnerTexts();
      assert.ok(titles.length >= 1 && titles.every((s) => s.includes(probe)), `search "${probe}" keeps only matching plans: ${titles.join(' | ')}`);
      // The count is in a status region, so a screen reader hears how many plans the search left.
      assert.equal(await page.getAttribute('[data-testid=plan-count]', 'role'), 'status');
      assert.equal((await page.locator('[data-testid=plan-count]').innerText()).trim(), `Tìm thấy ${titles.length} kế hoạch`);

      // At phone width the navigation sits behind the menu button: Enter opens it, Tab reaches a link, Enter follows it.
      await page.setViewportSize(PHONE);
      await page.goto(`${t.base}/#/plans`);
      await page.waitForSelector('main h1');
      await tabTo(page, () => document.activeElement?.classList.contains('menu-btn'));
      focus = await focusShown(page);
      assert.ok(focus.ok, `menu button shows focus: ${focus.what}`);
      await page.keyboard.press('Enter');
      assert.equal(await page.getAttribute('.menu-btn', 'aria-expanded'), 'true');
      await tabTo(page, () => document.activeElement?.closest('#mainnav') && document.activeElement.textContent.trim() === 'Việc của tôi', null, 15);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash.startsWith('#/my'));
      await page.waitForSelector('#mainnav a', { state: 'hidden' }); // the menu closes after choosing a page
      assert.equal(await page.getAttribute('.menu-btn', 'aria-expanded'), 'false');

      // The report form: Tab to "Lưu nháp", Enter saves the draft.
      await page.setViewportSize(DESKTOP);
      await page.goto(`${t.base}/#/reports/${report.id}`);
      await page.waitForSelector('[data-testid=report-state]');
      await settle(page);
      await tabTo(page, () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent.trim() === 'Lưu nháp', null, 400);
      focus = await focusShown(page);
      assert.ok(focus.ok, `save button shows focus: ${focus.what}`);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.notice-ok');
      assert.match(await page.locator('.notice-ok').innerText(), /Đã lưu bản nháp/);
    },
  },
];
