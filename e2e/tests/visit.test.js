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
import { siteAndBrowser, serveHolding, open, until, artifacts, showImport, showLookup } from '../lib/harness.js';
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
  await page.getByRole('button', { name: 'Run compare' }).focus();
  await page.keyboard.press('Enter');
  const columns = page.locator('.share-column');
  await columns.first().waitFor({ timeout: 30_000 });
  // The results come after the button, which keeps the keyboard's focus.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Run compare');
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

test('presentation mode at 1920×1080 has a Strategy picker, large, reached by Tab, the same setting as the controls', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1920, height: 1080 } });
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await page.locator('main.presenting').waitFor();
  const select = page.locator('main.presenting .runbar').getByLabel('Strategy', { exact: true });
  assert.ok(await select.isVisible(), 'a Strategy picker in the presentation bar');
  const size = await select.evaluate((s) => parseFloat(getComputedStyle(s).fontSize));
  assert.ok(size >= 18, `its type is ${size} px`);
  const label = await page.locator('main.presenting label[for="strategy"]').boundingBox();
  assert.ok(label && label.height >= 18, 'its label is seen, large');
  // By keyboard: from the view select, Tab reaches it; arrows choose.
  await page.getByLabel('View shown').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'strategy');
  await select.selectOption('consistent_hash');
  await page.getByLabel('View shown').selectOption('ring');
  await page.locator('main.presenting #ring svg.ring-svg').waitFor();
  await shot(page, 'present-strategy-1920');
  await page.keyboard.press('Escape');
  await page.locator('main.presenting').waitFor({ state: 'detached' });
  assert.equal(await strategySelect(page).inputValue(), 'consistent_hash', 'the controls show the strategy chosen while presenting');
  assert.deepEqual(errors, []);
  await context.close();
});

test('390×844: the section links fold behind "Sections"; the Strategy picker rides in the run bar, by the picture', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, context, errors } = await open(env.browser, `${env.site.url}?lang=${lang}`, {
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    });
    const toggle = page.locator('header.top nav button.nav-toggle');
    assert.equal(await toggle.textContent(), lang === 'en' ? 'Sections' : '章节');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('header.top nav a').first().isVisible(), false, 'folded, the links are hidden');
    const pool = await page.locator('#pool .pool-cards').boundingBox();
    assert.ok(pool.y < 760, `${lang}: the pool starts at ${pool.y}`);
    if (lang === 'en') await shot(page, 'phone-390-sections-folded');
    // Unfolded: every link within the window, none scrolled out of sight.
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const links = await page.locator('header.top nav a').evaluateAll((as) => as.map((a) => {
      const r = a.getBoundingClientRect();
      return [a.textContent, r.left, r.right, r.width];
    }));
    assert.ok(links.length >= 15, `${links.length} links`);
    for (const [text, left, right, width] of links) assert.ok(width > 0 && left >= 0 && right <= 390, `${lang}: "${text}" spans ${left}..${right}`);
    if (lang === 'en') await shot(page, 'phone-390-sections-open');
    await toggle.click();
    // The Strategy picker is in the sticky run bar: one picker, in reach after scrolling.
    const select = page.getByLabel(lang === 'en' ? 'Strategy' : '策略', { exact: true });
    assert.equal(await select.count(), 1);
    assert.equal(await page.locator('.runbar #strategy').count(), 1, 'in the run bar');
    await page.evaluate(() => window.scrollTo(0, 2500));
    await page.waitForTimeout(200);
    const b = await select.boundingBox();
    assert.ok(b.y >= 0 && b.y + b.height <= 844 && b.x >= 0 && b.x + b.width <= 390, `${lang}: the picker at ${JSON.stringify(b)}`);
    await select.selectOption('maglev');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('#ring svg').waitFor();
    if (lang === 'en') await shot(page, 'phone-390-strategy-in-bar');
    assert.deepEqual(errors, []);
    await context.close();
  }
  // On a wide screen nothing folds, and the picker stays with the controls.
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  assert.equal(await page.locator('header.top nav button.nav-toggle').isVisible(), false);
  assert.ok(await page.locator('header.top nav a').first().isVisible());
  assert.equal(await page.getByRole('region', { name: 'Controls' }).locator('#strategy').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Start the lesson on virtual nodes; once its view (the ring) is in sight, its card and the ring. */
async function startRingLesson(page) {
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: /^Is consistent hashing even/ }).click();
  const card = page.locator('aside.lesson-card');
  await card.waitFor();
  const ring = page.locator('#ring');
  await until(async () => { const b = await ring.boundingBox(); return b && b.y < 200; }, 3000, 'the ring in sight');
  await page.waitForTimeout(300);
  return { card, ring };
}

