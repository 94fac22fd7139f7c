// The page's layout as a first-time visitor, a teacher at a projector and a phone user meet it
// (issue 16): a first screen that teaches (one sentence, the moving picture above the fold,
// playing on its own while on screen, still under reduced motion, few controls in reach);
// links that land; presentation mode; the phone's sticky run bar; the "Start here" tour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { siteAndBrowser, open, until, artifacts } from '../lib/harness.js';
import { narratedRequest, strategySelect, click } from '../lib/playground.js';

const env = siteAndBrowser();

/** What the eye sees now (not the whole page), kept as an artifact. */
async function shot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

const box = (locator) => locator.boundingBox();
const state = (page) => page.locator('.runbar .state').textContent();

test('1366×768, first visit: one sentence, the picture above the fold, moving without a click', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    firstVisit: true,
    viewport: { width: 1366, height: 768 },
  });
  const intro = page.locator('.top .tagline');
  assert.match(await intro.textContent(), /^Watch a load balancer share requests between servers/);
  // The flow and the pool are drawn whole within the first 768 px; beside them, for round
  // robin, what the balancer sees (its turn order), and the ring's line saying why none is drawn.
  for (const svg of ['#flow svg.flow-svg', '#pool .pool-cards']) {
    const b = await box(page.locator(svg));
    assert.ok(b && b.y >= 0 && b.y + b.height <= 768, `${svg} spans ${b?.y}..${b && b.y + b.height}`);
    assert.ok(b.width >= 300, `${svg} is ${b.width} px wide`);
  }
  const side = await box(page.locator('.hero-side #seen'));
  assert.ok(side.y < 768 - 100, 'what the balancer sees starts on the first screen');
  assert.equal(await page.locator('#ring svg').count(), 0, 'no empty circle for round robin');
  assert.match(await page.locator('#ring').textContent(), /does not hash requests/);
  // Requests move without a click: the narration counts picks, the bar says "playing".
  await until(async () => (await narratedRequest(page)) >= 3, 8000, 'picks made on their own');
  assert.match(await state(page), /^playing/);
  // Few controls in reach: one slider (the request rate); the rest folded under More settings.
  const controls = page.getByRole('region', { name: 'Controls' });
  const visibleSliders = await controls.locator('input[type="range"]:visible').count();
  assert.equal(visibleSliders, 1);
  assert.ok(await controls.getByLabel('Request rate', { exact: true }).isVisible());
  assert.ok(!(await controls.getByLabel('Latency', { exact: true }).isVisible()));
  await controls.locator('details.more > summary').click();
  assert.ok(await controls.getByLabel('Latency', { exact: true }).isVisible());
  await controls.locator('details.more > summary').click();
  // The tour is open on a first visit and covers neither Play nor the picture.
  const tour = await box(page.locator('aside.tour'));
  const play = await box(page.getByRole('button', { name: 'Play', exact: true }));
  const overlaps = (a, b) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  assert.ok(!overlaps(tour, play), 'the tour leaves Play free');
  await shot(page, 'first-screen-1366');
  // A strategy with a ring: the ring is drawn beside the flow, on the first screen too.
  await strategySelect(page).selectOption('consistent_hash');
  const ring = await box(page.locator('#ring svg.ring-svg'));
  assert.ok(ring && ring.y + ring.height <= 768 + 40, `the ring ends at ${ring && ring.y + ring.height}`);
  assert.ok(ring.width >= 300);
  await shot(page, 'first-screen-1366-ring');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reduced motion: the first screen stays paused until Play', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    firstVisit: true,
    reducedMotion: 'reduce',
    viewport: { width: 1366, height: 768 },
  });
  await page.waitForTimeout(2500);
  assert.match(await state(page), /^paused/);
  assert.equal(await narratedRequest(page), -1, 'no request was sent');
  await click(page, 'Play');
  await until(async () => (await narratedRequest(page)) >= 0, 4000, 'a step by Play');
  assert.deepEqual(errors, []);
  await context.close();
});

