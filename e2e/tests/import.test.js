// The "Import config" panel (issue 17): a pasted nginx upstream with `hash $request_uri
// consistent` sets the page's pool and nginx's ring; the lookup debugger then finds, for a key,
// the server `fulcrum route --config` prints for the same file (which tests/config_compat.rs holds
// to a real nginx); the panel's own key check says the same; a bad line is refused with its line
// and what was expected, beside the text; and the page's link reproduces the import. The
// readers run in the import worker (dist/import/), which the first load never fetches: it is
// started by the panel or by a link that carries a configuration, from any sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, open, screenshot, until, repo, dist, showImport, showLookup } from '../lib/harness.js';

const CONFIG = `upstream api {
    hash $request_uri consistent;
    server 10.0.0.1:8080;
    server 10.0.0.2:8080 weight=2;
    server 10.0.0.3:8080;
    server 10.0.0.4:8080;
    keepalive 16;
}
`;
const SPEC = '10.0.0.1:8080=1,10.0.0.2:8080=2,10.0.0.3:8080=1,10.0.0.4:8080=1';
const KEYS = ['/api/item/42', '/img/logo.png', '/users/7/profile'];

let site;
let browser;
let fulcrum;
let configFile;

/** The native CLI: FULCRUM_BIN, else a (re)built debug binary of this checkout. */
function findCli() {
  if (process.env.FULCRUM_BIN) return process.env.FULCRUM_BIN;
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fulcrum'], { cwd: repo, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR || join(repo, 'target');
  const bin = join(target, 'debug', 'fulcrum');
  assert.ok(existsSync(bin), `no CLI at ${bin}`);
  return bin;
}

/** `fulcrum route --config FILE --keys -`: the server nginx picks for each key. */
function route(keys) {
  return execFileSync(fulcrum, ['route', '--config', configFile, '--keys', '-'], {
    input: keys.join('\n') + '\n',
    encoding: 'utf8',
  }).trim().split('\n');
}

