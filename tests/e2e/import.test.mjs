// import.test.mjs: the import wizard end to end: a seed plan that the demo
// data does not hold (004, a ward's plan, OCR text without diacritics) goes through the
// importer, is reviewed side by side with its source text in the browser,
// corrected, published, and then is a plan of the system with its tasks.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = join(root, 'data', 'seeds', '004_f53984c10ee280ef.txt');

export const tests = [
  {
    name: 'import wizard: review beside the source text, fix, publish',
    async run(t) {
      const { assert } = t;
      const before = t.items((await t.api('/api/plans')).body);
      const page = await t.open('#/import');
      const dir = mkdtempSync(join(tmpdir(), 'nq57-e2e-'));

      // The server extracts uploads itself when it has the import route;
      // otherwise the officer brings the CLI's plan JSON with the source.
      // (A GET answers 405 when the POST route exists, 404 when it does not.)
      const direct = await t.api('/api/imports', { method: 'GET' });
      if (direct.status !== 404) {
        await page.setInputFiles('#imp-file', SEED);
        await page.click('button[type=submit]');
      } else {
        const out = spawnSync(process.env.NQ57_E2E_BIN, ['import', SEED, '--json'], { encoding: 'utf8', timeout: 60000 });
        assert.equal(out.status, 0, `nq57 import failed: ${out.stderr}`);
        const json = join(dir, 'kehoach.json');
        writeFileSync(json, out.stdout);
        await page.setInputFiles('#imp-file', json);
        await page.setInputFiles('#imp-source', SEED);
        await page.click('button[type=submit]');
      }
      await page.waitForSelector('[data-testid=import-task-count]', { timeout: 60000 });
      const source = await page.locator('[data-testid=source-text]').innerText();
      assert.ok(source.includes(readFileSync(SEED, 'utf8').split('\n').find((l) => l.trim().length > 20).trim().slice(0, 20)), 'source text shown');
      const count = Number((await page.locator('[data-testid=import-task-count]').innerText()).split(' ')[0]);
      assert.ok(count > 0, 'tasks extracted');
      // The officer completes what OCR lost from the heading, as read in the source.
      await page.fill('#imp-kind', 'Kế hoạch');
      await page.fill('#imp-number', '59/KH-UBND');
      await page.fill('#imp-issuer', 'Ủy ban nhân dân phường Đắk Cấm');
      await page.fill('#imp-date', '09/10/2025');
      await page.locator('#imp-date').blur();
      await page.fill(
        '#imp-title',
        'Thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn phường Đắk Cấm',
      );
      assert.equal(await page.locator('[data-testid=duplicate-codes]').count(), 0, 'no duplicate task codes to fix');
      // Fix the first task's lead agency with a name from the directory.
      await page.fill('#it-0-lead', 'Sở Khoa học và Công nghệ');
      await page.locator('#it-0-lead').blur();
      await t.shot(page, 'import-review');
      await page.click('text=Công bố kế hoạch');
      await page.waitForSelector('[data-testid=published-link]');
      const after = t.items((await t.api('/api/plans')).body);
      assert.equal(after.length, before.length + 1, 'one more plan');
      const plan = after.find((p) => !before.some((b) => b.id === p.id));
      assert.equal(plan.number, '59/KH-UBND');
      assert.equal(plan.date, '2025-10-09');
      const tasks = await t.api(`/api/tasks?plan=${plan.id}&limit=500`);
      assert.equal(tasks.body.total, count, 'every reviewed task stored');
      const first = t.items(tasks.body)[0];
      assert.ok((first.lead ?? []).some((u) => (typeof u === 'string' ? u : u.name) === 'Sở Khoa học và Công nghệ'), 'the correction was kept');
      await page.click('[data-testid=published-link]');
      await page.waitForSelector('[data-testid=task-list] li');
    },
  },
];