test('1366×768: a lesson card has a column of its own beside the page and covers no view; narrower, it floats and folds once the reader works with its view', async () => {
  {
    const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
    const full = (await page.locator('main.playground').boundingBox()).width;
    const { card, ring } = await startRingLesson(page);
    const c = await card.boundingBox();
    const main = await page.locator('main.playground').boundingBox();
    assert.ok(main.x + main.width <= c.x, `the page (to ${main.x + main.width}) keeps clear of the card (from ${c.x})`);
    assert.ok(c.y < 20 && c.y + c.height <= 768, `the card stands at the column's top, within the window: ${JSON.stringify(c)}`);
    for (const view of await page.locator('section.view').all()) {
      const b = await view.boundingBox();
      if (b && b.y < 768 && b.y + b.height > 0) assert.ok(!overlaps(c, b), `the card covers ${await view.getAttribute('id')}`);
    }
    assert.ok(await card.locator('ol').isVisible(), 'the card opens whole, to be read');
    await shot(page, 'visit-lesson-docked-1366');
    // It covers nothing, so it stays whole while the reader works.
    await click(page, 'Play');
    await page.locator('#ring svg.ring-svg').click({ position: { x: 10, y: 10 } });
    await page.waitForTimeout(500);
    assert.ok(await card.locator('ol').isVisible(), 'whole while the reader plays');
    // Folded by hand, it shrinks to its title at the column's top; closed, the page takes the width again.
    await card.getByRole('button', { name: 'Fold' }).click();
    const f = await card.boundingBox();
    assert.ok(f.height < 110 && f.y < 20, `folded: ${JSON.stringify(f)}`);
    await card.getByRole('button', { name: 'Close the lesson' }).click();
    await card.waitFor({ state: 'detached' });
    await until(async () => (await page.locator('main.playground').boundingBox()).width === full, 3000, 'the page at its full width again');
    // A lesson longer than the window scrolls in its card; its answers keep their height.
    await page.evaluate(() => scrollTo(0, 0));
    await page.getByRole('button', { name: 'Least response time loves a server that fails fast', exact: true }).click();
    await card.waitFor();
    const last = card.locator('button').last();
    await last.scrollIntoViewIfNeeded();
    for (const b of await card.locator('h4 ~ button').all()) {
      const h = (await b.boundingBox()).height;
      assert.ok(h >= 24, `an answer ${h} px tall: ${await b.textContent()}`);
    }
    assert.ok((await card.locator('h4 ~ button').count()) >= 3, 'the follow-up and the answers');
    await shot(page, 'visit-lesson-docked-long-1366');
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1200, height: 800 } });
  const { card, ring } = await startRingLesson(page);
  assert.ok(await card.locator('ol').isVisible(), 'the card opens whole, to be read');
  assert.ok(overlaps(await card.boundingBox(), await ring.boundingBox()), 'open, it covers part of the ring view');
  // The reader starts: Play (or a press in the view) folds the card to its title.
  await click(page, 'Play');
  await until(async () => !(await card.locator('ol').isVisible()), 3000, 'the card folded');
  const c = await card.boundingBox();
  assert.ok(c.height < 110, `folded, the card is ${c.height} px tall`);
  const svg = await page.locator('#ring svg.ring-svg').boundingBox();
  assert.ok(!overlaps(c, svg), 'folded, it covers none of the ring');
  // Unfolded by hand, it stays unfolded while the reader goes on.
  await card.getByRole('button', { name: 'Unfold' }).click();
  await click(page, 'Pause');
  await page.locator('#ring svg.ring-svg').click({ position: { x: 10, y: 10 } });
  await page.waitForTimeout(300);
  assert.ok(await card.locator('ol').isVisible(), 'unfolded by hand, it stays so');
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

