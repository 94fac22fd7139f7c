// Truthful failures, a Compare that shows the difference, one pool: a crashed server says it is
// "crashed — not yet detected" with the time to the next check until a check finds it, then
// "down (detected at …)"; its latency counts successes only, so fast refusals never make it look
// fast; Compare draws each strategy's shares and keeps its choices in the link; the lookup
// debugger starts from the playground's servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until, screenshotOf } from '../lib/harness.js';
import { slide, click, serverCard } from '../lib/playground.js';

const env = siteAndBrowser();

// Ladder positions of the sliders (src/playground/settings.rs).
const SPEED_4X = 4;
const label = (page, id) => serverCard(page, id).getAttribute('aria-label');

/** The latency-by-server table as { server: { avg, p50, p95, p99, failed } }. */
async function latencyTable(page) {
  const rows = await page
    .getByRole('table', { name: /^Latency by server/ })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  return Object.fromEntries(rows.map(([id, avg, p50, p95, p99, failed]) => [id, { avg, p50, p95, p99, failed }]));
}

test('a crash is "not yet detected" with a countdown, then "down (detected at …)"; its latency does not drop', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await slide(page, 'Speed', SPEED_4X);
  await click(page, 'Play');
  await until(async () => /avg [\d.]+ ms/.test(await label(page, 'server2')), 10_000, 'server2 to answer');
  await serverCard(page, 'server2').click();
  const before = (await latencyTable(page)).server2;
  await page.getByRole('region', { name: 'Edit server2' }).getByRole('button', { name: 'Crash', exact: true }).click();
  // The balancers still call it healthy: the page says what is true, and when the check comes.
  const undetected = await until(async () => {
    const l = await label(page, 'server2');
    return /^server2: crashed — not yet detected/.test(l) && l;
  }, 5000, 'the undetected crash');
  const first = Number(/next check in ([\d.]+) s/.exec(undetected)[1]);
  const card = serverCard(page, 'server2');
  assert.match(await card.locator('text.status').textContent(), /^⚠ crashed — not yet detected$/);
  assert.match(await card.locator('text.countdown').textContent(), /^next check in [\d.]+ s · \d+ of \d+ failed$/);
  await screenshotOf(page.locator('#pool'), 'truth-crash-undetected');
  // The countdown counts down.
  await until(async () => {
    const m = /next check in ([\d.]+) s/.exec(await label(page, 'server2'));
    return m && Number(m[1]) < first;
  }, 5000, 'the countdown to move');
  // Refusals are counted as failures, apart from the latency of the successes.
  await until(async () => /✕ \d+ failed/.test(await card.locator('text.failures').textContent()), 10_000, 'failures counted');
  // A check finds it (the seed's checker: every 30 s, the first failure marks it down).
  await until(async () => /^server2: down \(detected at [\d.]+ s\)/.test(await label(page, 'server2')), 40_000, 'the check to find it');
  assert.match(await card.locator('text.status').textContent(), /^✕ down \(detected at [\d.]+ s\)$/);
  await click(page, 'Pause');
  await screenshotOf(page.locator('#pool'), 'truth-crash-detected');
  const after = (await latencyTable(page)).server2;
  // Successes only: the crashed server keeps the latency it had while it answered.
  assert.equal(after.avg, before.avg, 'its average did not drop');
  assert.equal(after.p50, before.p50, 'its p50 did not drop');
  assert.match(after.failed, /^[1-9]\d* of \d+/, 'its failures are counted beside');
  // The charts' p50 line never falls to 0: failures are left out of it.
  const p50 = await page.locator('#charts path.line.p50').getAttribute('d');
  const ys = [...p50.matchAll(/[ML]\s*[\d.]+[ ,]([\d.]+)/g)].map((m) => Number(m[1]));
  assert.ok(ys.length > 2, p50);
  assert.ok(Math.max(...ys) < 138, `the p50 line stays above the axis: ${p50}`);
  assert.match(await page.locator('#charts').innerText(), /Latency of successful requests/);
  assert.deepEqual(errors, []);
  await context.close();
});
