// Each main view, looked at: the hash ring and maglev's table read from the engine, the request
// flow, what the balancer sees, the tables, charts, explanation and compare; a 360 px phone,
// dark mode and reduced motion. A screenshot of each is kept in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, screenshot, screenshotOf, until } from '../lib/harness.js';
import { stats, narration, narratedRequest, strategySelect, slide, click, serverCard } from '../lib/playground.js';

const env = siteAndBrowser();

const SPEED_2X = 3;
const SPEED_16X = 6;
const VNODES_20 = 4;

const ring = (page) => page.locator('svg[aria-label="Hash ring"]');

test('the hash ring shows every point of the engine\'s ring, one path per owner', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await strategySelect(page).selectOption('consistent_hash');
  // Weights 1, 2, 1, 3 and 160 points per unit of weight.
  await until(async () => (await ring(page).getAttribute('data-points')) === '1120', 3000, 'the ring');
  assert.equal(await ring(page).locator('path.ticks').count(), 4);
  await slide(page, 'Virtual nodes', VNODES_20);
  await until(async () => (await ring(page).getAttribute('data-points')) === '140', 3000, 'a smaller ring');
  await slide(page, 'Virtual nodes', 9); // back to 160
  await slide(page, 'Speed', SPEED_2X);
  await click(page, 'Play');
  await until(async () => (await narration(page)).includes('key /api/data/'), 8000, 'a hashed request');
  assert.match(await narration(page), /^request \d+: key \/api\/data\/\d+ → 0x[0-9a-f]{8}… → server\d#\d+ → server\d$/);
  // A lookup walks the ring (the canvas says how many it drew).
  await page.locator('#ring canvas.overlay:not([data-drawn="0"])[data-drawn]').waitFor({ timeout: 5000 });
  await screenshotOf(page.locator('#ring'), 'view-ring');
  await screenshotOf(page.locator('#flow'), 'view-flow');
  await click(page, 'Pause');
  // A crashed server's points leave the ring once health checks notice.
  await slide(page, 'Health check interval', 1);
  await serverCard(page, 'server4').click();
  await page.getByRole('region', { name: 'Edit server4' }).getByRole('button', { name: 'Crash', exact: true }).click();
  await click(page, 'Play');
  await until(async () => (await ring(page).getAttribute('data-points')) === '640', 8000, 'server4 off the ring');
  await click(page, 'Pause');
  // nginx's ring: 160 points per weight whatever the slider says.
  await page.getByLabel('Ring', { exact: true }).selectOption('nginx');
  await until(async () => (await page.locator('#ring-label').textContent()).includes('nginx'), 3000, "nginx's ring");
  assert.deepEqual(errors, []);
  await context.close();
});

test("maglev's lookup table is drawn as a strip", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await strategySelect(page).selectOption('maglev');
  await page.getByText(/Maglev's lookup table: 65537 slots/).waitFor();
  assert.equal(await ring(page).locator('path.strip').count(), 4);
  await slide(page, 'Speed', SPEED_2X);
  await click(page, 'Play');
  await until(async () => / → slot \d+ → server\d$/.test(await narration(page)), 8000, 'a maglev lookup');
  await click(page, 'Pause');
  await screenshotOf(page.locator('#ring'), 'view-maglev');
  assert.deepEqual(errors, []);
  await context.close();
});

