// Sharing and teaching, as a user meets them: a link reproduces a run (same URL, same numbers),
// hostile links are clamped or ignored with a visible note and never run markup, an embedded view
// sizes its iframe, the language switch, a lesson, and the export downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { siteAndBrowser, open, until, dist } from '../lib/harness.js';
import { distribution, stats, narration, narratedRequest, strategySelect, slide, click, moreSettings } from '../lib/playground.js';

const env = siteAndBrowser();

const notes = (page) => page.locator('.notes li');
const query = (page) => new URL(page.url()).search;

/** Step `n` requests and return the Distribution table. */
async function stepAndRead(page, n) {
  for (let i = 0; i < n; i++) {
    const before = await narratedRequest(page);
    await click(page, 'Step');
    await until(async () => (await narratedRequest(page)) > before, 5000, `request ${i}`);
  }
  return distribution(page);
}

test('the URL follows the settings, and the same URL gives the same numbers', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await strategySelect(page).selectOption('power_of_two_choices');
  await moreSettings(page);
  await page.getByLabel('Random seed', { exact: true }).fill('42');
  await page.getByLabel('Random seed', { exact: true }).press('Enter');
  await slide(page, 'Request rate', 7);
  await until(async () => query(page).includes('seed=42') && query(page).includes('rate=200'), 3000, 'the URL');
  assert.match(query(page), /strategy=power_of_two_choices/);
  const link = page.url();
  const first = await stepAndRead(page, 30);
  await context.close();

  const again = await open(env.browser, link);
  assert.equal(await again.page.getByLabel('Strategy', { exact: true }).inputValue(), 'power_of_two_choices');
  assert.equal(await again.page.getByLabel('Random seed', { exact: true }).inputValue(), '42');
  assert.deepEqual(await stepAndRead(again.page, 30), first);
  assert.equal(await notes(again.page).count(), 0);
  assert.deepEqual([...errors, ...again.errors], []);
  await again.context.close();
});

test('Share copies the link, or shows it to copy by hand when the clipboard is refused', async () => {
  const granted = await open(env.browser, `${env.site.url}?preset=hot-key&strategy=maglev&seed=7`, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await click(granted.page, 'Share');
  await granted.page.getByText('Link copied').waitFor();
  const copied = await granted.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, granted.page.url());
  assert.match(copied, /preset=hot-key&strategy=maglev&seed=7/);
  await granted.context.close();

  const refused = await open(env.browser, `${env.site.url}?strategy=random`);
  await refused.page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  await click(refused.page, 'Share');
  const field = refused.page.getByLabel('Copy this link:');
  await field.waitFor();
  assert.equal(await field.inputValue(), refused.page.url());
  assert.deepEqual([...granted.errors, ...refused.errors], []);
  await refused.context.close();
});

