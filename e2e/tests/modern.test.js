// Issue 18's last pieces in the page: Prequal's five settings in the controls and the link, the
// drawings of Prequal's probe pool and Join-Idle-Queue's I-queues, and the embeddable sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until, showLookup } from '../lib/harness.js';
import { slide, click } from '../lib/playground.js';

const env = siteAndBrowser();

test("Prequal's settings: sliders only while Prequal is chosen, in the link, clamped with a note, in both languages", async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=mixed-speeds&strategy=prequal&prequal_pool=4&prequal_probes=9`);
  const controls = page.getByRole('region', { name: 'Controls' });
  const group = controls.getByRole('group', { name: "Prequal's settings" });
  assert.ok(await group.isVisible(), 'in reach, not folded');
  const r = group.getByLabel('Probes per request (r)', { exact: true });
  assert.equal(await r.getAttribute('aria-valuetext'), '4', 'r held to the pool of 4');
  assert.match(await page.locator('.notes').innerText(), /prequal_probes: 9 is outside 0–4; 4 is used/);
  for (const name of ['Probe pool size', 'Hot above this quantile of requests in flight (Q_RIF)', 'Uses per probe (b)', 'Probe maximum age']) {
    assert.ok(await group.getByLabel(name, { exact: true }).isVisible(), name);
  }
  await slide(page, 'Hot above this quantile of requests in flight (Q_RIF)', 0);
  await until(async () => new URL(page.url()).searchParams.get('prequal_q_rif') === '0', 5000, 'prequal_q_rif=0 in the link');
  assert.equal(new URL(page.url()).searchParams.get('prequal_pool'), '4');
  await controls.getByLabel('Strategy', { exact: true }).selectOption('round_robin');
  await until(async () => (await group.count()) === 0, 5000, "no Prequal settings for round robin");
  const zh = await open(env.browser, `${env.site.url}?strategy=prequal&lang=zh`);
  await zh.page.getByRole('group', { name: 'Prequal 的设置' }).getByLabel('探针池大小', { exact: true }).waitFor();
  assert.deepEqual(zh.errors, []);
  await zh.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the lookup debugger follows the playground's k: its multi-probe lookup makes k probes", async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=multi_probe_hash&k=3`);
  await showLookup(page);
  const lookup = page.locator('section.lookup');
  await lookup.getByLabel('Hash strategy').selectOption('multi_probe_hash');
  const code = lookup.locator('pre[aria-labelledby="lookup-pseudocode-title"]');
  await until(async () => /k = 3\)/.test(await code.innerText()), 5000, 'k = 3 in the pseudocode');
  // The playground's slider moves the debugger's k with it.
  await slide(page, 'Probes per key (k)', 0);
  await until(async () => /k = 1\)/.test(await code.innerText()), 5000, 'k = 1 in the pseudocode');
  assert.deepEqual(errors, []);
  await context.close();
});

test("Prequal's probe pool and JIQ's I-queues are drawn from the engine, in words as well as bars and colours", async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=mixed-speeds&strategy=prequal`);
  const seen = page.locator('#seen');
  // A second of the run, so every balancer's pool has had answers; then still, to read it.
  await click(page, 'Play');
  await page.waitForTimeout(1500);
  await click(page, 'Pause');
  const pool = seen.locator('figure.feedback');
  await until(async () => /^Prequal's probe pool as request \d+ found it/.test(await pool.locator('figcaption').innerText()), 5000, 'the probe pool drawn');
  const probes = pool.locator('ol.probes > li');
  const n = await probes.count();
  assert.ok(n >= 2, `${n} probes`);
  const texts = await probes.allInnerTexts();
  for (const t of texts) assert.match(t, /^(.* ← picked|(hot|cold) probe: .*)$/s);
  // Exactly one picked, marked in words; its rule said below.
  assert.equal(texts.filter((t) => /← picked/.test(t)).length, 1, texts.join('\n'));
  assert.match(await pool.locator('.why').innerText(), /the cold probe with the lowest latency wins|every probe is hot/);
  assert.match(await pool.innerText(), /probes in the pool; hot above \d+ requests in flight/);
  // Each hot probe is striped as well as said; the bars are as long as the latencies.
  assert.equal(await pool.locator('li.probe.hot').count(), texts.filter((t) => /hot probe:/.test(t)).length);
  // Join-Idle-Queue: a queue per balancer, head first, in words.
  await page.getByRole('region', { name: 'Controls' }).getByLabel('Preset', { exact: true }).selectOption('idle-servers');
  await page.getByRole('region', { name: 'Controls' }).getByLabel('Strategy', { exact: true }).selectOption('join_idle_queue');
  for (let i = 0; i < 5; i++) await click(page, 'Step');
  const queues = seen.locator('figure.feedback ul.idle-queues > li');
  await until(async () => (await queues.count()) === 8, 5000, 'eight balancers, eight queues');
  assert.match(await queues.first().innerText(), /^Balancer 1\s/);
  // Idle servers are listed by name, each at most once in a queue (a server that took a request
  // from another balancer may stay listed here: JIQ never withdraws a report).
  const listed = await seen.locator('figure.feedback ul.idle-queues li.chip').allInnerTexts();
  assert.ok(listed.length > 0, 'some server listed');
  for (let i = 0; i < 8; i++) {
    const one = await queues.nth(i).locator('li.chip').allInnerTexts();
    assert.equal(new Set(one).size, one.length, one.join(', '));
  }
  assert.match(await seen.locator('figure.feedback .why').innerText(), /head of the idle queue|the idle queue is empty/);
  await page.getByRole('region', { name: 'Controls' }).getByLabel('Strategy', { exact: true }).selectOption('round_robin');
  await until(async () => (await seen.locator('figure.feedback').count()) === 0, 5000, 'no drawing for round robin');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the load sweep embeds: one compact view with Play/Pause and Step, its own Run, both charts', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${env.site.url}?embed=1&view=sweep&preset=heavy-tail`);
  const bar = page.getByRole('toolbar', { name: 'Run' });
  // It plays on its own while on screen (the button offers Pause), and steps.
  await bar.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await bar.getByRole('button', { name: 'Pause', exact: true }).click();
  await bar.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await bar.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await page.locator('section.view').count(), 1, 'one view');
  const sweep = page.locator('section#sweep');
  assert.equal(await sweep.getByRole('heading', { name: 'Load sweep' }).count(), 1);
  await sweep.getByRole('button', { name: 'Run the sweep' }).click();
  await sweep.getByRole('img', { name: /^p99 latency of successful requests against the load; / }).waitFor({ timeout: 30_000 });
  await sweep.getByRole('img', { name: /^Requests dropped by full queues \(503\) against the load; / }).waitFor();
  const height = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().height);
  assert.ok(height < 900, `the sweep embed is ${height} px tall`);
  // The embedding guide offers it.
  await page.goto(`${env.site.url}embed.html`);
  assert.equal(await page.locator('section.snippet[data-query*="view=sweep"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
