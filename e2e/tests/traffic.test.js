// Traffic that separates strategies: Compare's latency histograms beside the percentiles, the
// load sweep view, and the cost spread and queue length under "More settings", in the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, screenshotOf, until, serveHolding, showSweep } from '../lib/harness.js';
import { moreSettings, slide } from '../lib/playground.js';

const env = siteAndBrowser();

test('compare draws a latency histogram per strategy, in words and as a table too', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=heavy-tail`);
  const compare = page.locator('#compare');
  await compare.scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Run compare' }).click();
  const results = page.getByRole('table', { name: 'Compare results' });
  await results.waitFor({ timeout: 20_000 });
  const strategies = await results.locator('tbody tr').count();
  assert.equal(strategies, 4);
  assert.equal(await results.getByRole('columnheader', { name: 'Dropped (503)' }).count(), 1);
  const columns = compare.locator('.histogram-column');
  assert.equal(await columns.count(), strategies);
  // Each column says its bins in words, not only as bars.
  const words = await compare.locator('.histogram-bars[role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  assert.equal(words.length, strategies);
  for (const w of words) assert.match(w, /successful requests by latency: [\d.]+–[\d.]+ ms \d+(; [\d.]+–[\d.]+ ms \d+){11}$/);
  assert.ok((await compare.locator('.histogram-bar').count()) === 12 * strategies);
  // The table alternative: 12 bins, a column per strategy, counts that add up to the successes.
  const table = page.getByRole('table', { name: 'The histograms as a table' });
  await compare.locator('figure.compare-histograms details summary').click();
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 12);
  const sums = await table.locator('tbody tr').evaluateAll((trs) => {
    const n = trs[0].querySelectorAll('td').length;
    const out = new Array(n).fill(0);
    for (const tr of trs) tr.querySelectorAll('td').forEach((td, i) => { out[i] += Number(td.textContent); });
    return out;
  });
  assert.equal(sums.length, strategies);
  for (const s of sums) assert.ok(s > 1000, `${sums}`);
  await screenshotOf(compare, 'traffic-compare-histograms');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the load sweep charts p99 and drops against the load, the same each time', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=heavy-tail`);
  const sweep = page.locator('#sweep');
  await showSweep(page);
  // By keyboard: the charts come after the button, which keeps the focus.
  await sweep.getByRole('button', { name: 'Run the sweep' }).focus();
  await page.keyboard.press('Enter');
  const p99 = sweep.getByRole('img', { name: /^p99 latency of successful requests against the load; / });
  await p99.waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Run the sweep', 'the focus stays on the button');
  await sweep.getByRole('img', { name: /^Requests dropped by full queues \(503\) against the load; / }).waitFor();
  assert.equal(await sweep.locator('path.sweep-line').count(), 8, 'a line per strategy in each chart');
  assert.match(await sweep.getByRole('status').textContent(), /Capacity 1600 requests\/s/);
  await sweep.locator('details summary').click();
  const table = sweep.getByRole('table', { name: 'The sweep as a table' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 11);
  const first = await table.locator('tbody').textContent();
  assert.match(first, /110%/);
  await screenshotOf(sweep, 'traffic-sweep');
  await sweep.getByRole('button', { name: 'Run the sweep' }).click();
  await until(async () => (await table.count()) === 1 && (await table.locator('tbody tr').count()) === 11, 30_000, 'the sweep again');
  assert.equal(await table.locator('tbody').textContent(), first, 'deterministic');
  // A preset whose servers take any number of requests at once has no capacity to sweep.
  await page.getByLabel('Preset').selectOption('tutorial-demo');
  await sweep.scrollIntoViewIfNeeded();
  await sweep.getByRole('button', { name: 'Run the sweep' }).click();
  await until(async () => /no capacity to sweep/.test(await sweep.textContent()), 10_000, 'the capacity note');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the load sweep is in the later module: not in the first load, its heading and the navigation's link there before it", async () => {
  // The module is held back until released: the section says it is loading meanwhile.
  const { site, release } = await serveHolding('later/');
  const fromModule = () => site.requests.filter((p) => p.startsWith('/later/'));
  try {
    const { page, context, errors } = await open(env.browser, `${site.url}?preset=heavy-tail`, { viewport: { width: 1366, height: 768 } });
    const sweep = page.locator('section#sweep');
    await page.locator('section#pool').waitFor();
    // The heading is the page's (the module is held back), drawn with the views below the
    // first screen, just after its first paint.
    await sweep.getByRole('heading', { name: 'Load sweep' }).waitFor({ timeout: 5000 });
    assert.equal(await sweep.getByRole('button', { name: 'Run the sweep' }).count(), 0, "the sweep's view is not in the page");
    assert.deepEqual(fromModule(), [], 'no file of the later module in the first load');
    // The navigation's link lands on the section, which asks for the module.
    await page.getByRole('navigation').first().getByRole('link', { name: 'Load sweep', exact: true }).click();
    const loading = sweep.getByRole('status');
    await loading.waitFor();
    assert.equal(await loading.textContent(), 'Loading the load sweep…');
    await until(async () => fromModule().length > 0, 10_000, 'the later module asked for');
    await until(async () => {
      const top = await page.locator('#sweep-h').evaluate((h) => h.getBoundingClientRect().top);
      return top >= 0 && top < 768;
    }, 10_000, 'the heading in view');
    release();
    await sweep.getByRole('button', { name: 'Run the sweep' }).click();
    await sweep.getByRole('img', { name: /^p99 latency of successful requests against the load; / }).waitFor({ timeout: 30_000 });
    assert.equal(await sweep.getByText('Loading the load sweep…').count(), 0, 'the loading line is gone');
    assert.equal(await sweep.getByRole('heading', { name: 'Load sweep' }).count(), 1, 'one heading');
    // Loaded, it follows the page's language.
    await page.getByLabel('Language').selectOption('zh');
    await sweep.getByRole('button', { name: '运行负载扫描' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    release();
    await site.close();
  }
});

test('the cost spread and the queue length live under More settings and in the link', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=fast-but-small`);
  await moreSettings(page);
  const queue = page.getByRole('region', { name: 'Controls' }).getByLabel('Queue length', { exact: true });
  assert.equal(await queue.inputValue(), '');
  await queue.selectOption('2');
  await until(async () => new URL(page.url()).searchParams.get('queue') === '2', 5000, 'queue=2 in the link');
  await slide(page, 'Cost spread', 8); // the last rung: 2
  await until(async () => new URL(page.url()).searchParams.get('spread') === '2', 5000, 'spread=2 in the link');
  // A link out of range is clamped, with a note that says so.
  const bad = await open(env.browser, `${env.site.url}?preset=fast-but-small&queue=99999&spread=9`);
  const notes = await bad.page.locator('.notes').innerText();
  assert.match(notes, /queue/);
  assert.match(notes, /spread/);
  assert.deepEqual(bad.errors, []);
  await bad.context.close();
  // Both languages.
  const zh = await open(env.browser, `${env.site.url}?preset=heavy-tail&lang=zh`);
  await showSweep(zh.page);
  await zh.page.getByRole('button', { name: '运行负载扫描' }).waitFor();
  await zh.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('k and d: a slider beside the rate only for the strategy that takes it, in the link, clamped with a note', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=key-spread&strategy=multi_probe_hash&k=5`);
  const controls = page.getByRole('region', { name: 'Controls' });
  const k = controls.getByLabel('Probes per key (k)', { exact: true });
  assert.ok(await k.isVisible(), 'in reach, not folded');
  assert.equal(await k.getAttribute('aria-valuetext'), '5');
  await slide(page, 'Probes per key (k)', 0); // the first rung: 1
  await until(async () => new URL(page.url()).searchParams.get('k') === '1', 5000, 'k=1 in the link');
  await controls.getByLabel('Strategy', { exact: true }).selectOption('round_robin');
  await until(async () => (await k.count()) === 0, 5000, 'no k slider for round robin');
  assert.equal(await controls.getByLabel('Servers compared (d)', { exact: true }).count(), 0);
  // A link out of range: the nearest end, and a note that says so.
  const bad = await open(env.browser, `${env.site.url}?strategy=power_of_d_choices&d=500`);
  const d = bad.page.getByRole('region', { name: 'Controls' }).getByLabel('Servers compared (d)', { exact: true });
  assert.equal(await d.getAttribute('aria-valuetext'), '64');
  assert.match(await bad.page.locator('.notes').innerText(), /d: 500/);
  assert.deepEqual(bad.errors, []);
  await bad.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});
