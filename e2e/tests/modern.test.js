// Issue 18's last pieces in the page: Prequal's five settings in the controls and the link, the
// drawings of Prequal's probe pool and Join-Idle-Queue's I-queues, and the embeddable sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until, showLookup } from '../lib/harness.js';
import { slide } from '../lib/playground.js';

const env = siteAndBrowser();

test("Prequal's settings: sliders only while Prequal is chosen, in the link, clamped with a note, in both languages", async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=mixed-speeds&strategy=prequal&prequal_pool=4&prequal_probes=9`);
  const controls = page.getByRole('region', { name: 'Controls' });
  const group = controls.getByRole('group', { name: "Prequal's settings" });
  assert.ok(await group.isVisible(), 'in reach, not folded');
  const r = group.getByLabel('Probes per request (r)', { exact: true });
  assert.equal(await r.getAttribute('aria-valuetext'), '4', 'r held to the pool of 4');
  assert.match(await page.locator('.notes').innerText(), /prequal_probes: 9 is outside 0–4; 4 is used/);
  for (const name of ['Probe pool size', 'Hot above the RIF quantile (Q_RIF)', 'Uses per probe (b)', 'Probe maximum age']) {
    assert.ok(await group.getByLabel(name, { exact: true }).isVisible(), name);
  }
  await slide(page, 'Hot above the RIF quantile (Q_RIF)', 0);
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
