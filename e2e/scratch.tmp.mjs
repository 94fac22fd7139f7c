import { serve, launch, open } from '/work/wt/ui/e2e/lib/harness.js';
const site = await serve();
const browser = await launch();
const { page, context } = await open(browser, site.url, { viewport: { width: 360, height: 740 } });
const r = await page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.scroll') && !el.classList.contains('scroll')) continue;
    const b = el.getBoundingClientRect();
    if (b.right > 361) out.push([el.tagName, String(el.className?.baseVal ?? el.className), el.id, Math.round(b.left), Math.round(b.right)]);
  }
  return out;
});
console.log(r.slice(0, 40));
await context.close(); await browser.close(); await site.close();
