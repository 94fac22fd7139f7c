// Truthful failures, a Compare that shows the difference, one pool: a crashed server says it is
// "crashed — not yet detected" with the time to the next check until a check finds it, then
// "down (detected at …)"; its latency counts successes only, so fast refusals never make it look
// fast; Compare draws each strategy's shares and keeps its choices in the link; the lookup
// debugger starts from the playground's servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until, screenshotOf, showLookup } from '../lib/harness.js';
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
  // Its successes' latency, as the card names it (avg, p50, p95, p99).
  const latency = async () => /avg ([\d.]+ ms), p50 ([\d.]+ ms), p95 ([\d.]+ ms), p99 ([\d.]+ ms)/.exec(await label(page, 'server2')).slice(1);
  const before = await latency();
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
  // Successes only: the crashed server keeps the latency it had while it answered (it crashed
  // right after these were read: at most one more success may have come in at 10 ms).
  assert.deepEqual(await latency(), before, 'its average and percentiles did not drop');
  const table = await until(async () => {
    const t = (await latencyTable(page)).server2;
    return t && /^[1-9]\d* of \d+/.test(t.failed) && t;
  }, 5000, 'the latency table to count the failures');
  assert.equal(table.avg, before[0], 'the table agrees');
  // The charts' p50 line never falls to 0: failures are left out of it.
  const p50 = await page.locator('#charts path.line.p50').getAttribute('d');
  const ys = [...p50.matchAll(/[ML]\s*[\d.]+[ ,]([\d.]+)/g)].map((m) => Number(m[1]));
  assert.ok(ys.length > 2, p50);
  assert.ok(Math.max(...ys) < 138, `the p50 line stays above the axis: ${p50}`);
  assert.match(await page.locator('#charts').innerText(), /Latency of successful requests/);
  // Brought back, it is not healthy to the balancers until enough checks pass: the card says so.
  await page.getByRole('region', { name: 'Edit server2' }).getByRole('button', { name: 'Recover', exact: true }).click();
  await click(page, 'Play');
  await until(async () => /^server2: recovered — not yet detected/.test(await label(page, 'server2')), 5000, 'the undetected recovery');
  assert.match(await card.locator('text.status').textContent(), /^↻ recovered — not yet detected$/);
  assert.match(await card.locator('text.countdown').textContent(), /^next check in [\d.]+ s · \d+ of \d+ passed$/);
  await screenshotOf(page.locator('#pool'), 'truth-recovered-undetected');
  // A passing check brings it back (the tutorial's checker: rise = 1).
  await until(async () => /^server2: healthy/.test(await label(page, 'server2')), 40_000, 'the check to find it back');
  await click(page, 'Pause');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Bring Compare into view, choose its four strategies ('' for none) and run it. */
async function runCompare(page, choices) {
  const compare = page.locator('#compare');
  await compare.scrollIntoViewIfNeeded();
  for (const [i, name] of choices.entries()) await page.locator(`#compare-${i + 1}`).selectOption(name);
  await page.getByRole('button', { name: 'Run compare' }).click();
  return compare;
}

