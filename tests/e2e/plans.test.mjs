// plans.test.mjs: plans list, plan detail with accent-insensitive search,
// task detail, against the seed plans the server loads on an empty database.
import { fold } from './util.mjs';

/** The seed plan with the most tasks whose title says "khoa học". */
async function planWithScienceTasks(t) {
  const plans = t.items((await t.api('/api/plans')).body);
  let best = null;
  for (const p of plans) {
    const exp = await t.api(`/api/plans/${p.id}/export`);
    if (exp.status !== 200) continue;
    const hits = (exp.body.tasks ?? []).filter((k) => fold(k.title).includes('khoa hoc'));
    if (hits.length && (!best || hits.length > best.hits.length)) best = { plan: p, hits, tasks: exp.body.tasks };
  }
  return best;
}

export const tests = [
  {
    name: 'plans list shows every seed plan',
    async run(t) {
      const { assert } = t;
      const plans = t.items((await t.api('/api/plans')).body);
      assert.ok(plans.length >= 3, `the demo database has the seed plans (got ${plans.length})`);
      const page = await t.open('#/plans');
      await page.waitForSelector('[data-testid=plan-list] li');
      const shown = await page.locator('[data-testid=plan-list] > li').count();
      assert.equal(shown, plans.length);
      const text = await page.locator('[data-testid=plan-list]').innerText();
      for (const p of plans) {
        if (p.number) assert.ok(text.includes(p.number), `plan ${p.number} listed`);
        assert.ok(text.includes(p.title.slice(0, 40)), `title of plan ${p.id} listed`);
      }
      // Dates are printed dd/mm/yyyy.
      const dated = plans.find((p) => p.date);
      if (dated) {
        const [y, m, d] = dated.date.split('-');
        assert.ok(text.includes(`${d}/${m}/${y}`), 'signing date as dd/mm/yyyy');
      }
      // The list filter is accent-insensitive too.
      const target = plans.find((p) => /[À-ỹ]/.test(p.title)) ?? plans[0];
      const word = fold(target.title).split(' ').filter((w) => w.length > 4)[0];
      await page.fill('input[type=search]', word);
      const after = await page.locator('[data-testid=plan-list]').innerText();
      assert.ok(after.includes(target.title.slice(0, 30)), `"${word}" finds ${target.title}`);
    },
  },
  {
    name: 'plan detail: search "khoa hoc" finds "khoa học" tasks',
    async run(t) {
      const { assert } = t;
      await t.need('/api/tasks?limit=1');
      const best = await planWithScienceTasks(t);
      assert.ok(best, 'some seed plan has a "khoa học" task');
      const page = await t.open(`#/plans/${best.plan.id}`);
      await page.waitForSelector('[data-testid=task-list] li');
      const all = await page.locator('[data-testid=task-count]').innerText();
      await page.fill('#task-q', 'khoa hoc');
      await page.waitForFunction(() => /Tìm thấy/.test(document.querySelector('[data-testid=task-count]')?.textContent ?? ''));
      await page.waitForFunction(() => !/đang cập nhật/.test(document.querySelector('[data-testid=task-count]')?.textContent ?? ''));
      const titles = await page.locator('.task-title').allInnerTexts();
      assert.ok(titles.length > 0, 'some tasks found');
      assert.ok(titles.some((x) => x.toLowerCase().includes('khoa học')), 'a found title is written "khoa học" with diacritics');
      const api = await t.api(`/api/tasks?plan=${best.plan.id}&q=${encodeURIComponent('khoa hoc')}&limit=500`);
      assert.equal(titles.length, t.items(api.body).length, 'the page shows what the API finds');
      assert.notEqual(all, await page.locator('[data-testid=task-count]').innerText());
      // The search is kept in the address, so the view can be shared.
      assert.match(decodeURIComponent(page.url()), /q=khoa\+hoc|q=khoa hoc/);
      await t.shot(page, 'plan-search');
    },
  },
  {
    name: 'plan detail: tree of sections, metadata, cascade',
    async run(t) {
      const { assert } = t;
      await t.need('/api/tasks?limit=1');
      const plans = t.items((await t.api('/api/plans')).body);
      const plan = (await t.api(`/api/plans/${plans[0].id}`)).body;
      const page = await t.open(`#/plans/${plan.id}`);
      await page.waitForSelector('[data-testid=task-list] li');
      assert.equal((await page.locator('main h1').innerText()).includes(plan.number ?? ''), true);
      const count = await page.locator('[data-testid=task-count]').innerText();
      const total = (await t.api(`/api/tasks?plan=${plan.id}&limit=500`)).body.total;
      assert.match(count, new RegExp(`^${total} nhiệm vụ`));
      if ((plan.implements ?? []).length) {
        const cascade = await page.locator('[data-testid=cascade]').innerText();
        const first = plan.implements[0];
        assert.ok(cascade.includes(typeof first === 'string' ? first : first.number), 'implemented documents listed');
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await t.shot(page, 'plan');
    },
  },
  {
    name: 'task detail: agencies, schedule, updates and audit',
    async run(t) {
      const { assert } = t;
      const list = await t.need('/api/tasks?limit=50');
      const task = t.items(list.body).find((k) => (k.lead ?? []).length > 0) ?? t.items(list.body)[0];
      assert.ok(task, 'a task exists');
      const full = (await t.api(`/api/tasks/${task.id}`)).body;
      // Arrive by a link, as a user does: the new page's heading takes focus.
      const page = await t.open('#/plans');
      await page.evaluate((id) => (location.hash = `#/tasks/${id}`), task.id);
      await page.waitForSelector('.facts');
      assert.equal((await page.locator('main h1').innerText()).trim(), full.title.trim());
      const facts = await page.locator('.facts').innerText();
      for (const u of full.lead ?? []) assert.ok(facts.includes(typeof u === 'string' ? u : u.name), `lead agency ${JSON.stringify(u)} shown`);
      if (full.schedule?.due) {
        const [y, m, d] = full.schedule.due.split('-');
        assert.ok(facts.includes(`${d}/${m}/${y}`), 'due date as dd/mm/yyyy');
      }
      assert.ok(await page.locator('h2', { hasText: 'Cập nhật tiến độ' }).isVisible());
      assert.ok(await page.locator('h2', { hasText: 'Nhật ký thay đổi' }).isVisible());
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    },
  },
  {
    name: 'task detail: the field is shown and an editor of tasks changes it (audited, filterable)',
    async run(t) {
      const { assert } = t;
      const list = await t.need('/api/tasks?field=security&limit=1');
      const task = t.items(list.body)[0];
      assert.ok(task, 'a security task in the seed plans');
      const page = await t.open('#/plans');
      await page.evaluate((id) => (location.hash = `#/tasks/${id}`), task.id);
      await page.waitForSelector('[data-testid=task-field]');
      assert.equal((await page.locator('[data-testid=task-field]').innerText()).trim(), 'An ninh mạng, an toàn thông tin');
      await page.selectOption('#task-field-edit', 'infrastructure');
      await page.getByRole('button', { name: 'Lưu lĩnh vực' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=task-field]')?.textContent === 'Hạ tầng số, dữ liệu, nền tảng số');
      const after = (await t.api(`/api/tasks/${task.id}`)).body;
      assert.equal(after.field, 'infrastructure');
      const infra = t.items((await t.api(`/api/tasks?plan=${after.plan_id}&field=infrastructure&limit=500`)).body);
      assert.ok(infra.some((k) => k.id === task.id), 'the filter sees the new field');
      // Put it back for the other tests.
      await page.selectOption('#task-field-edit', 'security');
      await page.getByRole('button', { name: 'Lưu lĩnh vực' }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=task-field]')?.textContent === 'An ninh mạng, an toàn thông tin');
    },
  },
];