test('an embed holds its height while it plays: no shrink and grow back as a server flaps', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}embed.html`, { viewport: { width: 700, height: 900 } });
  // A host page of the site's origin sizing its frame from the height messages, as embed.html's
  // snippets do, and keeping every height it was told.
  await page.setContent(`<link rel="icon" href="data:,"><script>
    window.heights = [];
    addEventListener('message', (e) => {
      const f = document.querySelector('iframe');
      const d = e.data;
      if (e.source !== f.contentWindow || !d || d.type !== 'fulcrum:height') return;
      window.heights.push(d.height);
      f.style.height = Math.min(4000, Math.max(100, Math.round(d.height))) + 'px';
    });</script>
    <iframe style="width: 480px; height: 420px; border: 0" src="${env.site.url}?embed=1&view=ring&strategy=consistent_hash&preset=flapping"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  // server2 flaps every second or so: the ring and its legend lose and regain it.
  await page.waitForTimeout(9000);
  const heights = await page.evaluate(() => window.heights);
  assert.ok(heights.length >= 1);
  const shrinks = heights.filter((h, i) => i > 0 && h < heights[i - 1]);
  assert.deepEqual(shrinks, [], `while playing the frame was told ${heights.join(' → ')}`);
  // Paused, the frame is told the height the view has now.
  await frame.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(500);
  const real = await frame.locator('main').evaluate((m) => Math.ceil(m.getBoundingClientRect().height));
  assert.equal(await page.evaluate(() => window.heights.at(-1)), real);
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching strategy while a run plays leaves nothing of the previous one on screen', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?rate=50`, { viewport: { width: 1366, height: 768 } });
  // Compare's figures, then play.
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Run compare' }).click();
  const results = page.getByRole('table', { name: 'Compare results' });
  await results.waitFor({ timeout: 30_000 });
  await page.evaluate(() => scrollTo(0, 0));
  await click(page, 'Play');
  await page.waitForTimeout(1000);
  const names = {
    round_robin: 'Round robin', consistent_hash: 'Consistent hashing', maglev: 'Maglev',
    least_connections: 'Least connections', prequal: 'Prequal',
  };
  let before = 'round_robin';
  for (const next of ['consistent_hash', 'maglev', 'least_connections', 'prequal']) {
    await strategySelect(page).selectOption(next);
    // At once: what the balancer sees, the last pick's steps and the flow's balancer speak of the
    // new strategy, never the old one.
    const now = await page.evaluate(() => ['#seen', '#explain', '#flow .node.balancer'].map((s) => document.querySelector(s).innerText).join(' | '));
    assert.ok(!now.includes(names[before]), `after ${before} → ${next}: ${now.slice(0, 400)}`);
    // Compare's results, run under the earlier strategy's defaults, are gone with them: the
    // pickers start again from the new defaults, and no table of other choices sits under them.
    const rows = await results.locator('tbody th').allTextContents().catch(() => []);
    const chosen = await page.locator('.compare-pickers select[id^="compare-"]:not(#compare-balancers)').evaluateAll((ss) => ss.map((s) => s.selectedOptions[0]?.textContent).filter((t) => t && t !== '(none)'));
    assert.ok(rows.length === 0 || rows.join() === chosen.join(), `after ${before} → ${next}: results ${rows} under pickers ${chosen}`);
    await page.waitForTimeout(700);
    before = next;
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// Issue 16's next visit (helper visit16e): the phone's sticky bar and cards, the section links'
// landing below the sticky bar, the import panel's "What moves" and focus, a slow server marked
// in words in the presented flow, the lookup debugger's words after a removal and a switch, and
// an embed that starts paused.

test('390×844: the sticky bar is one row (Play, Pause, Step, Strategy); the tour and a lesson card leave most of the screen; a lesson shows the control it names', async () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const first = await open(env.browser, env.site.url, { firstVisit: true, ...phone });
  const bar = first.page.locator('.runbar');
  const tour = first.page.locator('aside.tour');
  await tour.waitFor();
  await first.page.waitForTimeout(300);
  const b = await bar.boundingBox();
  assert.ok(b.height <= 56, `the run bar is ${b.height} px tall`);
  for (const name of ['Play', 'Pause', 'Step']) {
    const button = await bar.getByRole('button', { name, exact: true }).boundingBox();
    assert.ok(button && button.y - b.y < 20, `${name} on the bar's one row`);
  }
  const picker = bar.getByLabel('Strategy', { exact: true });
  const select = await picker.boundingBox();
  assert.ok(select.y >= b.y && select.y + select.height <= b.y + b.height && select.x + select.width <= 390, `the Strategy picker on the same row: ${JSON.stringify(select)}`);
  // The strategy shown is whole ("Round robin", not "Round rob"): its text fits the select's
  // room left of the arrow.
  const room = await picker.evaluate((s) => {
    const cs = getComputedStyle(s);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
    const text = ctx.measureText(s.selectedOptions[0].text).width;
    return { text, room: s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16 };
  });
  assert.ok(room.text <= room.room, `"Round robin" is ${room.text} px in ${room.room} px`);
  // Reset is still in reach: in the controls, once.
  assert.equal(await first.page.getByRole('button', { name: 'Reset', exact: true }).count(), 1);
  assert.ok(await first.page.getByRole('region', { name: 'Controls' }).getByRole('button', { name: 'Reset', exact: true }).isVisible());
  const t = await tour.boundingBox();
  assert.ok(b.height + t.height <= 844 * 0.3, `bar ${b.height} + tour ${t.height} px`);
  // The picture comes higher: the pool starts with room to see it on the first screen.
  const pool = await first.page.locator('#pool .pool-cards').boundingBox();
  assert.ok(pool.y <= 710, `the pool starts at ${pool.y}`);
  await shot(first.page, 'visit16e-phone-tour');
  assert.deepEqual(first.errors, []);
  await first.context.close();

  // On a wide screen Reset stays in the run bar, once.
  const wide = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  assert.equal(await wide.page.getByRole('button', { name: 'Reset', exact: true }).count(), 1);
  assert.ok(await wide.page.locator('.runbar').getByRole('button', { name: 'Reset', exact: true }).isVisible());
  assert.deepEqual(wide.errors, []);
  await wide.context.close();

  const { page, context, errors } = await open(env.browser, env.site.url, phone);
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: /^Is consistent hashing even/ }).click();
  const card = page.locator('aside.lesson-card');
  await card.waitFor();
  await page.waitForTimeout(500);
  const c = await card.boundingBox();
  const sticky = await page.locator('.runbar').boundingBox();
  assert.ok(sticky.height + c.height <= 844 * 0.42, `bar ${sticky.height} + card ${c.height} px`);
  await shot(page, 'visit16e-phone-lesson');
  // Its step names "Virtual nodes", folded under "More settings": the lesson unfolds it.
  assert.match(await card.textContent(), /“Virtual nodes”/);
  assert.ok(await page.locator('.controls details.more').evaluate((d) => d.open), '"More settings" opened');
  assert.ok(await page.getByRole('region', { name: 'Controls' }).getByLabel('Virtual nodes', { exact: true }).isVisible());
  // Working with the view folds the card to one line.
  await click(page, 'Play');
  await until(async () => !(await card.locator('ol').isVisible()), 3000, 'the card folded');
  const folded = await card.boundingBox();
  assert.ok(folded.height <= 56, `folded, the card is ${folded.height} px tall`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('1366×768: after each section link, its heading is whole below the sticky bar (tour open or closed)', async () => {
  for (const firstVisit of [true, false]) {
    const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit, viewport: { width: 1366, height: 768 } });
    const hrefs = await page.locator('header.top nav a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length >= 15);
    for (const href of hrefs) {
      await page.locator(`header.top nav a[href="${href}"]`).click();
      await page.waitForTimeout(400);
      const { bar, top, bottom, text } = await page.evaluate((href) => {
        const target = document.querySelector(href);
        const h = target.matches('h2, h3') ? target : target.querySelector('h2, h3, summary');
        const r = h.getBoundingClientRect();
        return { bar: document.querySelector('.runbar').getBoundingClientRect().bottom, top: r.top, bottom: r.bottom, text: h.textContent };
      }, href);
      assert.ok(top >= bar - 1 && bottom <= 768, `${firstVisit ? 'tour open' : 'tour closed'}: "${text}" spans ${top}..${bottom}, the bar ends at ${bar}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

const NGINX = `upstream api {
    hash $request_uri consistent;
    server 10.0.0.1:8080;
    server 10.0.0.2:8080 weight=2;
    server 10.0.0.3:8080;
    server 10.0.0.4:8080;
}
`;

test('the import panel: Enter keeps the focus, the key names $request_uri, "What moves" says where the moved keys and your key went', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await showImport(page);
  const panel = page.locator('section#import');
  await panel.getByLabel('Configuration').fill(NGINX);
  const importButton = panel.getByRole('button', { name: 'Import', exact: true });
  await importButton.focus();
  await page.keyboard.press('Enter');
  const key = panel.getByLabel(/^Where does this key go\?/);
  await key.waitFor({ timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Import', 'the focus stays on Import');
  // The label names the key in words and as the configuration writes it.
  assert.equal(await panel.locator('label[for="import-key"]').textContent(), 'Where does this key go? (the request URI: $request_uri)');
  await key.fill('/api/item/42');
  await until(async () => /^nginx sends it to /.test(await panel.locator('.import-route').textContent()), 10_000, 'the key check');
  const owner = (await panel.locator('.import-route').textContent()).replace('nginx sends it to ', '');
  // The steps name what nginx hashes as the label does: the URI (path and query), not "the path".
  await until(async () => /^Key: the request's URI = “\/api\/item\/42”/.test(await panel.locator('.import-steps li').first().textContent()), 10_000, 'the key step');
  // Remove that key's server: the answer names where the moved keys went and where the key goes.
  await panel.getByLabel('Change', { exact: true }).selectOption({ label: `Remove ${owner}` });
  const ask = panel.getByRole('button', { name: 'What moves' });
  await ask.focus();
  await page.keyboard.press('Enter');
  const said = panel.locator('.import-moves');
  await until(async () => /Your key/.test(await said.textContent()), 10_000, 'the answer');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'What moves', 'the focus stays on What moves');
  const text = await said.textContent();
  assert.match(text, /The moved keys went to 10\.0\.0\.\d:8080 \(\d+\)/);
  assert.ok(!/went to[^.]*10\.0\.0\.2:8080/.test(text) || owner !== '10.0.0.2:8080', text);
  assert.match(text, new RegExp(`Your key /api/item/42 moves: ${owner.replace(/\./g, '\\.')} → 10\\.0\\.0\\.\\d:8080\\.`));
  await shot(page, 'visit16e-import-moves');
  assert.deepEqual(errors, []);
  await context.close();
});

test('presented, the flow marks a slow server in words, as the pool does', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=slow-server&strategy=round_robin&speed=16`, { viewport: { width: 1920, height: 1080 } });
  await click(page, 'Play');
  // server3 turns 10× slower at 5 s simulated.
  await until(async () => /10× slower/.test(await page.locator('#pool').textContent()), 10_000, 'the pool says server3 is slower');
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await page.locator('main.presenting').waitFor();
  await page.getByLabel('View shown').selectOption('flow');
  const row = page.locator('main.presenting #flow g.srv.slow');
  await row.waitFor();
  assert.match(await row.textContent(), /^server3.*10× slower/);
  assert.equal(await page.locator('main.presenting #flow g.srv.slow').count(), 1);
  await shot(page, 'visit16e-present-flow-slow');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lookup debugger says what was changed here; a switch of strategy never says "No pick yet" of a run that picked', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  for (let i = 0; i < 3; i++) await click(page, 'Step');
  await until(async () => !/No pick yet/.test(await page.locator('#seen').textContent()), 3000, 'a pick shown');
  await strategySelect(page).selectOption('least_connections');
  // At once, paused: the replayed run's last pick, by the new strategy.
  const seen = await page.locator('#seen').textContent();
  assert.doesNotMatch(seen, /No pick yet/);
  assert.match(seen, /At the last pick \(request 2\)/);
  await page.waitForTimeout(300);
  assert.doesNotMatch(await page.locator('#seen').textContent(), /No pick yet/);
  // The churn view removes a server: the debugger says which, not only "Edited here".
  await showLookup(page);
  const churn = page.locator('section.churn');
  await churn.scrollIntoViewIfNeeded();
  await churn.getByLabel('Server', { exact: true }).selectOption('server3');
  await churn.getByRole('button', { name: 'Remove server' }).click();
  const origin = page.locator('.lookup-origin.diverged').first();
  await origin.waitFor();
  assert.match(await origin.textContent(), /^⚠ Changed here \(remove server3\): these servers differ from the playground's\./);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an embed with autoplay=0 waits for Play; the builder writes it, and titles the frame in the embed\'s language', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 700, height: 600 } });
  await page.goto(`${env.site.url}?embed=1&view=flow&autoplay=0`);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.waitFor();
  await page.waitForTimeout(1500);
  assert.ok(await play.isVisible(), 'still paused: the button says Play');
  await play.click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await context.close();
  // Without it, the embed plays on its own.
  const auto = await open(env.browser, env.site.url, { viewport: { width: 700, height: 600 } });
  await auto.page.goto(`${env.site.url}?embed=1&view=flow`);
  await auto.page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 5000 });
  await auto.context.close();
  // The guide's builder: "Start paused" and the Chinese title with lang=zh.
  const guide = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await guide.page.goto(`${env.site.url}embed.html`);
  await guide.page.locator('#b-paused').check();
  await guide.page.locator('#b-lang').selectOption('zh');
  const out = await guide.page.locator('#b-out').inputValue();
  assert.match(out, /autoplay=0/);
  assert.match(out, /title="Fulcrum：哈希环"/);
  await guide.page.locator('#b-lang').selectOption('en');
  assert.match(await guide.page.locator('#b-out').inputValue(), /title="Fulcrum: ring"/);
  assert.match(await guide.page.locator('#parameters + table').textContent(), /autoplay/);
  assert.deepEqual([...errors, ...auto.errors, ...guide.errors], []);
  await guide.context.close();
});

