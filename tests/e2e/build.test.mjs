// build.test.mjs: what the build and the server promise before any page is
// opened: the first-load budget, no inline script or style in the HTML, and
// the CSP header the app must live with.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const tests = [
  {
    name: 'build: first load within 300 KB gzipped',
    async run({ assert }) {
      const log = readFileSync(process.env.NQ57_E2E_BUILD_LOG, 'utf8');
      const m = /bundle: first load ([\d.]+) KB gzipped/.exec(log);
      assert.ok(m, 'the build prints the first-load figure');
      console.log(`     ${m[0]}`);
      assert.ok(Number(m[1]) <= 300, `first load ${m[1]} KB > 300 KB`);
      const d = /dashboard first view ([\d.]+) KB/.exec(log);
      if (d) assert.ok(Number(d[1]) <= 300, `dashboard first view ${d[1]} KB > 300 KB`);
    },
  },
  {
    name: 'build: index.html has no inline script or style',
    async run({ assert }) {
      const html = readFileSync(join(root, 'web', 'dist', 'index.html'), 'utf8');
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        assert.match(m[1], /\bsrc=/, 'every script has a src');
        assert.equal(m[2].trim(), '', 'no inline script body');
      }
      assert.doesNotMatch(html, /<style\b/, 'no <style> element');
      assert.doesNotMatch(html, /\sstyle=/, 'no style attribute');
      assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline event handler');
    },
  },
  {
    name: 'server: serves the app with a strict CSP and falls back for app routes',
    async run({ api, assert }) {
      const r = await api('/');
      assert.equal(r.status, 200);
      assert.match(String(r.body), /<div id="app">/);
      const csp = r.headers.get('content-security-policy') ?? '';
      const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
      assert.match(script, /'self'/, 'scripts from the app only');
      assert.doesNotMatch(script, /unsafe-inline|unsafe-eval/, 'no inline or eval scripts');
    },
  },
];
