// What a first-time visitor still stumbled on (issue 16's last visit), each checked the way it
// was seen: words over words in the flow, the tour, definitions cut at the screen's edge,
// tables that lose their first column on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until } from '../lib/harness.js';
import { serverCard, click, distribution } from '../lib/playground.js';

const env = siteAndBrowser();

const overlaps = (a, b) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a, b, slack = 0.5) =>
  a.x >= b.x - slack && a.y >= b.y - slack && a.x + a.width <= b.x + b.width + slack && a.y + a.height <= b.y + b.height + slack;

/** Each flow row's frame, id and status as boxes on the screen. */
async function flowRows(page) {
  return page.locator('#flow svg.flow-svg g.srv').evaluateAll((gs) =>
    gs.map((g) => {
      const r = (e) => {
        const b = e.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height, text: e.textContent };
      };
      const texts = g.querySelectorAll('text');
      return { frame: r(g.querySelector('rect')), id: r(texts[0]), status: r(texts[1]) };
    }),
  );
}

for (const [width, height, lang] of [
  [1366, 768, 'en'],
  [390, 844, 'en'],
  [390, 844, 'zh'],
]) {
  test(`${width}×${height} ${lang}: a flow row's status never covers its name nor leaves its row`, async () => {
    const url = lang === 'zh' ? `${env.site.url}?lang=zh` : env.site.url;
    const { page, context, errors } = await open(env.browser, url, { viewport: { width, height } });
    if (lang === 'en') {
      // The longest status there is: a crash not yet detected.
      await serverCard(page, 'server4').click();
      await page.getByRole('region', { name: 'Edit server4' }).getByRole('button', { name: 'Crash', exact: true }).click();
      await until(async () => (await page.locator('#flow g.srv').last().textContent()).includes('not yet detected'), 3000, 'the crash shown');
    }
    const rows = await flowRows(page);
    assert.equal(rows.length, 4);
    for (const { frame, id, status } of rows) {
      assert.ok(!overlaps(id, status), `"${id.text}" and "${status.text}" overlap`);
      assert.ok(inside(status, frame), `"${status.text}" leaves its row`);
      assert.ok(inside(id, frame), `"${id.text}" leaves its row`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a term's definition stays inside the window, however near its edge the term is; p95 has one", async () => {
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width, height } });
    // The right-most term of the first screen: "peak EWMA" in what the balancer sees.
    const words = page.locator('#seen .term-word');
    await words.last().scrollIntoViewIfNeeded();
    await words.last().focus();
    const tip = page.locator('#seen .term-tip').last();
    await tip.waitFor({ state: 'visible' });
    await page.waitForTimeout(100);
    const b = await tip.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= width, `at ${width} px the definition spans ${b.x}..${b.x + b.width}`);
    // Hovered, the same.
    await page.mouse.move(0, 0);
    await page.locator('#seen .term').last().hover();
    await page.waitForTimeout(100);
    const h = await tip.boundingBox();
    assert.ok(h.x >= 0 && h.x + h.width <= width, `hovered, it spans ${h.x}..${h.x + h.width}`);
    await context.close();
    assert.deepEqual(errors, []);
  }
  // p95 is a term on the pool (under its cards) and in the latency table.
  const { page, context } = await open(env.browser, env.site.url);
  for (const where of ['#pool', '#tables']) {
    const p95 = page.locator(`${where} .term-word`, { hasText: /^p95$/ });
    assert.equal(await p95.count(), 1, `p95 is a term in ${where}`);
    await p95.scrollIntoViewIfNeeded();
    await p95.focus();
    assert.match(await page.locator(`${where} .term:has(.term-word:text-is("p95")) .term-tip`).textContent(), /95 of every 100/);
  }
  await context.close();
});

