// report.test.mjs: one reporting period end to end in the browser: the unit
// officer fills the report and saves a draft, the unit's head approves and
// sends it, the aggregator accepts it; the task's progress and the
// dashboard change accordingly, and the official DOCX downloads.
import { fold, statusCount, viNumber } from './util.mjs';

const UNIT = 'Sở Khoa học và Công nghệ';

/** A plan with a period in which UNIT owes a report (periods generated when missing). */
async function findPeriod(t) {
  const plans = t.items((await t.api('/api/plans')).body);
  const units = t.items((await t.api(`/api/units?q=${encodeURIComponent(UNIT)}`)).body);
  const unit = units.find((u) => u.name === UNIT);
  t.assert.ok(unit, `${UNIT} is in the directory`);
  for (const p of plans) {
    let periods = t.items((await t.need(`/api/plans/${p.id}/periods`)).body);
    if (periods.length === 0) {
      await t.api(`/api/plans/${p.id}/periods`, { method: 'POST', body: JSON.stringify({ year: new Date().getFullYear() }) });
      periods = t.items((await t.api(`/api/plans/${p.id}/periods`)).body);
    }
    for (const period of periods) {
      const rows = t.items((await t.need(`/api/periods/${period.id}/reports`)).body);
      if (rows.some((r) => r.unit_id === unit.id)) return { plan: p, period, unit };
    }
  }
  t.skip(`no period in which ${UNIT} reports`);
}

export const tests = [
  {
    name: 'reporting: officer drafts, head approves and sends, aggregator accepts, DOCX downloads',
    as: 'officer',
    async run(t) {
      const { assert } = t;
      if (!t.authOn) t.skip('the report flow needs logins (officer, head, aggregator)');
      const { plan, period, unit } = await findPeriod(t);

      // Officer: open the unit's report from "my work" and fill the first task.
      const page = await t.open(`#/my?plan=${plan.id}&period=${period.id}`);
      await page.waitForSelector('[data-testid=my-report]');
      await page.locator('[data-testid=my-report] .btn').click();
      await page.waitForSelector('[data-testid=report-state]');
      const first = page.locator('.report-line').first();
      await first.locator('select').selectOption('in_progress');
      await first.locator('input[type=number]').fill('60');
      await first.locator('textarea').nth(0).fill('Đã ban hành kế hoạch chi tiết và tổ chức hội nghị triển khai.');
      await first.locator('textarea').nth(2).fill('Thiếu kinh phí để thuê chuyên gia tư vấn.');
      await page.click('text=Lưu nháp');
      await page.waitForSelector('.notice-ok');
      await page.evaluate(() => scrollTo(0, 0));
      await t.shot(page, 'report-form');
      const reportId = Number(/#\/reports\/(\d+)/.exec(page.url())[1]);
      const taskId = (await t.api(`/api/reports/${reportId}`)).body.items[0].task_id;

      // Head: approve and send.
      const head = await t.sessionOf('head');
      let r = await t.api(`/api/reports/${reportId}/approve`, { method: 'POST', body: '{}' }, head);
      assert.equal(r.status, 200, `approve: ${JSON.stringify(r.body)}`);
      r = await t.api(`/api/reports/${reportId}/submit`, { method: 'POST', body: '{}' }, head);
      assert.equal(r.status, 200, `submit: ${JSON.stringify(r.body)}`);

      // Aggregator: the plan's aggregating body (its issuer unless set) reviews.
      // The administrator creates that account, as a deployment would.
      const detail = (await t.api(`/api/plans/${plan.id}`)).body;
      const aggUnit = detail.aggregator_unit_id ?? detail.issuer_unit_id;
      if (!aggUnit) t.skip(`plan ${plan.id} has no aggregating unit`);
      const aggregator = { login: `e2e-tonghop-${plan.id}`, password: t.users.admin.password };
      const made = await t.api('/api/users', {
        method: 'POST',
        body: JSON.stringify({ ...aggregator, full_name: 'Kiểm thử tổng hợp', role: 'aggregator', unit: String(aggUnit), plan_ids: [plan.id] }),
      });
      assert.ok(made.status === 201 || made.status === 409, `create aggregator: ${made.status} ${JSON.stringify(made.body)}`);
      const review = await t.openAs(aggregator, `#/review?plan=${plan.id}&period=${period.id}`);
      const card = review.locator('[data-testid=review-list] li', { hasText: unit.name });
      await card.waitFor();
      assert.match(await card.innerText(), /Đã gửi/);
      const before = (await t.api(`/api/tasks/${taskId}`)).body;
      await card.locator('text=Tiếp nhận').click();
      await review.waitForSelector('.notice-ok');
      const report = (await t.api(`/api/reports/${reportId}`)).body;
      assert.equal(report.state, 'accepted');
      const after = (await t.api(`/api/tasks/${taskId}`)).body;
      assert.equal(after.percent, 60, 'accepting applies the percent to the task');
      assert.notEqual(after.version, before.version);

      // The task's page shows the accepted update with its difficulty, and the audit trail.
      const taskPage = await t.openAs(aggregator, `#/tasks/${taskId}`);
      await taskPage.waitForSelector('ol.timeline li');
      assert.match(await taskPage.locator('ol.timeline').innerText(), /Thiếu kinh phí để thuê chuyên gia tư vấn/);
      // The audit trail loads apart from the task: wait for it rather than count too early.
      await taskPage.locator('table tbody tr').first().waitFor();
      assert.ok((await taskPage.locator('table tbody tr').count()) > 0, 'audit trail has entries');

      // The dashboard of the plan shows the new figures, equal to the API's.
      const overview = (await t.api(`/api/plans/${plan.id}/overview`)).body;
      const dash = await t.openAs(aggregator, `#/?plan=${plan.id}`);
      await dash.waitForSelector('[data-testid=stats]');
      assert.equal(await dash.locator('[data-testid=stat-in_progress]').innerText(), viNumber(statusCount(overview, 'in_progress')));
      assert.ok(statusCount(overview, 'in_progress') + statusCount(overview, 'overdue') + statusCount(overview, 'at_risk') > 0);
      await dash.waitForSelector('[data-testid=timeliness]');
      await t.shot(dash, 'dashboard-after-report');

      // The digest now has the difficulty the unit raised.
      const digest = await t.api(`/api/plans/${plan.id}/digest`);
      if (digest.status === 200) assert.ok(digest.body.difficulties.some((g) => fold(g.text).includes('kinh phi')));

      // The aggregator compiles the period; the official DOCX downloads from the link the page offers.
      const [download] = await Promise.all([review.waitForEvent('download'), review.click('[data-testid=period-docx]')]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      const bytes = readFileSync(path);
      assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a DOCX (zip) file');
      assert.match(download.suggestedFilename(), /\.docx$/);
    },
  },
];
