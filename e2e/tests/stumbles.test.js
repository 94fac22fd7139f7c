// What a first-time visitor still stumbled on (issue 16's last visit), each checked the way it
// was seen: words over words in the flow, the tour, definitions cut at the screen's edge,
// tables that lose their first column on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, until } from '../lib/harness.js';
import { serverCard, click } from '../lib/playground.js';

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