test('390×844: a table that scrolls sideways keeps its Server column in place', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  for (const table of [page.getByRole('table', { name: 'Distribution' }), page.locator('#seen table.seen')]) {
    const name = await table.getAttribute('aria-label') || 'what the balancer sees';
    const wrap = table.locator('xpath=..');
    await wrap.scrollIntoViewIfNeeded();
    const { scrolls } = await wrap.evaluate((w) => ({ scrolls: w.scrollWidth > w.clientWidth }));
    assert.ok(scrolls, `${name} scrolls at 390 px`);
    await wrap.evaluate((w) => { w.scrollLeft = w.scrollWidth; });
    await page.waitForTimeout(100);
    const frame = await wrap.boundingBox();
    for (const cell of [table.locator('tbody th[scope="row"]').first(), table.locator('thead th').first()]) {
      const b = await cell.boundingBox();
      assert.ok(Math.abs(b.x - frame.x) <= 1, `${name}: its first column is at ${b.x}, the frame at ${frame.x}`);
      // On an opaque ground: the numbers scrolling under it do not show through.
      const ground = await cell.evaluate((c) => getComputedStyle(c).backgroundColor);
      assert.ok(!/rgba\(0, 0, 0, 0\)|transparent/.test(ground), `${name}: its first column's ground is ${ground}`);
    }
    // The row still reads: the server's name beside its numbers.
    assert.match(await table.locator('tbody th[scope="row"]').first().textContent(), /^server1/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

const runState = (page) => page.locator('.runbar .state').textContent();

test('1366×768, first visit: the tour words the run as it is, covers none of the picture, and Esc closes it without pausing', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    firstVisit: true,
    viewport: { width: 1366, height: 768 },
  });
  const tour = page.getByRole('complementary', { name: /^Start here: a short tour/ });
  await tour.waitFor();
  await until(async () => /^playing/.test(await runState(page)), 5000, 'play on arrival');
  // Playing on its own: the first step does not ask for Play.
  await until(async () => /^The run is playing/.test(await tour.locator('p').textContent()), 3000, 'the playing words');
  assert.doesNotMatch(await tour.textContent(), /Press Play/);
  const picture = ['#flow svg.flow-svg', '#flow .legend', '#pool .pool-cards', '.hero-side'];
  const clear = async (step) => {
    const t = await tour.boundingBox();
    for (const part of picture) {
      const b = await page.locator(part).first().boundingBox();
      if (b && b.y < 768 && b.y + b.height > 0) assert.ok(!overlaps(t, b), `step ${step}: the tour covers ${part}`);
    }
  };
  await clear(1);
  // Paused, it asks for Play.
  await click(page, 'Pause');
  await until(async () => /^Press Play/.test(await tour.locator('p').textContent()), 3000, 'the paused words');
  await click(page, 'Play');
  await tour.getByRole('button', { name: 'Next' }).click();
  await page.waitForTimeout(300);
  await clear(2);
  await tour.getByRole('button', { name: 'Next' }).click();
  await page.waitForTimeout(300);
  await clear(3);
  // Esc closes it with the focus anywhere; the run goes on.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Escape');
  await tour.waitFor({ state: 'detached' });
  await page.waitForTimeout(500);
  assert.match(await runState(page), /^playing/, 'closing the tour left the run playing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('390×844, first visit: the tour covers neither the flow at its first step nor the pool at its second', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    firstVisit: true,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const tour = page.getByRole('complementary', { name: /^Start here: a short tour/ });
  await tour.waitFor();
  const covers = async (part) => {
    const [t, b] = [await tour.boundingBox(), await page.locator(part).boundingBox()];
    return overlaps(t, b);
  };
  assert.ok(!(await covers('#flow svg.flow-svg')), 'step 1: the tour covers the flow');
  await tour.getByRole('button', { name: 'Next' }).click();
  await page.waitForTimeout(300);
  assert.ok(!(await covers('#pool .pool-cards')), 'step 2: the tour covers the pool');
  assert.deepEqual(errors, []);
  await context.close();
});

test("1366×768: what the balancer sees fits beside the picture, its peak EWMA column whole, each figure on one line", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  const wrap = page.locator('#seen .scroll').first();
  const { hidden } = await wrap.evaluate((w) => ({ hidden: w.scrollWidth - w.clientWidth }));
  assert.ok(hidden <= 1, `${hidden} px of the table are scrolled out of sight`);
  const last = await page.locator('#seen table.seen thead th').last().boundingBox();
  const frame = await wrap.boundingBox();
  assert.ok(last.x + last.width <= frame.x + frame.width + 1, 'the peak EWMA column ends inside its frame');
  // Each figure keeps to one line (a recent mean's sample count goes on a line of its own, under
  // it): a mean of "10.0 ms (6 of 100)" had wrapped over three or four lines.
  await click(page, 'Play');
  const mean = page.locator('#seen table.seen tbody tr').first().locator('td').last();
  await until(async () => /ms/.test(await mean.textContent()), 8000, 'a recent mean');
  const wrapped = await page.locator('#seen table.seen tbody tr').first().evaluate((tr) =>
    [...tr.querySelectorAll('td')].map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td.firstChild);
      return [td.firstChild.textContent, range.getClientRects().length];
    }).filter(([, lines]) => lines > 1));
  assert.deepEqual(wrapped, [], 'figures broken over lines');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the tutorial's demo says it plays the strategy chosen, not five; several balancers are explained", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const summary = await page.locator('.controls .preset-summary').textContent();
  assert.doesNotMatch(summary, /for each of five strategies/);
  assert.match(summary, /plays the one chosen/);
  await context.close();
  // One balancer needs no word; three are said to pick apart, and where their number is set.
  const one = await open(env.browser, env.site.url);
  assert.equal(await one.page.locator('#flow .balancers-note').count(), 0);
  await one.context.close();
  const three = await open(env.browser, `${env.site.url}?balancers=3`);
  assert.match(
    await three.page.locator('#flow .flow-legend').textContent(),
    /3 balancers share the clients' requests.*sees only the requests it sent itself.*Compare's Balancers sets how many/,
  );
  await three.context.close();
  const zh = await open(env.browser, `${env.site.url}?balancers=3&lang=zh`);
  assert.match(await zh.page.locator('#flow .flow-legend').textContent(), /3 个负载均衡器分担客户端的请求/);
  await zh.context.close();
  assert.deepEqual([...errors, ...one.errors, ...three.errors, ...zh.errors], []);
});