test('390×844: the tour\'s last step shows the lookup debugger above the tour, and no step says "beside" where it is below', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, firstVisit: true });
  const tour = page.locator('aside.tour');
  await tour.waitFor();
  for (let i = 0; i < 3; i++) await tour.getByRole('button', { name: 'Next' }).click();
  await until(async () => /^Further down, the lookup debugger/.test(await tour.locator('p').textContent()), 3000, 'step 4');
  // The page settles (the later module draws the debugger), then the heading shows above the tour.
  await page.waitForTimeout(2000);
  const heading = page.locator('#lookup h2').first();
  const [h, t] = [await heading.boundingBox(), await tour.boundingBox()];
  assert.ok(h.y >= 0 && h.y + h.height <= t.y, `the heading (${h.y}) above the tour (${t.y})`);
  assert.ok(await heading.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return e.contains(document.elementFromPoint(r.x + 20, r.y + r.height / 2));
  }), 'the heading is not covered');
  await shot(page, 'visit16g-phone-tour-4');
  // Step 3's words hold on a phone, where the ring is below the flow.
  await tour.getByRole('button', { name: 'Back' }).click();
  assert.match(await tour.locator('p').textContent(), /^Next to or below the flow/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('1366×768, in Chinese: the tour\'s last step brings the lookup debugger\'s heading below the run bar and the tour', async () => {
  // The later module comes a second after the step is shown (a slow network): the debugger and
  // the parts above it are drawn after the step brought its place into view.
  const { site, release } = await serveHolding('later/');
  const { page, context, errors } = await open(env.browser, `${site.url}?lang=zh`, { viewport: { width: 1366, height: 768 }, firstVisit: true });
  const tour = page.locator('aside.tour');
  await tour.waitFor();
  for (let i = 0; i < 3; i++) await tour.getByRole('button', { name: '下一步' }).click();
  await until(async () => /第 4 步/.test(await tour.textContent()), 3000, 'step 4');
  await page.waitForTimeout(1000);
  release();
  await page.locator('#lookup-debugger').waitFor();
  await page.waitForTimeout(1500);
  const heading = page.locator('#lookup h2').first();
  const [h, bar] = [await heading.boundingBox(), await page.locator('.runbar').boundingBox()];
  assert.ok(h.y >= bar.y + bar.height && h.y + h.height <= 768, `the heading (${h.y}) below the bar and the tour (to ${bar.y + bar.height})`);
  await shot(page, 'visit-zh-tour-4-1366');
  assert.deepEqual(errors, []);
  await context.close();
  await site.close();
});

test('the section links name the lessons: "Lessons" opens the panel, on a wide screen and in the phone\'s "Sections"', async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
    const { page, context, errors } = await open(env.browser, env.site.url, { viewport });
    const nav = page.locator('header.top nav');
    if (viewport.width < 600) await nav.getByRole('button', { name: 'Sections' }).click();
    await nav.getByRole('link', { name: 'Lessons', exact: true }).click();
    const panel = page.locator('details#lessons');
    await until(() => panel.evaluate((d) => d.open), 3000, 'the panel open');
    await page.getByRole('button', { name: /^Is consistent hashing even/ }).waitFor();
    const b = await panel.boundingBox();
    assert.ok(b.y >= 0 && b.y < viewport.height / 2, `${viewport.width}: the panel in sight (${b.y})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('keyboard: Space on the focused Play or Pause plays and pauses; after the tour\'s Done the focus is on Play', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit: true, viewport: { width: 1366, height: 768 } });
  const tour = page.locator('aside.tour');
  await tour.waitFor();
  const play = page.getByRole('toolbar', { name: 'Run' }).getByRole('button', { name: 'Play', exact: true });
  const playing = async () => (await play.getAttribute('aria-pressed')) === 'true';
  // The tour, by keyboard to its end: "Done" leaves the focus on Play, not at the page's start.
  const next = tour.getByRole('button', { name: 'Next', exact: true });
  for (let i = 0; i < 3; i++) {
    await next.focus();
    await page.keyboard.press('Enter');
  }
  await tour.getByRole('button', { name: 'Done', exact: true }).focus();
  await page.keyboard.press('Enter');
  await tour.waitFor({ state: 'detached' });
  await until(async () => (await page.evaluate(() => document.activeElement.textContent)) === 'Play', 3000, 'the focus on Play');
  // Pressed with the mouse, Play keeps the focus; Space then pauses, and plays again.
  await play.click();
  await until(playing, 3000, 'playing');
  await page.keyboard.press('Space');
  await until(async () => !(await playing()), 3000, 'Space paused');
  await page.keyboard.press('Space');
  await until(playing, 3000, 'Space played again');
  await page.getByRole('toolbar', { name: 'Run' }).getByRole('button', { name: 'Pause', exact: true }).focus();
  await page.keyboard.press('Space');
  await until(async () => !(await playing()), 3000, 'Space on Pause paused');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: the tour that opens by itself holds the focus, so Tab reaches its buttons and Space still plays', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit: true, viewport: { width: 1366, height: 768 } });
  const tour = page.locator('aside.tour');
  await tour.waitFor();
  await until(() => tour.evaluate((t) => document.activeElement === t), 3000, 'the focus on the tour');
  const play = page.getByRole('toolbar', { name: 'Run' }).getByRole('button', { name: 'Play', exact: true });
  const before = await play.getAttribute('aria-pressed');
  await page.keyboard.press('Space');
  await until(async () => (await play.getAttribute('aria-pressed')) !== before, 3000, 'Space played or paused');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Next');
  await page.keyboard.press('Enter');
  assert.match(await tour.textContent(), /Step 2 of 4/);
  // Closed, then opened again by "Start here" from the keyboard: the focus goes to the tour.
  await page.keyboard.press('Escape');
  await tour.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Start here', exact: true }).focus();
  await page.keyboard.press('Enter');
  await tour.waitFor();
  await until(() => tour.evaluate((t) => document.activeElement === t), 3000, 'the focus on the reopened tour');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: Crash in the server editor keeps the focus on Crash, where the next Tab goes on from', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await page.getByRole('group', { name: 'Server pool' }).getByRole('button').nth(1).focus();
  await page.keyboard.press('Enter');
  const crash = page.getByRole('button', { name: 'Crash', exact: true });
  await crash.focus();
  await page.keyboard.press('Enter');
  // The crash writes the pool's first event line; the editor stays as it was, focus and all.
  await page.locator('#pool ul.log').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Crash');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Recover');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the run bar says when the run paused itself because the picture left the screen', async () => {
  // A first visit: play on arrival is on.
  const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit: true, viewport: { width: 1366, height: 768 } });
  const state = page.locator('.runbar .state');
  await until(async () => (await state.textContent()) === 'playing', 5000, 'playing on arrival');
  // Far below the picture (scrolled again while the views below the first screen are drawn,
  // which lengthens the page).
  await until(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    return (await state.textContent()) === 'paused while off screen';
  }, 8000, 'paused, and why');
  await page.evaluate(() => window.scrollTo(0, 0));
  await until(async () => (await state.textContent()) === 'playing', 5000, 'playing again in sight');
  await page.getByRole('toolbar', { name: 'Run' }).getByRole('button', { name: 'Pause', exact: true }).click();
  await until(async () => (await state.textContent()) === 'paused', 5000, 'paused by the reader: no reason given');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the health check interval says what it means for a crash', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await page.locator('.controls details.more summary').click();
  const slider = page.getByLabel('Health check interval');
  await slider.waitFor();
  const field = slider.locator('xpath=ancestor::*[contains(@class, "field") or contains(@class, "slider")][1]');
  assert.match(await field.textContent(), /a crashed server still gets requests until enough checks in a row fail/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson brings into sight what its steps name: the churn view it quotes, a comparison\'s results above the phone\'s card', async () => {
  // 1366×768: "hash % n" quotes “Churn: what moves when servers change”, in the lookup view.
  const wide = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await wide.page.locator('details.lessons summary').click();
  await wide.page.getByRole('button', { name: 'hash % n: one server leaves, almost every key moves', exact: true }).click();
  const churn = wide.page.getByRole('heading', { name: 'Churn: what moves when servers change' });
  await until(async () => {
    const b = await churn.boundingBox();
    return b && b.y >= 0 && b.y < 768 / 2;
  }, 5000, 'the churn heading near the top of the window');
  await shot(wide.page, 'visit18-lesson-churn');
  assert.deepEqual(wide.errors, []);
  await wide.context.close();
  // 390×844: the herding lesson runs Compare; its results, not its pickers, come to the top,
  // above the lesson card.
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: 'Least connections herds when balancers are many', exact: true }).click();
  const results = page.locator('#compare table.compare');
  const card = page.locator('aside.lesson-card');
  await until(async () => {
    const [r, c] = [await results.boundingBox(), await card.boundingBox()];
    return r && c && r.y >= 0 && r.y + 80 < c.y;
  }, 8000, 'the results table in sight above the card');
  await shot(page, 'visit18-phone-herding');
  assert.deepEqual(errors, []);
  await context.close();
});

test('1920×1080, presented: the lookup view\'s steps and churn read in large type, its owner letters whole', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=url_hash&preset=hot-key`, { viewport: { width: 1920, height: 1080 } });
  await page.getByRole('heading', { name: 'Fulcrum' }).click();
  await page.keyboard.press('f');
  await page.locator('main.presenting').waitFor();
  await page.getByLabel('View shown').selectOption('lookup');
  await page.locator('#lookup-debugger').waitFor();
  const churn = page.locator('.churn');
  await churn.locator('select').first().selectOption({ index: 2 });
  await churn.getByRole('button', { name: 'Remove server', exact: true }).click();
  const summary = page.locator('.churn-summary');
  await until(async () => /Last change/.test(await summary.textContent()), 5000, 'the churn summary');
  const px = (loc) => loc.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok((await px(summary)) >= 20, `the churn sentence is ${await px(summary)} px`);
  assert.ok((await px(page.locator('.lookup-steps ol'))) >= 20, 'the steps in large type');
  const grid = await page.locator('.key-grid svg').boundingBox();
  assert.ok(grid.width >= 700, `the key grid is ${grid.width} px wide`);
  // Each owner's letter fits its badge (a fixed 0.8rem box had cut it in half).
  const cut = await page.locator('.churn .chip .swatch').evaluateAll((all) =>
    all.filter((s) => s.scrollHeight > s.clientHeight + 1 || s.getBoundingClientRect().height < parseFloat(getComputedStyle(s).fontSize)).length);
  assert.equal(cut, 0);
  assert.deepEqual(errors, []);
  await context.close();
});
