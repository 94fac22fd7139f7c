// The "Learn" pages in both languages (issue 16): the worked example and the embedding guide are
// served in English and Chinese; the Chinese ones show no English beyond code and names, their
// embeds open the playground in Chinese, and they fetch nothing beyond the site; the playground's
// Learn links lead to the page in its own language; each page's language switch leads to the
// other, and the English address follows the browser's language unless the link names one.
// Screenshots of the Chinese pages at 1366×768, 1920×1080 and 390×844 are kept in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { siteAndBrowser, open, until, artifacts } from '../lib/harness.js';

const env = siteAndBrowser();

const PAGES = [
  { en: 'consistent-hashing.html', zh: 'consistent-hashing.zh.html', h1: ['Consistent hashing, worked through', '一致性哈希实例讲解'] },
  { en: 'embed.html', zh: 'embed.zh.html', h1: ['Embed Fulcrum in your documentation', '把 Fulcrum 嵌入你的文档'] },
];

/** A fresh page (a browser whose languages are `locale`'s) that records every error and every
 *  address it asks for. */
async function fresh({ locale = 'en-US', viewport = { width: 1366, height: 768 } } = {}) {
  const context = await env.browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const errors = [];
  const asked = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  context.on('request', (r) => asked.push(r.url()));
  return { page, context, errors, asked };
}

// Words a Chinese page keeps as they are: names, code and notation. A token with a digit, an
// underscore, a slash, a dot, a colon or a query's ?, = or & in it is code, notation or an
// address (index.html?preset=…), and always allowed.
const ALLOWED = new Set([
  'Fulcrum', 'English', 'Karger', 'STOC', 'Mirrokni', 'Thorup', 'Zadimoghaddam', 'Lamping', 'Veach',
  'Eisenbud', 'NSDI', 'Maglev', 'Zipf', 'nginx', 'ketama', 'iframe', 'HTML',
]);

