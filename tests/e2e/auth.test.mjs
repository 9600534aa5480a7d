// auth.test.mjs: signing in and out through the login page, and the public
// page that needs no login and shows only what is published.
export const tests = [
  {
    name: 'login: wrong password refused, right one opens the dashboard, logout',
    anonymous: true,
    async run(t) {
      const { assert } = t;
      if (!t.authOn) t.skip('the server runs without logins');
      const page = await t.open('#/plans');
      // Any protected page asks for a login first.
      assert.equal((await page.locator('main h1').innerText()).trim(), 'Đăng nhập');
      await page.fill('#login-name', t.users.officer.login);
      await page.fill('#login-password', 'sai-mat-khau-hoan-toan');
      await page.click('button[type=submit]');
      await page.waitForSelector('main [role=alert]');
      assert.match(await page.locator('main [role=alert]').innerText(), /không đúng|không hợp lệ|sai/i);
      await page.fill('#login-password', t.users.officer.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('.whoami button');
      assert.match(await page.locator('.whoami').innerText(), /Kiểm thử officer/);
      await page.click('.whoami button');
      await page.waitForSelector('#login-name');
      const me = await page.evaluate(async () => {
        const r = await fetch('/api/auth/me');
        return { status: r.status, body: await r.json() };
      });
      assert.ok(me.status === 401 || (me.status === 200 && me.body.user === null), `logged out on the server too (${me.status})`);
    },
  },
  {
    name: 'public page: no login, only published figures',
    anonymous: true,
    async run(t) {
      const { assert } = t;
      const pub = await t.api('/api/public', {}, null);
      assert.equal(pub.status, 200, 'GET /api/public answers without a login');
      const plans = pub.body.plans ?? [];
      assert.ok(plans.length > 0, 'the seed plans are public from the start');
      // A visitor's plan list is exactly the public plans.
      const list = await t.api('/api/plans', {}, null);
      assert.equal(list.status, 200, 'GET /api/plans answers a visitor');
      assert.deepEqual(t.items(list.body).map((p) => p.id).sort(), plans.map((p) => p.plan.id).sort());
      const page = await t.open('#/public');
      assert.equal((await page.locator('main h1').innerText()).trim(), 'Kết quả thực hiện Nghị quyết 57-NQ/TW');
      assert.equal(await page.locator('#login-name').count(), 0, 'no login form');
      await page.waitForSelector('[data-testid=public-plans]');
      const text = await page.locator('[data-testid=public-plans]').innerText();
      for (const p of plans) assert.ok(text.includes(p.plan.title.slice(0, 30)), `plan ${p.plan.id} shown`);
      assert.equal(await page.locator('[data-testid=public-plans] > li').count(), plans.length, 'nothing beyond what the server publishes');
      await t.shot(page, 'public');
    },
  },
];
