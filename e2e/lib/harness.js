// Shared end-to-end harness: serve the built site (dist/) on loopback, launch Debian's Chromium
// through playwright-core (never a downloaded browser), and keep screenshots as artifacts.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const dist = process.env.FULCRUM_DIST || join(repo, 'dist');
export const artifacts = join(repo, 'e2e', 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serve `root` on 127.0.0.1 at an ephemeral port, optionally under a sub-path; `hold(path)`,
 *  when given, may return a promise that a response waits for (to see a loading state). */
export async function serve(root = dist, prefix = '/', { hold } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built site at ${root}: run \`trunk build --release\` first`);
  }
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let path = url.pathname.slice(prefix.length) || 'index.html';
    if (hold) await hold(path);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Serve the site (under `prefix`) with every file whose path starts with `held` (the later
 * module's `later/`, say) held back until `release()` is called: a slow network, on demand. */
export async function serveHolding(held, prefix = '/') {
  let release;
  const gate = new Promise((ok) => { release = ok; });
  const site = await serve(undefined, prefix, { hold: (path) => (path.startsWith(held) ? gate : null) });
  return { site, release };
}

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Launch headless Chromium from the `chromium` package. */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Open the playground in a fresh page; fails the test on any page error or console error.
 *  The page opens as for a returning visitor who turned "Play as soon as the page opens" off and
 *  closed the tour, so a test starts from a still run; `{ firstVisit: true }` opens it as a
 *  first-time visitor meets it (playing on its own, the tour open). */
export async function open(browser, url, { firstVisit = false, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  if (!firstVisit) {
    await context.addInitScript(() => {
      localStorage.setItem('fulcrum.autoplay', 'off');
      localStorage.setItem('fulcrum.tour', 'done');
    });
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Fulcrum' }).waitFor();
  return { page, context, errors };
}

/** The lookup debugger loads its own module when its place nears the screen: bring it there and
 * wait until it is mounted. */
export async function showLookup(page) {
  await page.locator('#lookup').scrollIntoViewIfNeeded();
  await page.locator('#lookup-debugger').waitFor();
}

/** Scroll to the import panel and wait for it (it is in the later module, loaded as it nears). */
export async function showImport(page) {
  await page.locator('#import').scrollIntoViewIfNeeded();
  await page.locator('#import-text').waitFor();
}

/** Scroll to the load sweep and wait for its view (in the later module, loaded as it nears). */
export async function showSweep(page) {
  await page.locator('#sweep').scrollIntoViewIfNeeded();
  await page.locator('#sweep .sweep').waitFor();
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  // Views off screen are not rendered (content-visibility: auto); a full-page picture wants them.
  await page.addStyleTag({ content: 'section { content-visibility: visible !important; }' });
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** A screenshot of one element (a view), kept as an artifact. */
export async function screenshotOf(locator, name) {
  await mkdir(artifacts, { recursive: true });
  await locator.screenshot({ path: join(artifacts, `${name}.png`) });
}

/** Poll `check` (async, returns a truthy value when done) until it succeeds or `ms` pass. */
export async function until(check, ms = 10_000, what = 'condition') {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/**
 * For a test file: serve the built site and launch Chromium before its tests, close both after.
 * Returns a handle whose `site` and `browser` are set once `before` has run.
 */
export function siteAndBrowser() {
  const handle = { site: null, browser: null };
  before(async () => {
    handle.site = await serve();
    handle.browser = await launch();
  });
  after(async () => {
    await handle.browser?.close();
    await handle.site?.close();
  });
  return handle;
}