/** What a reader of `frame` sees that is English: text, accessible names and the title. */
function english(frame) {
  return frame.evaluate((allowed) => {
    const allow = new Set(allowed);
    const skipped = (el) => el.closest('script, style, code, pre, textarea, option');
    const bad = (text) =>
      (text.match(/[A-Za-z0-9_./#:+'’?=&-]+/g) || []).some((token) => {
        const t = token.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
        if (/[0-9_/#.:?=&]/.test(t) || allow.has(t)) return false;
        return t.split(/[-'’+]/).some((w) => /[A-Za-z]{3,}/.test(w) && !allow.has(w));
      });
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      // The language switch names English in English, as language pickers do.
      if (text && !skipped(n.parentElement) && !n.parentElement.closest('[hreflang]') && bad(text)) found.add(text);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v && !skipped(el) && bad(v)) found.add(`${a}: ${v}`);
      }
    }
    if (bad(document.title)) found.add(`title: ${document.title}`);
    return [...found];
  }, [...ALLOWED]);
}

/** Wait until `frame` (a Locator of an iframe) has posted its height, then return its Frame. */
async function loaded(page, frame) {
  await frame.scrollIntoViewIfNeeded();
  await until(async () => (await frame.evaluate((f) => f.style.height)) !== '', 20000, 'the frame sized');
  return (await frame.elementHandle()).contentFrame();
}

/** The playground in `frame` speaks Chinese: its <html lang>, and its buttons. */
async function inChinese(frame, what) {
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-Hans', what);
  const buttons = await frame.locator('button').evaluateAll((bs) => bs.map((b) => b.textContent.trim()).filter(Boolean));
  assert.ok(buttons.length > 0, `${what}: buttons`);
  const latin = buttons.filter((b) => /^(Play|Pause|Step|Next step|Previous step|Reset)/.test(b));
  assert.deepEqual(latin, [], `${what}: English buttons`);
}

test('the Chinese worked example shows no English, fetches nothing else, and its three embeds speak Chinese', async () => {
  const { page, context, errors, asked } = await fresh();
  const res = await page.goto(`${env.site.url}consistent-hashing.zh.html`);
  assert.equal(res.status(), 200);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.equal(await page.locator('h1').textContent(), PAGES[0].h1[1]);
  assert.deepEqual(await english(page), []);
  const frames = page.locator('iframe[data-fulcrum]');
  assert.equal(await frames.count(), 3);
  for (let i = 0; i < 3; i++) {
    const inner = await loaded(page, frames.nth(i));
    assert.match(inner.url(), /[?&]lang=zh(&|$)/);
    await inChinese(inner, `frame ${i}`);
  }
  // The ring frame's list says what the text says: server4 owns the longest arc.
  const ring = await loaded(page, frames.nth(0));
  const arc = await page.locator('[data-figure="longest-arc-owner"]').first().textContent();
  const share = await page.locator('[data-figure="longest-arc"]').first().textContent();
  const owners = await ring.locator('.legend.owners').textContent();
  const shown = owners.match(new RegExp(`${arc}：1 个点，占圆周的 ([\\d.]+)%`));
  assert.ok(shown, owners);
  assert.equal(`${Math.round(Number(shown[1]))}%`, share, 'the text rounds the frame\'s figure');
  const origin = new URL(env.site.url).origin;
  assert.deepEqual(asked.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the worked example's churn link opens the churn view, where removing the server shows the page's figures live", async () => {
  for (const [file, name] of [['consistent-hashing.html', /Watch the keys move/], ['consistent-hashing.zh.html', /观察键的迁移/]]) {
    const { page, context, errors } = await fresh();
    await page.goto(`${env.site.url}${file}`);
    const figure = async (n) => (await page.locator(`[data-figure="${n}"]`).first().textContent()).trim();
    const [removed, modulo, ring] = [await figure('removed'), await figure('modulo-moved'), await figure('ring-moved')];
    await page.getByRole('link', { name }).click();
    await page.locator('#churn-title').waitFor();
    await page.locator('.lesson-card').waitFor();
    const churn = page.locator('.churn').first();
    const server = churn.locator('select').first();
    const label = (await server.locator('option').allTextContents()).find((o) => o.includes(removed));
    await server.selectOption({ label });
    await churn.locator('button').nth(1).click();
    // The matrix: URL hash's row and the Fulcrum ring's, rounded as the page rounds them.
    const rows = churn.locator('table tr');
    await until(async () => /\d%/.test(await rows.nth(1).textContent()), 10000, 'the matrix');
    const moved = async (i) => `${Math.round(parseFloat((await rows.nth(i).locator('td').first().textContent())))}%`;
    assert.equal(await moved(1), modulo, `${file}: URL hash`);
    assert.equal(await moved(2), ring, `${file}: the ring`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the Chinese embedding guide shows no English, even as its demo runs, and its frames speak Chinese', async () => {
  const { page, context, errors, asked } = await fresh();
  const res = await page.goto(`${env.site.url}embed.zh.html`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').textContent(), PAGES[1].h1[1]);
  // The snippets' buttons, a preview and the builder, in Chinese.
  const first = page.locator('#snippets-list .snippet').first();
  assert.match(await first.locator('code').textContent(), /lang=zh/);
  await first.getByRole('button', { name: '预览' }).click();
  await first.getByRole('button', { name: '隐藏预览' }).waitFor();
  await inChinese(await loaded(page, first.locator('iframe')), 'a snippet preview');
  assert.match(await page.locator('#b-out').inputValue(), /lang=zh/);
  await page.locator('#b-copy').click();
  await until(async () => /^(已复制。|请选中文本后复制。)$/.test(await page.locator('#b-status').textContent()), 5000, 'the copy status');
  // The demo: its status, its table and its picks.
  const demo = await loaded(page, page.locator('#demo-frame'));
  await inChinese(demo, 'the demo');
  const status = page.locator('#d-status');
  await until(async () => /round_robin：已结束 \d+ 个请求，进行中 \d+ 个；p95 [\d.]+ 毫秒。/.test(await status.textContent()), 15000, 'stats in the demo');
  await page.getByRole('group', { name: '控制嵌入的视图' }).getByRole('button', { name: '暂停' }).click();
  await page.getByLabel('显示每次选择').check();
  await page.getByRole('group', { name: '控制嵌入的视图' }).getByRole('button', { name: '单步' }).click();
  await page.locator('#d-picks-log li').first().waitFor();
  assert.match(await page.locator('#d-picks-log li').first().textContent(), /^请求 \d+ → server\d/);
  assert.deepEqual(await english(page), []);
  const origin = new URL(env.site.url).origin;
  assert.deepEqual(asked.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the playground's Learn links lead to the pages in its language, even against the browser's", async () => {
  for (const [lang, locale, index] of [['zh', 'en-US', 1], ['en', 'zh-CN', 0]]) {
    const { page, context, errors } = await open(env.browser, `${env.site.url}?lang=${lang}`, { locale });
    const nav = page.locator('header nav');
    for (const p of PAGES) {
      const link = nav.locator(`a[href^="${p[lang]}"]`);
      assert.equal(await link.count(), 1, `${lang}: a link to ${p[lang]}`);
      assert.equal(await link.getAttribute('hreflang'), lang === 'zh' ? 'zh-Hans' : 'en');
      await link.click();
      await page.waitForURL((u) => u.pathname.endsWith(`/${p[lang]}`));
      assert.equal(await page.locator('h1').textContent(), p.h1[index]);
      await page.goBack();
      await page.getByRole('heading', { name: 'Fulcrum' }).waitFor();
    }
    assert.doesNotMatch(await nav.textContent(), /英文页面|in English/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("each page's language switch leads to the other language; the English address follows the browser", async () => {
  for (const p of PAGES) {
    const { page, context, errors } = await fresh();
    await page.goto(`${env.site.url}${p.en}`);
    assert.equal(await page.locator('h1').textContent(), p.h1[0], 'an English browser stays');
    await page.getByRole('link', { name: '中文', exact: true }).click();
    await page.waitForURL((u) => u.pathname.endsWith(`/${p.zh}`));
    assert.equal(await page.locator('h1').textContent(), p.h1[1]);
    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.waitForURL((u) => u.pathname.endsWith(`/${p.en}`) && u.search === '?lang=en');
    assert.equal(await page.locator('h1').textContent(), p.h1[0]);
    // lang= in the link, either way.
    await page.goto(`${env.site.url}${p.en}?lang=zh#further`);
    await page.waitForURL((u) => u.pathname.endsWith(`/${p.zh}`));
    await page.goto(`${env.site.url}${p.zh}?lang=en`);
    await page.waitForURL((u) => u.pathname.endsWith(`/${p.en}`));
    assert.equal(await page.locator('h1').textContent(), p.h1[0]);
    assert.deepEqual(errors, []);
    await context.close();

    // A browser that prefers Chinese gets the Chinese page, unless the link asks for English.
    const zh = await fresh({ locale: 'zh-CN' });
    await zh.page.goto(`${env.site.url}${p.en}`);
    await zh.page.waitForURL((u) => u.pathname.endsWith(`/${p.zh}`));
    assert.equal(await zh.page.locator('h1').textContent(), p.h1[1]);
    await zh.page.goto(`${env.site.url}${p.en}?lang=en`);
    await zh.page.waitForTimeout(300);
    assert.ok(zh.page.url().endsWith(`${p.en}?lang=en`), zh.page.url());
    assert.equal(await zh.page.locator('h1').textContent(), p.h1[0]);
    assert.deepEqual(zh.errors, []);
    await zh.context.close();
  }
});

test('the Chinese pages at 1366×768, 1920×1080 and 390×844', async () => {
  await mkdir(artifacts, { recursive: true });
  for (const [width, height] of [[1366, 768], [1920, 1080], [390, 844]]) {
    for (const p of PAGES) {
      const { page, context, errors } = await fresh({ viewport: { width, height } });
      await page.goto(`${env.site.url}${p.zh}`);
      const frame = page.locator('iframe[data-fulcrum]').first();
      await loaded(page, frame);
      await page.evaluate(() => scrollTo(0, 0));
      // Nothing wider than the screen.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${p.zh} at ${width}: ${wide} px wide`);
      await page.screenshot({ path: join(artifacts, `learn-${p.zh.replace('.html', '')}-${width}.png`) });
      await frame.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, `learn-${p.zh.replace('.html', '')}-${width}-frame.png`) });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