test('what the balancer sees: smooth WRR weights, p2c candidates, round robin cursor', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const seen = page.locator('#seen');
  await click(page, 'Step');
  await seen.getByText(/In line: place 1 of 4 took the request; place 2 takes the next one/).waitFor();
  await strategySelect(page).selectOption('weighted_round_robin');
  await click(page, 'Step');
  await seen.getByRole('table').filter({ hasText: 'current before' }).waitFor();
  await screenshotOf(seen, 'view-balancer-sees');
  await strategySelect(page).selectOption('power_of_two_choices');
  await click(page, 'Step');
  await seen.getByText('Two random candidates, scored by load; the lower wins').waitFor();
  await strategySelect(page).selectOption('rendezvous_hash');
  await click(page, 'Step');
  await seen.getByText(/Every server's score for this key/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('tables, charts, explanation and compare', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await page.getByLabel('Preset').selectOption('server-crash');
  await slide(page, 'Speed', SPEED_16X);
  await click(page, 'Play');
  await until(async () => (await stats(page)).total_requests > 3000, 20_000, 'a few seconds of traffic');
  await click(page, 'Pause');
  // Charts have lines.
  const throughput = page.getByRole('img', { name: /^Throughput, / });
  await throughput.waitFor();
  assert.ok((await page.locator('#charts path.line').count()) >= 5);
  // The explanation shows the formal model and the last pick, step by step.
  const explain = page.locator('#explain');
  await explain.getByRole('table', { name: 'Formal model' }).waitFor();
  assert.ok((await explain.locator('ol.steps li').count()) >= 2);
  await explain.getByRole('button', { name: 'Measure in this browser' }).click();
  const measured = explain.getByRole('table', { name: 'Measured cost per pick' });
  await measured.waitFor();
  assert.equal(await measured.locator('tbody tr').count(), 3);
  // Compare runs four strategies on the same requests.
  await page.getByRole('button', { name: 'Run compare' }).click();
  const compare = page.getByRole('table', { name: 'Compare results' });
  await compare.waitFor({ timeout: 20_000 });
  assert.equal(await compare.locator('tbody tr').count(), 4);
  await screenshotOf(page.locator('#tables'), 'view-tables');
  await screenshotOf(page.locator('#charts'), 'view-charts');
  await screenshotOf(explain, 'view-explanation');
  await screenshotOf(page.locator('#compare'), 'view-compare');
  await screenshotOf(page.locator('#pool'), 'view-pool');
  await screenshot(page, 'page-wide');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 360 px phone: nothing overflows sideways, the controls work', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 360, height: 740 } });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  await click(page, 'Step');
  await until(async () => (await narratedRequest(page)) === 0, 3000, 'a step');
  await slide(page, 'Speed', SPEED_2X);
  await click(page, 'Play');
  await page.waitForTimeout(1500);
  await click(page, 'Pause');
  assert.ok((await stats(page)).total_requests > 0);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 1);
  await screenshot(page, 'page-360px');
  assert.deepEqual(errors, []);
  await context.close();
});

test('dark mode', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { colorScheme: 'dark' });
  await strategySelect(page).selectOption('consistent_hash');
  await slide(page, 'Speed', SPEED_2X);
  await click(page, 'Play');
  await page.waitForTimeout(1500);
  await click(page, 'Pause');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(16, 17, 22)');
  await screenshot(page, 'page-dark');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reduced motion turns animation into stepping', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.locator('.runbar .state').getByText(/reduced motion/).waitFor();
  await click(page, 'Play');
  await until(async () => (await narratedRequest(page)) >= 1, 5000, 'a request a second');
  // Between steps nothing moves: the flow's pixels, sampled every 50 ms for 0.9 s, change at
  // most once (one step), where an animation would change them every frame.
  await page.locator('#flow canvas.overlay:not([data-drawn="0"])[data-drawn]').waitFor({ timeout: 3000 });
  // Sampled in the page, so that the window is 0.9 s of the page's clock however slow a sample.
  const changes = await page.locator('#flow canvas.overlay').evaluate(async (c) => {
    const seen = new Set();
    const end = performance.now() + 900;
    while (performance.now() < end) {
      seen.add(c.toDataURL());
      await new Promise((ok) => setTimeout(ok, 50));
    }
    return seen.size - 1;
  });
  assert.ok(changes <= 1, `the flow changed ${changes} times in 0.9 s`);
  const n = await narratedRequest(page);
  assert.ok(n <= 5, `one request a second, not ${n + 1} in a few seconds`);
  await click(page, 'Pause');
  await screenshot(page, 'page-reduced-motion');
  assert.deepEqual(errors, []);
  await context.close();
});
