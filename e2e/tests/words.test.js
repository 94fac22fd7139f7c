// Plain words (issue 16): the tutorial the project grew from is "the tutorial" on the page, never
// "the seed"; technical terms show their definition on keyboard focus and on hover; old links
// with the older names (seed-demo, variant=seed, seed:NAME) still open the same page; starting a
// lesson sets up the page, brings its view into sight and keeps the lesson beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until, screenshot } from '../lib/harness.js';
import { click, moreSettings } from '../lib/playground.js';

const env = siteAndBrowser();

const strategy = (page) => page.locator('#strategy');

/**
 * Every visible text and accessible name on the page that says "seed" other than the random
 * seed ("Random seed", "New random seed") and the hash functions' seeds in the lookup steps
 * ("XXH3-64 (seeded)", "jump again with seed 1"). Code (`<code>`, `<pre>`) is left out.
 */
async function seedWords(page) {
  return page.evaluate(() => {
    const allowed = [/random seed/gi, /\bseeded\b/g, /\bseed \d+/g, /\bseed [a-z]\b/g, /seed\(/g, /PYTHONHASHSEED/g, /\bseed = /g];
    const bad = (text) => allowed.reduce((t, re) => t.replace(re, ''), text).match(/seed/i);
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      if (text && !n.parentElement.closest('code, pre, script, style') && bad(text)) found.add(`text: ${text}`);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [aria-valuetext]')) {
      for (const a of ['aria-label', 'title', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v && bad(v)) found.add(`${a}: ${v}`);
      }
    }
    // The option texts of every select (the preset's and the strategies').
    for (const o of document.querySelectorAll('option')) {
      if (bad(o.textContent)) found.add(`option: ${o.textContent}`);
    }
    return [...found];
  });
}

