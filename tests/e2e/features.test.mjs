// features.test.mjs: pages whose endpoints land later. Each test checks the
// real behaviour when the server has the feature, and otherwise that the page
// says plainly (in Vietnamese) that the feature is not available, from the
// server's real 404, without showing invented figures.
const year = new Date().getFullYear();
const LATER = (plan) => [
  [`#/scorecards?plan=${plan}`, `/api/plans/${plan}/scorecards?year=${year}`, 'Xếp hạng đơn vị'],
  [`#/digest?plan=${plan}`, `/api/plans/${plan}/digest`, 'Khó khăn, vướng mắc'],
  [`#/review?plan=${plan}`, `/api/plans/${plan}/periods`, 'Tiếp nhận báo cáo'],
  [`#/my?plan=${plan}`, `/api/plans/${plan}/periods`, 'Việc của tôi'],
  ['#/public', '/api/public', 'Kết quả thực hiện Nghị quyết 57-NQ/TW'],
];

export const tests = [
  {
    name: 'later features: real data or a clear "not available" notice',
    async run(t) {
      const { assert } = t;
      const plan = t.items((await t.api('/api/plans')).body)[0].id;
      for (const [route, path, title] of LATER(plan)) {
        const r = await t.api(path);
        const page = await t.open(route);
        assert.equal((await page.locator('main h1').innerText()).trim(), title);
        await page.waitForSelector('main [data-state], main table, main ul.cards, main ol, main .empty, main .stats');
        const na = await page.locator('main [data-state=not-available]').count();
        if (r.status === 404) {
          assert.ok(na > 0, `${route}: says the feature is not available`);
          assert.match(await page.locator('main [data-state=not-available]').first().innerText(), /chưa có trên máy chủ/);
        } else if (r.status === 200) {
          assert.equal(na, 0, `${route}: the server has ${path}, so no "not available" notice`);
        }
        await page.close();
      }
    },
  },
  {
    name: 'indicators board lists the plans\' indicators',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      let expected = [];
      for (const p of plans) {
        const r = await t.need(`/api/plans/${p.id}/indicators`);
        expected = expected.concat(t.items(r.body));
      }
      const page = await t.open('#/indicators');
      if (expected.length === 0) {
        await page.waitForSelector('main .empty');
        return;
      }
      await page.waitForSelector('main table');
      const text = await page.locator('main').innerText();
      for (const i of expected.slice(0, 10)) assert.ok(text.includes(i.name), `indicator ${i.name}`);
      await page.locator('main table a').first().click();
      await page.waitForSelector('.facts');
    },
  },
  {
    name: 'administration: agency directory sorted in Vietnamese order',
    async run(t) {
      const { assert } = t;
      const units = t.items((await t.need('/api/units')).body);
      const page = await t.open('#/admin/units');
      await page.waitForSelector('[data-testid=units] tbody tr');
      const names = await page.locator('[data-testid=units] tbody th').allInnerTexts();
      assert.equal(names.length, units.length);
      const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
      const clean = names.map((n) => n.replace(/\s*Đề xuất mới$/, '').trim());
      assert.deepEqual(clean, [...clean].sort(collator.compare));
      // "Đ" sorts after "D", not at the end as in code-point order.
      const iD = clean.findIndex((n) => n.startsWith('Đ'));
      const iE = clean.findIndex((n) => /^[EÉÈ]/.test(n));
      if (iD >= 0 && iE >= 0) assert.ok(iD < iE, 'Đ before E');
      // Search by alias, without accents.
      const withAlias = units.find((u) => (u.aliases ?? []).length > 0);
      if (withAlias) {
        const alias = withAlias.aliases[0].normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
        await page.fill('input[type=search]', alias);
        const after = await page.locator('[data-testid=units] tbody th').allInnerTexts();
        assert.ok(after.some((n) => n.startsWith(withAlias.name)), `alias ${alias} finds ${withAlias.name}`);
      }
    },
  },
  {
    name: 'accessibility: every form control on the plan page has a label',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      const page = await t.open(`#/plans/${plans[0].id}`);
      await page.waitForSelector('#task-q');
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.closest('label'))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unlabeled, []);
      assert.equal(await page.getAttribute('html', 'lang'), 'vi');
      // The skip link is the first stop of the keyboard and moves focus to the content.
      await page.keyboard.press('Tab');
      assert.equal((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim(), 'Bỏ qua, đến nội dung chính');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    },
  },
];
