// What a first-time visitor still stumbled on after issue 16's work (its last visit): Jain's
// index and Compare's ticks measured against the share a strategy promises; a Strategy picker in
// presentation mode and, on a phone, in the run bar, with the section links folded behind
// "Sections"; an embed whose height holds still while it plays; a lesson card that folds when
// the reader starts working with its view; nothing of the previous strategy left on screen after
// a switch; no abbreviation without its words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { siteAndBrowser, open, until, artifacts } from '../lib/harness.js';
import { click, distribution, strategySelect } from '../lib/playground.js';

const env = siteAndBrowser();

async function shot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

const overlaps = (a, b) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A run statistic's shown value, by the start of its name. */
async function runStatistic(page, name) {
  const pairs = await page
    .locator('dl.stats .kv')
    .evaluateAll((kvs) => kvs.map((kv) => [kv.querySelector('dt').textContent.trim(), kv.querySelector('dd').textContent.trim()]));
  const found = pairs.find(([k]) => k.startsWith(name));
  return found && found[1];
}

test("Jain's index and Compare's ticks measure against the share the strategy promises", async () => {
  // The tutorial's servers weigh 1, 2, 1, 3; round robin promises each a quarter and keeps it.
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=round_robin&compare=round_robin,weighted_round_robin`);
  for (let i = 0; i < 8; i++) await click(page, 'Step');
  const sent = async () => Object.values(await distribution(page)).reduce((n, r) => n + r.requests, 0);
  await until(async () => (await sent()) === 8, 5000, 'eight requests');
  await until(async () => (await runStatistic(page, "Jain's fairness index")) === '1.000', 5000, `round robin's Jain at 1.000, not ${await runStatistic(page, "Jain's fairness index")}`);
  assert.match(await page.locator('#tables').textContent(), /Jain's fairness index \(of the promised share\)/);
  // Compare: round robin's ticks all at a quarter; weighted round robin's at each weight's share.
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Run compare' }).click();
  const columns = page.locator('.share-column');
  await columns.first().waitFor({ timeout: 30_000 });
  const ticks = (i) => columns.nth(i).locator('.share-tick').evaluateAll((ts) => ts.map((t) => t.style.left));
  const rr = await ticks(0);
  assert.equal(new Set(rr).size, 1, `round robin's ticks: ${rr}`);
  const wrr = await ticks(1);
  assert.equal(wrr[0], wrr[2], `weighted round robin's ticks: ${wrr}`);
  assert.ok(parseFloat(wrr[3]) > 2.5 * parseFloat(wrr[0]), `weighted round robin's ticks: ${wrr}`);
  assert.match(await page.locator('.compare-shares figcaption').textContent(), /the share the strategy promises/);
  const rrJain = await page.getByRole('table', { name: 'Compare results' }).locator('tbody tr').first().locator('td').nth(4).textContent();
  assert.ok(parseFloat(rrJain) > 0.99, `round robin's Jain in Compare: ${rrJain}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no abbreviation on screen without its words: WRR, HRW, EDF, RIF, I-queue', async () => {
  const bare = /\b(WRR|HRW|EDF|RIF|P2C)\b|I-queue|I 队列/;
  for (const [strategy, extra] of [
    ['weighted_round_robin', ''],
    ['prequal', ''],
    ['join_idle_queue', ''],
    ['rendezvous_skeleton', '&servers=' + Array.from({ length: 20 }, (_, i) => `s${i + 1}`).join(',')],
    ['envoy_least_request', '&servers=server1*1,server2*3'],
  ]) {
    for (const lang of ['en', 'zh']) {
      const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=${strategy}&lang=${lang}${extra}`);
      for (let i = 0; i < 4; i++) await click(page, lang === 'en' ? 'Step' : '单步');
      await page.waitForTimeout(400);
      const words = await page.evaluate(() => {
        const copy = document.querySelector('main').cloneNode(true);
        copy.querySelectorAll('code, pre, .term-tip').forEach((c) => c.remove());
        return copy.innerText;
      });
      const found = bare.exec(words);
      assert.equal(found, null, `${strategy} (${lang}): "${found && words.slice(Math.max(0, found.index - 60), found.index + 40)}"`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