// Each hostile link: what it tries, and a note that must be shown.
const HOSTILE = [
  ['a huge rate', 'rate=1e300', /rate: 1e300 is outside 1–10000; 10000 is used/],
  ['a negative weight and latency', 'servers=a*-5~l-3,b', /servers: .* is outside 0–100; 0 is used/],
  ['NaN', 'speed=NaN&load_factor=nan', /speed: “NaN” is not a finite number, ignored/],
  ['a script tag', 'strategy=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E', /strategy: unknown value “<script>window.__pwned=1<\/script>”, ignored/],
  ['an attribute break-out', 'key=%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E', /key: could not read “"><img src=x onerror="window.__pwned=1">”, ignored/],
  ['100 servers', `servers=${Array.from({ length: 100 }, (_, i) => `s${i}`).join(',')}`, /servers: more than 64 entries; only the first 64 are used/],
  ['100,000 servers', `servers=${Array.from({ length: 100000 }, (_, i) => `s${i}`).join(',')}`, /servers: longer than 8192 characters, ignored/],
  ['a huge seed and step', 'seed=99999999999999999999999&step=-1', /seed: 99999999999999999999999 is outside 0–18446744073709551615/],
];

/**
 * Open a link longer than a web server takes (Node answers 431 past 16 KB, as static hosts refuse
 * such requests): the browser is handed the page for it as if the host had served it.
 */
async function openLong(url) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route((u) => u.href.length > 8000, (route) => route.fulfill({ path: join(dist, 'index.html') }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Fulcrum' }).waitFor();
  return { page, context, errors };
}

for (const [what, q, note] of HOSTILE) {
  test(`a hostile link (${what}) is clamped or ignored with a visible note`, async () => {
    const { page, context, errors } = await openLong(`${env.site.url}?${q}`);
    await notes(page).first().waitFor();
    const shown = (await notes(page).allTextContents()).join('\n');
    assert.match(shown, note);
    // Shown as text: no element came from the link, no script ran.
    assert.equal(await page.locator('.notes img, .notes script').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // The page still works: a step picks a request.
    const before = (await stats(page)).total_requests;
    await click(page, 'Step');
    await click(page, 'Step');
    await until(async () => (await stats(page)).total_requests > before || (await narratedRequest(page)) >= 1, 5000, 'a request');
    // The URL is the clean one now.
    assert.doesNotMatch(decodeURIComponent(query(page)), /<|NaN|1e300/);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** A page of the site's own origin holding `html` (an about:blank page has no origin to frame). */
async function hostPage(html) {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.site.url}embed.html`);
  await page.setContent(html);
  return { page, context, errors };
}

test('an embedded view shows only that view, posts its height, and its frame fits it', async () => {
  const { page, context, errors } = await hostPage(`
    <script>
      window.heights = [];
      addEventListener('message', (e) => {
        if (e.data && e.data.type === 'fulcrum:height') {
          window.heights.push(e.data.height);
          document.querySelector('iframe').style.height = e.data.height + 'px';
        }
      });
    </script>
    <iframe style="width: 800px; height: 150px; border: 0"
      src="${env.site.url}?embed=1&view=table&preset=seed-demo&strategy=weighted_round_robin&variant=seed"></iframe>`);
  await until(() => page.evaluate(() => window.heights.length > 0), 10000, 'a height message');
  const frame = page.frameLocator('iframe');
  await frame.getByRole('table', { name: 'Distribution' }).waitFor();
  const inner = page.frames().find((f) => f.url().includes('embed=1'));
  assert.equal(await inner.locator('section.view').count(), 1, 'one view');
  assert.equal(await inner.locator('.controls, .runbar, .top').count(), 0, 'no chrome');
  // The frame is as tall as the view.
  await until(async () => {
    const main = await inner.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().height));
    const frameHeight = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    return Math.abs(main - frameHeight) <= 1 && main > 150;
  }, 10000, 'the frame to fit its view');
  // A narrower frame wraps the table: a new, taller height arrives.
  const before = await page.evaluate(() => window.heights.at(-1));
  await page.evaluate(() => { document.querySelector('iframe').style.width = '300px'; });
  await until(() => page.evaluate((h) => window.heights.at(-1) > h, before), 10000, 'a taller height');
  // It plays on its own (the seed demo's twenty requests).
  await until(async () => Number(await inner.locator('dl[aria-label="get_stats"] .kv dd').first().textContent()) > 0, 10000, 'requests');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an embedded view plays only while it is on screen', async () => {
  const { page, context, errors } = await hostPage(`
    <div style="height: 3000px">far above</div>
    <iframe style="width: 800px; height: 600px" src="${env.site.url}?embed=1&view=table&preset=slow-server&strategy=round_robin"></iframe>`);
  await until(() => page.frames().length > 1, 10000, 'the frame');
  const inner = page.frames().find((f) => f.url().includes('embed=1'));
  await inner.getByRole('table', { name: 'Distribution' }).waitFor({ state: 'attached' });
  const total = async () => Number(await inner.locator('dl[aria-label="get_stats"] .kv dd').first().textContent());
  await page.waitForTimeout(1500);
  assert.equal(await total(), 0, 'nothing runs off screen');
  assert.equal(await page.evaluate(() => scrollY), 0, 'the frame leaves its page where it was');
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await until(async () => (await total()) > 0, 10000, 'requests once on screen');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the worked example ships beside the playground and sizes its three embeds', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const res = await page.goto(`${env.site.url}consistent-hashing.html`);
  assert.equal(res.status(), 200, 'consistent-hashing.html is in dist/');
  const frames = page.locator('iframe[data-fulcrum]');
  assert.equal(await frames.count(), 3);
  for (let i = 0; i < 3; i++) {
    await frames.nth(i).scrollIntoViewIfNeeded();
    await until(async () => (await frames.nth(i).evaluate((f) => f.style.height)) !== '', 15000, `frame ${i} sized`);
  }
  // Its links lead to the playground and the embed page, next to it.
  for (const href of ['index.html', 'embed.html']) {
    const res = await page.request.get(new URL(href, page.url()).href);
    assert.equal(res.status(), 200, href);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** Click an export button and read the downloaded file: [file name, contents as a Buffer]. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), click(page, name)]);
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return [file.suggestedFilename(), Buffer.concat(chunks)];
}

test('the tables, the statistics, the trace, the ring and the charts export as files', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=seed-demo&strategy=weighted_round_robin&variant=seed`, { acceptDownloads: true });
  const shown = await stepAndRead(page, 7);
  const [csvName, csv] = await download(page, 'Distribution (CSV)');
  assert.equal(csvName, 'fulcrum-tutorial-demo-weighted_round_robin-tutorial-seed1-distribution.csv');
  const lines = csv.toString().trim().split('\r\n');
  assert.equal(lines[0], 'server,endpoint,weight,requests,share,expected_share,deviation');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[3]).map(Number), [1, 2, 1, 3].map((_, i) => shown[`server${i + 1}`].requests));
  const [, json] = await download(page, 'Distribution (JSON)');
  const d = JSON.parse(json);
  assert.equal(d.strategy, 'weighted_round_robin (tutorial)');
  assert.deepEqual(d.servers.map((s) => s.requests), [1, 2, 1, 3]);
  const [, statsCsv] = await download(page, 'Statistics (CSV)');
  assert.match(statsCsv.toString(), /^total_requests,successful_requests,failed_requests,average_response_time,total_servers,healthy_servers\r\n/);
  const [, statsJson] = await download(page, 'Statistics (JSON)');
  const s = JSON.parse(statsJson);
  assert.equal(s.total_servers, 4);
  assert.equal(s.server_details.length, 4);
  const [traceName, trace] = await download(page, 'Event trace (JSON)');
  assert.match(traceName, /-trace\.json$/);
  const t = JSON.parse(trace);
  assert.equal(t.format, 'fulcrum-trace');
  assert.equal(t.settings, new URL(page.url()).search.slice(1));
  const picked = t.events.filter((e) => e.event === 'picked');
  assert.equal(picked.length, 7, 'one pick per request stepped');
  // The ring, as the playground draws it.
  await strategySelect(page).selectOption('consistent_hash');
  const [svgName, svg] = await download(page, 'Picture (SVG)');
  assert.match(svgName, /-ring\.svg$/);
  assert.match(svg.toString(), /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal((svg.toString().match(/class="ticks"/g) || []).length, 4);
  const [pngName, png] = await download(page, 'Picture (PNG)');
  assert.match(pngName, /-ring\.png$/);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 480, 'twice the ring\'s 240 px');
  // The charts, stacked, each titled and with its lines named in words.
  const [chartsName, charts] = await download(page, 'Charts (SVG)');
  assert.match(chartsName, /-charts\.svg$/);
  const c = charts.toString();
  assert.match(c, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(c, /^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  for (const words of ['Throughput', 'Latency of successful requests', 'successful', 'failed', 'p50', 'p95', 'p99']) {
    assert.ok(c.includes(`>${words}<`), `the charts' SVG names ${words}`);
  }
  assert.equal((c.match(/<path class="line /g) || []).length, 5, 'five lines drawn');
  const [chartsPngName, chartsPng] = await download(page, 'Charts (PNG)');
  assert.match(chartsPngName, /-charts\.png$/);
  assert.deepEqual([...chartsPng.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svgWidth = Number(/width="(\d+)"/.exec(c)[1]);
  assert.equal(chartsPng.readUInt32BE(16), 2 * svgWidth, 'twice the SVG\'s width');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson loads its settings, says what to watch for and checks the answer', async () => {
  const { page, context, errors } = await open(env.browser, env.site.url);
  await page.locator('details.lessons summary').click();
  await click(page, 'Three in a row: the tutorial\'s weighted round robin');
  const lesson = page.getByRole('complementary', { name: 'Three in a row: the tutorial\'s weighted round robin' });
  await lesson.getByRole('heading', { name: 'Watch for' }).waitFor();
  assert.match(await lesson.textContent(), /Server4 takes three in a row/);
  // Its settings are loaded, and the link says so.
  assert.equal(await strategySelect(page).inputValue(), 'weighted_round_robin');
  assert.equal(await page.getByLabel('Code', { exact: true }).inputValue(), 'tutorial');
  await until(async () => query(page).includes('lesson=wrr-bursts'), 3000, 'the lesson in the URL');
  const d = await stepAndRead(page, 7);
  assert.deepEqual([1, 2, 3, 4].map((i) => d[`server${i}`].requests), [1, 2, 1, 3]);
  // Beside the page (1280 px wide), the card stays whole while the reader steps.
  assert.ok(await lesson.getByRole('heading', { name: 'Question' }).isVisible(), 'whole while stepping');
  // A wrong answer, then the right one: each says so and explains.
  await lesson.getByRole('button', { name: 'Server4 answers fastest' }).click();
  await until(async () => /^Not quite\./.test(await lesson.getByRole('status').textContent()), 3000, 'feedback');
  // The verdict comes after the choices: the one pressed keeps the keyboard's focus.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Server4 answers fastest');
  await lesson.getByRole('button', { name: /counts down one server's weight/ }).click();
  await until(async () => /^Correct\./.test(await lesson.getByRole('status').textContent()), 3000, 'feedback');
  assert.match(await lesson.getByRole('status').textContent(), /Smooth weighted round robin adds every server's weight/);
  // The follow-up switches to the corrected code.
  await lesson.getByRole('button', { name: 'Smooth weighted round robin' }).click();
  await until(async () => (await page.getByLabel('Code', { exact: true }).inputValue()) === 'corrected', 3000, 'the corrected code');
  // A link with the lesson opens it.
  const again = await open(env.browser, page.url());
  await again.page.getByRole('complementary', { name: 'Three in a row: the tutorial\'s weighted round robin' }).waitFor();
  assert.deepEqual([...errors, ...again.errors], []);
  await again.context.close();
  await context.close();
});

test('the language follows the browser, switches, and is kept in the link', async () => {
  // The heading "Fulcrum" is the same in both languages, so open() finds the page.
  const { page, context, errors } = await open(env.browser, env.site.url, { locale: 'zh-CN' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  await page.getByRole('button', { name: '播放', exact: true }).waitFor();
  await page.getByRole('button', { name: '分享', exact: true }).waitFor();
  assert.equal(await page.getByRole('heading', { name: '哈希环' }).count(), 1);
  // The masthead, the tables and the statistics speak it too.
  await page.getByRole('navigation', { name: '视图导航' }).getByRole('link', { name: '表格' }).waitFor();
  const table = page.getByRole('table', { name: '请求分布' });
  assert.deepEqual((await table.locator('thead th').allTextContents()).slice(0, 5), ['服务器', '请求数', '占比', '期望占比', '偏差']);
  await page.getByRole('heading', { name: '教程没有统计的数据' }).waitFor();
  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('table', { name: 'Distribution' }).waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await until(async () => query(page).includes('lang=en'), 3000, 'the language in the URL');
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('button', { name: '单步', exact: true }).click();
  await until(async () => query(page).includes('lang=zh'), 3000, 'the language in the URL');
  await context.close();
  // An English browser opening a Chinese link reads it in Chinese.
  const link = await open(env.browser, `${env.site.url}?lang=zh&strategy=random`);
  await link.page.getByRole('button', { name: '重置', exact: true }).waitFor();
  assert.deepEqual([...errors, ...link.errors], []);
  await link.context.close();
});

test('a reader downloads only the language shown; a missing catalog falls back to English, and with none the page says why', async () => {
  // An English page fetches lang/en.txt and never lang/zh.txt; switching fetches zh.txt once.
  const fetched = [];
  const { page, context, errors } = await open(env.browser, env.site.url, { locale: 'en-US' });
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  const before = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.deepEqual(before.filter((p) => p.includes('/lang/')), ['/lang/en.txt']);
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('button', { name: '播放', exact: true }).waitFor();
  await page.getByLabel('语言').selectOption('en');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('button', { name: '播放', exact: true }).waitFor();
  assert.deepEqual(fetched.filter((p) => p.includes('/lang/')), ['/lang/zh.txt']);
  assert.deepEqual(errors, []);
  await context.close();

  // The Chinese catalog is missing: the page opens in English rather than not at all.
  const missing = await env.browser.newContext({ locale: 'zh-CN' });
  const zhless = await missing.newPage();
  await zhless.route('**/lang/zh.txt', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await zhless.goto(env.site.url);
  await zhless.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await missing.close();

  // No catalog at all, or one from another version: an error panel says which file and why.
  for (const body of [null, 'fulcrum-text en 00000000\nFulcrum\n']) {
    const none = await env.browser.newContext({ locale: 'en-US' });
    const page2 = await none.newPage();
    await page2.route('**/lang/*.txt', (r) => (body === null ? r.fulfill({ status: 404, body: 'gone' }) : r.fulfill({ status: 200, body })));
    await page2.goto(env.site.url);
    const panel = page2.getByRole('alert');
    await panel.waitFor();
    assert.match(await panel.textContent(), body === null ? /lang\/en\.txt.*HTTP 404/ : /lang\/en\.txt.*another version/);
    await none.close();
  }
});

test('the timeline replays the run to any request, and steps back', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?preset=seed-demo&strategy=weighted_round_robin&variant=seed`);
  const seen = [];
  for (let i = 0; i < 6; i++) {
    await click(page, 'Step');
    await until(async () => (await narratedRequest(page)) === i, 3000, `request ${i}`);
    seen.push({ narration: await narration(page), table: await distribution(page) });
  }
  // Jump back to request 2: the same pick, the same table as when it happened.
  await page.getByLabel('Jump to request').fill('2');
  await until(async () => (await narratedRequest(page)) === 2, 5000, 'request 2 again');
  assert.equal(await narration(page), seen[2].narration);
  assert.deepEqual(await distribution(page), seen[2].table);
  assert.match(await page.locator('output[for="timeline"]').textContent(), /^request 2 \(numbered from 0\) of \d+ sent$/);
  // Step back, by button and by ←.
  await click(page, 'Step back');
  await until(async () => (await narratedRequest(page)) === 1, 5000, 'request 1');
  assert.deepEqual(await distribution(page), seen[1].table);
  await page.locator('body').press('ArrowLeft');
  await until(async () => (await narratedRequest(page)) === 0, 5000, 'request 0');
  assert.equal(await narration(page), seen[0].narration);
  // Forward again from there is the same run.
  await click(page, 'Step');
  await until(async () => (await narratedRequest(page)) === 1, 3000, 'request 1 again');
  assert.equal(await narration(page), seen[1].narration);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lookup debugger opens at the link\'s key and step, and the link follows it', async () => {
  const lookup = (page) => page.locator('section.lookup');
  const { page, context, errors } = await open(env.browser, `${env.site.url}?key=%2Fimg%2Flogo.png&step=2`);
  assert.equal(await lookup(page).getByLabel('Key', { exact: true }).inputValue(), '/img/logo.png');
  await lookup(page).getByText(/^Step 3 of \d+$/).waitFor();
  await lookup(page).getByRole('button', { name: 'Next step', exact: true }).click();
  // (The harness's usual 10 s: a wait, not a speed test. 3 s ran out once on a loaded machine.)
  await until(async () => query(page).includes('step=3'), 10_000, 'the step in the URL');
  await lookup(page).getByLabel('Key', { exact: true }).fill('user-1001');
  await until(async () => query(page).includes('key=user-1001') && !query(page).includes('step='), 10_000, 'the key in the URL, back at the first step');
  const link = page.url();
  await context.close();

  // The same link opens the same place; a step past the end shows the last, with a note.
  const again = await open(env.browser, link);
  assert.equal(await lookup(again.page).getByLabel('Key', { exact: true }).inputValue(), 'user-1001');
  await lookup(again.page).getByText(/^Step 1 of \d+$/).waitFor();
  await again.context.close();
  const past = await open(env.browser, `${env.site.url}?key=user-1001&step=999`);
  const last = await lookup(past.page).getByText(/^Step \d+ of \d+$/).textContent();
  const [, at, of] = /^Step (\d+) of (\d+)$/.exec(last);
  assert.equal(at, of, 'the last step');
  await lookup(past.page).getByText(/^Step 1000 from the link is past this lookup's last step/).waitFor();
  assert.deepEqual([...errors, ...past.errors], []);
  await past.context.close();
});
