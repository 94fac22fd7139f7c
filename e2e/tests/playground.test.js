// The playground as a user meets it: pick each strategy, play, pause, step, crash a server and
// watch health checks take it out, read the Distribution table and the seed's get_stats(), use
// the keyboard. Runs on the release build served on loopback, in Debian's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until } from '../lib/harness.js';
import {
  distribution, stats, narration, narratedRequest, strategySelect, slide, click, serverCard, moreSettings,
} from '../lib/playground.js';

const env = siteAndBrowser();

// Ladder positions of the sliders (src/playground/settings.rs).
const SPEED_16X = 6;
const HEALTH_250_MS = 1;

test('every strategy, in both codes where the seed has one, can be chosen and steps a request', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const names = await strategySelect(page).locator('option').allTextContents();
  // Every strategy the engine has (StrategyKind::ALL).
  assert.equal(names.length, 25);
  const code = page.getByLabel('Code', { exact: true });
  for (const name of names) {
    await strategySelect(page).selectOption(name);
    if (!(await code.isDisabled())) await code.selectOption('corrected');
    const before = await narratedRequest(page);
    await click(page, 'Step');
    await until(async () => (await narratedRequest(page)) > before, 5000, `a pick by ${name}`);
    assert.match(await narration(page), /→ server\d|503/);
    if (!(await code.isDisabled())) {
      await code.selectOption('tutorial');
      const n = await narratedRequest(page);
      await click(page, 'Step');
      await until(async () => (await narratedRequest(page)) !== n, 5000, `a pick by the seed's ${name}`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('Play runs the simulation, Pause stops it, Step advances one request', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await click(page, 'Play');
  await until(async () => (await stats(page)).total_requests >= 5, 8000, 'requests to finish');
  await click(page, 'Pause');
  const paused = (await stats(page)).total_requests;
  await page.waitForTimeout(1200);
  assert.equal((await stats(page)).total_requests, paused, 'nothing happens while paused');
  const n = await narratedRequest(page);
  await click(page, 'Step');
  await until(async () => (await narratedRequest(page)) === n + 1, 3000, 'the next request');
  await click(page, 'Step');
  await until(async () => (await narratedRequest(page)) === n + 2, 3000, 'the one after');
  assert.deepEqual(errors, []);
  await context.close();
});

test('smooth weighted round robin interleaves by weight; the seed code sends runs in a row', async () => {
  const { page, context } = await open(env.browser, env.site.url);
  await strategySelect(page).selectOption('weighted_round_robin');
  const picks = [];
  for (let i = 0; i < 7; i++) {
    await click(page, 'Step');
    await until(async () => (await narratedRequest(page)) === i, 3000, `request ${i}`);
    picks.push(/→ (server\d)$/.exec(await narration(page))[1]);
  }
  const d = await distribution(page);
  assert.deepEqual([1, 2, 3, 4].map((i) => d[`server${i}`].requests), [1, 2, 1, 3]);
  assert.notDeepEqual(picks, ['server1', 'server2', 'server2', 'server3', 'server4', 'server4', 'server4']);

  await click(page, 'Reset');
  await page.getByLabel('Code', { exact: true }).selectOption('tutorial');
  const seedPicks = [];
  for (let i = 0; i < 7; i++) {
    await click(page, 'Step');
    await until(async () => (await narratedRequest(page)) === i, 3000, `seed request ${i}`);
    seedPicks.push(/→ (server\d)$/.exec(await narration(page))[1]);
  }
  // The seed's bursty weighted round robin (its README, section 6): 1 2 2 3 4 4 4.
  assert.deepEqual(seedPicks, ['server1', 'server2', 'server2', 'server3', 'server4', 'server4', 'server4']);
  await context.close();
});

test("a crashed server's share falls to 0 once health checks notice", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await slide(page, 'Health check interval', HEALTH_250_MS);
  await slide(page, 'Speed', SPEED_16X);
  await serverCard(page, 'server2').click();
  const editor = page.getByRole('region', { name: 'Edit server2' });
  await editor.getByRole('button', { name: 'Crash', exact: true }).click();
  await click(page, 'Play');
  // The checker (rise = fall = 1, as in the seed) takes it out at its next probe.
  await until(async () => /down \(detected at [\d.]+ s\)/.test(await serverCard(page, 'server2').getAttribute('aria-label')), 8000, 'server2 to be found down');
  await until(async () => (await distribution(page)).server2.recent === '0.0%', 10_000, "server2's recent share to reach 0");
  await click(page, 'Pause');
  const d = await distribution(page);
  assert.equal(d.server2.recent, '0.0%');
  for (const id of ['server1', 'server3', 'server4']) assert.notEqual(d[id].recent, '0.0%', id);
  const s = await stats(page);
  assert.equal(s.healthy_servers, 3);
  assert.equal(s.total_servers, 4);
  await assert.doesNotReject(page.getByRole('list', { name: 'Recent events' }).getByText(/server2: healthy → unhealthy/).waitFor());
  // Recover: the checks bring it back.
  await editor.getByRole('button', { name: 'Recover', exact: true }).click();
  await click(page, 'Play');
  await until(async () => /^server2: healthy,/.test(await serverCard(page, 'server2').getAttribute('aria-label')), 8000, 'server2 to come back');
  await click(page, 'Pause');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the seed's get_stats() adds up and counts failures", async () => {
  const { page, context } = await open(env.browser, env.site.url);
  await slide(page, 'Error rate', 7); // 50%
  await slide(page, 'Speed', SPEED_16X);
  await click(page, 'Play');
  await until(async () => (await stats(page)).total_requests >= 60, 10_000, 'requests');
  await click(page, 'Pause');
  const s = await stats(page);
  assert.equal(s.total_requests, s.successful_requests + s.failed_requests);
  assert.ok(s.failed_requests > 0 && s.successful_requests > 0, JSON.stringify(s));
  assert.ok(Math.abs(s.average_response_time - 0.01) < 0.002, 'the seed demo serves in 10 ms');
  const d = await distribution(page);
  const total = Object.values(d).reduce((a, r) => a + r.requests, 0);
  assert.ok(total >= s.total_requests);
  await context.close();
});

test('keyboard: Space plays and pauses, → steps, not while typing', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const state = page.locator('.runbar .state');
  await page.getByRole('heading', { name: 'Fulcrum' }).click();
  await page.keyboard.press('Space');
  await until(async () => (await state.textContent()).startsWith('playing'), 3000, 'playing');
  await page.keyboard.press('Space');
  await until(async () => (await state.textContent()).startsWith('paused'), 3000, 'paused');
  const n = await narratedRequest(page);
  await page.keyboard.press('ArrowRight');
  await until(async () => (await narratedRequest(page)) === n + 1, 3000, 'a step');
  // Typing in the random seed field (under "More settings") neither steps nor plays.
  await moreSettings(page);
  const seed = page.getByLabel('Random seed', { exact: true });
  await seed.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  assert.equal(await narratedRequest(page), n + 1);
  assert.ok((await state.textContent()).startsWith('paused'));
  // Everything is reachable by Tab: the first stops are the page's tools and the links to every
  // section, then Play.
  await page.getByRole('heading', { name: 'Fulcrum' }).click();
  let reachedPlay = false;
  for (let i = 0; i < 30 && !reachedPlay; i++) {
    await page.keyboard.press('Tab');
    reachedPlay = await page.evaluate(() => document.activeElement?.textContent === 'Play');
  }
  assert.ok(reachedPlay, 'Play is reachable by Tab');
  await page.keyboard.press('Enter');
  await until(async () => (await state.textContent()).startsWith('playing'), 3000, 'playing by Enter');
  // A server card opens its editor from the keyboard.
  await serverCard(page, 'server3').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Edit server3' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('out-of-range values are clamped with a visible note', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await moreSettings(page);
  await page.getByLabel('Random seed', { exact: true }).fill('-5');
  await page.getByLabel('Random seed', { exact: true }).press('Enter');
  await page.getByRole('status').getByText(/Random seed must be a whole number from 0 to 9007199254740991: using 0/).waitFor();
  await serverCard(page, 'server1').click();
  const editor = page.getByRole('region', { name: 'Edit server1' });
  await editor.getByLabel('Weight').fill('5000');
  await editor.getByLabel('Weight').press('Enter');
  // The editor's limits are the permalink's (share::permalink), so every edit fits in a link.
  await page.getByRole('status').getByText(/server1's weight must be from 0 to 100: using 100/).waitFor();
  await editor.getByLabel('Error rate (%)').fill('250');
  await editor.getByLabel('Error rate (%)').press('Enter');
  await page.getByRole('status').getByText(/server1's error rate \(%\) must be from 0 to 100: using 100/).waitFor();
  await editor.getByLabel('Latency (ms)').fill('-1');
  await editor.getByLabel('Latency (ms)').press('Enter');
  await page.getByRole('status').getByText(/server1's latency \(ms\) must be from 1 to 5000: using 1/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Add server, drain and maintenance change the pool', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await click(page, 'Add server');
  await serverCard(page, 'server5').waitFor();
  assert.ok('server5' in (await distribution(page)));
  await serverCard(page, 'server1').click();
  const editor = page.getByRole('region', { name: 'Edit server1' });
  await editor.getByRole('button', { name: 'Drain', exact: true }).click();
  await until(async () => (await serverCard(page, 'server1').getAttribute('aria-label')).includes('draining'), 3000, 'draining');
  await editor.getByRole('button', { name: 'Maintenance', exact: true }).click();
  await until(async () => (await serverCard(page, 'server1').getAttribute('aria-label')).includes('maintenance'), 3000, 'maintenance');
  for (let i = 0; i < 6; i++) await click(page, 'Step');
  assert.equal((await distribution(page)).server1.requests, 0, 'no new requests to a server in maintenance');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"New random seed" draws a seed, puts it in the link, and the link brings it back', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await moreSettings(page);
  const seed = page.getByLabel('Random seed', { exact: true });
  const draw = page.getByRole('button', { name: 'New random seed', exact: true });
  const linked = () => new URL(page.url()).searchParams.get('seed');
  const drawn = new Set();
  for (let i = 0; i < 3; i++) {
    const before = await seed.inputValue();
    // By keyboard: the button follows the field.
    await seed.focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'New random seed');
    await page.keyboard.press('Enter');
    await until(async () => (await seed.inputValue()) !== before, 3000, 'a new seed in the field');
    const value = await seed.inputValue();
    assert.match(value, /^\d+$/);
    assert.ok(Number(value) <= 2 ** 53 - 1, value);
    await until(async () => linked() === value, 3000, `seed=${value} in the link`);
    drawn.add(value);
  }
  assert.equal(drawn.size, 3, `three draws, three seeds: ${[...drawn]}`);
  // A click draws too, and the link reproduces the seed.
  const before = await seed.inputValue();
  await draw.click();
  await until(async () => (await seed.inputValue()) !== before, 3000, 'a new seed by click');
  const value = await seed.inputValue();
  await until(async () => linked() === value, 3000, 'the link');
  const link = page.url();
  await page.reload();
  assert.equal(await page.getByLabel('Random seed', { exact: true }).inputValue(), value);
  assert.equal(linked(), value);
  await context.close();
  const again = await open(env.browser, link);
  assert.equal(await again.page.getByLabel('Random seed', { exact: true }).inputValue(), value);
  assert.deepEqual([...errors, ...again.errors], []);
  await again.context.close();
});
