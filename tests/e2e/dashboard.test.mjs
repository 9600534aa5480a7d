// dashboard.test.mjs: the dashboard's figures are the server's figures
// (GET /api/overview, /api/timeliness, /api/indicators), for the whole scope
// and for one plan, each card from one request; its charts render under the
// CSP; and a phone (360x740) gets a usable one-column layout without
// sideways scrolling.
import { statusCount, viNumber } from './util.mjs';

async function readStats(page) {
  const get = async (id) => (await page.locator(`[data-testid=stat-${id}]`).innerText()).trim();
  return { total: await get('total'), done: await get('done'), in_progress: await get('in_progress'), at_risk: await get('at_risk'), overdue: await get('overdue') };
}

function expectStats(o) {
  return {
    total: viNumber(o.total),
    done: viNumber(statusCount(o, 'done_on_time') + statusCount(o, 'done_late')),
    in_progress: viNumber(statusCount(o, 'in_progress')),
    at_risk: viNumber(statusCount(o, 'at_risk')),
    overdue: viNumber(statusCount(o, 'overdue')),
  };
}

export const tests = [
  {
    name: 'dashboard: counts match the API (all plans and one plan)',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      const requests = [];
      const events = []; // 'ask <path>' and 'answered <path>', in the order the browser saw them
      const page = await t.context.newPage();
      page.on('request', (r) => {
        requests.push(new URL(r.url()).pathname);
        events.push(`ask ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
      });
      page.on('requestfinished', (r) => events.push(`answered ${new URL(r.url()).pathname}`));
      await t.open('#/', page);
      await page.waitForSelector('[data-testid=stats]');
      const scope = (await t.api('/api/overview')).body;
      assert.deepEqual(await readStats(page), expectStats(scope));
      // One request per card: no per-plan overviews, periods or indicators.
      await page.waitForSelector('[data-testid=timeliness-card][data-ready]');
      await page.waitForSelector('[data-testid=indicator-card][data-ready]');
      const perPlan = requests.filter((p) => /^\/api\/(plans\/\d+\/|periods\/)/.test(p));
      assert.deepEqual(perPlan, [], 'the dashboard makes no per-plan requests');
      assert.equal(requests.filter((p) => p === '/api/overview').length, 1);
      // The three questions leave with the session check, not after its
      // answer (main.tsx prefetch), and the page asks none of them again.
      const me = events.indexOf('answered /api/auth/me');
      assert.ok(me >= 0, 'the session was checked');
      for (const q of ['/api/overview', '/api/timeliness', '/api/indicators?limit=12']) {
        const asked = events.filter((e) => e === `ask ${q}`);
        assert.equal(asked.length, 1, `${q} asked once (${events.join(', ')})`);
        assert.ok(events.indexOf(`ask ${q}`) < me, `${q} asked before the session check answered (${events.join(', ')})`);
      }
      assert.equal(events.filter((e) => e === 'ask /api/auth/me').length, 1, 'one session check');
      // The status chart has drawn (SVG) and its table has the same counts.
      await page.waitForSelector('[data-testid=status-chart] svg');
      const rows = await page.locator('[data-testid=status-table] tbody tr').count();
      assert.equal(rows, Object.values(scope.by_status).filter((n) => n > 0).length);
      // The trend's last month-end is today's figures.
      await page.waitForSelector('[data-testid=trend] svg');
      const last = scope.trend[scope.trend.length - 1];
      const trendRows = await page.locator('[data-testid=trend-table] tbody tr').allTextContents();
      assert.equal(trendRows.length, 12);
      assert.ok(trendRows[11].includes(viNumber(last.done)), `trend row ${trendRows[11]} shows ${last.done} done`);
      await t.shot(page, 'dashboard');

      const plan = plans.find((p) => (p.task_count ?? 1) > 0) ?? plans[0];
      await page.selectOption('#dash-plan', String(plan.id));
      const one = (await t.api(`/api/overview?plan=${plan.id}`)).body;
      assert.equal(one.total, (await t.api(`/api/plans/${plan.id}/overview`)).body.total);
      await page.waitForFunction((n) => document.querySelector('[data-testid=stat-total]')?.textContent === n, viNumber(one.total));
      assert.deepEqual(await readStats(page), expectStats(one));
      // Agencies with the most lead tasks are listed with the server's counts.
      const lead = one.by_lead.filter((r) => r.unit_id !== null);
      if (lead.length) {
        const table = await page.locator('[data-testid=agency-table]').textContent();
        assert.ok(table.includes(lead[0].name), `agency ${lead[0].name} in the table`);
      }
    },
  },
  {
    name: 'dashboard: the field chart shows the API by_field figures; a field opens the plan filtered by it',
    async run(t) {
      const { assert } = t;
      const scope = (await t.api('/api/overview')).body;
      const fields = scope.by_field.filter((f) => f.total > 0);
      assert.ok(fields.length >= 5, 'the seed plans span most fields');
      assert.equal(scope.by_field.reduce((a, f) => a + f.total, 0), scope.total);
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=field-chart] svg');
      const rows = await page.locator('[data-testid=field-table] tbody tr').allTextContents();
      assert.equal(rows.length, fields.length);
      fields.forEach((f, i) => {
        assert.ok(rows[i].includes(f.label) && rows[i].includes(viNumber(f.total)), `row ${rows[i]} shows ${f.label}: ${f.total}`);
      });
      // One plan: its field rows link to the plan's task list filtered by field.
      const plans = t.items((await t.api('/api/plans')).body);
      const plan = plans.find((p) => (p.task_count ?? 1) > 0) ?? plans[0];
      await page.selectOption('#dash-plan', String(plan.id));
      const one = (await t.api(`/api/overview?plan=${plan.id}`)).body;
      const first = one.by_field.find((f) => f.total > 0);
      await page.waitForFunction((n) => document.querySelector('[data-testid=stat-total]')?.textContent === n, viNumber(one.total));
      await page.locator('[data-testid=field-chart] summary').click();
      await page.locator('[data-testid=field-table] a', { hasText: first.label }).first().click();
      await page.waitForSelector('#task-field');
      assert.equal(await page.inputValue('#task-field'), first.field);
      const count = `Tìm thấy ${first.total} nhiệm vụ`;
      await page.waitForFunction((c) => document.querySelector('[data-testid=task-count]')?.textContent?.startsWith(c), count);
    },
  },
  {
    name: 'dashboard: overdue and at-risk lists with reasons come from the API',
    async run(t) {
      const { assert } = t;
      const scope = (await t.api('/api/overview')).body;
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=stats]');
      for (const [status, testid] of [['overdue', 'overdue-list'], ['at_risk', 'warnings']]) {
        const shown = await page.locator(`[data-testid=${testid}] .task-title`).allInnerTexts();
        assert.deepEqual(shown, scope[status].map((k) => k.title), `${status} list`);
        if (scope[status].length) {
          const reasons = await page.locator(`[data-testid=${testid}] .reason`).allInnerTexts();
          assert.ok(reasons.includes(scope[status][0].reasons[0]), `${status} reasons shown`);
        }
      }
    },
  },
  {
    name: 'dashboard: report timeliness and indicator board match the API',
    async run(t) {
      const { assert } = t;
      // A plan with this year's periods: its lead units owe reports. (The
      // last plan: features.test.mjs expects the first without periods.)
      const plans = t.items((await t.api('/api/plans')).body);
      await t.api(`/api/plans/${plans[plans.length - 1].id}/periods`, { method: 'POST', body: JSON.stringify({ year: new Date().getFullYear() }) });
      const tl = (await t.api('/api/timeliness')).body;
      const board = (await t.api('/api/indicators?limit=12')).body;
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=timeliness-card][data-ready]');
      if (tl.plans > 0) {
        for (const k of ['on_time', 'late', 'missing', 'pending'])
          assert.equal((await page.locator(`[data-testid=tl-${k}]`).innerText()).trim(), viNumber(tl[k]), `timeliness ${k}`);
      } else {
        assert.ok((await page.locator('[data-testid=timeliness-card]').innerText()).includes('Chưa có kỳ báo cáo nào đến hạn'));
      }
      await page.waitForSelector('[data-testid=indicator-card][data-ready]');
      const names = await page.locator('[data-testid=indicator-board] a').allInnerTexts();
      assert.deepEqual(names, board.items.map((i) => i.name));
    },
  },
  {
    name: 'phone 360x740: one column, menu button, no sideways scroll',
    viewport: { width: 360, height: 740 },
    async run(t) {
      const { assert } = t;
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=stats], main [role=alert], main [data-state]');
      await page.waitForTimeout(300);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `page is ${wide}px wide on a 360px screen`);
      await t.shot(page, 'phone-dashboard');
      // The navigation collapses behind a labelled button that works from the keyboard.
      const menu = page.locator('.menu-btn');
      assert.ok(await menu.isVisible(), 'menu button visible');
      assert.equal(await page.locator('#mainnav').isVisible(), false);
      await menu.focus();
      await page.keyboard.press('Enter');
      assert.equal(await menu.getAttribute('aria-expanded'), 'true');
      assert.ok(await page.locator('#mainnav').isVisible());
      await t.shot(page, 'phone-menu');
      await page.locator('#mainnav').getByRole('link', { name: 'Kế hoạch', exact: true }).click();
      await page.waitForSelector('[data-testid=plan-list] li');
      const plansWide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(plansWide <= 360, `plans page is ${plansWide}px wide`);
      await page.locator('[data-testid=plan-list] a').first().click();
      await page.waitForSelector('[data-testid=task-list] li, main [data-state]');
      const planWide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(planWide <= 360, `plan page is ${planWide}px wide`);
      await t.shot(page, 'phone');
    },
  },
];