test('presenting the ring at 1920×1080: its "0" mark stays inside the drawing', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=consistent_hash`, {
    viewport: { width: 1920, height: 1080 },
  });
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await page.locator('main.presenting').waitFor();
  await page.getByLabel('View shown').selectOption('ring');
  const svg = page.locator('main.presenting #ring svg.ring-svg');
  await svg.waitFor();
  const frame = await svg.boundingBox();
  const zero = await svg.locator('text', { hasText: /^0$/ }).boundingBox();
  assert.ok(zero.y >= frame.y - 0.5, `the "0" starts at ${zero.y}, the drawing at ${frame.y}`);
  assert.ok(zero.height >= 20, `the "0" is ${zero.height} px tall`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Chinese page\'s Learn links lead to the Chinese pages, and need no word about English', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?lang=zh`);
  for (const href of ['consistent-hashing.zh.html', 'embed.zh.html']) {
    const a = page.locator(`header nav a[href="${href}"]`);
    assert.equal(await a.getAttribute('hreflang'), 'zh-Hans');
    assert.doesNotMatch(await a.textContent(), /英文页面/);
  }
  await context.close();
  const en = await open(env.browser, env.site.url);
  assert.doesNotMatch(await en.page.locator('header nav').textContent(), /in English/);
  await en.context.close();
  assert.deepEqual([...errors, ...en.errors], []);
});

// Issue 16, the visit of 2026-12-07.

/** The value of a "Run statistics" row whose name starts with `name`. */
async function runStatistic(page, name) {
  const pairs = await page
    .locator('dl.stats .kv')
    .evaluateAll((kvs) => kvs.map((kv) => [kv.querySelector('dt').textContent.trim(), kv.querySelector('dd').textContent.trim()]));
  const found = pairs.find(([k]) => k.startsWith(name));
  return found && found[1];
}

test("the flow's legend gives the simulation's count of requests in flight beside the drawn one, and says why they differ", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const legend = page.locator('#flow .flow-legend');
  await click(page, 'Play');
  // The tutorial's demo answers in 10 ms: the simulation has none in flight while tokens are drawn.
  const seen = await until(async () => {
    const m = /in flight: (\d+) drawn, (\d+) still being served/.exec(await legend.textContent());
    return m && Number(m[1]) > Number(m[2]) && m;
  }, 8000, 'more drawn in flight than the simulation has');
  assert.ok(seen);
  const words = await legend.textContent();
  assert.match(words, /The drawing trails the simulation: a request it has already answered is drawn in flight until it reaches its server/);
  // No second, contradicting count of the simulation's requests in flight.
  assert.doesNotMatch(words, /requests in flight in the simulation/);
  // One source: paused, the legend's figure is the run statistics' "in flight".
  await click(page, 'Pause');
  await page.waitForTimeout(300);
  const n = /in flight: \d+ drawn, (\d+) still being served/.exec(await legend.textContent())[1];
  assert.equal(await runStatistic(page, 'in flight'), n);
  assert.deepEqual(errors, []);
  await context.close();
});