before(async () => {
  fulcrum = findCli();
  configFile = join(mkdtempSync(join(tmpdir(), 'fulcrum-import-')), 'nginx.conf');
  writeFileSync(configFile, CONFIG);
  site = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const panel = (page) => page.locator('section#import');
const lookup = (page) => page.locator('section.lookup');

/** The debugger's owner of `key`, stepped to the end. */
async function debuggerOwner(page, key) {
  await showLookup(page);
  await lookup(page).getByLabel('Key', { exact: true }).fill(key);
  await page.getByText(/^Step 1 of \d+$/).waitFor();
  const next = lookup(page).getByRole('button', { name: 'Next step', exact: true });
  for (let i = 0; !(await next.isDisabled()); i += 1) {
    assert.ok(i < 400, 'the lookup never ends');
    await next.click();
  }
  return page.locator('output[aria-label="Owner"]').textContent();
}

/** The import panel's key check for `key`. */
async function keyCheck(page, key) {
  const field = panel(page).getByLabel('Where does this key go?');
  await field.fill(key);
  await field.press('Enter');
  await field.blur();
  const status = panel(page).locator('.import-route');
  return until(async () => {
    const t = await status.textContent();
    return t.startsWith('nginx sends it to ') && t;
  }, 10_000, 'the key check');
}

/** Wait for the page's settings to follow an import. (Sections off screen are not rendered, so
 * their text is read with textContent.) */
async function expectImported(page) {
  await until(
    async () => (await page.locator('#strategy').inputValue()) === 'consistent_hash',
    10_000,
    'the strategy select',
  );
  await showLookup(page);
  await until(
    async () => (await lookup(page).getByLabel('Servers', { exact: true }).inputValue()) === SPEC,
    10_000,
    'the debugger\'s servers',
  );
  assert.equal(await lookup(page).getByLabel('Hash strategy').inputValue(), 'consistent_hash_nginx');
  const pool = await page.locator('section#pool').textContent();
  for (const server of ['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080', '10.0.0.4:8080']) {
    assert.ok(pool.includes(server), `the pool shows ${server}`);
  }
  const summary = await panel(page).locator('.import-summary').textContent();
  assert.match(summary, /nginx · api: nginx hash \$request_uri consistent over 4 servers; the page runs consistent_hash/);
  assert.equal(
    await panel(page).locator('.import-exact').textContent(),
    "The page's picks are the proxy's own.",
  );
  const notes = await panel(page).getByRole('list', { name: 'Notes on the import' }).textContent();
  assert.match(notes, /^line 7: ignored: .*keepalive/);
}

test('a pasted nginx upstream sets the pool and the ring, and the debugger agrees with fulcrum route --config', async () => {
  const { page, context, errors } = await open(browser, site.url);
  await showImport(page);
  const text = panel(page).getByLabel('Configuration');
  await text.fill(CONFIG);
  await panel(page).getByRole('button', { name: 'Import', exact: true }).click();
  await expectImported(page);
  assert.ok(new URL(page.url()).searchParams.get('config'), 'the link carries the config');
  assert.equal(new URL(page.url()).searchParams.get('ring'), 'nginx');

  const want = route(KEYS);
  for (const [i, key] of KEYS.entries()) {
    assert.equal(await debuggerOwner(page, key), want[i], `the debugger's owner of ${key}`);
    assert.equal(await keyCheck(page, key), `nginx sends it to ${want[i]}`, `the key check of ${key}`);
  }
  // The key check answers as the key is typed: no Enter, no leaving the field.
  const other = KEYS.findIndex((_, i) => want[i] !== want[want.length - 1]);
  assert.ok(other >= 0, 'the keys reach more than one server');
  await panel(page).getByLabel('Where does this key go?').fill(KEYS[other]);
  await until(async () => (await panel(page).locator('.import-route').textContent()) === `nginx sends it to ${want[other]}`,
    10_000, 'the key check while typing');
  // The ring view draws nginx's ring over the imported servers.
  const legend = await page.locator('section#ring').textContent();
  assert.ok(legend.includes('10.0.0.2:8080'), 'the ring legend names the imported servers');
  await screenshot(page, 'import-nginx');

  // A bad line: refused with its line and what was expected, beside the text; the import in
  // force stays, and the text stays as typed.
  const bad = CONFIG.replace('server 10.0.0.2:8080 weight=2;', 'server 10.0.0.2:8080 weight=x;');
  await text.fill(bad);
  await panel(page).getByRole('button', { name: 'Import', exact: true }).click();
  const alert = panel(page).getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /^line 4: cannot be read: .*weight/);
  assert.equal(await text.inputValue(), bad);
  assert.equal(await text.getAttribute('aria-describedby'), 'import-notes');
  assert.equal(await alert.evaluate((a) => a.closest('#import-notes') !== null), true);
  assert.equal(await lookup(page).getByLabel('Servers', { exact: true }).inputValue(), SPEC);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the link reproduces the import: the text, the pool, the ring and the owners', async () => {
  const first = await open(browser, site.url);
  await showImport(first.page);
  await panel(first.page).getByLabel('Configuration').fill(CONFIG);
  await panel(first.page).getByRole('button', { name: 'Import', exact: true }).click();
  await expectImported(first.page);
  const link = first.page.url();
  await first.context.close();

  const { page, context, errors } = await open(browser, link);
  await expectImported(page);
  assert.equal(await panel(page).getByLabel('Configuration').inputValue(), CONFIG);
  const want = route(KEYS);
  assert.equal(await debuggerOwner(page, KEYS[0]), want[0]);
  // Forgetting the import takes the text out of the link.
  await panel(page).getByRole('button', { name: 'Forget the import' }).click();
  await until(async () => !new URL(page.url()).searchParams.has('config'), 10_000, 'the link without config');
  assert.equal(await panel(page).getByLabel('Configuration').inputValue(), '');
  assert.deepEqual(errors, []);
  await context.close();
});

const fromWorker = (requests) => requests.filter((p) => p.includes('/import/'));

test('the first load leaves the import worker out; the panel starts it and a bad link is refused beside the panel', async () => {
  assert.ok(existsSync(join(dist, 'import', 'import_worker_bg.wasm')), 'the worker is built into dist/import/');
  const before = site.requests.length;
  const { page, context, errors } = await open(browser, site.url);
  await page.locator('section#pool').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(fromWorker(site.requests.slice(before)), [], 'no import file in the first load');

  // A link whose configuration was cut: the worker says so beside the panel.
  const cut = await open(browser, `${site.url}?config=z.AAAA`);
  const alert = panel(cut.page).getByRole('alert');
  await alert.waitFor();
  // (Off screen, the section is not rendered: its text is read with textContent.)
  assert.match(await alert.textContent(), /cannot be read: it was cut short or changed/);
  assert.deepEqual(cut.errors, []);
  await cut.context.close();

  // Typing starts the worker; the import works from it.
  await showImport(page);
  await panel(page).getByLabel('Configuration').fill(CONFIG);
  await panel(page).getByRole('button', { name: 'Import', exact: true }).click();
  await expectImported(page);
  assert.ok(fromWorker(site.requests).some((p) => p.endsWith('import_worker_bg.wasm')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('from a sub-path, a link with a configuration shows "reading" and then the import', async () => {
  // The worker's module is held back until released: the panel says it is reading meanwhile.
  let release;
  const held = new Promise((ok) => { release = ok; });
  let holding = false;
  const sub = await serve(dist, '/some/sub/path/', {
    hold: (path) => (holding && path.startsWith('import/') ? held : null),
  });
  try {
    const first = await open(browser, sub.url);
    await showImport(first.page);
    await panel(first.page).getByLabel('Configuration').fill(CONFIG);
    await panel(first.page).getByRole('button', { name: 'Import', exact: true }).click();
    await expectImported(first.page);
    const link = first.page.url();
    await first.context.close();
    assert.ok(link.startsWith(sub.url), link);

    holding = true;
    const { page, context, errors } = await open(browser, link);
    const reading = panel(page).locator('.import-reading');
    await reading.waitFor();
    assert.equal(await reading.textContent(), 'Reading the configuration…');
    assert.equal(await panel(page).getAttribute('aria-busy'), 'true');
    release();
    await expectImported(page);
    assert.equal(await reading.count(), 0);
    assert.ok(
      sub.requests.some((p) => p === '/some/sub/path/import/import_worker_bg.wasm'),
      'the worker loads from the sub-path',
    );
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    release();
    await sub.close();
  }
});

const HAPROXY = `backend web
  balance uri
  hash-type consistent
  server a 10.0.0.1:80
  server b 10.0.0.2:80
  server c 10.0.0.3:80
  server d 10.0.0.4:80
`;

/** `fulcrum route --config FILE --keys - --remove SERVER`'s summary on stderr. */
function removal(file, server, keys) {
  const out = spawnSync(fulcrum, ['route', '--config', file, '--keys', '-', '--remove', server], {
    input: keys.join('\n') + '\n',
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, out.stderr);
  return out.stderr;
}

test('"What moves" counts what HAProxy would move as the CLI does, and names its renumbering', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fulcrum-haproxy-')), 'haproxy.cfg');
  writeFileSync(file, HAPROXY);
  // The page's sample keys: the same 1,000 URIs.
  const keys = Array.from({ length: 1000 }, (_, i) => `/api/data/${i}`);
  const cli = removal(file, 'b', keys);
  const moved = cli.match(/(\d+) of 1000 requests moved/)[1];
  assert.match(cli, /HAProxy numbered servers again \(c 3 → 2, d 4 → 3\)/);

  const { page, context, errors } = await open(browser, site.url);
  // The navigation's link lands on the panel, loading it on the way.
  await page.locator('header nav a[href="#import"]').click();
  await page.locator('#import-text').waitFor();
  await until(async () => {
    const box = await page.locator('section#import h2').boundingBox();
    return box && box.y >= 0 && box.y < page.viewportSize().height;
  }, 10_000, 'the panel in view');
  assert.equal(await page.locator('.preset-own').count(), 0, "the preset's own servers");
  await panel(page).getByLabel('Configuration').fill(HAPROXY);
  await panel(page).getByRole('button', { name: 'Import', exact: true }).click();
  // The preset's description no longer speaks of the servers shown, and says so.
  await page.locator('.preset-own').waitFor({ state: 'attached' });
  assert.match(await page.locator('.preset-own').textContent(), /^The servers are your own now/);
  const change = panel(page).getByLabel('Change', { exact: true });
  await change.selectOption({ label: 'Remove b' });
  await panel(page).getByRole('button', { name: 'What moves' }).click();
  const said = panel(page).locator('.import-moves');
  const first = await until(async () => {
    const t = await said.locator('p').first().textContent().catch(() => '');
    return t.startsWith('HAProxy would move') && t;
  }, 10_000, 'the count of what moves');
  assert.equal(first, `HAProxy would move ${moved} of 1000 sample keys (${(moved / 10).toFixed(1)}%).`);
  const all = await said.textContent();
  assert.match(all, /new ids \(c 3 → 2, d 4 → 3\)/);
  assert.match(all, /Write `id N` on each server line/);

  // Adding a server that is there already is refused with the reason, beside the button.
  await change.selectOption({ label: 'Add a server' });
  await panel(page).getByLabel('New server (host:port=weight)').fill('10.0.0.1:80');
  await panel(page).getByRole('button', { name: 'What moves' }).click();
  await until(
    async () => /^cannot make this change: expected a new host:port/.test(await said.textContent()),
    10_000,
    'the refusal',
  );
  await screenshot(page, 'import-haproxy-moves');
  assert.deepEqual(errors, []);
  await context.close();
});
