// Embeds for documentation (issue 16): every embedded view has its own Play/Pause and Step and
// is compact (the lookup view is the debugger alone); a bad parameter shows its note inside the
// embed, and notes stay once Play is pressed; a host page drives an embed by postMessage and
// hears ready, pick, stats and error back; www/embed.html's own demo does the same. Screenshots
// of embed.html at 1366×768 are kept in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { siteAndBrowser, open, until, artifacts } from '../lib/harness.js';
import { click } from '../lib/playground.js';

const env = siteAndBrowser();

/** A fresh 1366×768 page that fails the test on any error. */
async function fresh(viewport = { width: 1366, height: 768 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return { page, context, errors };
}

const mainHeight = (page) => page.evaluate(() => document.querySelector('main').getBoundingClientRect().height);

test('each embedded view has Play/Pause and Step, works them from the keyboard, and stays compact', async () => {
  const { page, context, errors } = await fresh();
  for (const view of ['pool', 'ring', 'table', 'compare', 'flow']) {
    await page.goto(`${env.site.url}?embed=1&view=${view}&strategy=weighted_least_connections`);
    const bar = page.getByRole('toolbar', { name: 'Run' });
    // It plays on its own while on screen: the button offers Pause.
    await bar.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await bar.getByRole('button', { name: 'Pause', exact: true }).focus();
    await page.keyboard.press('Enter');
    await bar.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const step = bar.getByRole('button', { name: 'Step', exact: true });
    await step.focus();
    await page.keyboard.press('Space');
    await bar.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.equal(await page.locator('section.view').count(), 1, `${view}: one view`);
    const height = await mainHeight(page);
    assert.ok(height < 900, `${view} embed is ${height} px tall`);
  }
  // The lookup view is the debugger alone (no churn, no sample keys), with its own Play and steps.
  await page.goto(`${env.site.url}?embed=1&view=lookup&strategy=consistent_hash&key=/api/data/7`);
  const lookup = page.locator('main.embed .lookup');
  await lookup.waitFor();
  assert.equal(await page.locator('.churn, .sample-keys').count(), 0, 'no churn view, no sample keys');
  const height = await mainHeight(page);
  assert.ok(height < 1000, `the lookup embed is ${height} px tall`);
  const count = lookup.locator('.lookup-count');
  assert.match(await count.textContent(), /^Step 1 of \d+$/);
  await lookup.getByRole('button', { name: 'Next step' }).click();
  assert.match(await count.textContent(), /^Step 2 of/);
  await lookup.getByRole('button', { name: 'Play steps', exact: true }).click();
  await until(async () => /^Step [4-9]/.test(await count.textContent()), 6000, 'the steps to play on');
  await lookup.getByRole('button', { name: 'Pause steps', exact: true }).click();
  const paused = await count.textContent();
  await page.waitForTimeout(1500);
  assert.equal(await count.textContent(), paused, 'paused stays put');
  assert.deepEqual(errors, []);
  await context.close();
});

test("no label of the flow spills out of its box: the balancer's strategy wraps", async () => {
  const { page, context, errors } = await fresh({ width: 700, height: 700 });
  for (const strategy of ['weighted_least_connections', 'bounded_load_consistent_hash']) {
    await page.goto(`${env.site.url}?embed=1&view=flow&strategy=${strategy}&variant=seed`);
    const box = page.locator('.node.balancer rect');
    const label = page.locator('.node.balancer text.small');
    await label.waitFor();
    const outer = await box.boundingBox();
    const inner = await label.boundingBox();
    assert.ok(inner.x >= outer.x && inner.x + inner.width <= outer.x + outer.width, `${strategy}: ${JSON.stringify({ outer, inner })}`);
    assert.ok(inner.y >= outer.y && inner.y + inner.height <= outer.y + outer.height, `${strategy} fits in height`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad parameter shows its note inside the embed, and the full page keeps its notes when Play is pressed', async () => {
  const { page, context, errors } = await fresh();
  await page.goto(`${env.site.url}?embed=1&view=nope&rate=NaN`);
  const notes = page.locator('main.embed .notes li');
  await notes.first().waitFor();
  const shown = (await notes.allTextContents()).join('\n');
  assert.match(shown, /view: unknown value “nope”/);
  assert.match(shown, /rate: “NaN” is not a finite number/);
  // It stays while the embed plays, and goes when dismissed.
  await page.waitForTimeout(1000);
  assert.equal(await notes.count(), 2);
  await page.locator('main.embed .notes').getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await notes.count(), 0);
  // The full page: Play and Step leave the note be.
  const full = await open(env.browser, `${env.site.url}?rate=NaN`);
  const fullNotes = full.page.locator('.notes li');
  await fullNotes.first().waitFor();
  await click(full.page, 'Play');
  await full.page.waitForTimeout(500);
  await click(full.page, 'Step');
  assert.equal(await fullNotes.count(), 1, 'the note is still shown');
  assert.deepEqual(full.errors, []);
  await full.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page of the site's own origin framing `query`, collecting every message from the frame. */
async function host(query) {
  const { page, context, errors } = await fresh({ width: 1000, height: 800 });
  await page.goto(`${env.site.url}embed.html`);
  // (An icon of its own, as embed.html has: no request for a favicon.ico the site does not have.)
  await page.setContent(`
    <link rel="icon" href="data:,">
    <script>
      window.got = [];
      addEventListener('message', (e) => {
        const frame = document.querySelector('iframe');
        if (e.source === frame.contentWindow) window.got.push(e.data);
      });
      window.send = (m) => document.querySelector('iframe').contentWindow.postMessage(m, '*');
    </script>
    <iframe style="width: 900px; height: 600px; border: 0" src="${env.site.url}?${query}"></iframe>`);
  const got = (type) => page.evaluate((t) => window.got.filter((m) => m.type === t), type);
  const send = (m) => page.evaluate((x) => window.send(x), m);
  await until(async () => (await got('ready')).length === 1, 10000, 'ready');
  return { page, context, errors, got, send };
}

test('a host page drives an embed: play, pause, step, set, subscribe; it hears ready, pick and stats', async () => {
  const { page, context, errors, got, send } = await host('embed=1&view=flow&preset=slow-server&strategy=round_robin');
  const [ready] = await got('ready');
  assert.equal(ready.protocol, 1);
  assert.equal(ready.view, 'flow');
  assert.equal(ready.strategy, 'round_robin');
  assert.deepEqual(ready.subscribed, ['stats']);
  assert.ok(ready.commands.includes('set'));
  // Statistics come on their own, as plain objects.
  await until(async () => (await got('stats')).some((s) => s.requests > 0), 10000, 'stats');
  const stats = (await got('stats')).at(-1);
  assert.equal(typeof stats.latency_ms.p95, 'number');
  assert.deepEqual(stats.servers.map((s) => s.id), ['server1', 'server2', 'server3', 'server4']);
  assert.equal(stats.servers.reduce((n, s) => n + s.ok + s.failed, 0), stats.ok + stats.failed);
  assert.equal(await got('pick').then((p) => p.length), 0, 'picks are opt-in');
  // Pause from the host: the frame's own button follows.
  const frame = page.frameLocator('iframe');
  await send({ type: 'pause' });
  await frame.getByRole('button', { name: 'Play', exact: true }).waitFor();
  // Picks once subscribed: each step is one.
  await send({ type: 'subscribe', events: ['pick'] });
  await page.waitForTimeout(300);
  const before = (await got('pick')).length;
  for (let i = 0; i < 3; i++) await send('step');
  await until(async () => (await got('pick')).length >= before + 3, 5000, 'three picks');
  const picks = (await got('pick')).slice(before);
  assert.ok(picks.every((p) => /^server\d$/.test(p.server) && p.strategy === 'round_robin'), JSON.stringify(picks));
  assert.ok(picks[0].request < picks[1].request && picks[1].request < picks[2].request);
  // set: the strategy changes in the frame and in the events.
  await send({ type: 'set', strategy: 'consistent_hash' });
  await frame.locator('.node.balancer text.small').filter({ hasText: /Consistent\s*hashing/ }).waitFor();
  await send('step');
  await until(async () => (await got('pick')).some((p) => p.strategy === 'consistent_hash'), 5000, 'a consistent_hash pick');
  await until(async () => (await got('stats')).at(-1).strategy === 'consistent_hash', 5000, 'stats of the new strategy');
  // The new strategy's counters start from 0: nothing carried over from round robin's run.
  // (Round robin had answered hundreds; the step's one request may still be in flight.)
  await until(async () => {
    const fresh = (await got('stats')).at(-1);
    return fresh.requests <= 1 && fresh.ok + fresh.failed + fresh.in_flight === 1 && fresh.t_ms < 1000;
  }, 5000, 'counters from 0 after set: one step, one request');
  // embed.html's "Build your own" offers every strategy and preset (a native test holds the lists
  // to the engine's).
  const guide = await fresh({ width: 1000, height: 800 });
  await guide.page.goto(`${env.site.url}embed.html`);
  assert.equal(await guide.page.locator('#b-strategy option').count(), 25);
  assert.equal(await guide.page.locator('#b-preset option').count(), 14);
  await guide.context.close();
  // Play again: statistics at most four a second.
  await send({ type: 'play' });
  await frame.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await send({ type: 'unsubscribe', events: ['pick'] });
  const start = (await got('stats')).length;
  await page.waitForTimeout(2000);
  const inTwoSeconds = (await got('stats')).length - start;
  assert.ok(inTwoSeconds >= 2 && inTwoSeconds <= 9, `${inTwoSeconds} stats in 2 s`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad command gets an error reply; a message from another frame is not obeyed', async () => {
  const { page, context, errors, got, send } = await host('embed=1&view=table&preset=slow-server');
  await send({ type: 'jump' });
  await send({ type: 'set', strategy: 'nope' });
  await send(42);
  await until(async () => (await got('error')).length === 3, 5000, 'three errors');
  const messages = (await got('error')).map((e) => e.message);
  assert.match(messages[0], /unknown command "jump"; the commands are play, pause, step, reset, set, subscribe, unsubscribe/);
  assert.match(messages[1], /strategy "nope"/);
  assert.match(messages[2], /an object such as/);
  // A sibling frame of the host page posts to the embed: no reply, no effect.
  const frame = page.frameLocator('iframe').first();
  await send('pause');
  await frame.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.evaluate(() => {
    const other = document.createElement('iframe');
    document.body.append(other);
    other.srcdoc = `<script>parent.frames[0].postMessage({type: 'play'}, '*'); parent.frames[0].postMessage({type: 'jump'}, '*'); parent.window.strangerPosted = true;</scr` + `ipt>`;
  });
  await until(() => page.evaluate(() => window.strangerPosted === true), 5000, 'the stranger to post');
  await page.waitForTimeout(800);
  assert.equal((await got('error')).length, 3, 'no reply to a stranger');
  assert.equal(await frame.getByRole('button', { name: 'Play', exact: true }).count(), 1, 'still paused');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the lookup embed's steps follow the host's play, pause and step", async () => {
  const { context, errors, got, send, page } = await host('embed=1&view=lookup&strategy=consistent_hash&key=/api/data/7');
  const [ready] = await got('ready');
  assert.equal(ready.view, 'lookup');
  assert.deepEqual(ready.subscribed, [], 'no run, no stats');
  const count = page.frameLocator('iframe').locator('.lookup-count');
  await send('step');
  await until(async () => /^Step 2 of/.test(await count.textContent()), 5000, 'step 2');
  await send('play');
  await until(async () => /^Step [3-9]/.test(await count.textContent()), 5000, 'the steps to play');
  await send('pause');
  await send({ type: 'set', strategy: 'maglev' });
  await until(async () => (await got('error')).length === 1, 5000, 'set refused here');
  assert.match((await got('error'))[0].message, /lookup view/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("embed.html's demo drives its frame with the script it prints, and looks right at 1366×768", async () => {
  const { page, context, errors } = await fresh();
  await page.goto(`${env.site.url}embed.html`);
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'embed-guide-top.png') });
  await page.locator('#api').scrollIntoViewIfNeeded();
  const frame = page.locator('#demo-frame');
  await frame.scrollIntoViewIfNeeded();
  const status = page.locator('#d-status');
  // The sentence counts the requests that ended and those in flight (the rows count those sent).
  await until(async () => /^round_robin: \d+ requests? ended, \d+ in flight; p95 [\d.]+ ms\.$/.test(await status.textContent()), 15000, 'stats in the demo');
  await until(async () => (await page.locator('#d-stats tbody tr').count()) === 4, 5000, 'a row per server');
  await page.getByRole('group', { name: 'Drive the embed' }).getByRole('button', { name: 'Pause' }).click();
  await page.frameLocator('#demo-frame').getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.getByLabel('Show each pick').check();
  await page.getByRole('group', { name: 'Drive the embed' }).getByRole('button', { name: 'Step' }).click();
  await page.locator('#d-picks-log li').first().waitFor();
  assert.match(await page.locator('#d-picks-log li').first().textContent(), /^request \d+ → server\d/);
  await page.locator('#d-strategy').selectOption('least_connections');
  await until(async () => /least_connections/.test(await status.textContent()), 5000, 'the new strategy');
  // The script shown is the one that runs.
  const code = await page.locator('#d-code').textContent();
  assert.match(code, /postMessage\(command, fulcrum\)/);
  assert.match(code, /e\.source !== frame\.contentWindow/);
  await page.locator('#api').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'embed-guide-api.png') });
  await frame.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'embed-guide-demo.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test("embed.html: a preview opens in sight, and its button then offers to hide it", async () => {
  const { page, context, errors } = await fresh();
  await page.goto(`${env.site.url}embed.html`);
  const inSight = (frame) => frame.evaluate((f) => {
    const r = f.getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight - 100;
  });
  // The builder's Preview, under the screen's edge once the builder is in view.
  await page.locator('#build').scrollIntoViewIfNeeded();
  const preview = page.locator('#b-preview');
  await preview.click();
  const frame = page.locator('#b-frame iframe');
  await until(() => inSight(frame), 3000, "the builder's preview in sight");
  assert.equal(await preview.textContent(), 'Hide preview');
  await preview.click();
  assert.equal(await frame.count(), 0);
  assert.equal(await preview.textContent(), 'Preview');
  // A snippet's Preview does the same.
  const first = page.locator('section.snippet').first();
  await first.scrollIntoViewIfNeeded();
  await first.getByRole('button', { name: 'Preview', exact: true }).click();
  await until(() => inSight(first.locator('iframe')), 3000, "the snippet's preview in sight");
  assert.deepEqual(errors, []);
  await context.close();
});

test("embed.html: a pasted link sets the builder's fields, and the fields and the snippet never disagree", async () => {
  const { page, context, errors } = await fresh();
  await page.goto(`${env.site.url}embed.html`);
  await page.locator('#b-link').fill('https://example.org/index.html?preset=slow-server&strategy=random&seed=9&view=ring&autoplay=0');
  assert.equal(await page.locator('#b-preset').inputValue(), 'slow-server');
  assert.equal(await page.locator('#b-strategy').inputValue(), 'random');
  assert.equal(await page.locator('#b-view').inputValue(), 'ring');
  assert.equal(await page.locator('#b-paused').isChecked(), true);
  let out = await page.locator('#b-out').inputValue();
  for (const part of ['preset=slow-server', 'strategy=random', 'seed=9', 'view=ring', 'autoplay=0']) assert.ok(out.includes(part), `${part} in ${out}`);
  // A field changed after the paste wins over the link, as without one.
  await page.locator('#b-strategy').selectOption('maglev');
  out = await page.locator('#b-out').inputValue();
  assert.ok(out.includes('strategy=maglev') && !out.includes('strategy=random') && out.includes('seed=9'), out);
  assert.deepEqual(errors, []);
  await context.close();
});
