// dashboard.test.mjs: the dashboard's figures are the server's figures, for
// the whole scope and for one plan; its charts render under the CSP; and a
// phone (360x740) gets a usable one-column layout without sideways scrolling.
import { statusCount, viNumber } from './util.mjs';

async function expectedScope(t) {
  const scope = await t.api('/api/overview');
  if (scope.status === 200) return [scope.body];
  const plans = t.items((await t.api('/api/plans')).body);
  return Promise.all(plans.map(async (p) => (await t.api(`/api/plans/${p.id}/overview`)).body));
}

async function readStats(page) {
  const get = async (id) => (await page.locator(`[data-testid=stat-${id}]`).innerText()).trim();
  return { total: await get('total'), done: await get('done'), in_progress: await get('in_progress'), at_risk: await get('at_risk'), overdue: await get('overdue') };
}

function expectStats(parts) {
  const sum = (f) => parts.reduce((a, o) => a + f(o), 0);
  return {
    total: viNumber(sum((o) => o.total ?? 0)),
    done: viNumber(sum((o) => statusCount(o, 'done_on_time') + statusCount(o, 'done_late'))),
    in_progress: viNumber(sum((o) => statusCount(o, 'in_progress'))),
    at_risk: viNumber(sum((o) => statusCount(o, 'at_risk'))),
    overdue: viNumber(sum((o) => statusCount(o, 'overdue'))),
  };
}

export const tests = [
  {
    name: 'dashboard: counts match the API (all plans and one plan)',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      await t.need(`/api/plans/${plans[0].id}/overview`);
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=stats]');
      assert.deepEqual(await readStats(page), expectStats(await expectedScope(t)));
      // The status chart has drawn (a canvas) and its table has the same counts.
      await page.waitForSelector('.chart canvas');
      const rows = await page.locator('[data-testid=status-table] tbody tr').count();
      assert.ok(rows > 0, 'status table has rows');
      await t.shot(page, 'dashboard');

      const plan = plans.find((p) => (p.task_count ?? 1) > 0) ?? plans[0];
      await page.selectOption('#dash-plan', String(plan.id));
      const one = (await t.api(`/api/plans/${plan.id}/overview`)).body;
      await page.waitForFunction((n) => document.querySelector('[data-testid=stat-total]')?.textContent === n, viNumber(one.total));
      assert.deepEqual(await readStats(page), expectStats([one]));
      // Agencies with the most lead tasks are listed with the server's counts.
      const lead = (one.by_lead ?? one.by_agency ?? []).filter((r) => r.name);
      if (lead.length) {
        const top = [...lead].sort((a, b) => (b.total ?? b.count) - (a.total ?? a.count))[0];
        const table = await page.locator('[data-testid=agency-table]').textContent();
        assert.ok(table.includes(top.name), `agency ${top.name} in the table`);
      }
    },
  },
  {
    name: 'dashboard: overdue and at-risk lists come from the API',
    async run(t) {
      const { assert } = t;
      const overdue = await t.need('/api/tasks?status=overdue&limit=8');
      const page = await t.open('#/');
      await page.waitForSelector('[data-testid=stats]');
      const section = page.locator('section.card', { has: page.locator('h2', { hasText: 'Nhiệm vụ quá hạn' }) });
      await section.locator('ul, .empty').first().waitFor();
      const shown = await section.locator('.task-title').allInnerTexts();
      assert.deepEqual(shown, t.items(overdue.body).slice(0, 8).map((k) => k.title));
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
