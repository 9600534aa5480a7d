// admin.test.mjs: the gaps of issue 6 in the browser: an officer sees their
// own unit's report of the period on "my work" (the server lists it for
// them), the public page shows an indicator value once the aggregating body
// accepted it, and the administration page edits a unit's aliases and a
// user's role.
const UNIT = 'Sở Khoa học và Công nghệ';

/** A plan and period in which UNIT owes a report (read only: no report is opened). */
async function findPeriod(t) {
  const plans = t.items((await t.api('/api/plans')).body);
  const unit = t.items((await t.api(`/api/units?q=${encodeURIComponent(UNIT)}`)).body).find((u) => u.name === UNIT);
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

/** POST as a session and insist on the status. */
async function post(t, path, body, as, want = 200) {
  const r = await t.api(path, { method: 'POST', body: JSON.stringify(body) }, as);
  t.assert.equal(r.status, want, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const tests = [
  {
    name: 'my work: an officer sees their own unit\'s report of the period, never another unit\'s',
    as: 'officer',
    async run(t) {
      const { assert } = t;
      if (!t.authOn) t.skip('needs logins');
      const { plan, period, unit } = await findPeriod(t);
      const officer = await t.sessionOf('officer');
      const own = await t.api(`/api/periods/${period.id}/reports?unit=${unit.id}`, {}, officer);
      assert.equal(own.status, 200, `own unit's reports: ${JSON.stringify(own.body)}`);
      assert.ok(t.items(own.body).length > 0 && t.items(own.body).every((r) => r.unit_id === unit.id));
      const all = await t.api(`/api/periods/${period.id}/reports`, {}, officer);
      assert.equal(all.status, 403, 'every unit\'s reports are the aggregator\'s to list');

      const page = await t.open(`#/my?plan=${plan.id}&period=${period.id}`);
      const mine = page.locator('[data-testid=my-report]');
      await mine.waitFor();
      const text = await mine.innerText();
      assert.match(text, /Báo cáo của đơn vị:/, 'the report row from the list, not a blind "open" button');
      assert.match(text, /Lập báo cáo|Mở báo cáo/);
      await t.shot(page, 'my-work');
    },
  },
  {
    name: 'public page: an indicator value appears once the aggregating body accepts it',
    anonymous: true,
    async run(t) {
      const { assert } = t;
      if (!t.authOn) t.skip('needs logins (officer, head, aggregator)');
      const year = new Date().getFullYear();
      const unit = t.items((await t.api(`/api/units?q=${encodeURIComponent(UNIT)}`)).body).find((u) => u.name === UNIT);
      // A small public plan with one indicator whose values units report.
      const title = 'Kế hoạch kiểm thử số liệu công khai về dịch vụ công trực tuyến';
      const created = await t.api('/api/plans', {
        method: 'POST',
        body: JSON.stringify({
          source: 'e2e',
          plan: { kind: 'Kế hoạch', number: `E2E-${Date.now() % 100000}/KH`, issuer: 'Ủy ban nhân dân tỉnh An Giang', date: `${year}-01-15`, title },
          tasks: [{ code: '1', title: 'Đưa toàn bộ thủ tục hành chính đủ điều kiện lên cổng dịch vụ công', lead: [UNIT], schedule: { kind: 'once', start: null, due: `${year}-12-31` } }],
          indicators: [{ code: 'CT.1', name: 'Tỷ lệ hồ sơ xử lý trực tuyến toàn trình', unit: '%', targets: { [year]: '>=80' } }],
          reporting: [{ period: 'quarter', due: null }],
        }),
      });
      assert.equal(created.status, 201, `create plan: ${JSON.stringify(created.body)}`);
      const plan = created.body;
      const pub = await t.api(`/api/plans/${plan.id}`, { method: 'PATCH', body: JSON.stringify({ public: true }), headers: { 'If-Match': `W/"${plan.version}"` } });
      assert.equal(pub.status, 200, `publish: ${JSON.stringify(pub.body)}`);
      const periods = t.items(await post(t, `/api/plans/${plan.id}/periods`, { year }));
      assert.ok(periods.length > 0, 'periods from the regime');

      const officer = await t.sessionOf('officer');
      const head = await t.sessionOf('head');
      const aggregator = await t.sessionOf('aggregator');
      const report = await post(t, `/api/periods/${periods[0].id}/reports`, { unit_id: unit.id }, officer);
      const indicator = report.indicators[0];
      assert.ok(indicator, 'the report asks for the indicator');
      const saved = await t.api(`/api/reports/${report.id}`, { method: 'PUT', body: JSON.stringify({ indicators: [{ indicator_id: indicator.indicator_id, value: 86.5 }] }) }, officer);
      assert.equal(saved.status, 200, `save: ${JSON.stringify(saved.body)}`);
      await post(t, `/api/reports/${report.id}/approve`, {}, head);
      await post(t, `/api/reports/${report.id}/submit`, {}, head);

      // Sent but not yet accepted: not public.
      const card = async () => {
        const page = await t.open('#/public');
        await page.waitForSelector('[data-testid=public-plans]');
        return { page, li: page.locator('[data-testid=public-plans] > li', { hasText: title }) };
      };
      let { page, li } = await card();
      assert.equal((await li.locator('[data-testid=public-value]').innerText()).trim(), '—');
      await page.close();

      await post(t, `/api/reports/${report.id}/accept`, {}, aggregator);
      ({ page, li } = await card());
      const value = (await li.locator('[data-testid=public-value]').innerText()).trim();
      assert.match(value, /^86,5\s*%/, `the accepted value with the Vietnamese decimal comma (got "${value}")`);
      assert.match(await li.locator('[data-testid=public-indicators]').innerText(), /Đạt/);
      const figures = (await t.api('/api/public', {}, null)).body;
      const ind = figures.plans.find((p) => p.plan.id === plan.id).indicators[0];
      assert.equal(ind.value, 86.5);
      assert.equal(ind.attained, 'attained');
      await li.scrollIntoViewIfNeeded();
      await t.shot(page, 'public-values');
    },
  },
  {
    name: 'administration: edit a unit\'s aliases and a user\'s role',
    async run(t) {
      const { assert } = t;
      const unit = t.items((await t.need(`/api/units?q=${encodeURIComponent(UNIT)}`)).body).find((u) => u.name === UNIT);
      const alias = `SKHCN kiểm thử ${Date.now() % 100000}`;
      const page = await t.open('#/admin/units');
      await page.fill('input[type=search]', UNIT);
      await page.click(`button[aria-label="Sửa ${UNIT}"]`);
      const editor = page.locator('[data-testid=unit-editor]');
      await editor.locator('#ue-alias').fill(alias);
      await editor.getByRole('button', { name: 'Thêm tên gọi', exact: true }).click();
      await editor.locator('[data-testid=unit-aliases]', { hasText: alias }).waitFor();
      assert.match(await editor.locator('[role=status]').innerText(), /Đã thêm tên gọi/);
      const after = (await t.api(`/api/units/${unit.id}`)).body;
      assert.ok(after.aliases.includes(alias), 'the alias is stored');
      assert.equal(after.version, (unit.version ?? 1) + 1, 'each edit is a new version');
      // The directory search finds the unit by its new alias, without accents.
      const found = t.items((await t.api(`/api/units?q=${encodeURIComponent('skhcn kiem thu')}`)).body);
      assert.ok(found.some((u) => u.id === unit.id));
      await t.shot(page, 'admin-unit-alias');

      // A new officer becomes the unit's head.
      const login = `e2e-vaitro-${Date.now() % 100000}`;
      await post(t, '/api/users', { login, full_name: 'Kiểm thử đổi vai trò', password: t.users.admin.password, role: 'officer', unit: String(unit.id) }, undefined, 201);
      const users = await t.open('#/admin/users');
      await users.click(`button[aria-label="Sửa tài khoản ${login}"]`);
      const form = users.locator('[data-testid=user-editor]');
      await form.locator('#ed-role').selectOption('head');
      await form.getByRole('button', { name: 'Lưu tài khoản', exact: true }).click();
      await form.locator('.notice-ok').waitFor();
      const row = users.locator(`[data-login="${login}"] [data-testid=user-role]`);
      await users.waitForFunction((l) => document.querySelector(`[data-login="${l}"] [data-testid=user-role]`)?.textContent?.includes('Lãnh đạo'), login);
      assert.equal((await row.innerText()).trim(), 'Lãnh đạo đơn vị');
      const stored = t.items((await t.api('/api/users')).body).find((u) => u.login === login);
      assert.equal(stored.role, 'head');
      await t.shot(users, 'admin-user-role');
    },
  },
  {
    name: 'administration: a plan\'s reporting regime gains a monthly report due on the 25th',
    async run(t) {
      const { assert } = t;
      // The small plan of the public-page test: seed plans keep their regimes.
      const plan = t.items((await t.api('/api/plans')).body).find((p) => (p.number ?? '').startsWith('E2E-'));
      if (!plan) t.skip('the public-page test made no plan');
      const page = await t.open('#/admin/regimes');
      await page.click(`button[aria-label="Sửa chế độ báo cáo của ${plan.number}"]`);
      const editor = page.locator('[data-testid=regime-editor]');
      await editor.getByRole('button', { name: 'Thêm kỳ báo cáo' }).click();
      await editor.locator('#re-period-1').selectOption('month');
      await editor.locator('#re-rule-1').selectOption('day');
      await editor.locator('#re-day-1').fill('25');
      await editor.getByRole('button', { name: 'Lưu chế độ báo cáo' }).click();
      await editor.locator('.notice-ok').waitFor();
      const regime = (await t.api(`/api/plans/${plan.id}/regime`)).body;
      assert.deepEqual(regime.items.map((i) => [i.period, i.due]), [['quarter', null], ['month', 'day 25']]);
      await t.shot(page, 'admin-regime');
    },
  },
];