test('the English page never calls the tutorial "the seed"', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  // The About note says what the tutorial is.
  await page.locator('#about summary').click();
  await page.getByText(/grew from a Chinese tutorial on load balancing/).waitFor();
  // The tutorial's own code, for several strategies, with a few requests and its mistakes.
  for (const name of ['round_robin', 'weighted_round_robin', 'consistent_hash', 'least_response_time', 'ip_hash']) {
    await strategy(page).selectOption(name);
    await page.locator('#variant').selectOption('tutorial');
    for (let i = 0; i < 3; i++) await click(page, 'Step');
    assert.deepEqual(await seedWords(page), [], name);
  }
  // The option reads as the tutorial wrote it; the random seed is "Random seed".
  assert.equal((await page.locator('#variant option:checked').textContent()).trim(), 'As the tutorial wrote it');
  // The random seed is under "More settings".
  await moreSettings(page);
  await page.getByLabel('Random seed', { exact: true }).waitFor();
  // The strategy picker shows human names, the identifier beside it in code.
  await strategy(page).selectOption('weighted_least_connections');
  assert.equal((await strategy(page).locator('option:checked').textContent()).trim(), 'Weighted least connections');
  assert.equal(await page.locator('#strategy-id code').textContent(), 'weighted_least_connections');
  // The lessons and an open lesson.
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: 'Three in a row: the tutorial\'s weighted round robin' }).click();
  await page.locator('aside.lesson-card').waitFor();
  assert.deepEqual(await seedWords(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a term shows its definition on keyboard focus and on hover; Esc closes it', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await strategy(page).selectOption('consistent_hash');
  // From the strategy picker, Tab reaches the term beside it.
  await strategy(page).focus();
  await page.keyboard.press('Tab');
  const word = page.locator('#strategy-id .term-word');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'term-word');
  assert.equal((await word.textContent()).trim(), 'Consistent hashing');
  const tipId = await word.getAttribute('aria-describedby');
  const tip = page.locator(`[id="${tipId}"]`);
  assert.equal(await tip.getAttribute('role'), 'tooltip');
  await until(() => tip.isVisible(), 2000, 'the definition on focus');
  assert.match(await tip.textContent(), /adding or removing a server moves only about 1\/n of the keys/);
  // Its accessible description is the definition.
  const description = await page.evaluate(
    (id) => document.getElementById(id).textContent,
    tipId,
  );
  assert.match(description, /^Consistent hashing: /);
  await page.keyboard.press('Escape');
  await until(async () => !(await tip.isVisible()), 2000, 'Esc closes the definition');
  // Focus leaving and coming back opens it again.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await until(() => tip.isVisible(), 2000, 'the definition again');
  // A slider's label: "Virtual nodes" keeps its name and defines it on hover.
  await strategy(page).focus();
  const vnodes = page.getByRole('region', { name: 'Controls' }).getByLabel('Virtual nodes', { exact: true });
  assert.equal(await vnodes.count(), 1);
  const vword = page.locator('label[for="vnodes"] .term-word');
  await moreSettings(page);
  await vword.hover();
  const vtip = page.locator(`[id="${await vword.getAttribute('aria-describedby')}"]`);
  await until(() => vtip.isVisible(), 2000, 'the definition on hover');
  assert.match(await vtip.textContent(), /placed on the ring at many points/);
  // The run statistics define p50/p95/p99, in flight and Jain's fairness index.
  const stats = page.locator('dl[aria-label="Run statistics"]');
  for (const word of ['latency of successful requests p50 / p95 / p99 / max', 'in flight', "Jain's fairness index (of the promised share)"]) {
    await stats.locator('.term-word', { hasText: word }).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('old links with seed-demo, variant=seed and seed:NAME open the same page, written anew', async () => {
  const old = '?preset=seed-demo&strategy=round_robin&variant=seed&compare=seed:round_robin,random&seed=7';
  const { page, context, errors } = await open(env.browser, env.site.url + old);
  assert.equal(await page.locator('#preset').inputValue(), 'tutorial-demo');
  assert.equal(await page.locator('#variant').inputValue(), 'tutorial');
  assert.equal(await page.getByLabel('Random seed', { exact: true }).inputValue(), '7');
  // No note: nothing in the old link was refused.
  assert.equal(await page.getByText(/unknown value|unknown setting|ignored/).count(), 0);
  // The address is written with today's names.
  await until(() => new URL(page.url()).searchParams.get('preset') === 'tutorial-demo', 3000, 'the link rewritten');
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('variant'), 'tutorial');
  assert.equal(params.get('compare'), 'tutorial:round_robin,random');
  // The Compare pickers read the old seed:NAME as the tutorial's code.
  assert.equal(await page.locator('#compare-1').inputValue(), 'tutorial:round_robin');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Whether the element's top edge is within the window. */
async function inView(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return !!r && r.top >= -2 && r.top < window.innerHeight * 0.5;
  }, selector);
}

test('starting a lesson sets up the page, brings its view into sight and keeps the lesson beside it', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await page.locator('details.lessons summary').click();
  // A lesson about Compare: its preset and strategy are set, Compare runs, its results come up.
  await page.getByRole('button', { name: 'Least connections herds when balancers are many' }).click();
  await until(() => inView(page, '#compare .scroll'), 5000, 'the compare results in sight');
  assert.equal(await page.locator('#preset').inputValue(), 'herding');
  assert.equal(await strategy(page).inputValue(), 'least_connections');
  await page.getByRole('table', { name: 'Compare results' }).waitFor({ timeout: 10_000 });
  const card = page.getByRole('complementary', { name: 'Least connections herds when balancers are many' });
  await card.waitFor();
  assert.ok(await card.isVisible());
  await screenshot(page, 'words-lesson-compare');
  // The card stays in the window while the page scrolls.
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.ok(await card.isVisible());
  await card.getByRole('button', { name: 'Show me' }).click();
  await until(() => inView(page, '#compare .scroll'), 5000, 'the results again');
  // A lesson in the lookup view brings up the part its steps name (the churn view).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'hash % n: one server leaves, almost every key moves' }).click();
  await until(() => inView(page, '#churn-title'), 5000, 'the churn view in sight');
  // Closing the card.
  const second = page.getByRole('complementary', { name: 'hash % n: one server leaves, almost every key moves' });
  await second.getByRole('button', { name: 'Close the lesson' }).click();
  await second.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the herding preset sets its own strategy', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await page.locator('#preset').selectOption('herding');
  await until(async () => (await strategy(page).inputValue()) === 'least_connections', 3000, 'least connections');
  assert.deepEqual(errors, []);
  await context.close();
});