test('under round robin on weighted servers the expected share is the equal one it promises, and Jain is said to measure requests, not latency', async () => {
  // The tutorial's servers weigh 1, 2, 1, 3.
  const { page, context, errors } = await open(env.browser, env.site.url);
  const expected = async () => (await distribution(page));
  const rr = await expected();
  for (const id of ['server1', 'server2', 'server3', 'server4']) assert.equal(rr[id].expected, '25.0%', id);
  assert.match(await page.locator('#tables').textContent(), /This strategy reads no weights: the share it promises every server is an equal one/);
  assert.match(await page.locator('#pool .pool-cards').first().textContent(), /expected 25\.0%, equal/);
  assert.doesNotMatch(await page.locator('#pool').textContent(), /by weight/);
  await context.close();
  const wrr = await open(env.browser, `${env.site.url}?strategy=weighted_round_robin`);
  const w = await distribution(wrr.page);
  assert.deepEqual([w.server1.expected, w.server4.expected], ['14.3%', '42.9%']);
  assert.doesNotMatch(await wrr.page.locator('#tables').textContent(), /reads no weights/);
  assert.match(await wrr.page.locator('#pool').textContent(), /expected 42\.9% by weight/);
  await wrr.context.close();
  // On slow-server, Jain beside the worst p95: its column is a term that says what it measures.
  const slow = await open(env.browser, `${env.site.url}?preset=slow-server`);
  const compare = slow.page.locator('#compare');
  await compare.scrollIntoViewIfNeeded();
  await slow.page.getByRole('button', { name: 'Run compare' }).click();
  const table = slow.page.getByRole('table', { name: 'Compare results' });
  await table.waitFor({ timeout: 30_000 });
  const jain = table.locator('thead .term-word', { hasText: /^Jain$/ });
  assert.equal(await jain.count(), 1, 'Jain is a term');
  await jain.focus();
  assert.match(await table.locator('thead .term-tip').textContent(), /measures how the requests are shared, not how fast they are answered/);
  assert.deepEqual([...errors, ...wrr.errors, ...slow.errors], []);
  await slow.context.close();
});

test("least connections' scores considered list every server, not two", async () => {
  for (const strategy of ['least_connections', 'least_response_time']) {
    const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=${strategy}`);
    for (let i = 0; i < 5; i++) await click(page, 'Step');
    const table = page.locator('#seen table.bars', { hasText: 'Scores considered' });
    await table.waitFor();
    const rows = await table.locator('tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
    assert.equal(rows.length, 4, `${strategy}: ${rows.join(' | ')}`);
    for (const id of ['server1', 'server2', 'server3', 'server4']) assert.ok(rows.some((r) => r.includes(id)), `${strategy}: ${id} is listed`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('while playing, the caption under the picture follows the request count; the live region speaks less often', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=consistent_hash`);
  await click(page, 'Play');
  await page.waitForTimeout(1500);
  const lags = [];
  for (let i = 0; i < 12; i++) {
    const [caption, at] = await page.evaluate(() => [
      document.querySelector('#narration').textContent,
      document.querySelector('output[for="timeline"]').textContent,
    ]);
    const c = /^request (\d+)/.exec(caption);
    const a = /^request (\d+)/.exec(at);
    assert.ok(c && a, `${caption} | ${at}`);
    lags.push(Number(a[1]) - Number(c[1]));
    await page.waitForTimeout(250);
  }
  assert.deepEqual(lags, lags.map(() => 0), `the caption trails the count by ${lags}`);
  // Screen readers hear a calmer live region, hidden from sight, and not the caption twice.
  assert.equal(await page.locator('#narration').getAttribute('aria-hidden'), 'true');
  assert.equal(await page.locator('.narration-live').getAttribute('aria-live'), 'polite');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the presets' words agree with what plays: the tutorial's demo goes on past 20 requests, server2 crashes at 10 s and is found at 14 s", async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  assert.match(await page.locator('.controls .preset-summary').textContent(), /20 requests over its four servers \(the playground sends them again, in the same order, for as long as it plays\)/);
  await context.close();
  const crash = await open(env.browser, `${env.site.url}?preset=server-crash`);
  const summary = await crash.page.locator('.controls .preset-summary').textContent();
  assert.match(summary, /server2 crashes at 10 s; health checks every 2 s notice at 14 s/);
  await click(crash.page, 'Play');
  const card = serverCard(crash.page, 'server2');
  await until(async () => /crashed — not yet detected/.test(await card.getAttribute('aria-label')), 20_000, 'the crash');
  await until(async () => /down \(detected at 14\.0 s\)/.test(await card.getAttribute('aria-label')), 10_000, 'the detection at 14 s');
  assert.deepEqual(errors, []);
  assert.deepEqual(crash.errors, []);
  await crash.context.close();
});

