// The playground as a user meets it: pick a strategy, step requests, crash a server, read the
// distribution table. Runs on the release build served on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, screenshot } from '../lib/harness.js';

let site;
let browser;

before(async () => {
  site = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function rows(page) {
  const table = page.getByRole('table', { name: 'Distribution' });
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}

test('every strategy can be chosen and steps a request', async () => {
  const { page, context, errors } = await open(browser, site.url);
  const select = page.getByLabel('Strategy', { exact: true });
  const names = await select.locator('option').allTextContents();
  assert.equal(names.length, 16);
  for (const name of names) {
    await select.selectOption(name);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByText(/request 0: /).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('smooth weighted round robin interleaves the seed demo pool by weight', async () => {
  const { page, context } = await open(browser, site.url);
  await page.getByLabel('Strategy', { exact: true }).selectOption('weighted_round_robin');
  for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  const got = (await rows(page)).map((r) => [r[0], r[1]]);
  assert.deepEqual(got, [['server1', '1'], ['server2', '2'], ['server3', '1'], ['server4', '3']]);
  await screenshot(page, 'pool-and-table');
  await context.close();
});

test("a crashed server gets no more requests", async () => {
  const { page, context } = await open(browser, site.url);
  await page.getByRole('button', { name: 'Crash server2' }).click();
  for (let i = 0; i < 9; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  const got = Object.fromEntries((await rows(page)).map((r) => [r[0], r[1]]));
  assert.equal(got.server2, '0');
  assert.equal(got.server1, '3');
  await expectText(page, 'unhealthy');
  await context.close();
});

async function expectText(page, text) {
  await page.getByRole('img', { name: 'Server pool' }).getByText(text).first().waitFor();
}