test('play on arrival pauses while the picture is scrolled away, and gives way to Pause', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    firstVisit: true,
    viewport: { width: 1366, height: 768 },
  });
  await until(async () => /^playing/.test(await state(page)), 4000, 'playing on arrival');
  await page.locator('#lookup').scrollIntoViewIfNeeded();
  await until(async () => /^paused/.test(await state(page)), 4000, 'paused while away');
  await page.evaluate(() => window.scrollTo(0, 0));
  await until(async () => /^playing/.test(await state(page)), 4000, 'playing again on return');
  // The visitor's own Pause holds, wherever they scroll.
  await click(page, 'Pause');
  await page.locator('#lookup').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  assert.match(await state(page), /^paused/);
  // Unticked, it is remembered: the next visit opens still.
  await page.locator('.controls details.more > summary').click();
  await page.getByLabel('Play as soon as the page opens').uncheck();
  await page.reload();
  await page.getByRole('heading', { name: 'Fulcrum' }).waitFor();
  await page.waitForTimeout(1500);
  assert.match(await state(page), /^paused/);
  assert.equal(await narratedRequest(page), -1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link with a note opens still, so the note stays to be read; dismissed, the picture plays', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?speed=NaN`, {
    firstVisit: true,
    viewport: { width: 1366, height: 768 },
  });
  const note = page.locator('.notes li').first();
  await note.waitFor();
  await page.waitForTimeout(1500);
  assert.match(await state(page), /^paused/);
  assert.match(await note.textContent(), /speed: “NaN” is not a finite number/);
  await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await until(async () => /^playing/.test(await state(page)), 4000, 'playing once the note is read');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every in-page link lands on an element; the debugger\'s parts, the worked example and embed.html are linked', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  const targets = await page.locator('a[href^="#"]').evaluateAll((as) =>
    as.map((a) => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))]),
  );
  assert.ok(targets.length >= 13, `${targets.length} in-page links`);
  assert.deepEqual(targets.filter(([, found]) => !found), [], 'links without a target');
  const nav = page.getByRole('navigation', { name: 'Views' });
  for (const name of ['Lookup', 'Churn', 'Virtual nodes', 'Hot keys', 'Sample keys']) {
    await nav.getByRole('link', { name, exact: true }).click();
    const target = page.locator(await nav.getByRole('link', { name, exact: true }).getAttribute('href'));
    await until(async () => {
      const b = await box(target);
      return b && b.y >= 0 && b.y < 900;
      // The harness's usual wait: the parts near the target load their module meanwhile (the
      // test asks that the link lands, not how fast).
    }, 10000, `${name} in view`);
  }
  for (const name of ['Worked example: consistent hashing', 'Embed a view in your own page']) {
    const href = await nav.getByRole('link', { name, exact: true }).getAttribute('href');
    const response = await page.request.get(new URL(href, env.site.url).href);
    assert.equal(response.status(), 200, `${href} ships beside the page`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('presentation mode at 1920×1080: F fills the screen with one view in large type, Esc leaves', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?strategy=consistent_hash`, {
    viewport: { width: 1920, height: 1080 },
  });
  await shot(page, 'page-1920');
  await page.getByRole('heading', { name: 'Fulcrum' }).click();
  await page.keyboard.press('f');
  await page.locator('main.presenting').waitFor();
  assert.equal(await page.locator('main.presenting section.view').count(), 1, 'one view');
  await click(page, 'Play');
  await page.waitForTimeout(800);
  // The flow: its labels at least 20 px tall, the drawing most of the screen's width.
  const flow = await box(page.locator('#flow svg.flow-svg'));
  assert.ok(flow.width >= 1400, `the flow is ${flow.width} px wide`);
  const label = await box(page.locator('#flow svg.flow-svg .node text').first());
  assert.ok(label.height >= 20, `a flow label is ${label.height} px tall`);
  // The simulated clock stays in sight above the flow (a teacher waits for "crashes at 10 s"),
  // and moves while playing.
  const clock = page.locator('.presenting .runbar .sim-clock');
  const at = await clock.textContent();
  assert.match(at, /^\d+\.\d s simulated$/);
  await until(async () => (await clock.textContent()) !== at, 3000, 'the clock moves');
  const bar = await box(page.locator('.presenting .runbar'));
  assert.ok(bar.height < 70, `the bar is ${bar.height} px tall: one row`);
  await shot(page, 'present-flow-1920');
  // Choose the ring: large, whole on the screen.
  await page.getByLabel('View shown').selectOption('ring');
  const ring = await box(page.locator('#ring svg.ring-svg'));
  assert.ok(ring.width >= 700 && ring.y + ring.height <= 1080, `the ring is ${ring.width} px wide`);
  await shot(page, 'present-ring-1920');
  // The pool fills the projector's screen too, its cards' type large (the page caps its width
  // for reading; presented, the cap gives way).
  await page.getByLabel('View shown').selectOption('pool');
  const pool = await box(page.locator('#pool .pool-cards'));
  assert.ok(pool.height >= 700 && pool.y + pool.height <= 1080, `the pool is ${pool.width} × ${pool.height} px`);
  const name = await box(page.locator('#pool .pool-cards text.name').first());
  assert.ok(name.height >= 24, `a server's name is ${name.height} px tall`);
  assert.equal(await page.locator('main.presenting .sim-clock').count(), 1, 'one clock, in the run bar');
  await shot(page, 'present-pool-1920');
  await page.getByLabel('View shown').selectOption('ring');
  await page.keyboard.press('Escape');
  await page.locator('main.presenting').waitFor({ state: 'detached' });
  assert.ok(await page.locator('#lookup').count());
  // The button does the same, and F brings back the view chosen last.
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await page.locator('main.presenting #ring').waitFor();
  await page.getByRole('button', { name: 'Leave presentation', exact: true }).click();
  await page.locator('main.presenting').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('390×844 phone: the picture first, Play in reach after scrolling, tables show they scroll', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const flow = await box(page.locator('#flow svg.flow-svg'));
  assert.ok(flow.y < 844 - 100, `the flow starts at ${flow.y}`);
  const controls = await box(page.getByRole('region', { name: 'Controls' }));
  assert.ok(controls.y > flow.y, 'the picture comes before the controls');
  await shot(page, 'phone-390-top');
  await page.evaluate(() => window.scrollTo(0, 3000));
  await page.waitForTimeout(200);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const b = await box(play);
  assert.ok(b.y >= 0 && b.y + b.height <= 844, `Play is at ${b.y} after scrolling 3000 px`);
  await play.click();
  await until(async () => /^playing/.test(await state(page)), 3000, 'playing from the sticky bar');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await shot(page, 'phone-390-scrolled');
  // A table wider than the phone scrolls inside its frame, with a shadow at the edge it hides.
  const wrap = page.locator('#tables .scroll').first();
  await wrap.scrollIntoViewIfNeeded();
  const { scrolls, shadow } = await wrap.evaluate((w) => ({
    scrolls: w.scrollWidth > w.clientWidth,
    shadow: getComputedStyle(w).backgroundImage.includes('radial-gradient'),
  }));
  assert.ok(scrolls && shadow, 'the distribution table scrolls and shows it');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Start here": a tour of four steps by keyboard, dismissed for good, reopened on demand', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url, { firstVisit: true });
  const tour = page.getByRole('complementary', { name: /^Start here: a short tour/ });
  await tour.waitFor();
  const pointed = () => page.locator('main').getAttribute('data-tour');
  assert.equal(await pointed(), 'play');
  await tour.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await pointed(), 'pool');
  assert.match(await tour.textContent(), /Step 2 of 4/);
  await page.keyboard.press('Enter');
  assert.equal(await pointed(), 'side');
  await page.keyboard.press('Enter');
  assert.equal(await pointed(), 'lookup');
  const lookup = await box(page.locator('#lookup'));
  assert.ok(lookup.y < 900, 'the last step brings the debugger into view');
  // Never blocking: the page under it still works while it is open.
  await click(page, 'Step');
  await tour.getByRole('button', { name: 'Done' }).focus();
  await page.keyboard.press('Escape');
  await tour.waitFor({ state: 'detached' });
  assert.equal(await pointed(), null);
  await page.reload();
  await page.getByRole('heading', { name: 'Fulcrum' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await tour.count(), 0, 'not shown again once dismissed');
  await page.getByRole('button', { name: 'Start here', exact: true }).click();
  await tour.waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