test('Play is the second Tab stop: a link seen only when focused skips the tools and links to the run bar', async () => {
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width, height } });
    const skip = page.locator('a.skip');
    const top = await page.locator('header.top').boundingBox();
    // Unfocused it is out of sight and takes no room.
    const away = await skip.boundingBox();
    assert.ok(away.x + away.width <= 0, `at ${width} px the skip link shows unfocused at x = ${away.x}`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to Play');
    const shown = await skip.boundingBox();
    assert.ok(shown.x >= 0 && shown.x + shown.width <= width && shown.y >= 0, `focused, it is in sight: ${JSON.stringify(shown)}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Play');
    await page.keyboard.press('Enter');
    await until(async () => /^playing/.test(await runState(page)), 3000, 'Play pressed from the keyboard');
    // The layout above the run bar did not move.
    assert.deepEqual(await page.locator('header.top').boundingBox().then((b) => b.height), top.height);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('on a phone the tour does not say "(or Space)", and the row of links is whole', async () => {
  const desk = await open(env.browser, env.site.url, { firstVisit: true, viewport: { width: 1366, height: 768 } });
  const tour = (page) => page.locator('aside.tour p');
  await tour(desk.page).waitFor();
  await until(async () => /\(or Space\)/.test(await tour(desk.page).textContent()), 3000, '"(or Space)" at a desk');
  await desk.context.close();
  for (const lang of ['en', 'zh']) {
    const phone = await open(env.browser, `${env.site.url}?lang=${lang}`, {
      firstVisit: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    });
    await tour(phone.page).waitFor();
    await phone.page.waitForTimeout(500);
    assert.doesNotMatch(await tour(phone.page).textContent(), /Space|空格键/, `${lang}: a phone has no Space bar`);
    // The row of links (unfolded from "Sections") is whole: every link inside the window,
    // nothing scrolled out of sight.
    await phone.page.locator('header.top nav button.nav-toggle').click();
    const links = await phone.page.locator('header.top nav a').evaluateAll((as) => as.map((a) => {
      const r = a.getBoundingClientRect();
      return [a.textContent, r.left, r.right];
    }));
    for (const [text, left, right] of links) assert.ok(left >= 0 && right <= 390 && right > left, `${lang}: "${text}" spans ${left}..${right}`);
    const { scroll, client } = await phone.page.locator('header.top nav ul').evaluate((u) => ({ scroll: u.scrollWidth, client: u.clientWidth }));
    assert.ok(scroll <= client + 1, `${lang}: the links scroll sideways (${scroll} in ${client})`);
    assert.deepEqual(phone.errors, []);
    await phone.context.close();
  }
  assert.deepEqual(desk.errors, []);
});

test('1366×768: away from the picture the tour folds to its title line, and a lesson card folds to its title, covering neither the import nor Reset pool', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit: true, viewport: { width: 1366, height: 768 } });
  const tour = page.locator('aside.tour');
  await tour.waitFor();
  const words = tour.locator('p');
  assert.ok(await words.isVisible(), 'on the first screen the tour speaks');
  await page.locator('#import').scrollIntoViewIfNeeded();
  await until(async () => !(await words.isVisible()), 3000, 'the tour folded');
  // The later module mounts the import panel and, above it, the load sweep: the page settles
  // (the file input stays put for 300 ms), then the import is brought into view again.
  const file = page.locator('#import input[type="file"]');
  let last = null;
  await until(async () => {
    const b = await file.boundingBox();
    const still = b && last && b.y === last.y;
    last = b;
    if (!still) await page.waitForTimeout(300);
    return still;
  }, 10000, 'the page settled');
  await file.scrollIntoViewIfNeeded();
  await until(async () => !(await words.isVisible()), 3000, 'the tour still folded');
  const t = await tour.boundingBox();
  assert.ok(t.height < 45, `folded, the tour is ${t.height} px tall`);
  for (const part of [page.locator('#import h2'), page.locator('#import input[type="file"]')]) {
    const b = await part.boundingBox();
    assert.ok(!overlaps(t, b), `the folded tour covers ${await part.evaluate((e) => e.outerHTML.slice(0, 40))}`);
  }
  // Its close button stays in reach; back at the picture, it speaks again.
  assert.ok(await tour.getByRole('button', { name: 'Close the tour' }).isVisible());
  await page.evaluate(() => scrollTo(0, 0));
  await until(async () => words.isVisible(), 3000, 'the tour unfolded');
  await tour.getByRole('button', { name: 'Close the tour' }).click();
  // A lesson's card folds to its title and buttons.
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: 'Three in a row: the tutorial\'s weighted round robin' }).click();
  const card = page.locator('aside.lesson-card');
  await card.waitFor();
  await card.getByRole('button', { name: 'Fold' }).click();
  await page.locator('#lookup').scrollIntoViewIfNeeded();
  await page.locator('#churn-title').waitFor();
  const reset = page.locator('section.churn').getByRole('button', { name: 'Reset pool' });
  await reset.scrollIntoViewIfNeeded();
  const c = await card.boundingBox();
  assert.ok(c.height < 110, `folded, the card is ${c.height} px tall`);
  assert.ok(!overlaps(c, await reset.boundingBox()), 'the folded card covers Reset pool');
  await card.getByRole('button', { name: 'Unfold' }).click();
  assert.ok(await card.locator('ol').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('no page of the site makes the browser ask for /favicon.ico', async () => {
  const before = env.site.requests.length;
  for (const path of ['', 'embed.html', 'consistent-hashing.html', '?embed=1&view=flow']) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.site.url + path);
    await page.waitForTimeout(1500);
    await context.close();
  }
  const asked = env.site.requests.slice(before).filter((r) => r.includes('favicon.ico'));
  assert.deepEqual(asked, []);
});

test('1366×768, a lesson open beside the page: Compare\'s figures keep one line each, the strategy names wrap', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  await page.locator('details.lessons summary').click();
  await page.getByRole('button', { name: 'Least response time loves a server that fails fast', exact: true }).click();
  const rows = page.locator('#compare table.compare tbody tr');
  await until(async () => (await rows.count()) >= 3, 20000, 'the lesson ran Compare');
  const wrapped = await rows.evaluateAll((trs) => trs.flatMap((tr) =>
    [...tr.querySelectorAll('td')].filter((td) => td.firstChild && td.firstChild.nodeType === 3).map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td.firstChild);
      return [td.firstChild.textContent, range.getClientRects().length];
    }).filter(([, lines]) => lines > 1)));
  assert.deepEqual(wrapped, [], 'figures broken over lines');
  assert.deepEqual(errors, []);
  await context.close();
});

test('1366×768: stuck at the top, the run bar is a band across the page; in its place, no band', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { viewport: { width: 1366, height: 768 } });
  const band = () => page.locator('.runbar > .buttons').evaluate((b) => {
    const s = getComputedStyle(b, '::before');
    return s.content !== 'none' && s.boxShadow !== 'none';
  });
  assert.equal(await band(), false, 'a band at the top of the page, where the bar sits beside the controls');
  await page.evaluate(() => window.scrollTo(0, 1400));
  await until(band, 3000, 'a band once the bar is stuck');
  await page.evaluate(() => window.scrollTo(0, 0));
  await until(async () => !(await band()), 3000, 'no band back at the top');
  assert.deepEqual(errors, []);
  await context.close();
});