test('Compare draws each strategy\'s shares, keeps its choices and balancer count in the link, and the flow draws the balancers', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=herding`, { viewport: { width: 1366, height: 768 } });
  const compare = await runCompare(page, ['least_connections', 'power_of_two_choices', 'round_robin', '']);
  const table = page.getByRole('table', { name: 'Compare results' });
  await table.waitFor({ timeout: 20_000 });
  // Strategies that herd differently show different percentiles.
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 3);
  const p99 = rows.map((r) => parseFloat(r[4]));
  assert.equal(new Set(p99).size, 3, `three different p99s: ${p99}`);
  // The shares are drawn: a labelled column of bars per strategy, one bar per server, with figures.
  for (const name of ['Least connections', 'Power of two choices', 'Round robin']) {
    const column = page.getByRole('group', { name: `${name}: share by server` });
    assert.equal(await column.locator('li').count(), 10, name);
    assert.ok(await column.locator('.share-fill').first().isVisible(), `${name}'s bars are visible`);
    assert.match(await column.locator('li').first().innerText(), /server1\s+\d+\.\d%/);
  }
  await page.locator('figure.compare-shares').scrollIntoViewIfNeeded();
  await screenshotOf(compare, 'truth-compare');
  // The link keeps the choices; opened again, the pickers show them.
  await until(async () => new URL(page.url()).searchParams.get('compare') === 'least_connections,power_of_two_choices,round_robin', 5000, 'the compare list in the link');
  // The number of balancers: the flow draws them, the link keeps it.
  await page.getByLabel('Balancers', { exact: true }).selectOption('3');
  await until(async () => new URL(page.url()).searchParams.get('balancers') === '3', 5000, 'balancers in the link');
  const flow = page.getByRole('img', { name: 'Request flow' });
  await until(async () => (await flow.locator('g.balancer rect').count()) === 3, 5000, 'three balancer boxes');
  assert.match(await flow.locator('g.balancer').textContent(), /3 balancers/);
  await flow.scrollIntoViewIfNeeded();
  await screenshotOf(flow, 'truth-flow-balancers');
  const again = await open(env.browser, page.url(), { viewport: { width: 1366, height: 768 } });
  assert.equal(await again.page.locator('#compare-1').inputValue(), 'least_connections');
  assert.equal(await again.page.locator('#compare-2').inputValue(), 'power_of_two_choices');
  assert.equal(await again.page.locator('#compare-3').inputValue(), 'round_robin');
  assert.equal(await again.page.locator('#compare-4').inputValue(), '');
  assert.equal(await again.page.getByLabel('Balancers', { exact: true }).inputValue(), '3');
  // A bad count in a link is noted, as other bad values are, and the page still works.
  const bad = await open(env.browser, `${env.site.url}?balancers=nope&compare=random,nope`, { viewport: { width: 1366, height: 768 } });
  const notes = await bad.page.locator('.notes').innerText();
  assert.match(notes, /balancers/);
  assert.match(notes, /compare/);
  assert.deepEqual([...errors, ...again.errors, ...bad.errors], []);
  await context.close();
  await again.context.close();
  await bad.context.close();
});

test("the lookup debugger and churn view start from the playground's servers and diverge only visibly", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  const lookup = page.locator('section.lookup');
  await showLookup(page);
  const field = lookup.getByLabel('Servers', { exact: true });
  // The playground's pool: server1–4 with weights 1, 2, 1, 3.
  assert.equal(await field.inputValue(), 'server1,server2=2,server3,server4=3');
  await lookup.getByText("These are the playground's servers").waitFor();
  const churnServers = await page.locator('section.churn').getByLabel('Server', { exact: true }).locator('option')
    .evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(churnServers, ['server1', 'server2', 'server3', 'server4']);
  await screenshotOf(lookup, 'truth-lookup-follows');
  // Edited here: said so, with the way back.
  await field.fill('server1,server2');
  await field.press('Enter');
  const note = lookup.getByText("Edited here: these servers differ from the playground's.");
  await note.waitFor();
  await screenshotOf(lookup.locator('.lookup-origin'), 'truth-lookup-diverged');
  await lookup.getByRole('button', { name: "Reset to the playground's servers" }).click();
  await until(async () => (await field.inputValue()) === 'server1,server2=2,server3,server4=3', 3000, 'the playground\'s pool back');
  assert.equal(await note.count(), 0);
  // The playground's pool changes: the debugger follows.
  await click(page, 'Add server');
  await until(async () => (await field.inputValue()) === 'server1,server2=2,server3,server4=3,server5', 5000, 'the added server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Compare under a light load says why the strategies look alike and moves to one where they part', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  const compare = await runCompare(page, ['least_connections', 'power_of_two_choices', 'round_robin', '']);
  const rows = async () => (await page.getByRole('table', { name: 'Compare results' }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent).join('|'))));
  // The default preset: the same availability and percentiles in every row, and the page says why.
  const light = await until(async () => { const r = await rows(); return r.length === 3 && r; }, 5000, 'three rows');
  assert.equal(new Set(light).size, 1, light.join('\n'));
  const note = compare.locator('.compare-alike');
  assert.match(await note.textContent(), /Every strategy kept up with this load/);
  await screenshotOf(compare, 'truth-compare-alike');
  await note.getByRole('button', { name: /Compare them with many balancers/ }).click();
  // The herding preset, the same choices: the rows part, and the note is gone.
  await until(async () => (await page.locator('#preset').inputValue()) === 'herding', 5000, 'the herding preset');
  const busy = await until(async () => { const r = await rows(); return r.length === 3 && new Set(r).size === 3 && r; }, 10_000, 'rows that differ');
  assert.equal(busy.length, 3);
  assert.equal(await note.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
