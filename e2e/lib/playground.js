// Reading and driving the playground the way a user does: by visible labels and roles.

/** The Distribution table as { server: { requests, share, expected, deviation, recent } }. */
export async function distribution(page) {
  const rows = await page
    .getByRole('table', { name: 'Distribution' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  return Object.fromEntries(
    rows.map(([id, requests, share, expected, deviation, recent]) => [
      id,
      { requests: Number(requests), share, expected, deviation, recent },
    ]),
  );
}

/** The seed's get_stats() fields as numbers (average_response_time in seconds). */
export async function stats(page) {
  const pairs = await page
    .locator('dl[aria-label="get_stats"] .kv')
    .evaluateAll((kvs) => kvs.map((kv) => [kv.querySelector('dt').textContent.trim(), kv.querySelector('dd').textContent.trim()]));
  return Object.fromEntries(pairs.map(([k, v]) => [k, parseFloat(v)]));
}

export async function narration(page) {
  return (await page.locator('#narration').textContent()).trim();
}

/** The request number the narration speaks of, or -1. */
export async function narratedRequest(page) {
  const m = /^request (\d+)/.exec(await narration(page));
  return m ? Number(m[1]) : -1;
}

export const strategySelect = (page) => page.getByLabel('Strategy', { exact: true });

/** Unfold the controls' "More settings" (the seed, most sliders, Add server), as a user does. */
export async function moreSettings(page) {
  const more = page.locator('.controls details.more');
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
}

/** Move a ladder slider to its rung `position` (unfolding "More settings" where it sits). */
export async function slide(page, label, position) {
  // The playground's own sliders: the lookup debugger below has a "Virtual nodes" of its own.
  const slider = page.getByRole('region', { name: 'Controls' }).getByLabel(label, { exact: true });
  if (!(await slider.isVisible())) await moreSettings(page);
  await slider.fill(String(position));
}

// The playground's own buttons: the lookup debugger's sections have an "Add server" of their own.
const NOT_LOOKUP = ':not(section.lookup *, section.churn *, section.sample-keys *)';

export async function click(page, name) {
  const button = page.getByRole('button', { name, exact: true }).and(page.locator(NOT_LOOKUP));
  // "Add server" is folded under "More settings"; the run buttons are always in reach.
  if (!(await button.isVisible())) await moreSettings(page);
  await button.click();
}

/** The pool's card of a server (a button whose name starts with the id). */
export function serverCard(page, id) {
  return page.getByRole('group', { name: 'Server pool' }).getByRole('button', { name: new RegExp(`^${id}:`) });
}
